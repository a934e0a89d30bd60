// causeway-devkafka: librdkafka's mock Kafka cluster on loopback, for local runs without a JVM.
// Prints the bootstrap servers on one stdout line, runs until SIGTERM or SIGINT, then exits 0.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "devkafka/bootstrap_relay.h"
#include "devkafka/mock_cluster.h"

namespace causeway::devkafka {
namespace {

struct Flags {
  int brokers = 1;
  int port = 0;
  std::string bootstrap_file;
  std::vector<std::string> topics;
};

struct TopicFlag {
  std::string name;
  int partitions = 1;
};

// "NAME" or "NAME:PARTITIONS".
absl::StatusOr<TopicFlag> ParseTopicFlag(const std::string& flag) {
  TopicFlag topic;
  const size_t colon = flag.rfind(':');
  topic.name = flag.substr(0, colon);
  if (colon != std::string::npos &&
      (!absl::SimpleAtoi(flag.substr(colon + 1), &topic.partitions) || topic.partitions < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--topic ", flag, ": PARTITIONS must be a number of at least 1"));
  }
  if (topic.name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--topic ", flag, ": NAME is empty"));
  }
  return topic;
}

absl::Status CreateTopics(MockCluster& cluster, const std::vector<std::string>& flags) {
  std::set<std::string> seen;
  // The mock asserts on a second creation of one name, so duplicates are refused here.
  const int replication_factor = std::min(cluster.brokers(), 3);
  for (const std::string& flag : flags) {
    absl::StatusOr<TopicFlag> topic = ParseTopicFlag(flag);
    if (!topic.ok()) return topic.status();
    if (!seen.insert(topic->name).second) {
      return absl::InvalidArgumentError(absl::StrCat("--topic ", topic->name, ": given twice"));
    }
    absl::Status created = cluster.CreateTopic(topic->name, topic->partitions, replication_factor);
    if (!created.ok()) return created;
  }
  return absl::OkStatus();
}

// Written to a temporary name and renamed, so that a reader polling for the file never sees it half
// written.
absl::Status WriteBootstrapFile(const std::string& path, const std::string& bootstrap) {
  const std::string temporary = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << bootstrap << "\n";
    if (!out.flush()) {
      return absl::FailedPreconditionError(absl::StrCat("--bootstrap-file: cannot write ", path));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return absl::FailedPreconditionError(absl::StrCat("--bootstrap-file: cannot write ", path));
  }
  return absl::OkStatus();
}

int Fail(const absl::Status& status) {
  std::cerr << "causeway-devkafka: " << status.message() << std::endl;
  return 1;
}

int Run(const Flags& flags) {
  // Blocked before librdkafka starts its threads, so that they inherit the mask and the signals
  // reach sigwait below instead of killing the process mid-teardown.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<std::unique_ptr<MockCluster>> cluster = MockCluster::Create(flags.brokers);
  if (!cluster.ok()) return Fail(cluster.status());
  if (absl::Status created = CreateTopics(**cluster, flags.topics); !created.ok()) {
    return Fail(created);
  }

  std::string bootstrap = (*cluster)->bootstrap_servers();
  std::unique_ptr<BootstrapRelay> relay;
  if (flags.port != 0) {
    const MockCluster::BrokerAddress first = (*cluster)->first_broker();
    absl::StatusOr<std::unique_ptr<BootstrapRelay>> started =
        BootstrapRelay::Start(static_cast<uint16_t>(flags.port), first.host, first.port);
    if (!started.ok()) return Fail(started.status());
    relay = *std::move(started);
    bootstrap = absl::StrCat("127.0.0.1:", flags.port);
  }

  if (!flags.bootstrap_file.empty()) {
    if (absl::Status written = WriteBootstrapFile(flags.bootstrap_file, bootstrap); !written.ok()) {
      return Fail(written);
    }
  }
  std::cout << bootstrap << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);

  relay.reset();
  cluster->reset();
  // A stale file would point the next reader at a cluster that is gone.
  if (!flags.bootstrap_file.empty()) std::remove(flags.bootstrap_file.c_str());
  return 0;
}

}  // namespace
}  // namespace causeway::devkafka

int main(int argc, char** argv) {
  causeway::devkafka::Flags flags;
  CLI::App app{
      "causeway-devkafka: librdkafka's mock Kafka cluster on 127.0.0.1, for local runs without a "
      "JVM. Prints the bootstrap servers on one stdout line and serves until SIGTERM or SIGINT.\n"
      "The mock supports producing, consuming, consumer groups, transactions and Metadata, but "
      "no admin API (CreateTopics, DescribeConfigs): pre-create topics with --topic. A topic "
      "asked for by name in a Metadata request is auto-created with 4 partitions."};
  app.add_option("--brokers", flags.brokers, "Number of mock brokers (ids 1..N)")
      ->envname("CAUSEWAY_DEVKAFKA_BROKERS")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  app.add_option("--port", flags.port,
                 "Fixed bootstrap port on 127.0.0.1, relayed to broker 1 (the mock itself only "
                 "binds ephemeral ports); 0 prints the mock's own ephemeral addresses")
      ->envname("CAUSEWAY_DEVKAFKA_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--bootstrap-file", flags.bootstrap_file,
                 "Also write the bootstrap servers to this file (atomically; removed at exit)")
      ->envname("CAUSEWAY_DEVKAFKA_BOOTSTRAP_FILE");
  app.add_option("--topic", flags.topics,
                 "NAME[:PARTITIONS] (default 1 partition): a topic to create at start; repeatable")
      ->envname("CAUSEWAY_DEVKAFKA_TOPICS")
      ->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  return causeway::devkafka::Run(flags);
}
