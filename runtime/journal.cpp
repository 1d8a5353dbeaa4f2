#include "runtime/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/util/file_io.hpp"
#include "compiler/util/json_writer.hpp"

namespace aa::runtime {
namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

json header_json(const JournalHeader& h) {
    json j = json::object();
    j["rec"] = "begin";
    j["journal"] = "aa";
    j["format"] = kJournalFormat;
    j["kind"] = h.kind;
    j["plan"] = h.plan_path;
    j["plan_sha256"] = h.plan_sha256;
    j["cib"] = h.cib;
    j["on"] = h.on_node;
    j["hosts"] = h.hosts;
    json base = json::object();
    base["admin_epoch"] = h.base_admin_epoch;
    base["epoch"] = h.base_epoch;
    base["config_hash"] = h.base_config_hash;
    j["base"] = base;
    j["pid"] = static_cast<long long>(::getpid());
    j["started"] = now_utc();
    return j;
}

// Invalid UTF-8 in a tool's stderr must not make a record unwritable.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

Journal::Journal() {
    previous_ = set_run_observer([this](const Command& c, const Result& r) { record(c, r); });
}

Journal::~Journal() {
    set_run_observer(std::move(previous_));
    if (fd_ >= 0) ::close(fd_);
}

std::string Journal::open(const std::string& path, const JournalHeader& header) {
    std::error_code ec;
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    struct stat st{};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) return "refusing to write the journal " + path + ": it is not a regular file";
        std::string old, error;
        JournalState state;
        // An apply that never ended may need `aa recover`: its journal is not replaced.
        if (read_file_bounded(path, kMaxCibBytes, old, error) && read_journal(old, state, error) && !state.outcome)
            return "the journal " + path + " belongs to an apply that did not end: run `aa recover " + path +
                   "` first, or give another --journal";
    }
    std::string tmp = (dir / ("." + target.filename().string() + ".aa-XXXXXX")).string();
    int fd = ::mkostemp(tmp.data(), O_CLOEXEC | O_APPEND);
    if (fd < 0) return "cannot create the journal in " + dir.string() + ": " + std::strerror(errno);
    fd_ = fd;
    append(dump(header_json(header)));
    if (write_failed_ || ::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        ::close(fd_);
        fd_ = -1;
        return "cannot write the journal " + path + ": " + why;
    }
    int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d >= 0) ::fsync(d), ::close(d);
    path_ = path;
    return {};
}

