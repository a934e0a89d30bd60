#include "process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace causeway::bench {
namespace {

absl::StatusOr<std::string> ReadProcFile(pid_t pid, const char* name) {
  const std::string path = absl::StrCat("/proc/", pid, "/", name);
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<int64_t> ResidentKiB(pid_t pid) {
  auto status = ReadProcFile(pid, "status");
  if (!status.ok()) return status.status();
  for (absl::string_view line : absl::StrSplit(*status, '\n')) {
    if (!absl::ConsumePrefix(&line, "VmRSS:")) continue;
    // "VmRSS:	   12345 kB"
    std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    int64_t kib = 0;
    if (!words.empty() && absl::SimpleAtoi(words[0], &kib)) return kib;
  }
  return absl::InternalError(absl::StrCat("no VmRSS in /proc/", pid, "/status"));
}

absl::StatusOr<absl::Duration> CpuTime(pid_t pid) {
  auto stat = ReadProcFile(pid, "stat");
  if (!stat.ok()) return stat.status();
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const size_t close = stat->rfind(')');
  if (close == std::string::npos) return absl::InternalError("malformed /proc/PID/stat");
  std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(*stat).substr(close + 1), ' ', absl::SkipWhitespace());
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  int64_t utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::InternalError("malformed /proc/PID/stat");
  }
  const int64_t ticks_per_second = sysconf(_SC_CLK_TCK);
  return absl::Seconds(static_cast<double>(utime + stime) / static_cast<double>(ticks_per_second));
}

CpuMeter::CpuMeter(pid_t server)
    : server_(server),
      start_(absl::Now()),
      server_start_(CpuTime(server).value_or(absl::ZeroDuration())),
      client_start_(CpuTime(getpid()).value_or(absl::ZeroDuration())) {}

CpuShare CpuMeter::Read() const {
  CpuShare share;
  share.wall = absl::Now() - start_;
  share.server = CpuTime(server_).value_or(server_start_) - server_start_;
  share.client = CpuTime(getpid()).value_or(client_start_) - client_start_;
  return share;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

}  // namespace causeway::bench
