#pragma once
// The routes of one HTTP port: method + path pattern -> what the server must know before it
// reads a body (who may send it, how large it may be) and the handler that answers it.
//
// Threads: routes are added before the server starts and only read afterwards.
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "common/server/http_message.h"

namespace causeway {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
// Runs once the headers are in and before any body byte is read (the request's body is empty):
// a response refuses the request there (e.g. 401 without credentials), so that an
// unauthenticated client cannot make the server read, let alone buffer, its body.
using HttpGate = std::function<std::optional<HttpResponse>(const HttpRequest&)>;

// Where a handler runs. kInline: on the server's event thread, for answers that take
// microseconds and must come even when every worker is busy (/metrics, /healthz, /readyz).
// kWorker: on the bounded worker pool, for handlers that block (a publish waits for Kafka) or
// compute (schema checks); only requests whose whole body has arrived are dispatched.
enum class HttpDispatch { kInline, kWorker };

struct HttpRoute {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // ECMAScript regex matched against the whole path; groups -> matches
  HttpHandler handler;
  HttpGate gate;                        // none: anyone may send the body
  size_t max_body_bytes = 0;            // larger bodies are refused with 413; 0 = no body
  HttpDispatch dispatch = HttpDispatch::kWorker;
};

class HttpRouter {
 public:
  void Add(HttpRoute route);
  void Get(std::string pattern, HttpHandler handler,
           HttpDispatch dispatch = HttpDispatch::kWorker);

  enum class Miss { kNone, kNoPath, kNoMethod };
  // The route for `method` and `path` with its capture groups in `matches`, or null and why.
  const HttpRoute* Match(const std::string& method, const std::string& path,
                         std::vector<std::string>* matches, Miss* miss) const;

 private:
  struct Compiled {
    HttpRoute route;
    std::regex regex;
  };
  std::vector<Compiled> routes_;
};

}  // namespace causeway
