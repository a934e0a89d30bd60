#pragma once
// How a protobuf field reads in a table cell: enums without their type prefix (`ACTIVE`, not
// `CLUSTER_STATE_ACTIVE`), timestamps in RFC 3339 UTC, maps as sorted `key=value` lists,
// repeated fields comma-separated, other messages as `field=value` of their set fields. Works on
// any message through reflection.
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

// The text of one field of `message`.
std::string FieldText(const google::protobuf::Message& message,
                      const google::protobuf::FieldDescriptor& field);

// A message as a cell reads: a Timestamp in RFC 3339 UTC, any other message as `field=text` of its
// set fields (`id=0f5f39925b5a create_time=2026-11-25T06:09:27Z`).
std::string MessageText(const google::protobuf::Message& message);

// The text of the field at `path` ("zone", or "placement.zone" into a sub-message); empty when a
// message on the way is unset; through a repeated message, each element's text comma-separated
// ("tokens.id"). An unknown field is a programming error: the process aborts.
std::string FieldTextAt(const google::protobuf::Message& message, absl::string_view path);

// `CLUSTER_STATE_` for enum ClusterState: the prefix its values carry.
std::string EnumValuePrefix(const google::protobuf::EnumDescriptor& type);

// "ACTIVE" for CLUSTER_STATE_ACTIVE.
std::string EnumShortName(const google::protobuf::EnumValueDescriptor& value);

}  // namespace causeway::cli
