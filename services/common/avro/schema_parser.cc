#include "common/avro/schema_parser.h"

#include <charconv>
#include <algorithm>
#include <span>
#include <limits>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/avro/default_value.h"
#include "common/avro/json_path.h"
#include "common/avro/logical_type.h"
#include "common/avro/names.h"
#include "simdjson.h"

namespace causeway::avro {
namespace {

namespace dom = simdjson::dom;

// Real schemas nest a few dozen levels; the bound keeps every recursive walk of the parser, the
// canonical form and the default checker far from the stack's limit on hostile input.
constexpr size_t kMaxJsonDepth = 256;
// Past this many faults the input is not a schema with mistakes but something else entirely.
constexpr size_t kMaxErrors = 100;

constexpr std::string_view kNameRule = "must match [A-Za-z_][A-Za-z0-9_]*";
constexpr std::string_view kFullNameRule =
    "each dot-separated part must match [A-Za-z_][A-Za-z0-9_]*";

// Attributes each kind of object defines; every other attribute is a custom property.
constexpr std::string_view kPrimitiveAttributes[] = {"type"};
constexpr std::string_view kRecordAttributes[] = {
    "type", "name", "namespace", "aliases", "doc", "fields"};
constexpr std::string_view kEnumAttributes[] = {
    "type", "name", "namespace", "aliases", "doc", "symbols", "default"};
constexpr std::string_view kFixedAttributes[] = {
    "type", "name", "namespace", "aliases", "doc", "size"};
constexpr std::string_view kArrayAttributes[] = {"type", "items"};
constexpr std::string_view kMapAttributes[] = {"type", "values"};
constexpr std::string_view kFieldAttributes[] = {
    "name", "type", "default", "order", "aliases", "doc"};

// By value: value_unsafe() returns a reference into the temporary simdjson_result, which a
// range-for over it would outlive.
dom::array AsArray(dom::element e) { return e.get_array().value_unsafe(); }
dom::object AsObject(dom::element e) { return e.get_object().value_unsafe(); }

JsonValue ToJsonValue(dom::element e) {
  switch (e.type()) {
    case dom::element_type::ARRAY: {
      JsonValue::Array items;
      for (dom::element item : AsArray(e)) items.push_back(ToJsonValue(item));
      return JsonValue::MakeArray(std::move(items));
    }
    case dom::element_type::OBJECT: {
      JsonValue::Object members;
      for (dom::key_value_pair member : AsObject(e)) {
        members.emplace_back(std::string(member.key), ToJsonValue(member.value));
      }
      return JsonValue::MakeObject(std::move(members));
    }
    case dom::element_type::INT64:
      return JsonValue::Int(e.get_int64().value_unsafe());
    case dom::element_type::UINT64:
      return JsonValue::Double(static_cast<double>(e.get_uint64().value_unsafe()));
    case dom::element_type::DOUBLE:
      return JsonValue::Double(e.get_double().value_unsafe());
    case dom::element_type::STRING:
      return JsonValue::String(std::string(e.get_string().value_unsafe()));
    case dom::element_type::BOOL:
      return JsonValue::Bool(e.get_bool().value_unsafe());
    case dom::element_type::NULL_VALUE:
      return JsonValue();
  }
  return JsonValue();
}

// The members of one JSON object, looked up by key.
class Attributes {
 public:
  static constexpr size_t kSmallObject = 16;

  // Keeps the first of repeated keys and returns the repeated ones.
  std::vector<std::string_view> Assign(dom::object object) {
    std::vector<std::string_view> repeated;
    // Schema objects have a handful of attributes, where a scan beats hashing; a hash set keeps
    // an object with thousands of keys from turning quadratic.
    const bool small = object.size() <= kSmallObject;
    absl::flat_hash_set<std::string_view> seen;
    for (dom::key_value_pair member : object) {
      const bool fresh = small ? !Get(member.key).has_value() : seen.insert(member.key).second;
      if (fresh) {
        members_.emplace_back(member.key, member.value);
      } else {
        repeated.push_back(member.key);
      }
    }
    return repeated;
  }

