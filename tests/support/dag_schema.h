#pragma once
// A hostile schema shaped as a DAG, shared by the unit tests of the Avro core and the gateway's
// core and by the hostile integration tests (issue 10): a few kilobytes of text whose types,
// written out where they are used, double at every level.
//
//   R0 {v: <leaf>}            R<i> {a: R<i-1>, b: R<i-1>}      (each field defaults to {})
//   Dag {defs: ["null", R0, ..., R<k>] = null,  top: R<k> = {},  list: array<R<k>> = []}
//
// The definitions sit side by side in one union, so the text nests only a few levels whatever
// k is. `top` defaults to a value of 2^k leaves. Without `top`, a datum of `Dag` takes 2 bytes
// however large k is (`defs` null, `list` empty).
#include <string>
#include <string_view>

namespace causeway::test_support {

enum class DagTop : bool { kWithout, kWith };

// `leaf` is a type with a default for it, such as R"("int", "default": 0)" or
// R"("null", "default": null)".
inline std::string DagSchema(int k, std::string_view leaf = R"("int", "default": 0)",
                             DagTop with_top = DagTop::kWith) {
  std::string defs = R"({"type": "record", "name": "R0", "fields": [{"name": "v", "type": )";
  defs.append(leaf).append("}]}");
  for (int i = 1; i <= k; ++i) {
    const std::string below = "R" + std::to_string(i - 1);
    defs += R"(, {"type": "record", "name": "R)" + std::to_string(i) +
            R"(", "fields": [{"name": "a", "type": ")" + below +
            R"(", "default": {}}, {"name": "b", "type": ")" + below + R"(", "default": {}}]})";
  }
  const std::string top = "R" + std::to_string(k);
  const std::string top_field =
      with_top == DagTop::kWith ? R"({"name": "top", "type": ")" + top + R"(", "default": {}}, )"
                                : "";
  return R"({"type": "record", "name": "Dag", "fields": [)"
         R"({"name": "defs", "type": ["null", )" + defs + R"(], "default": null}, )" + top_field +
         R"({"name": "list", "type": {"type": "array", "items": ")" + top +
         R"("}, "default": []}]})";
}

}  // namespace causeway::test_support
