#include "relay/server/curl_dispatcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "relay/server/address_guard.h"
#include "relay/server/curl_outcome.h"

namespace causeway::relay {
namespace {

using Clock = std::chrono::steady_clock;

// A Retry-After longer than this is not a date nor a number of seconds anyone sends; kept short
// so that a hostile endpoint cannot make the result large.
constexpr size_t kMaxRetryAfterBytes = 128;

void GlobalInitOnce() {
  // curl_global_init is not safe to race; once per process, before the first multi handle.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
}

HttpResult Stopped() {
  HttpResult r;
  r.transport = Transport::kFailed;
  r.error = "dispatcher stopped";
  return r;
}

HttpResult QueueFull() {
  HttpResult r;
  r.transport = Transport::kFailed;
  r.error = "dispatcher queue full";
  return r;
}

absl::Duration Since(Clock::time_point start) {
  return absl::FromChrono(Clock::now() - start);
}

// "" when the header may be sent; else why not. libcurl sends custom header lines as given, so a
// value carrying CR or LF (an event key in ce-subject, say) would add header lines of its own, and
// a NUL would cut it short.
std::string HeaderProblem(const std::string& name, const std::string& value) {
  if (name.empty()) return "a header without a name";
  for (char c : name) {
    if (c <= ' ' || c == ':' || c == 0x7f) {
      return absl::StrCat("header name \"", name, "\" is not a token");
    }
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return absl::StrCat("header ", name, ": a line break or NUL in its value");
    }
  }
  return "";
}

}  // namespace

// One request from Send to its result. Owned by queued_, then by active_ (the loop thread).
struct CurlDispatcher::Transfer {
  HttpRequest request;
  Done done;
  Clock::time_point sent = Clock::now();
  size_t max_body = 0;

  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body_prefix;   // at most max_body bytes of the response body
  std::string retry_after;   // of the last response's headers
  bool address_refused = false;
  std::string refused_address;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
  }

  static size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (t->body_prefix.size() < t->max_body) {
      t->body_prefix.append(data, std::min(n, t->max_body - t->body_prefix.size()));
    }
    return n;  // the rest is read and dropped
  }

  static size_t HeaderLine(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    const absl::string_view line(data, n);
    if (absl::StartsWith(line, "HTTP/")) {
      // A new response (after a 1xx, say): its headers replace the previous ones.
      t->retry_after.clear();
    } else if (absl::StartsWithIgnoreCase(line, "retry-after:")) {
      absl::string_view value = absl::StripAsciiWhitespace(line.substr(12));
      t->retry_after = std::string(value.substr(0, kMaxRetryAfterBytes));
    }
    return n;
  }

  static curl_socket_t OpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->request.allow_private_address && IsPrivateOrLocal(&address->addr)) {
      t->address_refused = true;
      char text[64] = {};
      const void* in = address->family == AF_INET6
                           ? static_cast<const void*>(
                                 &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr)
                           : &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr;
      if (inet_ntop(address->family, in, text, sizeof text) != nullptr) t->refused_address = text;
      return CURL_SOCKET_BAD;  // curl tries the endpoint's next address, if any
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  }

  // Also runs for a reused connection, whose socket was opened for another request.
  static int BeforeRequest(void* user, char* primary_ip, char* local_ip, int primary_port,
                           int local_port) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->request.allow_private_address && IsPrivateOrLocalText(primary_ip)) {
      t->address_refused = true;
      t->refused_address = primary_ip;
      return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
  }
};

absl::StatusOr<std::unique_ptr<CurlDispatcher>> CurlDispatcher::Start(
    CurlDispatcherOptions options) {
  GlobalInitOnce();
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return absl::InternalError("curl_multi_init failed");
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections);
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections);
  curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  std::unique_ptr<CurlDispatcher> d(new CurlDispatcher(std::move(options), multi));
  d->thread_ = std::thread([raw = d.get()] { raw->Loop(); });
  return d;
}

CurlDispatcher::CurlDispatcher(CurlDispatcherOptions options, void* multi)
    : options_(std::move(options)), multi_(multi) {}

CurlDispatcher::~CurlDispatcher() {
  Stop();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void CurlDispatcher::Stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      curl_multi_wakeup(static_cast<CURLM*>(multi_));
    }
    if (thread_.joinable()) thread_.join();
  });
}

