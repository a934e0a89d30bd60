#include "common/avro/schema_bounds.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/avro/json_path.h"

namespace causeway::avro {
namespace {

absl::Status Exceeds(absl::string_view path, absl::string_view what, size_t bound,
                     absl::string_view unit) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": ", what, " exceeds the bound of ", bound, " ", unit));
}

// What a type amounts to once written out: its types (named ones counted at every use) and the
// levels of records, arrays and maps it nests.
struct Shape {
  uint64_t types = 0;
  size_t height = 0;
};

// One depth-first walk from the root that measures each named type once and reuses the result at
// every later use, so that a DAG costs its number of nodes, not its expansion. The walk stops at
// the first bound exceeded; since depth is checked on the way down it never recurses more than
// about 2 * max_depth frames (a union adds a frame but no level).
class ShapeWalker {
 public:
  explicit ShapeWalker(const SchemaBounds& bounds) : bounds_(bounds) {}

  absl::Status Check(const Node& root) {
    Walk(root, 0);
    return status_;
  }

 private:
  Shape Walk(const Node& node, size_t depth) {
    if (!status_.ok()) return {};
    const bool named = IsNamed(node.kind());
    if (named) {
      if (auto it = measured_.find(&node); it != measured_.end()) {
        const Measured& measured = it->second;
        if (!measured.done) return {1, 0};  // a recursive reference: data decides how deep
        if (depth + measured.shape.height > bounds_.max_depth) {
          FailDepth(depth + measured.shape.height);
        }
        return measured.shape;
      }
      measured_[&node] = {};
    }
    Shape shape = Children(node, depth);
    shape.types = std::min<uint64_t>(shape.types + 1, kSaturated);
    if (status_.ok() && shape.types > bounds_.max_expanded_types) {
      status_ = Exceeds(path_.str(),
                        absl::StrCat(named ? absl::StrCat("type \"", node.full_name(), "\"")
                                           : std::string(KindName(node.kind())),
                                     " expanded (each use of a named type written out in full) "
                                     "to ",
                                     shape.types, " types"),
                        bounds_.max_expanded_types, "types");
    }
    if (named) measured_[&node] = {shape, true};
    return shape;
  }

  // The shape below `node`, without `node` itself as a type.
  Shape Children(const Node& node, size_t depth) {
    const bool nests = node.kind() == Kind::kRecord || node.kind() == Kind::kArray ||
                       node.kind() == Kind::kMap;
    if (nests && depth + 1 > bounds_.max_depth) {
      FailDepth(depth + 1);
      return {};
    }
    const size_t below = nests ? depth + 1 : depth;
    Shape total;
    auto add = [&](const Node& child) {
      const Shape shape = Walk(child, below);
      total.types = std::min<uint64_t>(total.types + shape.types, kSaturated);
      total.height = std::max(total.height, shape.height);
    };
    switch (node.kind()) {
      case Kind::kRecord:
        for (const Field& field : node.fields()) {
          auto fields = path_.Member("fields");
          auto name = path_.Member(field.name);
          add(field.type());
        }
        break;
      case Kind::kArray: {
        auto scope = path_.Member("items");
        add(node.items());
        break;
      }
      case Kind::kMap: {
        auto scope = path_.Member("values");
        add(node.values());
        break;
      }
      case Kind::kUnion:
        for (size_t i = 0; i < node.branches().size(); ++i) {
          auto scope = path_.Index(i);
          add(*node.branches()[i]);
        }
        break;
      default:
        break;
    }
    if (nests) ++total.height;
    return total;
  }

  void FailDepth(size_t depth) {
    if (!status_.ok()) return;
    status_ = Exceeds(path_.str(),
                      absl::StrCat("nesting of ", depth, " levels of records, arrays and maps"),
                      bounds_.max_depth, "levels");
  }

  struct Measured {
    Shape shape;
    bool done = false;  // false while the type is being walked: a reference to it is recursive
  };

  // Counts stop growing here rather than overflow; any bound is far below.
  static constexpr uint64_t kSaturated = uint64_t{1} << 62;

  const SchemaBounds& bounds_;
  absl::flat_hash_map<const Node*, Measured> measured_;
  JsonPath path_;
  absl::Status status_;
};

}  // namespace

absl::Status CheckSchemaTextSize(std::string_view text, const SchemaBounds& bounds) {
  if (text.size() <= bounds.max_text_bytes) return absl::OkStatus();
  return Exceeds("$", absl::StrCat("schema text of ", text.size(), " bytes"),
                 bounds.max_text_bytes, "bytes");
}

absl::Status CheckSchemaBounds(const Schema& schema, const SchemaBounds& bounds) {
  size_t fields = 0;
  for (const Node* named : schema.named_types()) fields += named->fields().size();
  if (fields > bounds.max_fields) {
    return Exceeds("$", absl::StrCat(fields, " fields in all records"), bounds.max_fields,
                   "fields");
  }
  return ShapeWalker(bounds).Check(schema.root());
}

}  // namespace causeway::avro
