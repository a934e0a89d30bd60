#pragma once
// A small topology view for the relay's unit tests: namespace mfp, zones eu (clusters eu-1, eu-2)
// and us (us-1), event types mfp/Person (eu-1, us-1) and mfp/Order (eu-2), the Person schema
// with global id 7, and subscriptions added by the test.
#include <vector>

#include "common/topology/topology_view.h"

namespace causeway::relay {

namespace tv1 = ::causeway::topology::v1;

inline tv1::Change Put(const google::protobuf::Message& entity, topology::EntityKind kind) {
  tv1::Change c;
  c.set_revision(1);
  c.set_op(tv1::Change::OP_PUT);
  topology::SetChangeEntity(kind, entity, &c);
  return c;
}

inline constexpr char kPersonSchema[] = R"({"type":"record","name":"Person","fields":[
    {"name":"first_name","type":"string"},{"name":"age","type":["null","int"]}]})";

// An AVAILABLE schema of mfp/Person.
inline tv1::Schema PersonSchemaEntity(const std::string& id, int32_t global_id, int32_t version,
                                      const std::string& definition) {
  tv1::Schema s;
  s.set_id(id);
  s.set_global_id(global_id);
  s.set_namespace_("mfp");
  s.set_event_type("Person");
  s.set_version(version);
  s.set_status(tv1::SCHEMA_STATUS_AVAILABLE);
  s.set_definition(definition);
  return s;
}

inline std::vector<tv1::Change> BaseTopology() {
  std::vector<tv1::Change> out;
  tv1::Namespace ns;
  ns.set_name("mfp");
  out.push_back(Put(ns, topology::EntityKind::kNamespace));
  for (const auto& [zone, cluster] : std::vector<std::pair<std::string, std::string>>{
           {"eu", "eu-1"}, {"eu", "eu-2"}, {"us", "us-1"}}) {
    tv1::Zone z;
    z.set_name(zone);
    out.push_back(Put(z, topology::EntityKind::kZone));
    tv1::Cluster c;
    c.set_name(cluster);
    c.set_zone(zone);
    c.set_bootstrap_servers(cluster + ":9092");
    out.push_back(Put(c, topology::EntityKind::kCluster));
  }
  for (const auto& [type, topic] : std::vector<std::pair<std::string, std::string>>{
           {"Person", "mfp.person"}, {"Order", "mfp.order"}}) {
    tv1::EventType et;
    et.set_namespace_("mfp");
    et.set_name(type);
    et.set_topic(topic);
    out.push_back(Put(et, topology::EntityKind::kEventType));
  }
  for (const auto& [type, zone, cluster] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"Person", "eu", "eu-1"}, {"Person", "us", "us-1"}, {"Order", "eu", "eu-2"}}) {
    tv1::Placement p;
    p.set_namespace_("mfp");
    p.set_event_type(type);
    p.set_zone(zone);
    p.set_cluster(cluster);
    p.set_topic(type == "Person" ? "mfp.person" : "mfp.order");
    out.push_back(Put(p, topology::EntityKind::kPlacement));
  }
  out.push_back(Put(PersonSchemaEntity("0123456789abcdef0123456789abcdef", 7, 1, kPersonSchema),
                    topology::EntityKind::kSchema));
  return out;
}

}  // namespace causeway::relay
