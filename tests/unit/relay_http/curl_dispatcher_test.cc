// CurlDispatcher against a real HTTP endpoint on loopback (CallbackSink): what each kind of answer
// and failure becomes in HttpResult, the address guard, and that every request completes exactly
// once, also under concurrency, a full queue and Stop().
#include "relay/server/curl_dispatcher.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/callback_sink.h"
#include "support/subprocess.h"
#include "support/test_certificates.h"

namespace causeway::relay {
namespace {

using ::causeway::testing::CallbackSink;
using ::causeway::testing::SinkAnswer;
using ::testing::HasSubstr;

std::unique_ptr<CurlDispatcher> MakeDispatcher(CurlDispatcherOptions options = {}) {
  auto d = CurlDispatcher::Start(std::move(options));
  EXPECT_TRUE(d.ok()) << d.status();
  return *std::move(d);
}

std::unique_ptr<CallbackSink> MakeSink() {
  auto s = CallbackSink::Start();
  EXPECT_TRUE(s.ok()) << s.status();
  return *std::move(s);
}

// Loopback is private: tests of everything but the guard allow it.
HttpRequest Post(const std::string& url, const std::string& id = "evt-1") {
  HttpRequest r;
  r.url = url;
  r.headers = {{"content-type", "application/json"}, {"webhook-id", id}};
  r.body = R"({"first_name":"Paul","age":42})";
  r.timeout = absl::Seconds(5);
  r.allow_private_address = true;
  return r;
}

HttpResult SendAndWait(HttpDispatcher& d, HttpRequest request) {
  std::promise<HttpResult> result;
  d.Send(std::move(request), [&](HttpResult r) { result.set_value(std::move(r)); });
  return result.get_future().get();
}

// Sends every request at once; their results in the same order, once all have ended (or what
// ended within `limit`: a failed assertion names it).
std::vector<HttpResult> SendAllAndWait(HttpDispatcher& d, std::vector<HttpRequest> requests,
                                       absl::Duration limit = absl::Seconds(60)) {
  const size_t n = requests.size();
  std::vector<std::promise<HttpResult>> promises(n);
  for (size_t i = 0; i < n; ++i) {
    d.Send(std::move(requests[i]),
           [&promises, i](HttpResult r) { promises[i].set_value(std::move(r)); });
  }
  std::vector<HttpResult> results;
  const auto deadline = std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(limit);
  for (auto& p : promises) {
    auto f = p.get_future();
    if (f.wait_until(deadline) != std::future_status::ready) {
      ADD_FAILURE() << "only " << results.size() << " of " << n << " requests ended in " << limit;
      // The callbacks still hold `promises`: wait for them rather than leave them dangling.
      f.wait();
    }
    results.push_back(f.get());
  }
  return results;
}

// A loopback port nothing listens on (bound, then closed).
int UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

TEST(CurlDispatcher, Delivers2xxWithHeadersAndBody) {
  auto sink = MakeSink();
  auto d = MakeDispatcher();
  const HttpResult r = SendAndWait(*d, Post(sink->Url("/hooks/person"), "evt-42"));
  EXPECT_EQ(r.transport, Transport::kCompleted);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.error, "");
  EXPECT_GT(r.latency, absl::ZeroDuration());
  const auto received = sink->Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].path, "/hooks/person");
  EXPECT_EQ(received[0].Header("webhook-id"), "evt-42");
  EXPECT_EQ(received[0].Header("content-type"), "application/json");
  EXPECT_EQ(received[0].Header("expect"), "");
  EXPECT_EQ(received[0].body, R"({"first_name":"Paul","age":42})");
  EXPECT_EQ(sink->CountByEventId("evt-42"), 1);
  EXPECT_EQ(d->in_flight(), 0u);
}

TEST(CurlDispatcher, Reports5xxWithABoundedBodyAsError) {
  auto sink = MakeSink();
  SinkAnswer answer = SinkAnswer::Status(500);
  answer.body = std::string(10000, 'x');
  sink->SetDefault(answer);
  auto d = MakeDispatcher();
  const HttpResult r = SendAndWait(*d, Post(sink->Url()));
  EXPECT_EQ(r.transport, Transport::kCompleted);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.error, std::string(4096, 'x'));
}