  std::optional<dom::element> Get(std::string_view key) const {
    for (const auto& [name, value] : members_) {
      if (name == key) return value;
    }
    return std::nullopt;
  }

  // An optional attribute: absent and JSON null both mean "not given".
  std::optional<dom::element> GetOptional(std::string_view key) const {
    std::optional<dom::element> e = Get(key);
    if (e && e->is_null()) return std::nullopt;
    return e;
  }

  JsonValue::Object Unreserved(std::span<const std::string_view> reserved) const {
    JsonValue::Object properties;
    for (const auto& [name, value] : members_) {
      if (std::find(reserved.begin(), reserved.end(), name) == reserved.end()) {
        properties.emplace_back(std::string(name), ToJsonValue(value));
      }
    }
    return properties;
  }

 private:
  std::vector<std::pair<std::string_view, dom::element>> members_;
};

enum class AliasForm {
  kFullName,    // type aliases: fullnames, or names relative to the type's namespace
  kSimpleName,  // field aliases
};

class Parser {
 public:
  SchemaParseResult Parse(std::string_view json) {
    dom::parser parser;
    dom::element root;
    simdjson::error_code error =
        parser.allocate(std::max(json.size(), size_t{64}), kMaxJsonDepth);
    if (!error) error = parser.parse(json.data(), json.size()).get(root);
    if (error) {
      AddError(absl::StrCat("invalid JSON: ", simdjson::error_message(error)));
      return {std::nullopt, std::move(errors_)};
    }
    const Node* root_node = ParseType(root, "");
    // Defaults are checked on the built schema (they use its symbol and field look-ups), and
    // only when its types are sound: a default cannot be judged against a broken type.
    Schema schema = std::move(builder_).Build(root_node);
    if (errors_.empty()) CheckPendingDefaults();
    if (!errors_.empty() || root_node == nullptr) return {std::nullopt, std::move(errors_)};
    return {std::move(schema), {}};
  }

 private:
  // A field default is checked once the whole schema is built: the field's type may be the
  // record still being parsed.
  struct PendingDefault {
    const Node* record;
    size_t field;
    std::string path;
  };

  void AddError(std::string message) {
    if (errors_.size() < kMaxErrors) {
      errors_.push_back({path_.str(), std::move(message)});
    } else if (errors_.size() == kMaxErrors) {
      errors_.push_back({"$", absl::StrCat("more than ", kMaxErrors, " faults; stopped listing")});
    }
  }

  void AddErrorAt(std::string_view member, std::string message) {
    auto scope = path_.Member(member);
    AddError(std::move(message));
  }

  // At the `index`-th element of the array attribute `member`.
  void AddErrorAtItem(std::string_view member, size_t index, std::string message) {
    auto scope = path_.Member(member);
    auto item_scope = path_.Index(index);
    AddError(std::move(message));
  }

  // Reads an object's attributes, reporting repeated keys (their meaning would be ambiguous).
  Attributes ReadAttributes(dom::object object) {
    Attributes attributes;
    for (std::string_view key : attributes.Assign(object)) {
      AddError(Duplicate("attribute", key));
    }
    return attributes;
  }

  // An optional attribute that must be a string when given.
  std::optional<std::string_view> OptionalString(const Attributes& attributes,
                                                 std::string_view key) {
    std::optional<dom::element> e = attributes.GetOptional(key);
    if (!e) return std::nullopt;
    if (!e->is_string()) {
      AddErrorAt(key, ExpectedGot("a string", ToJsonValue(*e)));
      return std::nullopt;
    }
    return e->get_string().value_unsafe();
  }

