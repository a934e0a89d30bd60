#include "authorization.h"

#include "absl/strings/str_cat.h"

namespace causeway::bench {

void Authorize(grpc::ClientContext& context, const std::string& token) {
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

}  // namespace causeway::bench