void Journal::append(const std::string& line) {
    if (fd_ < 0) return;
    std::string text = line + "\n";
    std::string_view rest = text;
    while (!rest.empty()) {
        ssize_t n = ::write(fd_, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            write_failed_ = true;
            return;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    // Written ahead means on disk before the next change: a killed aa leaves what it did.
    if (::fdatasync(fd_) != 0) write_failed_ = true;
}

void Journal::record(const Command& cmd, const Result& r) {
    JournalCommand c{current_, r};
    c.result.out.clear();
    commands_.push_back(std::move(c));
    append(dump(json::object({{"rec", "command"}, {"step", current_}, {"argv", r.argv}, {"node", r.node}, {"exit", r.exit_code},
                     {"timed_out", r.timed_out}, {"interrupted", r.interrupted},
                     {"duration_ms", static_cast<long long>(r.duration.count())}, {"stderr", r.err}})));
    if (previous_) previous_(cmd, r);
}

void Journal::begin_step(const std::string& name) {
    current_ = name;
    append(dump(json::object({{"rec", "step"}, {"step", name}})));
}

void Journal::end_step(const std::string& status, std::chrono::milliseconds duration, const std::string& detail) {
    steps_.push_back({current_, status, detail, duration});
    append(dump(json::object({{"rec", "step-end"}, {"step", current_}, {"status", status},
                     {"duration_ms", static_cast<long long>(duration.count())}, {"detail", detail}})));
    current_.clear();
}

void Journal::planned(const std::string& config_hash) { append(dump(json::object({{"rec", "planned"}, {"config_hash", config_hash}}))); }

void Journal::undo_pushed(const JournalUndo& u) {
    json j = json::object({{"rec", "undo"}, {"id", u.id}, {"what", u.description}, {"node", u.node}});
    if (!u.argv.empty()) j["argv"] = u.argv;
    if (!u.router_service.empty()) j["router"] = json::object({{"service", u.router_service}, {"server", u.router_server}, {"set", "ready"}});
    if (!u.hold.empty()) j["hold"] = u.hold;
    if (!u.constraint.empty()) j["constraint"] = u.constraint;
    append(dump(j));
}

void Journal::undo_ran(int id, const std::string& status, const std::string& detail) {
    append(dump(json::object({{"rec", "undone"}, {"id", id}, {"status", status}, {"detail", detail}})));
}

void Journal::commit_begin() { append(dump(json::object({{"rec", "commit-begin"}}))); }

void Journal::commit_end(bool committed, const std::string& detail) {
    append(dump(json::object({{"rec", "commit-end"}, {"committed", committed}, {"detail", detail}})));
}

void Journal::finish(const std::string& outcome) {
    append(dump(json::object({{"rec", "end"}, {"outcome", outcome}, {"ended", now_utc()}})));
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

bool read_journal(const std::string& text, JournalState& out, std::string& error) {
    out = JournalState{};
    std::istringstream in(text);
    std::string line;
    int n = 0;
    bool torn = false;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            // Only the last line may be torn (aa killed in the middle of a write).
            torn = true;
            continue;
        }
        if (torn) return error = "line " + std::to_string(n - 1) + " is not a journal record", false;
        std::string rec = j.value("rec", "");
        if (n == 1 && (rec != "begin" || j.value("journal", "") != "aa"))
            return error = "not an aa journal (its first line is not the `begin` record)", false;
        if (rec == "begin") {
            out.format = j.value("format", 0);
            if (out.format > kJournalFormat)
                return error = "journal format " + std::to_string(out.format) + " is newer than this aa reads (" +
                               std::to_string(kJournalFormat) + "): upgrade aa",
                       false;
            JournalHeader& h = out.header;
            h.kind = j.value("kind", "apply");
            h.plan_path = j.value("plan", "");
            h.plan_sha256 = j.value("plan_sha256", "");
            h.cib = j.value("cib", "");
            h.on_node = j.value("on", "");
            h.hosts = j.value("hosts", "");
            json base = j.value("base", json::object());
            h.base_admin_epoch = base.value("admin_epoch", 0LL);
            h.base_epoch = base.value("epoch", 0LL);
            h.base_config_hash = base.value("config_hash", "");
        } else if (rec == "planned") {
            out.planned_hash = j.value("config_hash", "");
        } else if (rec == "undo") {
            JournalUndo u;
            u.id = j.value("id", 0);
            u.description = j.value("what", "");
            u.node = j.value("node", "");
            if (j.contains("argv")) u.argv = j["argv"].get<std::vector<std::string>>();
            if (j.contains("router")) {
                u.router_service = j["router"].value("service", "");
                u.router_server = j["router"].value("server", "");
            }
            u.hold = j.value("hold", "");
            u.constraint = j.value("constraint", "");
            out.undos.push_back(std::move(u));
        } else if (rec == "undone") {
            if (j.value("status", "") == "undone") out.undone.push_back(j.value("id", 0));
        } else if (rec == "commit-begin") {
            out.commit_begun = true;
        } else if (rec == "commit-end") {
            out.commit_ended = true;
            out.committed = j.value("committed", false);
        } else if (rec == "step-end") {
            if (j.value("status", "") == "ok") out.steps_done.push_back(j.value("step", ""));
        } else if (rec == "end") {
            out.outcome = j.value("outcome", "");
        }
    }
    if (n == 0 || out.format == 0) return error = "the journal is empty", false;
    return true;
}

std::string append_to_journal(const std::string& path, const std::vector<std::string>& json_lines) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return "cannot append to the journal " + path + ": " + std::strerror(errno);
    std::string text;
    for (const std::string& l : json_lines) text += l + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fdatasync(fd) == 0;
    ::close(fd);
    return ok ? "" : "cannot append to the journal " + path;
}

std::string default_journal_path() {
    std::string dir;
    if (const char* d = std::getenv("AA_JOURNAL_DIR"); d && *d) dir = d;
    else dir = "/var/lib/aa/journal";
    std::error_code ec;
    bool created = fs::create_directories(dir, ec);
    if (ec || ::access(dir.c_str(), W_OK) != 0) {
        // Not root: the operator's own state directory, still never /tmp.
        const char* state = std::getenv("XDG_STATE_HOME");
        const char* home = std::getenv("HOME");
        if (state && *state) dir = std::string(state) + "/aa/journal";
        else if (home && *home) dir = std::string(home) + "/.local/state/aa/journal";
        created = fs::create_directories(dir, ec);
    }
    if (created) ::chmod(dir.c_str(), 0700);  // journals hold every command's stderr
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    return dir + "/apply-" + stamp + "-" + std::to_string(::getpid()) + ".jsonl";
}

}  // namespace aa::runtime
