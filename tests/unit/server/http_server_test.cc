// The HTTP port's bounds, observed by raw and libcurl clients on loopback in-process: bodies are
// counted before they are kept, refusals come before the body is read, workers are bounded, slow
// requests are cut, and every refusal of the server's own is JSON.
#include "common/server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "support/http_client.h"
#include "support/raw_http_client.h"

namespace causeway {
namespace {

using testing::BodyOf;
using testing::RawConnection;
using testing::StatusOf;

constexpr size_t kMaxBody = 64 << 10;

class HttpServerTest : public ::testing::Test {
 protected:
  void Serve(HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(TlsFiles{}, options);
    server_->routes().Add({.method = "POST",
                           .pattern = "/echo/([a-z]+)",
                           .handler =
                               [this](const HttpRequest& req) {
                                 ++handled_;
                                 return HttpResponse{200, "text/plain",
                                                     absl::StrCat(req.matches[1], ":",
                                                                  req.body.size())};
                               },
                           .max_body_bytes = kMaxBody});
    server_->routes().Add({.method = "POST",
                           .pattern = "/private",
                           .handler = [this](const HttpRequest&) {
                             ++handled_;
                             return HttpResponse{200, "text/plain", "secret"};
                           },
                           .gate = [](const HttpRequest& req) -> std::optional<HttpResponse> {
                             if (req.Header("Authorization") == "Bearer ok") return std::nullopt;
                             return HttpResponse::Json(401, R"({"message":"who are you"})");
                           },
                           .max_body_bytes = 100 << 20});
    server_->routes().Add({.method = "POST",
                           .pattern = "/block",
                           .handler = [this](const HttpRequest&) {
                             std::unique_lock lock(mu_);
                             ++blocked_;
                             cv_.notify_all();
                             cv_.wait(lock, [this] { return released_; });
                             return HttpResponse{200, "text/plain", "released"};
                           }});
    ASSERT_TRUE(server_->Start("127.0.0.1:0").ok());
  }
  void TearDown() override {
    Release();
    server_.reset();
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", server_->port(), path);
  }
  static std::string Head(const std::string& path, const std::string& headers) {
    return absl::StrCat("POST ", path, " HTTP/1.1\r\nHost: t\r\n", headers, "\r\n");
  }

  std::unique_ptr<HttpServer> server_;
  std::atomic<int> handled_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  int blocked_ = 0;
  bool released_ = false;
};

TEST_F(HttpServerTest, FormContentTypeBodyIsReadWholeAsTheBody) {
  Serve();
  const std::string body(9 << 10, 'x');
  auto reply = testing::HttpPost(Url("/echo/form"), body,
                                 {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(reply.status, 200) << reply.error;
  EXPECT_EQ(reply.body, absl::StrCat("form:", body.size()));
}

TEST_F(HttpServerTest, ContentLengthOverTheMaximumIs413BeforeTheBody) {
  Serve();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send(Head("/echo/a", absl::StrCat("Content-Length: ", kMaxBody + 1, "\r\n"))));
  const std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 413) << response;
  EXPECT_EQ(BodyOf(response), absl::StrCat(R"({"code":3,"message":"body: larger than )", kMaxBody,
                                           R"( bytes"})"));
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, ChunkedBodyOverTheMaximumIs413) {
  Serve();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send(Head("/echo/a", "Transfer-Encoding: chunked\r\n")));
  const std::string chunk = absl::StrCat("4000\r\n", std::string(0x4000, 'y'), "\r\n");
  for (size_t sent = 0; sent <= 2 * kMaxBody; sent += 0x4000) ASSERT_TRUE(c.Send(chunk));
  ASSERT_TRUE(c.Send("0\r\n\r\n"));
  const std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 413) << response;
  EXPECT_NE(BodyOf(response).find("larger than"), std::string::npos);
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, ChunkedBodyWithinTheMaximumIsRead) {
  Serve();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send(Head("/echo/b", "Transfer-Encoding: chunked\r\n")));
  ASSERT_TRUE(c.Send("5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"));
  const std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 200) << response;
  EXPECT_EQ(BodyOf(response), "b:8");
}

