#include "support/raw_http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"

namespace causeway::testing {
namespace {

int Millis(absl::Duration d) { return static_cast<int>(absl::ToInt64Milliseconds(d)); }

// Whether `fd` becomes ready for `events` within `wait`.
bool WaitFor(int fd, short events, absl::Duration wait) {
  pollfd p{fd, events, 0};
  return poll(&p, 1, Millis(wait)) > 0;
}

// The length of a complete response at the start of `text`, or npos while it is incomplete.
size_t CompleteLength(const std::string& text) {
  const size_t end = text.find("\r\n\r\n");
  if (end == std::string::npos) return std::string::npos;
  size_t length = 0;
  for (size_t at = text.find("\r\n"); at < end; at = text.find("\r\n", at + 2)) {
    absl::string_view line(text.data() + at + 2, text.find("\r\n", at + 2) - at - 2);
    if (absl::StartsWithIgnoreCase(line, "content-length:")) {
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(15)), &length);
    }
  }
  return text.size() >= end + 4 + length ? end + 4 + length : std::string::npos;
}

}  // namespace

RawConnection::RawConnection(int port, int send_buffer_bytes) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (send_buffer_bytes > 0) {
    setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &send_buffer_bytes, sizeof send_buffer_bytes);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(std::string_view data, absl::Duration wait) {
  while (!data.empty()) {
    const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitFor(fd_, POLLOUT, wait)) return false;
    } else {
      return false;
    }
  }
  return true;
}

size_t RawConnection::SendUntilStalled(std::string_view data, absl::Duration stall) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (poll(&p, 1, Millis(stall)) <= 0 || (p.revents & (POLLERR | POLLHUP))) break;
    } else {
      break;
    }
  }
  return sent;
}

std::string RawConnection::ReadResponse(absl::Duration wait) {
  const absl::Time until = absl::Now() + wait;
  char buf[16384];
  while (CompleteLength(pending_) == std::string::npos && absl::Now() < until) {
    if (!WaitFor(fd_, POLLIN, until - absl::Now())) break;
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) break;
    if (n > 0) pending_.append(buf, static_cast<size_t>(n));
  }
  const size_t length = CompleteLength(pending_);
  std::string out = length == std::string::npos ? pending_ : pending_.substr(0, length);
  pending_.erase(0, out.size());
  return out;
}

bool RawConnection::ClosedByServer(absl::Duration wait) {
  const absl::Time until = absl::Now() + wait;
  char buf[16384];
  while (absl::Now() < until) {
    if (!WaitFor(fd_, POLLIN, until - absl::Now())) return false;
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return true;
  }
  return false;
}

int StatusOf(const std::string& response) {
  int status = 0;
  if (!absl::StartsWith(response, "HTTP/1.") || response.size() < 12) return 0;
  return absl::SimpleAtoi(response.substr(9, 3), &status) ? status : 0;
}

std::string BodyOf(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

}  // namespace causeway::testing