TEST(CurlDispatcher, Reports410) {
  auto sink = MakeSink();
  sink->SetDefault(SinkAnswer::Status(410));
  auto d = MakeDispatcher();
  EXPECT_EQ(SendAndWait(*d, Post(sink->Url())).status, 410);
}

TEST(CurlDispatcher, CapturesRetryAfter) {
  auto sink = MakeSink();
  sink->SetSequence("e429", {SinkAnswer::Status(429).WithRetryAfter("7")});
  sink->SetSequence("e503",
                    {SinkAnswer::Status(503).WithRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT")});
  auto d = MakeDispatcher();
  HttpResult r = SendAndWait(*d, Post(sink->Url(), "e429"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after, "7");
  r = SendAndWait(*d, Post(sink->Url(), "e503"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.retry_after, "Wed, 21 Oct 2026 07:28:00 GMT");
  r = SendAndWait(*d, Post(sink->Url(), "e429"));  // beyond the sequence: 204, no header
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.retry_after, "");
}

TEST(CurlDispatcher, DoesNotFollowRedirects) {
  auto sink = MakeSink();
  sink->SetSequence("moved", {SinkAnswer::Status(302).WithHeader("Location", sink->Url("/other"))});
  auto d = MakeDispatcher();
  const HttpResult r = SendAndWait(*d, Post(sink->Url(), "moved"));
  EXPECT_EQ(r.transport, Transport::kCompleted);
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(sink->total(), 1);
}

TEST(CurlDispatcher, VerifiesTheEndpointsCertificate) {
  ::causeway::testing::TestCertificates certificates;
  ::causeway::testing::CallbackSinkOptions options;
  options.tls.cert_chain = certificates.server().cert;
  options.tls.private_key = certificates.server().key;
  auto sink = CallbackSink::Start(options);
  ASSERT_TRUE(sink.ok()) << sink.status();
  const std::string url = (*sink)->Url();
  ASSERT_EQ(url.substr(0, 8), "https://");

  // Trusting the test CA: delivered over TLS.
  CurlDispatcherOptions trusting;
  trusting.ca_file = certificates.ca();
  auto d = MakeDispatcher(trusting);
  HttpResult r = SendAndWait(*d, Post(url));
  EXPECT_EQ(r.transport, Transport::kCompleted) << r.error;
  EXPECT_EQ(r.status, 204);

  // The system's CAs do not know it: refused at the handshake, nothing delivered.
  auto strict = MakeDispatcher();
  r = SendAndWait(*strict, Post(url));
  EXPECT_EQ(r.transport, Transport::kConnectFailed);
  EXPECT_THAT(r.error, HasSubstr("certificate"));
  EXPECT_EQ((*sink)->total(), 1);
}

// An endpoint that offers HTTP/2 (Node's node:http2, when node is installed) gets it, and
// concurrent requests share one connection.
TEST(CurlDispatcher, MultiplexesOverHttp2WhereOffered) {
  const std::string node = RELAY_TEST_NODE;
  if (node.empty()) GTEST_SKIP() << "node is not installed";
  ::causeway::testing::TestCertificates certificates;
  ::causeway::testing::BackgroundProcess endpoint(
      {node, RELAY_TEST_H2_ENDPOINT, certificates.server().cert, certificates.server().key});
  const std::string listening = endpoint.WaitForLine("listening ", absl::Seconds(20));
  ASSERT_NE(listening, "") << endpoint.Output();
  const std::string url =
      absl::StrCat("https://127.0.0.1:", listening.substr(listening.find(' ') + 1), "/callback");

  CurlDispatcherOptions options;
  options.ca_file = certificates.ca();
  auto d = MakeDispatcher(options);
  constexpr int kRequests = 50;
  std::vector<HttpRequest> requests;
  for (int i = 0; i < kRequests; ++i) requests.push_back(Post(url, absl::StrCat("h2-", i)));
  for (const HttpResult& r : SendAllAndWait(*d, std::move(requests))) {
    EXPECT_EQ(r.transport, Transport::kCompleted) << r.error;
    EXPECT_EQ(r.status, 204);
  }
  endpoint.WaitForLine(absl::StrCat("request "), absl::Seconds(5));
  const std::string output = endpoint.Output();
  int over_h2 = 0, max_sessions = 0;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ');
    if (fields.size() != 3 || fields[0] != "request") continue;
    if (fields[1] == "2.0") ++over_h2;
    max_sessions = std::max(max_sessions, std::stoi(fields[2]));
  }
  EXPECT_EQ(over_h2, kRequests) << output;
  EXPECT_EQ(max_sessions, 1) << output;  // one connection carried them all (PIPEWAIT)
}

TEST(CurlDispatcher, ClassifiesTimeout) {
  auto sink = MakeSink();
  sink->SetDefault(SinkAnswer::Status(204).After(absl::Seconds(3)));
  auto d = MakeDispatcher();
  HttpRequest request = Post(sink->Url());
  request.timeout = absl::Milliseconds(200);
  const HttpResult r = SendAndWait(*d, std::move(request));
  EXPECT_EQ(r.transport, Transport::kTimedOut);
  EXPECT_THAT(r.error, HasSubstr("imed out"));
  EXPECT_LT(r.latency, absl::Seconds(2));
}

TEST(CurlDispatcher, TimeoutCountsTheWaitForAConnection) {
  // One connection; each answer takes 0.8 s; each request may take 1.2 s from its start. The
  // second waits 0.8 s for the connection, then 0.8 s more for its answer: timed out. The third
  // has no time left when the connection frees: timed out at once.
  auto sink = MakeSink();
  sink->SetDefault(SinkAnswer::Status(204).After(absl::Milliseconds(800)));
  CurlDispatcherOptions options;
  options.max_host_connections = 1;
  auto d = MakeDispatcher(options);
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 3; ++i) {
    requests.push_back(Post(sink->Url(), absl::StrCat("e", i)));
    requests.back().timeout = absl::Milliseconds(1200);
  }
  const std::vector<HttpResult> r = SendAllAndWait(*d, std::move(requests));
  EXPECT_EQ(r[0].transport, Transport::kCompleted);
  EXPECT_EQ(r[0].status, 204);
  EXPECT_EQ(r[1].transport, Transport::kTimedOut);
  EXPECT_EQ(r[2].transport, Transport::kTimedOut);
  // Enforced once a connection is free, not before: up to one answer's time late.
  EXPECT_LT(r[2].latency, absl::Seconds(3));
}

TEST(CurlDispatcher, ClassifiesConnectionRefused) {
  auto d = MakeDispatcher();
  const HttpResult r =
      SendAndWait(*d, Post(absl::StrCat("http://127.0.0.1:", UnusedPort(), "/callback")));
  EXPECT_EQ(r.transport, Transport::kConnectFailed);
  EXPECT_NE(r.error, "");
}

TEST(CurlDispatcher, RefusesSchemesOtherThanHttp) {
  auto d = MakeDispatcher();
  const HttpResult r = SendAndWait(*d, Post("file:///etc/passwd"));
  EXPECT_EQ(r.transport, Transport::kFailed);
}

TEST(CurlDispatcher, NeverSendsAHeaderThatWouldSplitIntoLines) {
  auto sink = MakeSink();
  auto d = MakeDispatcher();
  HttpRequest request = Post(sink->Url());
  request.headers.emplace_back("ce-subject", "key\r\nx-injected: 1");
  HttpResult r = SendAndWait(*d, request);
  EXPECT_EQ(r.transport, Transport::kFailed);
  EXPECT_THAT(r.error, HasSubstr("ce-subject"));
  request.headers.back() = {"bad name", "v"};
  EXPECT_EQ(SendAndWait(*d, request).transport, Transport::kFailed);
  request.headers.back() = {"ce-subject", std::string("a\0b", 3)};
  EXPECT_EQ(SendAndWait(*d, request).transport, Transport::kFailed);
  EXPECT_EQ(sink->total(), 0);
  // An empty value is sent as an empty header.
  request.headers.back() = {"ce-subject", ""};
  EXPECT_EQ(SendAndWait(*d, request).status, 204);
  ASSERT_EQ(sink->Received().size(), 1u);
  EXPECT_EQ(sink->Received()[0].headers.count("ce-subject"), 1u);
}

TEST(CurlDispatcher, RefusesPrivateAddressUnlessAllowed) {
  auto sink = MakeSink();
  auto d = MakeDispatcher();
  HttpRequest request = Post(sink->Url());
  request.allow_private_address = false;
  HttpResult r = SendAndWait(*d, request);
  EXPECT_EQ(r.transport, Transport::kAddressRefused);
  EXPECT_THAT(r.error, HasSubstr("127.0.0.1"));
  EXPECT_EQ(sink->total(), 0);  // no request reached it

  // "localhost" is refused on its resolved address.
  request.url = absl::StrCat("http://localhost:", sink->port(), "/callback");
  EXPECT_EQ(SendAndWait(*d, request).transport, Transport::kAddressRefused);
  EXPECT_EQ(sink->total(), 0);

  request.allow_private_address = true;
  r = SendAndWait(*d, request);
  EXPECT_EQ(r.transport, Transport::kCompleted);
  EXPECT_EQ(sink->total(), 1);
}

TEST(CurlDispatcher, ChecksAReusedConnectionAgain) {
  auto sink = MakeSink();
  auto d = MakeDispatcher();
  // The first request opens a keep-alive connection to loopback, as it may...
  ASSERT_EQ(SendAndWait(*d, Post(sink->Url())).status, 204);
  // ...which the next request to the same host:port, which may not reach loopback, would reuse.
  HttpRequest request = Post(sink->Url());
  request.allow_private_address = false;
  EXPECT_EQ(SendAndWait(*d, request).transport, Transport::kAddressRefused);
  EXPECT_EQ(sink->total(), 1);
}

TEST(CurlDispatcher, ThousandConcurrentRequestsCompleteExactlyOnce) {
  auto sink = MakeSink();
  auto d = MakeDispatcher();
  constexpr int kRequests = 1000;
  std::vector<std::atomic<int>> calls(kRequests);
  std::atomic<int> done{0}, delivered{0};
  std::promise<void> all;
  // From four threads at once.
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      for (int i = t; i < kRequests; i += 4) {
        d->Send(Post(sink->Url(), absl::StrCat("evt-", i)), [&, i](HttpResult r) {
          calls[i].fetch_add(1);
          if (r.transport == Transport::kCompleted && r.status == 204) delivered.fetch_add(1);
          if (done.fetch_add(1) + 1 == kRequests) all.set_value();
        });
      }
    });
  }
  for (auto& s : senders) s.join();
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_EQ(delivered.load(), kRequests);
  for (int i = 0; i < kRequests; ++i) {
    EXPECT_EQ(calls[i].load(), 1) << i;
    EXPECT_EQ(sink->CountByEventId(absl::StrCat("evt-", i)), 1) << i;
  }
  EXPECT_EQ(sink->total(), kRequests);
  EXPECT_EQ(d->in_flight(), 0u);
}

