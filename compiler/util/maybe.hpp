// Maybe<T>: an optional value kept on the heap. It reads like std::optional, but an absent value
// costs one pointer instead of sizeof(T): syntax-tree nodes have many optional parts that are
// almost always absent (a monitor's timeout, role and id; a comment after a statement), and a
// 10,000-service spec holds hundreds of thousands of them.
#pragma once
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace aa {

template <class T>
class Maybe {
public:
    Maybe() = default;
    Maybe(std::nullopt_t) {}
    template <class U = T>
        requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, Maybe> &&
                 !std::is_same_v<std::remove_cvref_t<U>, std::nullopt_t> &&
                 !std::is_same_v<std::remove_cvref_t<U>, std::optional<T>>)
    Maybe(U&& value) : p_(std::make_unique<T>(std::forward<U>(value))) {}
    Maybe(std::optional<T> value) {
        if (value) p_ = std::make_unique<T>(std::move(*value));
    }
    Maybe(const Maybe& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
    Maybe(Maybe&&) noexcept = default;
    Maybe& operator=(const Maybe& other) {
        if (this != &other) p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
        return *this;
    }
    Maybe& operator=(Maybe&&) noexcept = default;
    Maybe& operator=(std::nullopt_t) {
        p_.reset();
        return *this;
    }
    template <class U = T>
        requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, Maybe> &&
                 !std::is_same_v<std::remove_cvref_t<U>, std::nullopt_t> &&
                 !std::is_same_v<std::remove_cvref_t<U>, std::optional<T>>)
    Maybe& operator=(U&& value) {
        p_ = std::make_unique<T>(std::forward<U>(value));
        return *this;
    }
    template <class... Args>
    T& emplace(Args&&... args) {
        p_ = std::make_unique<T>(std::forward<Args>(args)...);
        return *p_;
    }
    void reset() { p_.reset(); }

    bool has_value() const { return p_ != nullptr; }
    explicit operator bool() const { return p_ != nullptr; }
    T& operator*() { return *p_; }
    const T& operator*() const { return *p_; }
    T* operator->() { return p_.get(); }
    const T* operator->() const { return p_.get(); }
    const T& value() const {
        if (!p_) throw std::bad_optional_access();
        return *p_;
    }
    T& value() {
        if (!p_) throw std::bad_optional_access();
        return *p_;
    }
    template <class U>
    T value_or(U&& fallback) const {
        return p_ ? *p_ : static_cast<T>(std::forward<U>(fallback));
    }

    friend bool operator==(const Maybe& a, const Maybe& b) {
        if (a.p_ && b.p_) return *a.p_ == *b.p_;
        return !a.p_ && !b.p_;
    }
    // Like std::optional: a present value equal to `b`.
    template <class U>
        requires(!std::is_same_v<std::remove_cvref_t<U>, Maybe> && requires(const T& t, const U& u) { t == u; })
    friend bool operator==(const Maybe& a, const U& b) {
        return a.p_ && *a.p_ == b;
    }
    friend bool operator==(const Maybe& a, std::nullopt_t) { return !a.p_; }

private:
    std::unique_ptr<T> p_;
};

}  // namespace aa
