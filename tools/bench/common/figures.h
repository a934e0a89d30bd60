#pragma once
// How the benchmarks print a figure, so that every table words them the same way.
#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace causeway::bench {

// "1.234 ms"
std::string Ms(absl::Duration d, int decimals = 3);

// "12.3 MiB" from KiB (what /proc reports).
std::string MiB(int64_t kib);

// A goal is printed, never asserted: "met" or "MISSED".
std::string Verdict(bool met);

// "0.62 cores, 41 us/req": the CPU one process used over `wall`, and per request when `requests`
// is positive.
std::string CpuCell(absl::Duration cpu, absl::Duration wall, int64_t requests);

}  // namespace causeway::bench
