// The HTTP doors (gateway publish, the topology's Schema Registry API, /metrics) against hostile
// clients, on the real servers (PostgreSQL, causeway-topology and causeway-gateway in-process as
// their main.cc composes them, the real broker): a 200 MB chunked body, a gzip bomb, 10,000
// headers, a 1 MiB header line, 500 slow connections, a 50 MB body without credentials.
//
// The servers run in this process, so its resident memory (VmRSS) is theirs. kRssBound is the
// growth each attack may cause over the process's RSS before it (the README's figure): the body
// limits (16 MiB gateway, 1 MiB registry) plus what AddressSanitizer's quarantine keeps of freed
// buffers; any of these attacks, unbounded, would add at least the 50-200 MB it sends.
#include <sys/resource.h>
#include <gmock/gmock.h>
#include <zlib.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "gateway_fixture.h"
#include "support/http_client.h"
#include "support/raw_http_client.h"
#include "support/resident_memory.h"

namespace causeway::testing {
namespace {

constexpr size_t kRssBound = size_t{64} << 20;

}  // namespace
}  // namespace causeway::testing

// AddressSanitizer keeps freed memory in a quarantine (256 MiB by default) that shows as RSS; a
// small one lets RSS measure what the servers hold.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=8"; }

namespace causeway::testing {
namespace {
constexpr char kPaul[] = R"({"first_name":"Paul","last_name":"Smith"})";

// One HTTP door: a port and a route that takes a body from an authenticated caller.
struct Door {
  std::string name;
  int port;
  std::string path;
  std::string authorization;  // header line
};

class HttpDoorsTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    GatewayOptions options;
    options.auth = gateway::AuthMode::kPrincipals;
    StartGateway(options);
    token_ = CreatePrincipal("web");
    GrantPublisher("web");
    CatchUp(*gateway_);
    // The first publish connects the producer; attacks are measured against a warm door.
    ExpectDoorsStillServe();
  }
  std::vector<Door> Doors() const {
    return {{"gateway", gateway_->http_port(), absl::StrCat("/v1/events/", ns_, "/Person"),
             "Authorization: Bearer " + token_},
            {"registry", topology_->http_port(),
             absl::StrCat("/subjects/", Topic("Person"), "-value"),
             absl::StrCat("Authorization: Bearer ", kTestAdminToken)}};
  }
  static std::string Head(const Door& door, const std::string& headers) {
    return absl::StrCat("POST ", door.path, " HTTP/1.1\r\nHost: causeway\r\n", door.authorization,
                        "\r\n", headers, "\r\n");
  }
  HttpReply PublishPaul() {
    return HttpPost(absl::StrCat("http://127.0.0.1:", gateway_->http_port(), "/v1/events/", ns_,
                                 "/Person"),
                    kPaul, {"Authorization: Bearer " + token_, "Content-Type: application/json"});
  }
  HttpReply Metrics() {
    return HttpGet(absl::StrCat("http://127.0.0.1:", gateway_->http_port(), "/metrics"));
  }
  // A well-behaved client still gets through after an attack.
  void ExpectDoorsStillServe() {
    HttpReply published = PublishPaul();
    EXPECT_EQ(published.status, 201) << published.body << published.error;
    EXPECT_EQ(Metrics().status, 200);
  }

  // What an attack costs and whom it disturbs: from construction to End(), the process' RSS
  // growth is sampled and a well-behaved client publishes (and scrapes /metrics) every 20 ms on
  // connections of its own; End() expects the growth under kRssBound and every call answered.
  class DuringAttack {
   public:
    explicit DuringAttack(HttpDoorsTest* test)
        : test_(test), client_([this] {
            while (!done_) {
              const HttpReply published = test_->PublishPaul();
              const HttpReply scraped = test_->Metrics();
              std::lock_guard lock(mu_);
              ++calls_;
              if (published.status != 201) {
                failures_.push_back(absl::StrCat("publish ", published.status, " ",
                                                 published.body, published.error));
              }
              if (scraped.status != 200) failures_.push_back(absl::StrCat("/metrics ", scraped.status));
              absl::SleepFor(absl::Milliseconds(20));
            }
          }) {}
    ~DuringAttack() { Stop(); }
    void End(const std::string& what) {
      const size_t growth = rss_.Stop();
      Stop();
      EXPECT_GT(calls_, 0) << what;
      EXPECT_THAT(failures_, ::testing::IsEmpty()) << what;
      ExpectBounded(absl::StrCat(what, ", a well-behaved client's ", calls_ - failures_.size(),
                                 "/", calls_, " publishes and scrapes answered meanwhile"),
                    growth);
    }

