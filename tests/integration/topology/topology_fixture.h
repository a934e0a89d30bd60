#pragma once
// A fresh database and an in-process causeway-topology per test. Topics go to a recording
// provisioner unless the test asks for the real broker.
#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "support/test_database.h"
#include "support/test_env.h"
#include "support/test_placement.h"
#include "support/topology_server.h"

namespace causeway::testing {

namespace v1 = ::causeway::topology::v1;

class TopologyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>();
    server_ = std::make_unique<TopologyServer>(db_->dsn(), Provisioner());
    stub_ = server_->NewStub();
  }
  void TearDown() override {
    stub_.reset();
    server_.reset();
    db_.reset();
  }

  // The recording provisioner: remembers "<cluster>/<topic>" and what it was told about an
  // existing topic, and can be told to fail.
  virtual topology::TopicProvisioner Provisioner() {
    return [this](const v1::EventType& et, const v1::Zone&, const v1::Cluster& c,
                  kafka::ExistingTopic existing) {
      std::lock_guard lock(mu_);
      if (!provision_error_.ok()) return provision_error_;
      provisioned_.push_back(c.name() + "/" + et.topic());
      existing_rules_.push_back(existing);
      return absl::OkStatus();
    };
  }

  // Builders for the common set-up: namespace `ns`, zone `zone` with clusters, event type.
  v1::Namespace MakeNamespace(const std::string& name) {
    v1::CreateNamespaceRequest req;
    req.mutable_namespace_()->set_name(name);
    v1::Namespace out;
    EXPECT_TRUE(stub_->CreateNamespace(Context().get(), req, &out).ok());
    return out;
  }
  v1::Zone MakeZone(const std::string& name, int64_t retention_ms = 0) {
    v1::CreateZoneRequest req;
    req.mutable_zone()->set_name(name);
    req.mutable_zone()->set_retention_ms(retention_ms);
    SetSingleBrokerReplication(req.mutable_zone());
    v1::Zone out;
    EXPECT_TRUE(stub_->CreateZone(Context().get(), req, &out).ok());
    return out;
  }
  v1::Cluster MakeCluster(const std::string& name, const std::string& zone,
                          const std::string& bootstrap = "127.0.0.1:9092") {
    v1::CreateClusterRequest req;
    req.mutable_cluster()->set_name(name);
    req.mutable_cluster()->set_zone(zone);
    req.mutable_cluster()->set_bootstrap_servers(bootstrap);
    v1::Cluster out;
    grpc::Status s = stub_->CreateCluster(Context().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  v1::EventType MakeEventType(const std::string& ns, const std::string& name, int partitions = 0,
                              const std::string& topic = "") {
    v1::CreateEventTypeRequest req;
    req.mutable_event_type()->set_namespace_(ns);
    req.mutable_event_type()->set_name(name);
    req.mutable_event_type()->set_partitions(partitions);
    req.mutable_event_type()->set_topic(topic);
    v1::EventType out;
    grpc::Status s = stub_->CreateEventType(Context().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  grpc::Status Place(const std::string& ns, const std::string& et, const std::string& zone,
                     v1::Placement* out, const std::string& cluster = "",
                     bool adopt_existing_topic = false) {
    v1::PlaceEventTypeRequest req;
    req.set_namespace_(ns);
    req.set_event_type(et);
    req.set_zone(zone);
    req.set_cluster(cluster);
    req.set_adopt_existing_topic(adopt_existing_topic);
    return stub_->PlaceEventType(Context().get(), req, out);
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> server_;
  std::unique_ptr<v1::Topology::Stub> stub_;
  std::mutex mu_;
  std::vector<std::string> provisioned_;
  std::vector<kafka::ExistingTopic> existing_rules_;
  absl::Status provision_error_;
};

}  // namespace causeway::testing
