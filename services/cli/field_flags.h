#pragma once
// Entity fields as command-line flags (`--retention-ms 86400000` sets Zone.retention_ms). A kind
// lists its flags as data (entity_specs.cc); this file binds them to CLI11, checks each value
// against the type of its protobuf field at parse time, and writes the given values into a message
// through reflection.
#include <deque>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

enum class Mutability { kFixedAfterCreate, kUpdatable };
enum class Presence { kOptional, kRequiredOnCreate };
enum class Verb { kCreate, kUpdate };

struct FieldFlag {
  std::string flag;   // "--retention-ms"
  std::string field;  // "retention_ms": a field of the entity message
  std::string help;
  Mutability mutability = Mutability::kUpdatable;
  Presence presence = Presence::kOptional;
};

// The field flags of one create or update command and the values given for them. CLI11 writes
// into this object while parsing: keep it where it is (hold it by pointer).
class FieldFlagValues {
 public:
  // Adds an option to `command` for each flag that applies to `verb` (update leaves out fields
  // fixed after creation). Values are checked by field type: enums take their short names in any
  // case (`--state draining`), booleans `true`/`false` (a bare `--archived` is true), integers
  // decimal, maps `KEY=VALUE` with the flag repeated, lists of strings one value per flag, repeated.
  FieldFlagValues(CLI::App* command, const google::protobuf::Descriptor& type,
                  const std::vector<FieldFlag>& flags, Verb verb);
  FieldFlagValues(const FieldFlagValues&) = delete;
  FieldFlagValues& operator=(const FieldFlagValues&) = delete;

  bool AnyGiven() const;
  // "--description, --owner": the flags bound, for messages.
  std::string FlagNames() const;

  // Writes the given values into `entity` (of the type given at construction). Maps are merged
  // into what the entity holds; `KEY=` (empty value) removes KEY. Lists are replaced by the values
  // given; a single empty value (`--flag=`) empties the list.
  void ApplyTo(google::protobuf::Message* entity) const;

 private:
  struct Bound {
    const google::protobuf::FieldDescriptor* field;
    CLI::Option* option;
    std::vector<std::string> values;
  };
  std::deque<Bound> bound_;  // a deque: CLI11 holds pointers to `values`
};

}  // namespace causeway::cli