  // An optional attribute that must be an array of strings; reports each bad element.
  std::vector<std::pair<size_t, std::string_view>> OptionalStrings(const Attributes& attributes,
                                                                   std::string_view key) {
    std::vector<std::pair<size_t, std::string_view>> strings;
    std::optional<dom::element> e = attributes.GetOptional(key);
    if (!e) return strings;
    auto scope = path_.Member(key);
    if (!e->is_array()) {
      AddError(ExpectedGot("an array of strings", ToJsonValue(*e)));
      return strings;
    }
    size_t i = 0;
    for (dom::element item : AsArray(*e)) {
      if (item.is_string()) {
        strings.emplace_back(i, item.get_string().value_unsafe());
      } else {
        auto item_scope = path_.Index(i);
        AddError(ExpectedGot("a string", ToJsonValue(item)));
      }
      ++i;
    }
    return strings;
  }

  // The valid entries of an aliases attribute; reports the others.
  std::vector<std::string_view> Aliases(const Attributes& attributes, AliasForm form) {
    std::vector<std::string_view> valid;
    for (const auto& [i, alias] : OptionalStrings(attributes, "aliases")) {
      if (form == AliasForm::kFullName ? IsValidFullName(alias) : IsValidName(alias)) {
        valid.push_back(alias);
      } else {
        AddErrorAtItem("aliases", i,
                       form == AliasForm::kFullName
                           ? InvalidValue("alias", alias, kFullNameRule)
                           : InvalidValue("field alias", alias, kNameRule));
      }
    }
    return valid;
  }

  std::optional<std::string> Doc(const Attributes& attributes) {
    std::optional<std::string_view> doc = OptionalString(attributes, "doc");
    return doc ? std::optional<std::string>(*doc) : std::nullopt;
  }

  const Node* ParseType(dom::element e, std::string_view name_space) {
    switch (e.type()) {
      case dom::element_type::STRING:
        return ParseTypeName(e.get_string().value_unsafe(), name_space);
      case dom::element_type::OBJECT:
        return ParseObject(AsObject(e), name_space);
      case dom::element_type::ARRAY:
        return ParseUnion(AsArray(e), name_space);
      default:
        AddError(ExpectedGot("a schema (a type name, an object or an array)", ToJsonValue(e)));
        return nullptr;
    }
  }

  // A primitive type name or a reference to a named type defined earlier.
  const Node* ParseTypeName(std::string_view name, std::string_view name_space) {
    if (std::optional<Kind> kind = PrimitiveKindFromName(name)) return builder_.NewNode(*kind);
    const Node* named = builder_.FindNamedType(QualifyName(name, name_space));
    if (named == nullptr && name.find('.') == std::string_view::npos) {
      named = builder_.FindNamedType(name);
    }
    if (named == nullptr) AddError(UnknownType(name));
    return named;
  }

  const Node* ParseObject(dom::object object, std::string_view name_space) {
    Attributes attributes = ReadAttributes(object);
    std::optional<dom::element> type = attributes.Get("type");
    if (!type) {
      AddError(MissingAttribute("type"));
      return nullptr;
    }
    if (!type->is_string()) {
      AddErrorAt("type", ExpectedGot("a type name", ToJsonValue(*type)));
      return nullptr;
    }
    const std::string_view type_name = type->get_string().value_unsafe();
    Node* node = nullptr;
    if (std::optional<Kind> kind = PrimitiveKindFromName(type_name)) {
      node = builder_.NewNode(*kind);
      SchemaBuilder::Edit(node).properties = attributes.Unreserved(kPrimitiveAttributes);
    } else if (type_name == "record" || type_name == "error") {
      node = ParseRecord(attributes, name_space,
                         type_name == "error" ? RecordKeyword::kError : RecordKeyword::kRecord);
    } else if (type_name == "enum") {
      node = ParseEnum(attributes, name_space);
    } else if (type_name == "fixed") {
      node = ParseFixed(attributes, name_space);
    } else if (type_name == "array" || type_name == "map") {
      node = ParseContainer(attributes, name_space, type_name == "array");
    } else {
      auto scope = path_.Member("type");
      return ParseTypeName(type_name, name_space);
    }
    ApplyLogicalType(SchemaBuilder::Edit(node));
    return node;
  }

