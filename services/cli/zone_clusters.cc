#include "cli/zone_clusters.h"

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.pb.h"

namespace causeway::cli {

std::string ZoneCluster::Label() const { return absl::StrCat("cluster \"", name, "\""); }

absl::StatusOr<std::vector<ZoneCluster>> ClustersOf(Session& session, const std::string& zone) {
  namespace tv1 = ::causeway::topology::v1;
  std::vector<ZoneCluster> out;
  tv1::ListRequest req;
  req.set_parent(zone);
  req.set_page_size(1000);
  do {
    auto page = session.client.CallTyped<tv1::ListClustersResponse>("ListClusters", req);
    if (!page.ok()) return page.status();
    for (const tv1::Cluster& c : page->clusters()) {
      out.push_back({c.name(),
                     {c.bootstrap_servers(), {c.client_properties().begin(), c.client_properties().end()}}});
    }
    req.set_page_token(page->next_page_token());
  } while (!req.page_token().empty());
  return out;
}

}  // namespace causeway::cli