void CurlDispatcher::Send(HttpRequest request, Done done) {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) {
    lock.unlock();
    done(Stopped());
    return;
  }
  // One wakeup per batch: if something is already queued, the loop has been woken for it and
  // has not taken the queue yet (it takes everything at once), so it will see this one too.
  const bool wake = queued_.empty() && refused_.empty();
  if (pending_.load(std::memory_order_relaxed) >= options_.max_pending) {
    refused_.push_back(std::move(done));
  } else {
    pending_.fetch_add(1, std::memory_order_relaxed);
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->done = std::move(done);
    t->max_body = options_.max_error_body_bytes;
    queued_.push_back(std::move(t));
  }
  // Under mu_: Stop() cleans the multi handle up only after taking mu_ and joining.
  if (wake) curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void CurlDispatcher::Loop() {
  auto* multi = static_cast<CURLM*>(multi_);
  std::vector<std::unique_ptr<Transfer>> batch;
  std::vector<Done> refused;
  for (;;) {
    bool stop;
    {
      std::lock_guard<std::mutex> lock(mu_);
      batch.swap(queued_);
      refused.swap(refused_);
      stop = stopping_;
    }
    for (Done& done : refused) done(QueueFull());
    refused.clear();
    if (stop) {
      for (auto& t : batch) Finish(std::move(t), Stopped());
      break;
    }
    for (auto& t : batch) Begin(std::move(t));
    batch.clear();
    int running = 0;
    curl_multi_perform(multi, &running);
    Reap();
    // Wakes for socket activity, libcurl's own timers (capped at 1 s) or curl_multi_wakeup.
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  for (auto& [easy, t] : active_) {
    curl_multi_remove_handle(multi, static_cast<CURL*>(easy));
    Finish(std::move(t), Stopped());
  }
  active_.clear();
  for (CURL* easy : idle_easy_) curl_easy_cleanup(easy);
  idle_easy_.clear();
}

void CurlDispatcher::Begin(std::unique_ptr<Transfer> t) {
  CURL* easy = nullptr;
  if (!idle_easy_.empty()) {
    easy = idle_easy_.back();
    idle_easy_.pop_back();
  } else {
    easy = curl_easy_init();
  }
  if (easy == nullptr) return Finish(std::move(t), [] {
    HttpResult r;
    r.error = "curl_easy_init failed";
    return r;
  }());
  t->easy = easy;
  const HttpRequest& req = t->request;
  for (const auto& [name, value] : req.headers) {
    if (std::string problem = HeaderProblem(name, value); !problem.empty()) {
      HttpResult r;
      r.error = std::move(problem);
      return Finish(std::move(t), std::move(r));
    }
    // "name;" is libcurl's way of sending a header with an empty value.
    const std::string line = value.empty() ? absl::StrCat(name, ";") : absl::StrCat(name, ": ", value);
    t->headers = curl_slist_append(t->headers, line.c_str());
  }
  t->headers = curl_slist_append(t->headers, "Expect:");

  curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
  curl_easy_setopt(easy, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_PROXY, "");  // no proxy from the environment
  curl_easy_setopt(easy, CURLOPT_POST, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "causeway-relay");
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2TLS});
  // Over TLS, wait for a connection being set up to say whether it multiplexes (HTTP/2) rather
  // than opening one connection per request.
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, absl::StartsWithIgnoreCase(req.url, "https:") ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(1, absl::ToInt64Milliseconds(req.timeout))));
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::WriteBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::HeaderLine);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Transfer::OpenSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &Transfer::BeforeRequest);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, t.get());

  const CURLMcode added = curl_multi_add_handle(static_cast<CURLM*>(multi_), easy);
  if (added != CURLM_OK) {
    HttpResult r;
    r.error = absl::StrCat("curl_multi_add_handle: ", curl_multi_strerror(added));
    return Finish(std::move(t), std::move(r));
  }
  active_.emplace(easy, std::move(t));
}

void CurlDispatcher::Reap() {
  auto* multi = static_cast<CURLM*>(multi_);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    // `msg` is libcurl's until the handle is removed: copy first.
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;
    auto it = active_.find(easy);
    if (it == active_.end()) continue;
    std::unique_ptr<Transfer> t = std::move(it->second);
    active_.erase(it);
    curl_multi_remove_handle(multi, easy);

    HttpResult r;
    r.transport = TransportOf(code, t->address_refused);
    if (r.transport == Transport::kCompleted) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      r.status = static_cast<int>(status);
      r.retry_after = std::move(t->retry_after);
      if (status < 200 || status > 299) r.error = std::move(t->body_prefix);
    } else if (r.transport == Transport::kAddressRefused) {
      r.error = absl::StrCat("refused to connect to ", t->refused_address,
                             ": a private, loopback or link-local address, and the request may "
                             "not reach one");
    } else {
      r.error = t->error[0] != '\0' ? std::string(t->error) : curl_easy_strerror(code);
    }
    Finish(std::move(t), std::move(r));
  }
}

void CurlDispatcher::Finish(std::unique_ptr<Transfer> t, HttpResult result) {
  result.latency = Since(t->sent);
  Done done = std::move(t->done);
  if (t->easy != nullptr && idle_easy_.size() < kMaxIdleEasyHandles) {
    curl_easy_reset(t->easy);  // back to defaults; the connection stays in the multi's cache
    idle_easy_.push_back(t->easy);
    t->easy = nullptr;
  }
  t.reset();
  pending_.fetch_sub(1, std::memory_order_relaxed);
  done(std::move(result));
}

}  // namespace causeway::relay
