#pragma once
// Where in a value a fault is: `$.items[3].name`, `$.tags["k"]`. Segments are pushed and popped
// while walking a value and rendered as text only when a fault is reported, so that walking a
// valid value costs no string building.
//
// Segments hold views: of field names (owned by the schema) and of keys (owned by the document
// being walked), which must outlive the path's use.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace causeway::codec {

class ValuePath {
 public:
  // Pops the segment it was created for when it goes out of scope.
  class [[nodiscard]] Scope {
   public:
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() { --path_.size_; }

   private:
    friend class ValuePath;
    explicit Scope(ValuePath& path) : path_(path) {}
    ValuePath& path_;
  };

  // A record field or an object member: `.name`, or `["na me"]` when not an identifier.
  Scope Member(std::string_view name) { return Push(Segment::kMember, name, 0); }
  // A map key, always bracketed: `["k"]`.
  Scope Key(std::string_view key) { return Push(Segment::kKey, key, 0); }
  // An array item: `[3]`.
  Scope Index(size_t index) { return Push(Segment::kIndex, {}, index); }

  void Clear() { size_ = 0; }
  // "$" followed by the segments.
  std::string ToString() const;

 private:
  struct Segment {
    enum Kind : unsigned char { kMember, kKey, kIndex };
    Kind kind = kMember;
    std::string_view name;
    size_t index = 0;
  };

  // Called for every value walked, so kept to a store and an increment: the segments' storage
  // only grows.
  Scope Push(Segment::Kind kind, std::string_view name, size_t index) {
    if (size_ == segments_.size()) segments_.resize(segments_.size() * 2 + 16);
    segments_[size_++] = {kind, name, index};
    return Scope(*this);
  }

  std::vector<Segment> segments_;
  size_t size_ = 0;  // segments_[0, size_) are the path
};

}  // namespace causeway::codec
