#include "common/avro/compatibility.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/avro/names.h"

namespace causeway::avro {
namespace {

// "int", `record "com.acme.Foo"`, `decimal(10,2) bytes`: how details name a type.
std::string Describe(const Node& node) {
  std::string text;
  if (node.logical_type() == LogicalType::kDecimal) {
    absl::StrAppend(&text, "decimal(", node.decimal().precision, ",", node.decimal().scale, ") ");
  }
  text += KindName(node.kind());
  if (IsNamed(node.kind())) text += absl::StrFormat(" \"%s\"", node.full_name());
  return text;
}

// Paths are shared by every pair below them, so they are stored as segments pointing at their
// parent and only spelled out when an incompatibility is reported. This keeps memory linear in
// the number of pairs even for deeply nested or mutually recursive schemas.
class PathArena {
 public:
  static constexpr size_t kRoot = 0;

  PathArena() { segments_.push_back({kRoot, "$"}); }

  size_t Append(size_t parent, std::string segment) {
    segments_.push_back({parent, std::move(segment)});
    return segments_.size() - 1;
  }

  std::string Spell(size_t index) const {
    std::vector<const std::string*> parts;
    for (size_t i = index;; i = segments_[i].parent) {
      parts.push_back(&segments_[i].text);
      if (i == kRoot) break;
    }
    std::string path;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += **it;
    return path;
  }

 private:
  struct Segment {
    size_t parent;
    std::string text;
  };
  std::vector<Segment> segments_;
};

// Walks pairs of (reader, writer) nodes with an explicit stack rather than recursion: two
// hostile recursive schemas can make the chain of distinct pairs very long. Reports go through
// the same stack as the pairs, so that they come out in the order of a depth-first walk.
class Checker {
 public:
  std::vector<Incompatibility> Run(const Node& reader, const Node& writer) {
    stack_.push_back({&reader, &writer, PathArena::kRoot, {}});
    while (!stack_.empty()) {
      Task task = std::move(stack_.back());
      stack_.pop_back();
      if (task.report) {
        task.report->path = paths_.Spell(task.path);
        found_.push_back(std::move(*task.report));
        continue;
      }
      if (!visited_.insert({task.reader, task.writer}).second) continue;
      const size_t first_child = stack_.size();
      CheckPair(*task.reader, *task.writer, task.path);
      // Children were pushed in schema order; reverse them so they are popped in that order.
      std::reverse(stack_.begin() + static_cast<std::ptrdiff_t>(first_child), stack_.end());
    }
    return std::move(found_);
  }

 private:
  // A pair to check, or (with `report`) an incompatibility to list when its turn comes.
  struct Task {
    const Node* reader;
    const Node* writer;
    size_t path;
    std::optional<Incompatibility> report;
  };

  void Visit(const Node& reader, const Node& writer, size_t path) {
    stack_.push_back({&reader, &writer, path, {}});
  }

  void Report(IncompatibilityKind kind, size_t path, std::string detail) {
    stack_.push_back({nullptr, nullptr, path, Incompatibility{kind, "", std::move(detail)}});
  }

  void CheckPair(const Node& reader, const Node& writer, size_t path) {
    if (writer.kind() == Kind::kUnion) return CheckWriterUnion(reader, writer, path);
    if (reader.kind() == Kind::kUnion) {
      if (std::optional<size_t> branch = ResolveUnionBranch(reader, writer)) {
        return Visit(*reader.branches()[*branch], writer, path);
      }
      return Report(IncompatibilityKind::kMissingUnionBranch, path,
                    absl::StrCat("reader's union has no branch for writer's ", Describe(writer)));
    }
    if (reader.kind() != writer.kind()) {
      if (IsPromotable(writer.kind(), reader.kind())) return;
      return Report(IncompatibilityKind::kTypeMismatch, path,
                    absl::StrCat("writer's ", Describe(writer), " cannot be read as ",
                                 Describe(reader)));
    }
    if (IsNamed(reader.kind()) && !NamesMatch(reader, writer)) {
      Report(IncompatibilityKind::kNameMismatch, path,
             absl::StrCat("writer's ", Describe(writer), " does not match reader's ",
                          Describe(reader), " by name or alias"));
    }
    switch (reader.kind()) {
      case Kind::kRecord:
        return CheckRecord(reader, writer, path);
      case Kind::kEnum:
        return CheckEnum(reader, writer, path);
      case Kind::kFixed:
        if (reader.fixed_size() != writer.fixed_size()) {
          Report(IncompatibilityKind::kFixedSizeMismatch, path,
                 absl::StrCat("writer's fixed has ", writer.fixed_size(),
                              " bytes, reader's has ", reader.fixed_size()));
        }
        return CheckDecimal(reader, writer, path);
      case Kind::kBytes:
        return CheckDecimal(reader, writer, path);
      case Kind::kArray:
        return Visit(reader.items(), writer.items(), paths_.Append(path, ".items"));
      case Kind::kMap:
        return Visit(reader.values(), writer.values(), paths_.Append(path, ".values"));
      default:
        return;  // the same primitive type
    }
  }

