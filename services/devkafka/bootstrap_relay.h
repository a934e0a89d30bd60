#pragma once
// A TCP relay on a chosen loopback port in front of the mock's broker 1: librdkafka 2.0.2's mock
// cluster only binds ephemeral ports, and `--port` promises a fixed bootstrap address.
//
// Relaying bytes unchanged is enough because Kafka clients use the bootstrap address only for their
// first requests: the Metadata response names every broker at its real (ephemeral) port, and
// clients open their working connections there directly.
//
// Threads: Start() spawns one relay thread that owns every relayed socket; the destructor, called
// on the thread that called Start(), wakes it, joins it and closes the listener.
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace causeway::devkafka {

class BootstrapRelay {
 public:
  // Listens on 127.0.0.1:port and forwards each connection to upstream_host:upstream_port (an IPv4
  // literal). FAILED_PRECONDITION when the port is taken.
  static absl::StatusOr<std::unique_ptr<BootstrapRelay>> Start(uint16_t port,
                                                               const std::string& upstream_host,
                                                               uint16_t upstream_port);
  ~BootstrapRelay();
  BootstrapRelay(const BootstrapRelay&) = delete;
  BootstrapRelay& operator=(const BootstrapRelay&) = delete;

 private:
  BootstrapRelay(int listen_fd, int wake_fd, uint32_t upstream_address, uint16_t upstream_port);
  void Run();

  const int listen_fd_;
  // An eventfd: the destructor writes to it to end Run().
  const int wake_fd_;
  // Network byte order, as in sockaddr_in.
  const uint32_t upstream_address_;
  const uint16_t upstream_port_;
  std::thread thread_;
};

}  // namespace causeway::devkafka
