#pragma once
// A raw TCP client for what no well-behaved HTTP client sends: huge or endless headers and bodies,
// bytes dripped slowly, bodies the server should never read. Loopback only.
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace causeway::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; `send_buffer_bytes` > 0 shrinks the socket's send buffer, so
  // that what the client could write measures what the server read.
  explicit RawConnection(int port, int send_buffer_bytes = 0);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes all of `data`; false once the server closed or reset the connection (or after
  // `wait` without progress).
  bool Send(std::string_view data, absl::Duration wait = absl::Seconds(10));
  // Writes as much of `data` as the server takes before it stops taking for `stall`; the count.
  size_t SendUntilStalled(std::string_view data, absl::Duration stall);
  // What the server sent: until its response is complete (Content-Length), it closes, or `wait`.
  std::string ReadResponse(absl::Duration wait = absl::Seconds(10));
  // Whether the server has closed the connection (reads EOF or a reset within `wait`).
  bool ClosedByServer(absl::Duration wait);

 private:
  int fd_ = -1;
  std::string pending_;  // read but not returned yet
};

// The status of a raw response ("HTTP/1.1 413 ..." -> 413), 0 when there is none; its body.
int StatusOf(const std::string& response);
std::string BodyOf(const std::string& response);

}  // namespace causeway::testing
