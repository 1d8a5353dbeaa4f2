#include "runtime/journal.hpp"

#include "compiler/util/json_writer.hpp"

namespace aa::runtime {

Journal::Journal() {
    previous_ = set_run_observer([this](const Command& c, const Result& r) { record(c, r); });
}

Journal::~Journal() { set_run_observer(std::move(previous_)); }

void Journal::record(const Command& cmd, const Result& r) {
    JournalCommand c{current_, r};
    c.result.out.clear();
    commands_.push_back(std::move(c));
    if (previous_) previous_(cmd, r);
}

void Journal::begin_step(const std::string& name) { current_ = name; }

void Journal::end_step(const std::string& status, std::chrono::milliseconds duration, const std::string& detail) {
    steps_.push_back({current_, status, detail, duration});
    current_.clear();
}

std::chrono::milliseconds Journal::tools_time() const {
    std::chrono::milliseconds sum{0};
    for (const JournalCommand& c : commands_) sum += c.result.duration;
    return sum;
}

std::string Journal::to_json(const std::string& plan_path, const std::string& outcome) const {
    return to_json(Head{{{"plan", plan_path}, {"outcome", outcome}}, {}});
}

std::string Journal::to_json(const Head& head) const {
    JsonWriter w;
    w.begin_object();
    for (const auto& [k, v] : head.fields) w.field(k, v);
    for (const auto& [k, list] : head.lists) w.key(k).strings(list);
    w.key("steps").begin_array();
    for (const JournalStep& s : steps_) {
        w.begin_object().field("step", s.name).field("status", s.status);
        w.field("duration_ms", static_cast<long long>(s.duration.count()));
        if (!s.detail.empty()) w.field("detail", s.detail);
        w.end_object();
    }
    w.end_array();
    w.key("commands").begin_array();
    for (const JournalCommand& c : commands_) {
        const Result& r = c.result;
        w.begin_object().field("step", c.step).key("argv").strings(r.argv).field("node", r.node);
        w.field("exit", r.exit_code).field("timed_out", r.timed_out);
        w.field("duration_ms", static_cast<long long>(r.duration.count())).field("stderr", r.err);
        w.end_object();
    }
    w.end_array().end_object();
    return w.str() + "\n";
}

}  // namespace aa::runtime
