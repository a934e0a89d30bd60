#pragma once
// Just enough XML to read S3's answers (ListObjectsV2, ListMultipartUploads,
// InitiateMultipartUpload, CompleteMultipartUpload, Error) and to write CompleteMultipartUpload.
//
// Why not an XML library: none is among the project's fixed library choices, and S3's answers are
// a fixed, shallow vocabulary: every element read here is either a leaf holding text (Key, Size,
// UploadId, Code...) or a container (Contents, Upload) that never nests inside itself. So a scan
// for `<Name>` / `<Name attr...>` ... `</Name>` finds exactly the elements meant, and entity
// decoding (the five predefined entities and numeric character references) recovers the text.
// Not handled, because S3 never sends them in these answers: CDATA sections, comments inside
// elements, a container nested in an element of the same name. The input is bounded by the
// caller (S3Store's response bound), and the scan is linear.
//
// Pure. Threads: none.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace causeway::archiver {

// The raw (still escaped) inner text of every `name` element, in document order.
std::vector<absl::string_view> XmlElements(absl::string_view xml, absl::string_view name);

// The decoded text of the first `name` element, if any.
std::optional<std::string> XmlText(absl::string_view xml, absl::string_view name);

// Decodes &amp; &lt; &gt; &quot; &apos; &#N; &#xH; (UTF-8 out); anything else is kept as it is.
std::string XmlUnescape(absl::string_view text);

// Escapes & < > " ' for element text.
std::string XmlEscape(absl::string_view text);

}  // namespace causeway::archiver
