// causeway-bench-fast-sink: the relay benchmark's endpoint. Answers every POST 204 at once (on
// libmicrohttpd's event threads: tests/support/callback_sink with delays off), records nothing but
// counts, so that what is measured is the client. Prints its URL on stdout once listening (or
// writes it to --url-file), and on SIGINT/SIGTERM the requests received, then exits.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "support/callback_sink.h"

int main(int argc, char** argv) {
  causeway::testing::CallbackSinkOptions options;
  options.max_recorded = 0;     // counts only
  options.max_tracked_ids = 0;  // no per-id map: flat memory however long it runs
  options.delays = false;       // answer on the event threads
  std::string url_file;
  CLI::App app{"causeway-bench-fast-sink: answers 204 and counts"};
  app.add_option("--listen", options.listen, "host:port (port 0: a free one)")
      ->capture_default_str();
  app.add_option("--threads", options.event_threads, "libmicrohttpd event threads")
      ->capture_default_str();
  app.add_option("--url-file", url_file, "write the URL here once listening");
  CLI11_PARSE(app, argc, argv);

  // Blocked before any thread starts, so that only sigwait below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto sink = causeway::testing::CallbackSink::Start(options);
  if (!sink.ok()) {
    std::cerr << "fast sink: " << sink.status() << "\n";
    return 1;
  }
  const std::string url = (*sink)->Url("/callback");
  if (!url_file.empty()) {
    std::ofstream(url_file + ".tmp") << url << "\n";
    std::rename((url_file + ".tmp").c_str(), url_file.c_str());
  }
  std::cout << url << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  const int64_t total = (*sink)->total();
  (*sink)->Stop();
  std::cout << "fast sink: " << total << " requests received" << std::endl;
  return 0;
}
