#pragma once
// The few reflection steps the generic commands take on Topology messages. The field names they
// are given come from this program's own tables, so a missing field is a programming error and
// aborts with its name rather than misbehaving.
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

const google::protobuf::FieldDescriptor& FieldNamed(const google::protobuf::Descriptor& type,
                                                    absl::string_view name);

// The only field of `type` holding a message of type `entity` (CreateZoneRequest.zone).
const google::protobuf::FieldDescriptor& FieldOfType(const google::protobuf::Descriptor& type,
                                                     const google::protobuf::Descriptor& entity);

// The first repeated message field of `type` (the items of a List response).
const google::protobuf::FieldDescriptor& ItemsField(const google::protobuf::Descriptor& type);

void SetStringField(google::protobuf::Message* message, absl::string_view name,
                    const std::string& value);
std::string GetStringField(const google::protobuf::Message& message, absl::string_view name);
void SetIntField(google::protobuf::Message* message, absl::string_view name, int64_t value);

std::unique_ptr<google::protobuf::Message> NewMessage(const google::protobuf::Descriptor& type);

}  // namespace causeway::cli