   private:
    // After at least one call, so that a short attack is still checked against one.
    void Stop() {
      for (int i = 0; i < 3000 && Calls() == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
      if (!done_.exchange(true)) client_.join();
    }
    size_t Calls() {
      std::lock_guard lock(mu_);
      return calls_;
    }
    HttpDoorsTest* test_;
    PeakRssGrowth rss_;
    std::atomic<bool> done_{false};
    std::mutex mu_;
    size_t calls_ = 0;
    std::vector<std::string> failures_;
    std::thread client_;
  };

  // libmicrohttpd answers a request whose line and headers do not fit the connection's memory
  // with 431 (its own HTML body) and closes; a refusal may also be the connection closed mid-send.
  void ExpectHeadersRefusedAtEveryDoor(const std::string& headers, const std::string& what) {
    for (const Door& door : Doors()) {
      DuringAttack attack(this);
      RawConnection c(door.port);
      const bool sent = c.Send(Head(door, headers + "Content-Length: 2\r\n") + "{}",
                               absl::Seconds(5));
      const std::string response = c.ReadResponse();
      const int status = StatusOf(response);
      EXPECT_TRUE(status == 431 || status == 413 ||
                  (status == 0 && (!sent || c.ClosedByServer(absl::Seconds(5)))))
          << door.name << ": " << response.substr(0, 300);
      attack.End(door.name + ": " + what);
    }
    ExpectDoorsStillServe();
  }
  static void ExpectBounded(const std::string& what, size_t growth) {
    EXPECT_LT(growth, kRssBound) << what;
    std::cout << "[figure] " << what << ", RSS growth " << (growth >> 20) << " MiB\n";
  }

