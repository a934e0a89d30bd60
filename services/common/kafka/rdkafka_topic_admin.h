#pragma once
// TopicAdmin on librdkafka's Admin API (CreateTopics, DescribeConfigs) and Metadata requests.
//
// Threads: the object is immutable after construction and keeps no connection. Every call opens
// its own short-lived client, so any number of threads may call it at once; each call blocks its
// thread for at most Options::timeout (connecting included). A connection per call is cheap next
// to how rarely topics are created.
//
// Clusters without a controller (librdkafka's mock cluster, causeway-devkafka) cannot create
// topics: CreateTopic succeeds there only for a topic that already exists with the wanted partition
// count and replication factor (ExistingTopic::kVerify; its configs cannot be read, so
// min.insync.replicas is not verified there), and is UNIMPLEMENTED otherwise; DescribeTopic returns
// no configs.
#include "absl/strings/string_view.h"

#include "absl/time/time.h"
#include "common/kafka/topic_admin.h"

namespace causeway::kafka {

class RdKafkaTopicAdmin final : public TopicAdmin {
 public:
  struct Options {
    // Bound of one call, from connecting to the topic being visible.
    absl::Duration timeout = absl::Seconds(10);
  };

  RdKafkaTopicAdmin() : RdKafkaTopicAdmin(Options{}) {}
  explicit RdKafkaTopicAdmin(Options options) : options_(options) {}

  absl::Status CreateTopic(const ClusterConnection& cluster, const TopicSpec& spec) override;
  absl::StatusOr<TopicDescription> DescribeTopic(const ClusterConnection& cluster,
                                                 absl::string_view topic) override;

 private:
  const Options options_;
};

}  // namespace causeway::kafka
