#pragma once
// A JSONPath-like location ("$.fields[2].type") built up while recursing through a document and
// unwound on the way back, so that every error can say where it is without each level passing
// strings around.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace causeway::avro {

class JsonPath {
 public:
  // Removes the segment it was created for when it goes out of scope.
  class [[nodiscard]] Scope {
   public:
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() { path_.text_.resize(length_before_); }

   private:
    friend class JsonPath;
    Scope(JsonPath& path, size_t length_before) : path_(path), length_before_(length_before) {}
    JsonPath& path_;
    size_t length_before_;
  };

  JsonPath() : text_("$") {}
  // Continues from a location recorded earlier (a str() of another JsonPath).
  explicit JsonPath(std::string start) : text_(std::move(start)) {}

  // ".name", or `["na me"]` when the key is not a plain identifier.
  Scope Member(std::string_view key);
  // "[index]".
  Scope Index(size_t index);

  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

}  // namespace causeway::avro