  // The writer may have written any branch, so each must be readable on its own.
  void CheckWriterUnion(const Node& reader, const Node& writer, size_t path) {
    for (size_t i = 0; i < writer.branches().size(); ++i) {
      Visit(reader, *writer.branches()[i], paths_.Append(path, absl::StrCat("[", i, "]")));
    }
  }

  void CheckRecord(const Node& reader, const Node& writer, size_t path) {
    for (const Field& field : reader.fields()) {
      const size_t field_path = paths_.Append(path, absl::StrCat(".fields.", field.name));
      if (const Field* written = FindWriterField(field, writer)) {
        Visit(field.type(), written->type(), field_path);
      } else if (!field.default_value.has_value()) {
        Report(IncompatibilityKind::kReaderFieldMissingDefault, field_path,
               "reader field has no default and the writer lacks it");
      }
    }
  }

  static const Field* FindWriterField(const Field& reader_field, const Node& writer) {
    if (const Field* f = writer.FindField(reader_field.name)) return f;
    for (const std::string& alias : reader_field.aliases) {
      if (const Field* f = writer.FindField(alias)) return f;
    }
    return nullptr;
  }

  void CheckEnum(const Node& reader, const Node& writer, size_t path) {
    if (reader.enum_default().has_value()) return;  // unknown symbols read as the default
    std::vector<std::string> missing;
    for (const std::string& symbol : writer.symbols()) {
      if (!reader.SymbolIndex(symbol).has_value()) missing.push_back(symbol);
    }
    if (missing.empty()) return;
    Report(IncompatibilityKind::kMissingEnumSymbols, path,
           absl::StrCat("reader's ", Describe(reader), " lacks writer's symbols ",
                        absl::StrJoin(missing, ", "), " and has no default"));
  }

  // The specification: two decimals match when their precision and scale do. A decimal read as
  // plain bytes (or the reverse) is left to the underlying types.
  void CheckDecimal(const Node& reader, const Node& writer, size_t path) {
    if (reader.logical_type() != LogicalType::kDecimal ||
        writer.logical_type() != LogicalType::kDecimal || reader.decimal() == writer.decimal()) {
      return;
    }
    Report(IncompatibilityKind::kDecimalMismatch, path,
           absl::StrCat("writer's ", Describe(writer), " cannot be read as ", Describe(reader)));
  }

  PathArena paths_;
  std::vector<Task> stack_;
  absl::flat_hash_set<std::pair<const Node*, const Node*>> visited_;
  std::vector<Incompatibility> found_;
};

}  // namespace

bool IsPromotable(Kind writer, Kind reader) {
  switch (writer) {
    case Kind::kInt:
      return reader == Kind::kLong || reader == Kind::kFloat || reader == Kind::kDouble;
    case Kind::kLong:
      return reader == Kind::kFloat || reader == Kind::kDouble;
    case Kind::kFloat:
      return reader == Kind::kDouble;
    case Kind::kString:
      return reader == Kind::kBytes;
    case Kind::kBytes:
      return reader == Kind::kString;
    default:
      return false;
  }
}

bool NamesMatch(const Node& reader, const Node& writer) {
  if (reader.name() == writer.name()) return true;
  for (const std::string& alias : reader.aliases()) {
    if (alias == writer.full_name() || UnqualifiedName(alias) == writer.name()) return true;
  }
  return false;
}

std::optional<size_t> ResolveUnionBranch(const Node& reader_union, const Node& writer) {
  const std::span<const Node* const> branches = reader_union.branches();
  auto first = [&](auto&& predicate) -> std::optional<size_t> {
    for (size_t i = 0; i < branches.size(); ++i) {
      if (predicate(*branches[i])) return i;
    }
    return std::nullopt;
  };
  if (auto exact = first([&](const Node& b) {
        return b.kind() == writer.kind() && b.full_name() == writer.full_name();
      })) {
    return exact;
  }
  if (IsNamed(writer.kind())) {
    if (auto named = first([&](const Node& b) {
          return b.kind() == writer.kind() && NamesMatch(b, writer);
        })) {
      return named;
    }
  }
  return first([&](const Node& b) { return IsPromotable(writer.kind(), b.kind()); });
}

std::vector<Incompatibility> CheckReaderWriter(const Node& reader, const Node& writer) {
  return Checker().Run(reader, writer);
}

std::vector<Incompatibility> CheckReaderWriter(const Schema& reader, const Schema& writer) {
  return CheckReaderWriter(reader.root(), writer.root());
}

}  // namespace causeway::avro