  std::string token_;
};

TEST_F(HttpDoorsTest, ChunkedBodyOf200MBIs413AndNotKept) {
  const std::string chunk = absl::StrCat("100000\r\n", std::string(1 << 20, 'a'), "\r\n");
  for (const Door& door : Doors()) {
    RawConnection c(door.port);
    DuringAttack attack(this);
    ASSERT_TRUE(
        c.Send(Head(door, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")));
    size_t sent = 0;
    while (sent < (size_t{200} << 20) && c.Send(chunk)) sent += 1 << 20;
    c.Send("0\r\n\r\n");
    const std::string response = c.ReadResponse(absl::Seconds(30));
    EXPECT_EQ(StatusOf(response), 413) << door.name << ": " << response.substr(0, 300);
    EXPECT_NE(BodyOf(response).find("\"message\":\"body: larger than"), std::string::npos)
        << door.name << ": " << response.substr(0, 300);
    attack.End(absl::StrCat(door.name, ": 200 MB chunked body, ", sent >> 20, " MiB sent"));
  }
  ExpectDoorsStillServe();
}

TEST_F(HttpDoorsTest, GzipBombIs415WithoutInflating) {
  // 256 MiB of zeros deflate to about 256 KiB.
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string zeros(1 << 20, '\0'), bomb;
  std::vector<unsigned char> out(1 << 20);
  for (int i = 0; i < 256; ++i) {
    z.next_in = reinterpret_cast<unsigned char*>(zeros.data());
    z.avail_in = static_cast<unsigned>(zeros.size());
    do {
      z.next_out = out.data();
      z.avail_out = static_cast<unsigned>(out.size());
      deflate(&z, i == 255 ? Z_FINISH : Z_NO_FLUSH);
      bomb.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  for (const Door& door : Doors()) {
    DuringAttack attack(this);
    RawConnection c(door.port);
    ASSERT_TRUE(c.Send(Head(door, absl::StrCat("Content-Type: application/json\r\n"
                                               "Content-Encoding: gzip\r\nContent-Length: ",
                                               bomb.size(), "\r\n"))));
    c.SendUntilStalled(bomb, absl::Milliseconds(200));
    const std::string response = c.ReadResponse();
    EXPECT_EQ(StatusOf(response), 415) << door.name << ": " << response;
    EXPECT_NE(BodyOf(response).find("Content-Encoding: only identity is accepted"),
              std::string::npos)
        << door.name << ": " << response;
    attack.End(absl::StrCat(door.name, ": gzip bomb (", bomb.size() >> 10, " KiB -> 256 MiB)"));
  }
  ExpectDoorsStillServe();
}

TEST_F(HttpDoorsTest, TenThousandHeadersAreRefused) {
  std::string many;
  for (int i = 0; i < 10000; ++i) absl::StrAppend(&many, "X-H", i, ": v\r\n");
  ExpectHeadersRefusedAtEveryDoor(many,
                                  absl::StrCat("10,000 headers (", many.size() >> 10, " KiB)"));
}

TEST_F(HttpDoorsTest, OneMebibyteHeaderLineIsRefused) {
  ExpectHeadersRefusedAtEveryDoor(absl::StrCat("X-Long: ", std::string(1 << 20, 'l'), "\r\n"),
                                  "1 MiB header line");
}

TEST_F(HttpDoorsTest, FiveHundredSlowConnectionsLeaveTheDoorOpen) {
  constexpr int kSlow = 500;
  const Door door = Doors()[0];
  // The well-behaved client's own traffic first, unmeasured: what its thousand requests leave
  // resident (allocator pools, AddressSanitizer's quarantine) is not the attack's cost.
  for (const absl::Time warm = absl::Now() + absl::Seconds(8); absl::Now() < warm;) {
    EXPECT_EQ(PublishPaul().status, 201);
    EXPECT_EQ(Metrics().status, 200);
  }
  PeakRssGrowth rss;
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < kSlow; ++i) {
    auto c = std::make_unique<RawConnection>(door.port);
    ASSERT_TRUE(c->connected());
    // Half stall in their headers, half in their bodies.
    ASSERT_TRUE(c->Send(i % 2 == 0 ? absl::StrCat("POST ", door.path, " HTTP/1.1\r\nHost: c\r\n")
                                   : Head(door, "Content-Length: 100000\r\n")));
    slow.push_back(std::move(c));
  }
  std::atomic<bool> stop{false};
  std::atomic<int> dripping{kSlow};
  std::thread drip([&] {
    std::vector<bool> open(kSlow, true);
    while (!stop) {
      for (int i = 0; i < kSlow; ++i) {
        if (open[i] && !slow[i]->Send(i % 2 == 0 ? "X" : "a", absl::Milliseconds(100))) {
          open[i] = false;
          --dripping;
        }
      }
      absl::SleepFor(absl::Milliseconds(500));
    }
  });
  int published = 0, scraped = 0, attempts = 0;
  const absl::Time until = absl::Now() + absl::Seconds(8);
  while (absl::Now() < until) {
    ++attempts;
    HttpReply reply = PublishPaul();
    EXPECT_EQ(reply.status, 201) << reply.body << reply.error;
    published += reply.status == 201;
    scraped += Metrics().status == 200;
  }
  stop = true;
  drip.join();
  const size_t growth = rss.Stop();
  EXPECT_GT(published, 0);
  EXPECT_EQ(published, attempts);
  EXPECT_EQ(scraped, attempts);
  EXPECT_EQ(dripping, kSlow) << "the slow connections were open throughout";
  // Each open connection may hold its memory pool (the door's documented cost per connection)
  // on top of what any attack may add. Measured without the warm-up above: 65-74 MiB.
  const size_t bound = kRssBound + kSlow * HttpServerOptions{}.connection_memory_bytes;
  EXPECT_LT(growth, bound) << kSlow << " slow connections: " << published << "/" << attempts
                           << " publishes 201, " << scraped << " /metrics 200";
  std::cout << "[figures] " << kSlow << " slow connections: RSS growth " << (growth >> 20)
            << " MiB (bound " << (bound >> 20) << " MiB)\n";
}

TEST_F(HttpDoorsTest, UnauthenticatedFiftyMegabyteBodyIs401Unread) {
  const std::string body(50 << 20, 'u');
  for (Door door : Doors()) {
    door.authorization = "X-No-Credentials: 1";
    DuringAttack attack(this);
    RawConnection c(door.port, 64 << 10);
    ASSERT_TRUE(c.Send(Head(door, absl::StrCat("Content-Type: application/json\r\n"
                                               "Content-Length: ", body.size(), "\r\n"))));
    const size_t sent = c.SendUntilStalled(body, absl::Milliseconds(500));
    const std::string response = c.ReadResponse();
    EXPECT_EQ(StatusOf(response), 401) << door.name << ": " << response;
    EXPECT_NE(response.find("WWW-Authenticate:"), std::string::npos) << response;
    // What the client could write is what the kernel's socket buffers hold, not the body.
    EXPECT_LT(sent, size_t{8} << 20) << door.name << ": the server read the body";
    attack.End(absl::StrCat(door.name, ": unauthenticated 50 MB body, ", sent >> 10,
                            " KiB accepted by the socket"));
  }
  ExpectDoorsStillServe();
}

}  // namespace
}  // namespace causeway::testing
