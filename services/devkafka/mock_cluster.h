#pragma once
// librdkafka's mock cluster (rdkafka_mock.h) with its owning client handle. The mock runs on its
// own librdkafka thread and listens on 127.0.0.1, one ephemeral port per broker; librdkafka 2.0.2
// cannot bind it to a chosen port (see bootstrap_relay.h for --port).
//
// Threads: create, use and destroy from one thread; the mock serves clients on its own thread.
#include <cstdint>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace causeway::devkafka {

class MockCluster {
 public:
  static absl::StatusOr<std::unique_ptr<MockCluster>> Create(int brokers);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // Comma-separated host:port of every broker, as clients put it in bootstrap.servers.
  std::string bootstrap_servers() const;

  struct BrokerAddress {
    std::string host;
    uint16_t port = 0;
  };
  // Where broker 1 listens: the bootstrap relay forwards there.
  BrokerAddress first_broker() const;

  // Creates a topic in the mock (the mock has no CreateTopics API; a topic that is asked for by
  // name in a Metadata request is auto-created with 4 partitions instead). Creating the same topic
  // twice aborts inside librdkafka, so the caller must pass each name once.
  absl::Status CreateTopic(absl::string_view name, int partitions, int replication_factor);

  int brokers() const { return brokers_; }

 private:
  MockCluster(rd_kafka_s* handle, rd_kafka_mock_cluster_s* cluster, int brokers)
      : handle_(handle), cluster_(cluster), brokers_(brokers) {}

  rd_kafka_s* handle_;
  rd_kafka_mock_cluster_s* cluster_;
  const int brokers_;
};

}  // namespace causeway::devkafka