TEST(CurlDispatcher, DoneMaySendAgainWithoutWaitingForThePollTimeout) {
  auto sink = MakeSink();
  auto d = MakeDispatcher();
  constexpr int kChain = 50;
  std::atomic<int> sent{0};
  std::promise<void> last;
  std::function<void()> next = [&] {
    const int k = sent.fetch_add(1);
    d->Send(Post(sink->Url(), absl::StrCat("chain-", k)), [&, k](HttpResult r) {
      EXPECT_EQ(r.status, 204);
      if (k + 1 < kChain) {
        next();  // on the dispatcher's thread
      } else {
        last.set_value();
      }
    });
  };
  const absl::Time start = absl::Now();
  next();
  ASSERT_EQ(last.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  // Each Send from `done` wakes the loop at once rather than after curl_multi_poll's 1 s.
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_EQ(sink->total(), kChain);
}

// The fault the relay's integration tests inject: 30 % of requests fail at random, as a 503 or
// as an answer slower than the client's timeout.
TEST(CurlDispatcher, RandomFailuresOfTheSinkAreReportedAsTheyHappen) {
  auto sink = MakeSink();
  sink->SetRandomFailures({0.3, 42, {SinkAnswer::Status(503),
                                     SinkAnswer::Status(204).After(absl::Seconds(1))}});
  auto d = MakeDispatcher();
  constexpr int kRequests = 300;
  std::vector<HttpRequest> requests;
  for (int i = 0; i < kRequests; ++i) {
    requests.push_back(Post(sink->Url(), absl::StrCat("r", i)));
    requests.back().timeout = absl::Milliseconds(300);
  }
  std::map<std::string, int> outcomes;
  for (const HttpResult& r : SendAllAndWait(*d, std::move(requests))) {
    ++outcomes[r.transport == Transport::kTimedOut ? "timeout" : absl::StrCat(r.status)];
  }
  int answered_failure = 0;
  for (const auto& r : sink->Received()) answered_failure += r.answered == 503;
  EXPECT_EQ(outcomes["503"], answered_failure);
  EXPECT_EQ(outcomes["204"] + outcomes["503"] + outcomes["timeout"], kRequests);
  const int failed = outcomes["503"] + outcomes["timeout"];
  EXPECT_GT(failed, kRequests * 0.2);
  EXPECT_LT(failed, kRequests * 0.4);
  EXPECT_GT(outcomes["timeout"], 0);
  EXPECT_EQ(sink->total(), kRequests);  // every request arrived, the slow ones too
}

TEST(CurlDispatcher, RefusesBeyondItsBoundWithoutBlocking) {
  auto sink = MakeSink();
  sink->SetDefault(SinkAnswer::Status(204).After(absl::Milliseconds(500)));
  CurlDispatcherOptions options;
  options.max_pending = 2;
  auto d = MakeDispatcher(options);
  std::mutex mu;
  std::vector<HttpResult> results;
  std::promise<void> all;
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> on_caller{false};
  for (int i = 0; i < 5; ++i) {
    d->Send(Post(sink->Url(), absl::StrCat("e", i)), [&](HttpResult r) {
      if (std::this_thread::get_id() == caller) on_caller = true;
      std::lock_guard lock(mu);
      results.push_back(std::move(r));
      if (results.size() == 5) all.set_value();
    });
  }
  EXPECT_LE(d->in_flight(), 2u);
  all.get_future().wait();
  EXPECT_FALSE(on_caller.load());  // done runs on the dispatcher's thread
  int full = 0, delivered = 0;
  for (const HttpResult& r : results) {
    if (r.transport == Transport::kFailed && r.error == "dispatcher queue full") ++full;
    if (r.transport == Transport::kCompleted && r.status == 204) ++delivered;
  }
  EXPECT_EQ(full, 3);
  EXPECT_EQ(delivered, 2);
}

TEST(CurlDispatcher, StopCompletesPendingRequests) {
  auto sink = MakeSink();
  sink->SetDefault(SinkAnswer::Status(204).After(absl::Seconds(20)));
  auto d = MakeDispatcher();
  constexpr int kRequests = 50;
  std::atomic<int> stopped{0}, calls{0};
  for (int i = 0; i < kRequests; ++i) {
    HttpRequest request = Post(sink->Url(), absl::StrCat("e", i));
    request.timeout = absl::Seconds(30);
    d->Send(std::move(request), [&](HttpResult r) {
      calls.fetch_add(1);
      if (r.transport == Transport::kFailed && r.error == "dispatcher stopped") {
        stopped.fetch_add(1);
      }
    });
  }
  ASSERT_TRUE(sink->WaitFor(kRequests, absl::Seconds(10)));  // all of them on the wire
  const absl::Time start = absl::Now();
  d->Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(calls.load(), kRequests);
  EXPECT_EQ(stopped.load(), kRequests);
  EXPECT_EQ(d->in_flight(), 0u);

  // After Stop, at once and on the caller's thread.
  const HttpResult after = SendAndWait(*d, Post(sink->Url()));
  EXPECT_EQ(after.transport, Transport::kFailed);
  EXPECT_EQ(after.error, "dispatcher stopped");
}

}  // namespace
}  // namespace causeway::relay
