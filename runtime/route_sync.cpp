// Route sync: crm_mon's view of where each routed clone runs, pushed to the routers.
#include "runtime/route_sync.hpp"

#include <pugixml.hpp>
#include <stdexcept>

#include "runtime/placement.hpp"

namespace aa::runtime {
namespace {

pugi::xml_node resources_of(const pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    pugi::xml_node r = root.child("resources");
    return r ? r : root.child("cluster_status").child("resources");
}

std::set<std::string> online_nodes(const pugi::xml_document& doc) {
    std::set<std::string> online;
    for (pugi::xml_node n : doc.document_element().child("nodes").children("node"))
        if (std::string_view(n.attribute("online").value()) == "true") online.insert(n.attribute("name").value());
    return online;
}

// A failed instance keeps `active="true"` until Pacemaker has recovered it, and one that is
// starting or stopping is active too (crm_mon says role="Starting"/"Stopping"): neither serves.
bool unfit(pugi::xml_node resource) {
    const std::string_view role = resource.attribute("role").value();
    return std::string_view(resource.attribute("failed").value()) == "true" || role == "Starting" || role == "Stopping";
}

void collect_failed(pugi::xml_node node, std::set<std::string>& into) {
    if (std::string_view(node.name()) == "resource") {
        if (unfit(node))
            for (pugi::xml_node n : node.children("node")) into.insert(n.attribute("name").value());
        return;
    }
    for (pugi::xml_node child : node.children()) collect_failed(child, into);
}

std::set<std::string> failed_nodes(pugi::xml_node resources, const std::string& resource_id) {
    std::set<std::string> failed;
    for (pugi::xml_node r : resources.children())
        if (r.attribute("id").value() == resource_id) collect_failed(r, failed);
    return failed;
}

std::string admin_state_of(const std::vector<ServerState>& states, const model::Route& route, const model::Server& s) {
    for (const ServerState& st : states)
        if (st.server == s.name && (st.backend.empty() || st.backend == route.backend)) return st.admin_state;
    return "unknown";
}

void sync_one(const model::Route& route, const std::set<std::string>& serving, Router& router,
              std::vector<RouteChange>& changes) {
    router.check();
    const std::vector<ServerState> states = router.states();
    std::vector<ServerChange> todo;
    std::vector<RouteChange> described;
    for (const model::Server& s : route.servers) {
        const std::string now = admin_state_of(states, route, s);
        const bool serve = serving.count(s.node) > 0;
        if (serve && now == "ready") continue;
        if (!serve && (now == "drain" || now == "maint")) continue;
        todo.push_back({s, serve});
        described.push_back({route.service, route.backend, s.name, s.node, now, serve ? "ready" : "drain"});
    }
    // All of a route's changes in one go: one DNS update message, one nginx reload.
    if (!todo.empty()) router.set_states(todo);
    changes.insert(changes.end(), described.begin(), described.end());
}

}  // namespace

std::map<std::string, std::set<std::string>> serving_nodes(const model::Model& model, const std::string& crm_mon_xml) {
    const auto placement = current_placement(crm_mon_xml);  // throws on XML that does not parse
    pugi::xml_document doc;
    doc.load_string(crm_mon_xml.c_str());
    const std::set<std::string> online = online_nodes(doc);
    std::map<std::string, std::set<std::string>> out;
    for (const model::Route& route : model.routes) {
        const model::Service* svc = model.find_service(route.service);
        const std::string id = svc ? svc->resource_id() : route.service;
        std::set<std::string>& serving = out[route.service];
        auto it = placement.find(id);
        if (it == placement.end()) continue;
        const std::set<std::string> failed = failed_nodes(resources_of(doc), id);
        for (const std::string& node : it->second)
            if (online.count(node) && !failed.count(node)) serving.insert(node);
    }
    return out;
}

RouteSyncResult sync_routes(const std::vector<model::Route>& routes,
                            const std::map<std::string, std::set<std::string>>& serving, const RouterFactory& routers) {
    RouteSyncResult result;
    static const std::set<std::string> none;
    for (const model::Route& route : routes) {
        auto it = serving.find(route.service);
        try {
            std::unique_ptr<Router> router = routers(route);
            sync_one(route, it == serving.end() ? none : it->second, *router, result.changes);
        } catch (const std::exception& e) {
            // Router errors name the route already; anything else gets the route's name here.
            const std::string what = e.what(), name = "route " + route.service;
            result.errors.push_back(what.rfind(name, 0) == 0 ? what : name + ": " + what);
        }
    }
    return result;
}

RouteSyncResult drain_servers_on(const std::vector<model::Route>& routes, const std::string& node, const RouterFactory& routers) {
    // A route sync in which `node` serves nothing and every other server is left as it is.
    RouteSyncResult result;
    for (const model::Route& route : routes) {
        model::Route mine = route;
        mine.servers.clear();
        for (const model::Server& s : route.servers)
            if (s.node == node) mine.servers.push_back(s);
        if (mine.servers.empty()) continue;
        RouteSyncResult one = sync_routes({mine}, {}, routers);
        result.changes.insert(result.changes.end(), one.changes.begin(), one.changes.end());
        result.errors.insert(result.errors.end(), one.errors.begin(), one.errors.end());
    }
    return result;
}

RouteSyncResult sync_routes(const model::Model& model, Cluster& cluster, const RouterFactory& routers) {
    return sync_routes(model.routes, serving_nodes(model, cluster.status_xml()), routers);
}

std::string describe(const RouteChange& c) {
    return c.service + ": " + c.backend + (c.backend.empty() ? "" : "/") + c.server + " (" + c.node + ") " + c.from +
           " -> " + c.to;
}

}  // namespace aa::runtime
