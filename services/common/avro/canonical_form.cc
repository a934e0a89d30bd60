#include "common/avro/canonical_form.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace causeway::avro {
namespace {

class CanonicalWriter {
 public:
  explicit CanonicalWriter(std::string& out) : out_(out) {}

  void Write(const Node& node) {
    if (IsPrimitive(node.kind())) {
      Quoted(KindName(node.kind()));
      return;
    }
    switch (node.kind()) {
      case Kind::kRecord:
      case Kind::kEnum:
      case Kind::kFixed:
        WriteNamed(node);
        return;
      case Kind::kArray:
        out_ += R"({"type":"array","items":)";
        Write(node.items());
        out_ += '}';
        return;
      case Kind::kMap:
        out_ += R"({"type":"map","values":)";
        Write(node.values());
        out_ += '}';
        return;
      case Kind::kUnion:
        out_ += '[';
        for (size_t i = 0; i < node.branches().size(); ++i) {
          if (i > 0) out_ += ',';
          Write(*node.branches()[i]);
        }
        out_ += ']';
        return;
      default:
        return;
    }
  }

 private:
  void WriteNamed(const Node& node) {
    if (!written_.insert(&node).second) {
      Quoted(node.full_name());
      return;
    }
    out_ += R"({"name":)";
    Quoted(node.full_name());
    out_ += R"(,"type":)";
    Quoted(KindName(node.kind()));
    switch (node.kind()) {
      case Kind::kRecord:
        out_ += R"(,"fields":[)";
        for (const Field& field : node.fields()) {
          if (field.position > 0) out_ += ',';
          out_ += R"({"name":)";
          Quoted(field.name);
          out_ += R"(,"type":)";
          Write(field.type());
          out_ += '}';
        }
        out_ += ']';
        break;
      case Kind::kEnum:
        out_ += R"(,"symbols":[)";
        for (size_t i = 0; i < node.symbols().size(); ++i) {
          if (i > 0) out_ += ',';
          Quoted(node.symbols()[i]);
        }
        out_ += ']';
        break;
      case Kind::kFixed:
        absl::StrAppend(&out_, R"(,"size":)", node.fixed_size());
        break;
      default:
        break;
    }
    out_ += '}';
  }

  void Quoted(std::string_view s) { AppendJsonString(out_, s); }

  std::string& out_;
  // Named types already written in full; later occurrences are written as their fullname.
  absl::flat_hash_set<const Node*> written_;
};

}  // namespace

std::string CanonicalForm(const Node& root) {
  std::string out;
  CanonicalWriter(out).Write(root);
  return out;
}

std::string CanonicalForm(const Schema& schema) { return CanonicalForm(schema.root()); }

}  // namespace causeway::avro
