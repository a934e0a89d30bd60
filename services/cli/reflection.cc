#include "cli/reflection.h"

#include "absl/strings/str_cat.h"
#include "cli/programming_error.h"

namespace causeway::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

[[noreturn]] void Missing(const Descriptor& type, absl::string_view what) {
  ProgrammingError(absl::StrCat(type.full_name(), " has no ", what));
}

}  // namespace

const FieldDescriptor& FieldNamed(const Descriptor& type, absl::string_view name) {
  const FieldDescriptor* field = type.FindFieldByName(std::string(name));
  if (field == nullptr) Missing(type, std::string(name));
  return *field;
}

const FieldDescriptor& FieldOfType(const Descriptor& type, const Descriptor& entity) {
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->message_type() == &entity) return *type.field(i);
  }
  Missing(type, entity.full_name());
}

const FieldDescriptor& ItemsField(const Descriptor& type) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* field = type.field(i);
    if (field->is_repeated() && !field->is_map() &&
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return *field;
    }
  }
  Missing(type, "repeated message field");
}

void SetStringField(google::protobuf::Message* message, absl::string_view name,
                    const std::string& value) {
  message->GetReflection()->SetString(message, &FieldNamed(*message->GetDescriptor(), name), value);
}

std::string GetStringField(const google::protobuf::Message& message, absl::string_view name) {
  return message.GetReflection()->GetString(message, &FieldNamed(*message.GetDescriptor(), name));
}

void SetIntField(google::protobuf::Message* message, absl::string_view name, int64_t value) {
  const FieldDescriptor& field = FieldNamed(*message->GetDescriptor(), name);
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
    message->GetReflection()->SetInt32(message, &field, static_cast<int32_t>(value));
  } else {
    message->GetReflection()->SetInt64(message, &field, value);
  }
}

std::unique_ptr<google::protobuf::Message> NewMessage(const Descriptor& type) {
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(&type)->New());
}

}  // namespace causeway::cli