  Node* ParseContainer(const Attributes& attributes, std::string_view name_space, bool is_array) {
    Node* node = builder_.NewNode(is_array ? Kind::kArray : Kind::kMap);
    const std::string_view element_key = is_array ? "items" : "values";
    NodeData& data = SchemaBuilder::Edit(node);
    data.properties = attributes.Unreserved(is_array ? kArrayAttributes : kMapAttributes);
    std::optional<dom::element> element = attributes.Get(element_key);
    if (!element) {
      AddError(MissingAttribute(element_key));
      return node;
    }
    auto scope = path_.Member(element_key);
    data.element = ParseType(*element, name_space);
    return node;
  }

  const Node* ParseUnion(dom::array branches, std::string_view name_space) {
    Node* node = builder_.NewNode(Kind::kUnion);
    absl::flat_hash_set<std::string> seen;
    size_t i = 0;
    for (dom::element e : branches) {
      auto scope = path_.Index(i++);
      const Node* branch = ParseType(e, name_space);
      if (branch == nullptr) continue;
      if (branch->kind() == Kind::kUnion) {
        AddError("a union may not immediately contain another union");
      } else if (!seen.insert(std::string(branch->TypeName())).second) {
        // Unnamed types are told apart by kind alone, named ones by fullname.
        AddError(Duplicate("union branch", branch->TypeName()));
      }
      SchemaBuilder::Edit(node).branches.push_back(branch);
    }
    return node;
  }

  // Name, namespace, aliases and doc of a record, enum or fixed; defines the name. Returns the
  // namespace its nested definitions inherit.
  std::string ParseNamedHeader(Node* node, const Attributes& attributes,
                               std::string_view enclosing_namespace) {
    NodeData& data = SchemaBuilder::Edit(node);
    std::optional<std::string_view> name;
    if (std::optional<dom::element> e = attributes.Get("name"); !e) {
      AddError(MissingAttribute("name"));
    } else if (!e->is_string()) {
      AddErrorAt("name", ExpectedGot("a name string", ToJsonValue(*e)));
    } else {
      name = e->get_string().value_unsafe();
    }
    const std::optional<std::string_view> explicit_namespace =
        OptionalString(attributes, "namespace");
    if (name && ParseFullName(*name, explicit_namespace, enclosing_namespace, data)) {
      if (!builder_.DefineName(node)) {
        AddErrorAt("name", Duplicate("definition of", data.full_name));
      }
    }
    for (std::string_view alias : Aliases(attributes, AliasForm::kFullName)) {
      data.aliases.push_back(QualifyName(alias, data.name_space));
    }
    data.doc = Doc(attributes);
    return name ? data.name_space : std::string(enclosing_namespace);
  }

  // Applies the specification's fullname rules; false (reported) when the name is not valid.
  bool ParseFullName(std::string_view name, std::optional<std::string_view> explicit_namespace,
                     std::string_view enclosing_namespace, NodeData& data) {
    if (name.find('.') != std::string_view::npos) {
      // A dotted name is a fullname; any namespace attribute is ignored.
      if (!IsValidFullName(name)) {
        AddErrorAt("name", InvalidValue("name", name, kFullNameRule));
        return false;
      }
      data.name_space = std::string(NamespaceOf(name));
    } else {
      if (!IsValidName(name)) {
        AddErrorAt("name", InvalidValue("name", name, kNameRule));
        return false;
      }
      if (explicit_namespace && !IsValidNamespace(*explicit_namespace)) {
        AddErrorAt("namespace", InvalidValue("namespace", *explicit_namespace, kFullNameRule));
        return false;
      }
      data.name_space = std::string(explicit_namespace.value_or(enclosing_namespace));
    }
    data.name = std::string(UnqualifiedName(name));
    if (PrimitiveKindFromName(data.name)) {
      AddErrorAt("name",
                 InvalidValue("name", name, "primitive type names cannot name another type"));
      return false;
    }
    data.full_name = JoinFullName(data.name_space, data.name);
    return true;
  }

