#include "devkafka/bootstrap_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace causeway::devkafka {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

// One relayed connection: bytes read from one side wait in the buffer until the other side takes
// them. A side is only read while its buffer is empty, so a slow reader slows its writer down
// instead of growing memory.
struct Link {
  int client = -1;
  int upstream = -1;
  std::string to_upstream;
  std::string to_client;
};

void CloseLink(Link& link) {
  close(link.client);
  close(link.upstream);
  link.client = link.upstream = -1;
}

// Reads what `from` has (when polled readable) into `pending`, then writes as much of `pending` to
// `to` as it takes. False when the link is over: end of stream or a socket error.
bool Forward(const pollfd& from_poll, int to, std::string& pending) {
  if (from_poll.revents & (POLLERR | POLLHUP | POLLNVAL)) return false;
  if (from_poll.revents & POLLIN) {
    char buffer[kReadChunk];
    const ssize_t n = read(from_poll.fd, buffer, sizeof buffer);
    if (n == 0) return false;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
    if (n > 0) pending.append(buffer, static_cast<size_t>(n));
  }
  if (!pending.empty()) {
    const ssize_t n = send(to, pending.data(), pending.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
    if (n > 0) pending.erase(0, static_cast<size_t>(n));
  }
  return true;
}

short Interest(const std::string& unread_from_me, const std::string& waiting_for_me) {
  return static_cast<short>((unread_from_me.empty() ? POLLIN : 0) |
                            (waiting_for_me.empty() ? 0 : POLLOUT));
}

void SetNoDelay(int fd) {
  // Kafka is request/response: Nagle's algorithm would only add latency.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

absl::StatusOr<std::unique_ptr<BootstrapRelay>> BootstrapRelay::Start(
    uint16_t port, const std::string& upstream_host, uint16_t upstream_port) {
  in_addr upstream{};
  if (inet_pton(AF_INET, upstream_host.c_str(), &upstream) != 1) {
    return absl::InternalError(absl::StrCat("relay upstream \"", upstream_host,
                                            "\" is not an IPv4 address"));
  }
  const int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd < 0) return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listen_fd, SOMAXCONN) != 0) {
    const int error = errno;
    close(listen_fd);
    return absl::FailedPreconditionError(
        absl::StrCat("--port ", port, ": cannot listen on 127.0.0.1:", port, ": ",
                     std::strerror(error)));
  }
  const int wake_fd = eventfd(0, EFD_CLOEXEC);
  if (wake_fd < 0) {
    close(listen_fd);
    return absl::InternalError(absl::StrCat("eventfd: ", std::strerror(errno)));
  }
  std::unique_ptr<BootstrapRelay> relay(
      new BootstrapRelay(listen_fd, wake_fd, upstream.s_addr, upstream_port));
  relay->thread_ = std::thread([raw = relay.get()] { raw->Run(); });
  return relay;
}

BootstrapRelay::BootstrapRelay(int listen_fd, int wake_fd, uint32_t upstream_address,
                               uint16_t upstream_port)
    : listen_fd_(listen_fd),
      wake_fd_(wake_fd),
      upstream_address_(upstream_address),
      upstream_port_(upstream_port) {}

BootstrapRelay::~BootstrapRelay() {
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  close(wake_fd_);
  close(listen_fd_);
}

void BootstrapRelay::Run() {
  std::vector<Link> links;
  std::vector<pollfd> polled;
  while (true) {
    polled.clear();
    polled.push_back({wake_fd_, POLLIN, 0});
    polled.push_back({listen_fd_, POLLIN, 0});
    for (const Link& link : links) {
      polled.push_back({link.client, Interest(link.to_upstream, link.to_client), 0});
      polled.push_back({link.upstream, Interest(link.to_client, link.to_upstream), 0});
    }
    if (poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (polled[0].revents != 0) break;

    for (size_t i = 0; i < links.size(); ++i) {
      Link& link = links[i];
      const pollfd& client = polled[2 + 2 * i];
      const pollfd& upstream = polled[3 + 2 * i];
      if (!Forward(client, link.upstream, link.to_upstream) ||
          !Forward(upstream, link.client, link.to_client)) {
        CloseLink(link);
      }
    }
    std::erase_if(links, [](const Link& link) { return link.client < 0; });

    if (polled[1].revents & POLLIN) {
      const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (client < 0) continue;
      // Loopback connect: immediate, so a blocking connect keeps this simple.
      const int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(upstream_port_);
      address.sin_addr.s_addr = upstream_address_;
      if (upstream < 0 ||
          connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        if (upstream >= 0) close(upstream);
        close(client);
        continue;
      }
      // The upstream socket may stay blocking: it is read only when poll says readable, and
      // written with MSG_DONTWAIT.
      SetNoDelay(client);
      SetNoDelay(upstream);
      links.push_back(Link{client, upstream, {}, {}});
    }
  }
  for (Link& link : links) CloseLink(link);
}

}  // namespace causeway::devkafka
