#pragma once
// TopologyClient: the CLI's one connection to causeway-topology. Every call carries the
// credentials of the connection settings (a bearer token as `authorization` metadata; a client
// certificate on the TLS channel) and the --timeout deadline, and every grpc::Status becomes an
// absl::Status here.
//
// Unary RPCs of the services causeway-topology serves (Topology, SchemaRegistry) are called by
// name through one generic path, so that commands built from tables of entity kinds
// (entity_commands.cc) need no per-kind stub code.
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/client/channel.h"
#include "causeway/topology/v1/schema_registry.grpc.pb.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/generic/generic_stub.h"

namespace causeway::cli {

namespace v1 = ::causeway::topology::v1;

class TopologyClient {
 public:
  // `channel`: how to reach causeway-topology. When it holds an error (a settings problem: a
  // missing context, an unreadable token file), every call answers that error, so that commands
  // that call nothing (the offline schema checks, `config`) still run.
  TopologyClient(absl::StatusOr<ChannelOptions> channel, absl::Duration timeout);

  // The descriptor of a unary RPC ("CreateZone", "RegisterSchema"). A name the service does not have is a
  // programming error: the process aborts.
  const google::protobuf::MethodDescriptor& Method(absl::string_view name) const;
  // An empty request of that RPC's type.
  std::unique_ptr<google::protobuf::Message> NewRequest(absl::string_view method) const;
  std::unique_ptr<google::protobuf::Message> NewResponse(absl::string_view method) const;

  // Calls a unary RPC; `request` and `response` must have the method's message types.
  absl::Status Call(absl::string_view method, const google::protobuf::Message& request,
                    google::protobuf::Message* response);
  // Calls a unary RPC; the response is a new message of the method's type.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Call(
      absl::string_view method, const google::protobuf::Message& request);
  template <typename Response>
  absl::StatusOr<Response> CallTyped(absl::string_view method,
                                     const google::protobuf::Message& request) {
    Response response;
    if (absl::Status status = Call(method, request, &response); !status.ok()) return status;
    return response;
  }

  // Reads the Watch stream, handing each message to `on_message`, until the server ends it or
  // `deadline` (absl::InfiniteFuture() for none) passes.
  absl::Status Watch(const v1::WatchRequest& request, absl::Time deadline,
                     const std::function<void(const v1::WatchResponse&)>& on_message);

 private:
  std::unique_ptr<grpc::ClientContext> NewContext(absl::Time deadline) const;

  absl::Status broken_;  // why there is no channel, if there is none
  ChannelOptions options_;
  absl::Duration timeout_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Topology::Stub> stub_;
  std::unique_ptr<grpc::TemplatedGenericStub<google::protobuf::Message, google::protobuf::Message>>
      generic_;
};

}  // namespace causeway::cli
