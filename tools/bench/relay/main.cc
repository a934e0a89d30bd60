// causeway-bench-relay: the relay benchmark's steps, called by tools/bench/relay/run.
//   fill      create the topic and produce N Person events in Confluent framing
//   baseline  a plain librdkafka consumer posting each record with libcurl multi to a sink,
//             at most --in-flight at once; prints deliveries/s
//   dispatch  the relay's HTTP client (CurlDispatcher) alone, no Kafka, same sink and limit
// See tools/bench/README.md.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "absl/strings/str_format.h"
#include "baseline_consumer.h"
#include "dispatcher_load.h"
#include "topic_fill.h"

int main(int argc, char** argv) {
  using namespace causeway::bench;
  CLI::App app{"causeway-bench-relay: fill the benchmark topic; run the baseline consumer"};
  app.require_subcommand(1);

  TopicFillOptions fill;
  CLI::App* fill_cmd = app.add_subcommand("fill", "create the topic, produce N Person events");
  fill_cmd->add_option("--bootstrap", fill.bootstrap, "Kafka bootstrap servers")->required();
  fill_cmd->add_option("--topic", fill.topic, "topic to create and fill")->required();
  fill_cmd->add_option("--partitions", fill.partitions, "partitions of the topic")
      ->capture_default_str();
  fill_cmd->add_option("--events", fill.events, "events to produce")->capture_default_str();
  fill_cmd->add_option("--schema-id", fill.schema_id,
                       "the registry's id of the Person schema, in each record's framing")
      ->capture_default_str();
  fill_cmd->add_option("--person-schema", fill.person_schema_file, "tools/demo/person.avsc")
      ->required();
  fill_cmd->add_option("--id-prefix", fill.id_prefix, "event ids are <prefix>-<sequence>")
      ->capture_default_str();

  BaselineOptions base;
  int timeout_ms = 10000, deadline_s = 300;
  CLI::App* base_cmd = app.add_subcommand("baseline", "librdkafka consumer + libcurl multi");
  base_cmd->add_option("--bootstrap", base.bootstrap, "Kafka bootstrap servers")->required();
  base_cmd->add_option("--topic", base.topic, "topic to consume")->required();
  base_cmd->add_option("--group", base.group, "consumer group (fresh per run: from the start)")
      ->capture_default_str();
  base_cmd->add_option("--url", base.url, "the sink's URL")->required();
  base_cmd->add_option("--in-flight", base.in_flight, "requests open at once at most")
      ->capture_default_str();
  base_cmd->add_option("--events", base.events, "stop once this many requests ended")->required();
  base_cmd->add_option("--timeout-ms", timeout_ms, "one request's timeout")->capture_default_str();
  base_cmd->add_option("--deadline-seconds", deadline_s, "the whole run's")->capture_default_str();

  DispatcherLoadOptions dispatch;
  CLI::App* dispatch_cmd = app.add_subcommand("dispatch", "CurlDispatcher alone against the sink");
  dispatch_cmd->add_option("--url", dispatch.url, "the sink's URL")->required();
  dispatch_cmd->add_option("--in-flight", dispatch.in_flight, "requests open at once at most")
      ->capture_default_str();
  dispatch_cmd->add_option("--events", dispatch.events, "requests to send")->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  if (dispatch_cmd->parsed()) {
    auto result = RunDispatcherLoad(dispatch);
    if (!result.ok()) {
      std::cerr << "dispatch: " << result.status() << "\n";
      return 1;
    }
    std::cout << absl::StrFormat(
        "CurlDispatcher alone: %d delivered, %d failed in %.2f s, in-flight %d: %.0f "
        "deliveries/s\n",
        result->delivered, result->failed, absl::ToDoubleSeconds(result->elapsed),
        dispatch.in_flight, result->per_second());
    return result->failed == 0 ? 0 : 1;
  }

  if (fill_cmd->parsed()) {
    if (absl::Status s = FillTopic(fill); !s.ok()) {
      std::cerr << "fill: " << s << "\n";
      return 1;
    }
    std::cout << absl::StrFormat("filled %s with %d Person events\n", fill.topic, fill.events);
    return 0;
  }
  base.timeout = absl::Milliseconds(timeout_ms);
  base.deadline = absl::Seconds(deadline_s);
  auto result = RunBaseline(base);
  if (!result.ok()) {
    std::cerr << "baseline: " << result.status() << "\n";
    return 1;
  }
  std::cout << absl::StrFormat(
      "baseline: %d delivered, %d failed in %.2f s (group joined after %.2f s), in-flight %d: "
      "%.0f deliveries/s\n",
      result->delivered, result->failed, absl::ToDoubleSeconds(result->elapsed),
      absl::ToDoubleSeconds(result->join), base.in_flight, result->per_second());
  return result->failed == 0 ? 0 : 1;
}
