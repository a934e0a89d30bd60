#pragma once
// Subscriptions against a real PostgreSQL and the real broker: namespace `ns_` with event types
// Person (3 partitions) and Meal (5) placed in zone "eu" (cluster "eu-a" on the test broker), and
// principal "alice" holding consumer of `ns_`. Subscription names are unique per run: their topics
// stay on the shared broker.
#include <gtest/gtest.h>

#include "common/kafka/rdkafka_topic_admin.h"
#include "integration/topology/topology_fixture.h"
#include "support/test_principals.h"

namespace causeway::testing {

class SubscriptionTest : public TopologyTest {
 protected:
  topology::TopicProvisioner Provisioner() override { return {}; }  // the real librdkafka admin

  void SetUp() override {
    TopologyTest::SetUp();
    ns_ = UniqueName("ns");
    MakeNamespace(ns_);
    MakeZone("eu");
    MakeCluster("eu-a", "eu", KafkaBootstrap());
    MakeEventType(ns_, "Person", 3);
    MakeEventType(ns_, "Meal", 5);
    v1::Placement p;
    ASSERT_TRUE(Place(ns_, "Person", "eu", &p).ok());
    ASSERT_TRUE(Place(ns_, "Meal", "eu", &p).ok());
    alice_ = MakePrincipal(*stub_, "alice", v1::ROLE_CONSUMER, ns_);
  }

  // A subscription of `ns_`'s event types (Person when none named) to a public endpoint.
  v1::Subscription Draft(const std::vector<std::string>& event_types = {"Person"}) {
    v1::Subscription s;
    s.set_name(UniqueName("sub"));
    s.set_endpoint("https://hooks.example.com/causeway");
    for (const std::string& et : event_types) {
      v1::EventTypeRef* ref = s.add_event_types();
      ref->set_namespace_(ns_);
      ref->set_name(et);
    }
    return s;
  }

  grpc::Status Create(const std::string& token, const v1::Subscription& s,
                      v1::CreateSubscriptionResponse* out) {
    v1::CreateSubscriptionRequest req;
    *req.mutable_subscription() = s;
    return stub_->CreateSubscription(ContextWithToken(token).get(), req, out);
  }

  v1::CreateSubscriptionResponse MustCreate(const std::string& token, const v1::Subscription& s) {
    v1::CreateSubscriptionResponse out;
    grpc::Status st = Create(token, s, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out;
  }

  grpc::Status Update(const std::string& token, const v1::Subscription& s, v1::Subscription* out) {
    v1::UpdateSubscriptionRequest req;
    *req.mutable_subscription() = s;
    return stub_->UpdateSubscription(ContextWithToken(token).get(), req, out);
  }

  std::string ns_;
  std::string alice_;  // alice's token
};

}  // namespace causeway::testing
