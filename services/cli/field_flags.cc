#include "cli/field_flags.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/field_text.h"
#include "cli/programming_error.h"
#include "cli/reflection.h"

namespace causeway::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::vector<std::string> EnumShortNames(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() != 0) names.push_back(EnumShortName(*type.value(i)));
  }
  return names;
}

template <typename Int>
CLI::Validator IntegerValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        Int value;
        return absl::SimpleAtoi(text, &value) ? "" : absl::StrCat("not an integer: ", text);
      },
      "");
}

CLI::Validator KeyValueValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const size_t eq = text.find('=');
        return eq == std::string::npos || eq == 0 ? absl::StrCat("want KEY=VALUE, got ", text)
                                                  : "";
      },
      "");
}

// Adds the CLI11 option for one field, checked by the field's type.
CLI::Option* AddOption(CLI::App* command, const FieldFlag& flag, const FieldDescriptor& field,
                       std::vector<std::string>* values) {
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
    return command->add_flag(flag.flag, *values, flag.help)
        ->transform(CLI::IsMember({"true", "false"}, CLI::ignore_case))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  CLI::Option* option = command->add_option(flag.flag, *values, flag.help)->allow_extra_args(false);
  if (field.is_map()) return option->check(KeyValueValidator())->type_name("KEY=VALUE");
  if (field.is_repeated()) {
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      ProgrammingError(absl::StrCat("no flag type for repeated field ", field.full_name()));
    }
    // Repeatable, one value each time; a value may be empty (`--certificate-name=`, which CLI11
    // reads as no value at all) so that an update can empty the list.
    return option->type_name("TEXT")->expected(0, 1)->multi_option_policy(
        CLI::MultiOptionPolicy::TakeAll);
  }
  option->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      return option->transform(CLI::IsMember(EnumShortNames(*field.enum_type()), CLI::ignore_case));
    case FieldDescriptor::CPPTYPE_INT32:
      return option->type_name("INT")->check(IntegerValidator<int32_t>());
    case FieldDescriptor::CPPTYPE_INT64:
      return option->type_name("INT")->check(IntegerValidator<int64_t>());
    case FieldDescriptor::CPPTYPE_STRING:
      return option->type_name("TEXT");
    default:
      ProgrammingError(absl::StrCat("no flag type for field ", field.full_name()));
  }
}

void MergeMap(Message* entity, const FieldDescriptor& field,
              const std::vector<std::string>& assignments) {
  const Reflection& r = *entity->GetReflection();
  // Rebuild the map: reflection has no keyed access to map fields.
  std::map<std::string, std::string> merged;
  for (int i = 0; i < r.FieldSize(*entity, &field); ++i) {
    const Message& entry = r.GetRepeatedMessage(*entity, &field, i);
    merged[FieldText(entry, *entry.GetDescriptor()->map_key())] =
        FieldText(entry, *entry.GetDescriptor()->map_value());
  }
  for (const auto& assignment : assignments) {
    const size_t eq = assignment.find('=');
    std::string key = assignment.substr(0, eq);
    std::string value = assignment.substr(eq + 1);
    if (value.empty()) {
      merged.erase(key);
    } else {
      merged[key] = value;
    }
  }
  r.ClearField(entity, &field);
  for (const auto& [key, value] : merged) {
    Message* entry = r.AddMessage(entity, &field);
    entry->GetReflection()->SetString(entry, entry->GetDescriptor()->map_key(), key);
    entry->GetReflection()->SetString(entry, entry->GetDescriptor()->map_value(), value);
  }
}

// Replaces the list with the values given; a single empty value (`--certificate-name=`) leaves it
// empty, so that an update can clear it.
void ReplaceList(Message* entity, const FieldDescriptor& field,
                 const std::vector<std::string>& values) {
  const Reflection& r = *entity->GetReflection();
  r.ClearField(entity, &field);
  if (values.size() == 1 && values.front().empty()) return;
  for (const auto& value : values) r.AddString(entity, &field, value);
}

// Sets a singular field from its checked text.
void SetScalar(Message* entity, const FieldDescriptor& field, const std::string& text) {
  const Reflection& r = *entity->GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      r.SetBool(entity, &field, text == "true");
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      r.SetEnum(entity, &field,
                field.enum_type()->FindValueByName(EnumValuePrefix(*field.enum_type()) + text));
      return;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;  // in range: the flag's check parsed it as the field's type
      (void)absl::SimpleAtoi(text, &value);
      SetIntField(entity, field.name(), value);
      return;
    }
    default:
      r.SetString(entity, &field, text);
  }
}

}  // namespace

FieldFlagValues::FieldFlagValues(CLI::App* command, const google::protobuf::Descriptor& type,
                                 const std::vector<FieldFlag>& flags, Verb verb) {
  for (const FieldFlag& flag : flags) {
    if (verb == Verb::kUpdate && flag.mutability == Mutability::kFixedAfterCreate) continue;
    const FieldDescriptor* field = &FieldNamed(type, flag.field);
    Bound& bound = bound_.emplace_back(Bound{field, nullptr, {}});
    bound.option = AddOption(command, flag, *field, &bound.values);
    if (verb == Verb::kCreate && flag.presence == Presence::kRequiredOnCreate) {
      bound.option->required();
    }
  }
}

bool FieldFlagValues::AnyGiven() const {
  for (const Bound& bound : bound_) {
    if (bound.option->count() > 0) return true;
  }
  return false;
}

std::string FieldFlagValues::FlagNames() const {
  std::vector<std::string> names;
  for (const Bound& bound : bound_) names.push_back(bound.option->get_name());
  return absl::StrJoin(names, ", ");
}

void FieldFlagValues::ApplyTo(Message* entity) const {
  for (const Bound& bound : bound_) {
    if (bound.option->count() == 0) continue;
    if (bound.field->is_map()) {
      MergeMap(entity, *bound.field, bound.values);
    } else if (bound.field->is_repeated()) {
      ReplaceList(entity, *bound.field, bound.values);
    } else if (!bound.values.empty()) {
      SetScalar(entity, *bound.field, bound.values.back());
    }
  }
}

}  // namespace causeway::cli
