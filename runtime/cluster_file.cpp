// A CIB file as a cluster: every Pacemaker tool runs with CIB_file=path.
#include <filesystem>

#include "runtime/cluster.hpp"

namespace aa::runtime {
namespace {

class FileCluster : public Cluster {
public:
    explicit FileCluster(std::string path) : path_(std::move(path)) {}

    std::string query() override {
        // cibadmin on a missing CIB_file creates nothing but says little; name the file ourselves.
        if (!std::filesystem::exists(path_)) {
            Result r;
            r.argv = {"cibadmin", "--query"};
            r.err = "no such CIB file: " + path_;
            throw CommandError(std::move(r), "reading " + describe());
        }
        return checked(tool({"cibadmin", "--query"}), "reading " + describe());
    }
    Result patch(const std::string& patch_xml) override {
        return tool({"cibadmin", "--patch", "--xml-pipe"}, patch_xml);
    }
    std::string status_xml() override {
        return checked(tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}), "status of " + describe());
    }
    std::string describe() const override { return "file " + path_; }

private:
    Result tool(std::vector<std::string> argv, const std::string& stdin_text = {}) {
        Command c;
        c.argv = std::move(argv);
        c.env = {"CIB_file=" + path_};
        c.stdin_text = stdin_text;
        c.timeout = std::chrono::minutes(10);
        return run(c);
    }
    static std::string checked(Result r, const std::string& context) {
        if (!r.ok()) throw CommandError(std::move(r), context);
        return std::move(r.out);
    }
    std::string path_;
};

}  // namespace

std::unique_ptr<Cluster> file_cluster(std::string path) { return std::make_unique<FileCluster>(std::move(path)); }

}  // namespace aa::runtime
