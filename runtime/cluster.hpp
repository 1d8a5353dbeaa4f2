// Access to one cluster's CIB: a file (CIB_file=...) or the running cluster, locally or on a node
// reached through a Transport. Only Pacemaker's own tools touch the CIB.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runtime/runner.hpp"
#include "runtime/transport.hpp"

namespace aa::runtime {

class Cluster {
public:
    virtual ~Cluster() = default;
    // The whole CIB (configuration and status) as XML. Throws CommandError (command, exit, stderr).
    virtual std::string query() = 0;
    // `cibadmin --patch --xml-pipe` with the patch on stdin. Returns the result without throwing:
    // exit 103 means the CIB's version moved since the patch's source version (re-read, re-plan).
    virtual Result patch(const std::string& patch_xml) = 0;
    // `crm_mon --one-shot --inactive --output-as=xml`. Throws CommandError on failure.
    virtual std::string status_xml() = 0;
    // "file /path/cib.xml", "live cluster (local)", "live cluster on node-01 via ssh".
    virtual std::string describe() const = 0;
    // Exclusive access for read–patch–verify where nothing else serialises writers. A file: an
    // flock on PATH.aa-lock, waited for up to `wait`; empty on success, else why not (held until
    // unlock() or the Cluster dies). A live cluster's CIB manager serialises updates and checks the
    // patch's version itself: nothing to take.
    virtual std::string lock(std::chrono::milliseconds wait) { return {}; }
    virtual void unlock() {}
    // A Pacemaker tool (crm_attribute, cibadmin) run where this cluster's tools run: with
    // CIB_file for a file, on the --on node for a live cluster. Test doubles without one throw.
    virtual Result run_tool(const std::vector<std::string>& argv);
    // `crm_attribute --node NODE --name NAME --lifetime reboot --update VALUE` (`--delete` when
    // VALUE is empty): a node attribute in the status section, gone when the node restarts; the
    // configuration's epoch does not move. Throws CommandError on failure.
    void set_node_status_attribute(const std::string& node, const std::string& name, const std::string& value);
};

// `<rsc_location id=ID rsc=RSC node=NODE score="-INFINITY"/>`, values escaped: the ban that
// `aa rollout` and a rolling apply add for the time they run.
std::string ban_xml(const std::string& id, const std::string& rsc, const std::string& node);
// `cibadmin --delete --scope constraints` of the constraint with this id (only the id is given:
// cibadmin matches every attribute it is handed). Deleting one that is not there succeeds.
Result delete_constraint(Cluster& cluster, const std::string& id);

// The crm_attribute command line of set_node_status_attribute (shared by the file and live clusters).
std::vector<std::string> node_status_attribute_argv(const std::string& node, const std::string& name, const std::string& value);

// Every tool runs with CIB_file=path. The file must exist (query throws CommandError otherwise);
// patch() rewrites it in place, as cibadmin does.
std::unique_ptr<Cluster> file_cluster(std::string path);
// on_node "" runs the tools here (transport unused, may be null); otherwise they run on that node
// through the transport, with XML passed over stdin/stdout. The transport must outlive the cluster.
std::unique_ptr<Cluster> live_cluster(Transport* transport, std::string on_node);

}  // namespace aa::runtime
