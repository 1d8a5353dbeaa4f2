// The running cluster: cibadmin and crm_mon here, or on a cluster node through a transport.
#include "runtime/cluster.hpp"

#include <stdexcept>

namespace aa::runtime {
namespace {

class LiveCluster : public Cluster {
public:
    LiveCluster(Transport* transport, std::string on_node) : transport_(transport), node_(std::move(on_node)) {
        if (!node_.empty() && !transport_)
            throw std::invalid_argument("a live cluster on node " + node_ + " needs a host transport (--ssh or --host-exec)");
    }

    std::string query() override { return checked(tool({"cibadmin", "--query"}), "reading the CIB of the " + describe()); }
    Result patch(const std::string& patch_xml) override { return tool({"cibadmin", "--patch", "--xml-pipe"}, patch_xml); }
    std::string status_xml() override {
        return checked(tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}), "status of the " + describe());
    }
    std::string describe() const override {
        return node_.empty() ? "live cluster (local)" : "live cluster on " + node_ + " via " + transport_->name();
    }

    Result run_tool(const std::vector<std::string>& argv) override { return tool(argv); }

private:
    Result tool(std::vector<std::string> argv, const std::string& stdin_text = {}) {
        auto timeout = std::chrono::minutes(10);
        if (!node_.empty()) return transport_->run_on(node_, argv, stdin_text, timeout);
        Command c;
        c.argv = std::move(argv);
        c.stdin_text = stdin_text;
        c.timeout = timeout;
        return run(c);
    }
    static std::string checked(Result r, const std::string& context) {
        if (!r.ok()) throw CommandError(std::move(r), context);
        return std::move(r.out);
    }
    Transport* transport_;
    std::string node_;
};

}  // namespace

std::unique_ptr<Cluster> live_cluster(Transport* transport, std::string on_node) {
    return std::make_unique<LiveCluster>(transport, std::move(on_node));
}

}  // namespace aa::runtime