TEST_F(HttpServerTest, CompressedBodiesAre415) {
  Serve();
  auto reply = testing::HttpPost(Url("/echo/a"), "x", {"Content-Encoding: gzip"});
  EXPECT_EQ(reply.status, 415);
  EXPECT_NE(reply.body.find(R"("message":"Content-Encoding: only identity is accepted)"),
            std::string::npos)
      << reply.body;
  EXPECT_EQ(testing::HttpPost(Url("/echo/a"), "x", {"Content-Encoding: identity"}).status, 200);
}

TEST_F(HttpServerTest, GateRefusesBeforeTheBodyIsRead) {
  Serve();
  // A 100 MB body the client would send: it can only write what the socket buffers hold.
  RawConnection c(server_->port(), 64 << 10);
  ASSERT_TRUE(c.Send(Head("/private", "Content-Length: 100000000\r\n")));
  const size_t sent = c.SendUntilStalled(std::string(100000000, 'z'), absl::Milliseconds(500));
  const std::string response = c.ReadResponse();
  EXPECT_EQ(StatusOf(response), 401) << response;
  EXPECT_EQ(BodyOf(response), R"({"message":"who are you"})");
  EXPECT_LT(sent, size_t{16} << 20) << "the server read the body";
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, UnknownPathsAndMethodsAreJson404And405) {
  Serve();
  auto missing = testing::HttpPost(Url("/nowhere"), "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"code":5,"message":"no resource at /nowhere"})");
  auto wrong = testing::HttpGet(Url("/echo/a"));
  EXPECT_EQ(wrong.status, 405);
  EXPECT_NE(wrong.body.find(R"("code":12)"), std::string::npos) << wrong.body;
}

TEST_F(HttpServerTest, FullWorkerQueueIs503WithRetryAfter) {
  HttpServerOptions options;
  options.worker_threads = 1;
  options.worker_queue = 1;
  Serve(options);
  RawConnection busy(server_->port()), queued(server_->port());
  ASSERT_TRUE(busy.Send(Head("/block", "Content-Length: 0\r\n")));
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return blocked_ == 1; });
  }
  ASSERT_TRUE(queued.Send(Head("/block", "Content-Length: 0\r\n")));
  absl::SleepFor(absl::Milliseconds(200));  // let it reach the queue
  auto refused = testing::HttpPost(Url("/block"), "");
  EXPECT_EQ(refused.status, 503);
  EXPECT_NE(refused.headers.find("Retry-After: 1"), std::string::npos) << refused.headers;
  EXPECT_NE(refused.body.find(R"("code":14)"), std::string::npos) << refused.body;
  Release();
  EXPECT_EQ(StatusOf(busy.ReadResponse()), 200);
  EXPECT_EQ(StatusOf(queued.ReadResponse()), 200);
}

TEST_F(HttpServerTest, RequestsStillArrivingAtTheDeadlineAreCut) {
  HttpServerOptions options;
  options.request_deadline = absl::Seconds(2);
  Serve(options);
  RawConnection slow_body(server_->port()), slow_headers(server_->port());
  ASSERT_TRUE(slow_body.Send(Head("/echo/a", "Content-Length: 1000\r\n")));
  ASSERT_TRUE(slow_headers.Send("POST /echo/a HTTP/1.1\r\n"));
  // Each drips a byte every 200 ms: never idle, never complete.
  bool body_open = true, headers_open = true;
  for (int i = 0; i < 40 && (body_open || headers_open); ++i) {
    body_open = body_open && slow_body.Send("b", absl::Seconds(1)) &&
                !slow_body.ClosedByServer(absl::Milliseconds(100));
    headers_open = headers_open && slow_headers.Send("X", absl::Seconds(1)) &&
                   !slow_headers.ClosedByServer(absl::Milliseconds(100));
  }
  EXPECT_FALSE(body_open);
  EXPECT_FALSE(headers_open);
  EXPECT_EQ(server_->requests_cut(), 2);
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, OversizedHeadersAreRefused) {
  Serve();
  RawConnection line(server_->port());
  line.Send(Head("/echo/a", absl::StrCat("X-Big: ", std::string(1 << 20, 'h'), "\r\n")));
  const std::string response = line.ReadResponse();
  EXPECT_TRUE(StatusOf(response) == 431 || StatusOf(response) == 413 || response.empty())
      << response.substr(0, 200);
  EXPECT_EQ(handled_, 0);
}

}  // namespace
}  // namespace causeway
