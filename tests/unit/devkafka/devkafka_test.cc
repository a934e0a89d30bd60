// causeway-devkafka run as a child process, the way tools/run runs it.
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/kafka/rdkafka_topic_admin.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "librdkafka/rdkafka.h"

extern char** environ;

namespace causeway::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// One causeway-devkafka process; killed (SIGKILL) if a test ends without Stop().
class DevKafka {
 public:
  explicit DevKafka(std::vector<std::string> flags) {
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<std::string> args = {CAUSEWAY_DEVKAFKA_BINARY};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_ = out[0];
  }

  ~DevKafka() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) close(stdout_);
  }

  // The first stdout line, or "" when none came within the timeout.
  std::string ReadLine(absl::Duration timeout = absl::Seconds(20)) {
    std::string line;
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline) {
      pollfd readable{stdout_, POLLIN, 0};
      const auto wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
      if (poll(&readable, 1, wait_ms) <= 0) break;
      char c;
      if (read(stdout_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return "";
  }

  // SIGTERM, then the exit code (-1 when it did not exit normally).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
};

// A loopback port nothing listens on right now.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TopicSpec Spec(std::string name, int32_t partitions) {
  TopicSpec spec;
  spec.name = std::move(name);
  spec.partitions = partitions;
  return spec;
}

// Produces one message and waits for its delivery report: the error it carries, or NO_ERROR.
rd_kafka_resp_err_t ProduceOne(const std::string& bootstrap, const std::string& topic) {
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), errstr, sizeof errstr);
  rd_kafka_conf_set(conf, "message.timeout.ms", "10000", errstr, sizeof errstr);
  rd_kafka_resp_err_t delivered = RD_KAFKA_RESP_ERR__TIMED_OUT;
  rd_kafka_conf_set_opaque(conf, &delivered);
  rd_kafka_conf_set_dr_msg_cb(
      conf, [](rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
        *static_cast<rd_kafka_resp_err_t*>(opaque) = message->err;
      });
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_VALUE((void*)"hello", 5),
                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  rd_kafka_flush(producer, 15000);
  rd_kafka_destroy(producer);
  return delivered;
}

TEST(DevKafkaTest, PrintsBootstrapAndWritesItToTheFileUntilSigterm) {
  const std::string file =
      (std::filesystem::temp_directory_path() / absl::StrCat("devkafka-", getpid(), ".bootstrap"))
          .string();
  DevKafka devkafka({"--bootstrap-file", file});
  ASSERT_TRUE(devkafka.started());
  const std::string bootstrap = devkafka.ReadLine();
  EXPECT_THAT(bootstrap, MatchesRegex(R"(127\.0\.0\.1:[0-9]+)"));

  std::ifstream written(file);
  std::string from_file;
  std::getline(written, from_file);
  EXPECT_EQ(from_file, bootstrap);

  EXPECT_EQ(devkafka.Stop(), 0);
  EXPECT_FALSE(std::filesystem::exists(file)) << "a stale bootstrap file was left behind";
}

TEST(DevKafkaTest, PreCreatedTopicIsDescribedAndCreatingItAgainSucceeds) {
  DevKafka devkafka({"--topic", "mfp.orders:3"});
  const ClusterConnection cluster{.bootstrap_servers = devkafka.ReadLine()};
  ASSERT_FALSE(cluster.bootstrap_servers.empty());
  RdKafkaTopicAdmin admin(RdKafkaTopicAdmin::Options{.timeout = absl::Seconds(10)});

  absl::Status created = admin.CreateTopic(cluster, Spec("mfp.orders", 3));
  EXPECT_TRUE(created.ok()) << created;
  EXPECT_EQ(admin.CreateTopic(cluster, Spec("mfp.orders", 5)).code(),
            absl::StatusCode::kFailedPrecondition);
  TopicSpec refuse = Spec("mfp.orders", 3);
  refuse.existing = ExistingTopic::kRefuse;
  EXPECT_EQ(admin.CreateTopic(cluster, refuse).code(), absl::StatusCode::kAlreadyExists);

  absl::StatusOr<TopicDescription> described = admin.DescribeTopic(cluster, "mfp.orders");
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(described->partitions, 3);
  EXPECT_TRUE(described->config.empty()) << "the mock has no DescribeConfigs";
  EXPECT_EQ(devkafka.Stop(), 0);
}

TEST(DevKafkaTest, CreatingANewTopicIsUnimplementedPromptly) {
  DevKafka devkafka({});
  const ClusterConnection cluster{.bootstrap_servers = devkafka.ReadLine()};
  ASSERT_FALSE(cluster.bootstrap_servers.empty());
  RdKafkaTopicAdmin admin(RdKafkaTopicAdmin::Options{.timeout = absl::Seconds(10)});

  const absl::Time start = absl::Now();
  absl::Status created = admin.CreateTopic(cluster, Spec("mfp.fresh", 1));
  EXPECT_EQ(created.code(), absl::StatusCode::kUnimplemented) << created;
  EXPECT_THAT(created.message(), HasSubstr("--topic"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  // Describing never creates: the mock would auto-create a topic asked for by name.
  EXPECT_EQ(admin.DescribeTopic(cluster, "mfp.fresh").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(devkafka.Stop(), 0);
}

TEST(DevKafkaTest, FixedPortServesClientsOfEveryBroker) {
  const int port = FreePort();
  DevKafka devkafka({"--port", std::to_string(port), "--brokers", "3", "--topic", "mfp.orders:6"});
  const std::string bootstrap = devkafka.ReadLine();
  ASSERT_EQ(bootstrap, absl::StrCat("127.0.0.1:", port));

  RdKafkaTopicAdmin admin(RdKafkaTopicAdmin::Options{.timeout = absl::Seconds(10)});
  absl::StatusOr<TopicDescription> described =
      admin.DescribeTopic(ClusterConnection{.bootstrap_servers = bootstrap}, "mfp.orders");
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(described->partitions, 6);
  EXPECT_EQ(described->replication_factor, 3);
  // The partition leader is reached at its own address, learnt through the relay.
  EXPECT_EQ(ProduceOne(bootstrap, "mfp.orders"), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(devkafka.Stop(), 0);
}

TEST(DevKafkaTest, TakenPortFailsAtStart) {
  const int port = FreePort();
  DevKafka first({"--port", std::to_string(port)});
  ASSERT_EQ(first.ReadLine(), absl::StrCat("127.0.0.1:", port));
  DevKafka second({"--port", std::to_string(port)});
  EXPECT_EQ(second.ReadLine(absl::Seconds(5)), "");
  EXPECT_EQ(second.Stop(), 1);
  EXPECT_EQ(first.Stop(), 0);
}

}  // namespace
}  // namespace causeway::kafka
