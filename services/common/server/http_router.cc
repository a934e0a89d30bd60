#include "common/server/http_router.h"

namespace causeway {

void HttpRouter::Add(HttpRoute route) {
  std::regex regex(route.pattern, std::regex::ECMAScript | std::regex::optimize);
  routes_.push_back({std::move(route), std::move(regex)});
}

void HttpRouter::Get(std::string pattern, HttpHandler handler, HttpDispatch dispatch) {
  Add({.method = "GET", .pattern = std::move(pattern), .handler = std::move(handler),
       .dispatch = dispatch});
}

const HttpRoute* HttpRouter::Match(const std::string& method, const std::string& path,
                                   std::vector<std::string>* matches, Miss* miss) const {
  *miss = Miss::kNoPath;
  std::smatch m;
  for (const Compiled& c : routes_) {
    if (!std::regex_match(path, m, c.regex)) continue;
    if (c.route.method != method) {
      *miss = Miss::kNoMethod;
      continue;
    }
    matches->assign(m.begin(), m.end());
    *miss = Miss::kNone;
    return &c.route;
  }
  return nullptr;
}

}  // namespace causeway