  Node* ParseRecord(const Attributes& attributes, std::string_view enclosing_namespace,
                    RecordKeyword keyword) {
    Node* node = builder_.NewNode(Kind::kRecord);
    const std::string name_space = ParseNamedHeader(node, attributes, enclosing_namespace);
    NodeData& data = SchemaBuilder::Edit(node);
    data.record_keyword = keyword;
    data.properties = attributes.Unreserved(kRecordAttributes);
    std::optional<dom::element> fields = attributes.Get("fields");
    if (!fields) {
      AddError(MissingAttribute("fields"));
      return node;
    }
    auto scope = path_.Member("fields");
    if (!fields->is_array()) {
      AddError(ExpectedGot("an array of fields", ToJsonValue(*fields)));
      return node;
    }
    absl::flat_hash_set<std::string> names;
    size_t i = 0;
    for (dom::element field : AsArray(*fields)) {
      auto field_scope = path_.Index(i++);
      ParseField(node, field, name_space, names);
    }
    CheckFieldAliases(data.fields);
    return node;
  }

  void ParseField(Node* record, dom::element e, std::string_view name_space,
                  absl::flat_hash_set<std::string>& names) {
    if (!e.is_object()) {
      AddError(ExpectedGot("a field object", ToJsonValue(e)));
      return;
    }
    Attributes attributes = ReadAttributes(AsObject(e));
    Field field;
    if (std::optional<dom::element> name = attributes.Get("name"); !name) {
      AddError(MissingAttribute("name"));
    } else if (!name->is_string()) {
      AddErrorAt("name", ExpectedGot("a field name string", ToJsonValue(*name)));
    } else {
      field.name = std::string(name->get_string().value_unsafe());
      if (!IsValidName(field.name)) {
        AddErrorAt("name", InvalidValue("field name", field.name, kNameRule));
      } else if (!names.insert(field.name).second) {
        AddErrorAt("name", Duplicate("field name", field.name));
      }
    }
    if (std::optional<dom::element> type = attributes.Get("type"); !type) {
      AddError(MissingAttribute("type"));
    } else {
      auto scope = path_.Member("type");
      field.type_node = ParseType(*type, name_space);
    }
    if (std::optional<dom::element> value = attributes.Get("default")) {
      field.default_value = ToJsonValue(*value);
      auto scope = path_.Member("default");
      pending_defaults_.push_back({record, record->fields().size(), path_.str()});
    }
    if (std::optional<std::string_view> order = OptionalString(attributes, "order")) {
      if (std::optional<FieldOrder> known = FieldOrderFromName(*order)) {
        field.order = *known;
      } else {
        AddErrorAt("order", InvalidValue("order", *order,
                                         R"(expected "ascending", "descending" or "ignore")"));
      }
    }
    for (std::string_view alias : Aliases(attributes, AliasForm::kSimpleName)) {
      field.aliases.emplace_back(alias);
    }
    field.doc = Doc(attributes);
    field.properties = attributes.Unreserved(kFieldAttributes);
    SchemaBuilder::Edit(record).fields.push_back(std::move(field));
  }

  // A field alias that is another field's name or alias would make resolution ambiguous.
  void CheckFieldAliases(const std::vector<Field>& fields) {
    absl::flat_hash_map<std::string_view, size_t> owner;
    for (size_t i = 0; i < fields.size(); ++i) owner.try_emplace(fields[i].name, i);
    for (size_t i = 0; i < fields.size(); ++i) {
      for (size_t a = 0; a < fields[i].aliases.size(); ++a) {
        auto [it, inserted] = owner.try_emplace(fields[i].aliases[a], i);
        if (!inserted && it->second != i) {
          auto scope = path_.Index(i);
          AddErrorAtItem("aliases", a, Duplicate("field alias", fields[i].aliases[a]));
        }
      }
    }
  }

