#include "cli/client.h"

#include <future>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/errors.h"
#include "cli/programming_error.h"
#include "cli/reflection.h"
#include "common/core/grpc_status.h"
#include "google/protobuf/message.h"

namespace causeway::cli {
namespace {

using google::protobuf::Message;

// The services causeway-topology serves; their RPC names do not overlap. Reached through a message
// of each .proto file, which also makes the linker keep that file's descriptors.
const std::vector<const google::protobuf::ServiceDescriptor*>& Services() {
  static const auto* services = [] {
    auto* found = new std::vector<const google::protobuf::ServiceDescriptor*>;
    for (const auto* file : {v1::WatchRequest::descriptor()->file(),
                             v1::RegisterSchemaRequest::descriptor()->file()}) {
      for (int i = 0; i < file->service_count(); ++i) found->push_back(file->service(i));
    }
    return found;
  }();
  return *services;
}

}  // namespace

TopologyClient::TopologyClient(absl::StatusOr<ChannelOptions> channel, absl::Duration timeout)
    : timeout_(timeout) {
  if (!channel.ok()) {
    broken_ = channel.status();
    return;
  }
  options_ = *std::move(channel);
  auto created = NewChannel(options_);
  if (!created.ok()) {
    broken_ = ConfigError(created.status());
    return;
  }
  channel_ = *std::move(created);
  stub_ = v1::Topology::NewStub(channel_);
  generic_ = std::make_unique<
      grpc::TemplatedGenericStub<google::protobuf::Message, google::protobuf::Message>>(channel_);
}

const google::protobuf::MethodDescriptor& TopologyClient::Method(absl::string_view name) const {
  for (const auto* service : Services()) {
    const auto* method = service->FindMethodByName(std::string(name));
    if (method != nullptr && !method->client_streaming() && !method->server_streaming()) {
      return *method;
    }
  }
  ProgrammingError(absl::StrCat("no unary RPC ", name, " in causeway-topology's services"));
}

std::unique_ptr<Message> TopologyClient::NewRequest(absl::string_view method) const {
  return NewMessage(*Method(method).input_type());
}

std::unique_ptr<Message> TopologyClient::NewResponse(absl::string_view method) const {
  return NewMessage(*Method(method).output_type());
}

absl::Status TopologyClient::Call(absl::string_view method, const Message& request,
                                  Message* response) {
  const auto& descriptor = Method(method);
  if (request.GetDescriptor() != descriptor.input_type() ||
      response->GetDescriptor() != descriptor.output_type()) {
    return absl::InternalError(absl::StrCat("wrong message types for ", descriptor.full_name()));
  }
  if (!broken_.ok()) return broken_;
  auto context = NewContext(absl::Now() + timeout_);
  std::promise<grpc::Status> done;
  generic_->UnaryCall(context.get(),
                     absl::StrCat("/", descriptor.service()->full_name(), "/", descriptor.name()),
                     grpc::StubOptions(), &request, response,
                     [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return FromGrpcStatus(done.get_future().get());
}

absl::StatusOr<std::unique_ptr<Message>> TopologyClient::Call(absl::string_view method,
                                                              const Message& request) {
  auto response = NewResponse(method);
  if (absl::Status status = Call(method, request, response.get()); !status.ok()) return status;
  return response;
}

absl::Status TopologyClient::Watch(const v1::WatchRequest& request, absl::Time deadline,
                                   const std::function<void(const v1::WatchResponse&)>& on_message) {
  if (!broken_.ok()) return broken_;
  auto context = NewContext(deadline);
  auto reader = stub_->Watch(context.get(), request);
  v1::WatchResponse response;
  while (reader->Read(&response)) on_message(response);
  return FromGrpcStatus(reader->Finish());
}

std::unique_ptr<grpc::ClientContext> TopologyClient::NewContext(absl::Time deadline) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (deadline != absl::InfiniteFuture()) context->set_deadline(absl::ToChronoTime(deadline));
  AddCallCredentials(options_, context.get());
  return context;
}

}  // namespace causeway::cli
