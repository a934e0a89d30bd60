#pragma once
// The CLI's config file ($CAUSEWAY_CONFIG, default ~/.config/causeway/config): named contexts,
// each a set of connection settings, and which one is current. An INI-like text format read by
// this small parser (no new dependency; CLI11's own config files map sections onto subcommands,
// not onto named profiles chosen at run time):
//
//   # comments take whole lines (# or ;); blank lines are ignored
//   current-context = prod
//
//   [context prod]
//   server = topology.prod.example.com:7070
//   gateway = gateway.prod.example.com:7080
//   token-file = ~/.config/causeway/prod.token
//   tls-ca = /etc/causeway/ca.pem
//
//   [context local]
//   server = localhost:7070
//   token = cwt_...
//
// Keys are those of setting_specs.h. Pure: parsing and editing text, no file access.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/setting_specs.h"

namespace causeway::cli {

struct ConfigValue {
  std::string value;
  int line = 0;
};

struct ConfigContext {
  std::string name;
  int line = 0;  // of its [context NAME] header
  std::map<Setting, ConfigValue> values;
};

struct ConfigFile {
  std::string path;  // names the file in messages
  std::optional<ConfigValue> current_context;
  std::vector<ConfigContext> contexts;  // in file order

  const ConfigContext* FindContext(absl::string_view name) const;
  // "local, prod", for messages.
  std::string ContextNames() const;
};

// INVALID_ARGUMENT listing every fault, one `<path>:<line>: <what>` per line: a line that is no
// comment, header or `key = value`; an unknown section or key; a key outside a context (other
// than current-context); a key given twice in a context; an empty value; a context defined twice;
// token and token-file in one context. Never quotes a value (it may be a token).
absl::StatusOr<ConfigFile> ParseConfigFile(absl::string_view text, absl::string_view path);

// `text` with its current-context set to `name`: the existing line replaced, or a line added at
// the top. Every other line is kept as it was.
std::string WithCurrentContext(absl::string_view text, absl::string_view name);

}  // namespace causeway::cli