  Node* ParseEnum(const Attributes& attributes, std::string_view enclosing_namespace) {
    Node* node = builder_.NewNode(Kind::kEnum);
    ParseNamedHeader(node, attributes, enclosing_namespace);
    NodeData& data = SchemaBuilder::Edit(node);
    data.properties = attributes.Unreserved(kEnumAttributes);
    if (!attributes.GetOptional("symbols")) AddError(MissingAttribute("symbols"));
    absl::flat_hash_set<std::string_view> seen;
    for (const auto& [i, symbol] : OptionalStrings(attributes, "symbols")) {
      if (!IsValidName(symbol)) {
        AddErrorAtItem("symbols", i, InvalidValue("enum symbol", symbol, kNameRule));
      } else if (!seen.insert(symbol).second) {
        AddErrorAtItem("symbols", i, Duplicate("enum symbol", symbol));
      }
      data.symbols.emplace_back(symbol);
    }
    if (std::optional<std::string_view> symbol = OptionalString(attributes, "default")) {
      if (!seen.contains(*symbol)) {
        AddErrorAt("default", InvalidValue("enum default", *symbol, "not one of the symbols"));
      }
      data.enum_default = std::string(*symbol);
    }
    return node;
  }

  Node* ParseFixed(const Attributes& attributes, std::string_view enclosing_namespace) {
    Node* node = builder_.NewNode(Kind::kFixed);
    ParseNamedHeader(node, attributes, enclosing_namespace);
    NodeData& data = SchemaBuilder::Edit(node);
    data.properties = attributes.Unreserved(kFixedAttributes);
    std::optional<dom::element> size = attributes.Get("size");
    if (!size) {
      AddError(MissingAttribute("size"));
      return node;
    }
    if (std::optional<int64_t> bytes = FixedSize(*size)) {
      data.fixed_size = *bytes;
    } else {
      AddErrorAt("size", ExpectedGot("an integer size from 0 to 2147483647", ToJsonValue(*size)));
    }
    return node;
  }

  // A JSON integer, or (per the canonical form's INTEGERS rule) a quoted one, within int32.
  static std::optional<int64_t> FixedSize(dom::element size) {
    int64_t value = -1;
    if (size.is_int64()) {
      value = size.get_int64().value_unsafe();
    } else if (size.is_string()) {
      const std::string_view text = size.get_string().value_unsafe();
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty() ||
          text.front() == '-') {
        return std::nullopt;
      }
    }
    if (value < 0 || value > std::numeric_limits<int32_t>::max()) return std::nullopt;
    return value;
  }

  void CheckPendingDefaults() {
    for (const PendingDefault& pending : pending_defaults_) {
      const Field& field = pending.record->fields()[pending.field];
      JsonPath path(pending.path);
      std::vector<SchemaError> errors;
      CheckDefaultValue(field.type(), *field.default_value, path, errors);
      for (SchemaError& error : errors) {
        if (errors_.size() >= kMaxErrors) break;
        errors_.push_back(std::move(error));
      }
    }
  }

  SchemaBuilder builder_;
  JsonPath path_;
  std::vector<SchemaError> errors_;
  std::vector<PendingDefault> pending_defaults_;
};

}  // namespace

SchemaParseResult ParseSchemaCollectingErrors(std::string_view json) {
  return Parser().Parse(json);
}

absl::StatusOr<Schema> ParseSchema(std::string_view json) {
  SchemaParseResult result = ParseSchemaCollectingErrors(json);
  if (!result.errors.empty()) return SchemaErrorsToStatus(result.errors);
  return std::move(*result.schema);
}

}  // namespace causeway::avro
