#include "figures.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace causeway::bench {

std::string Ms(absl::Duration d, int decimals) {
  return absl::StrFormat("%.*f ms", decimals, absl::ToDoubleMilliseconds(d));
}

std::string MiB(int64_t kib) { return absl::StrFormat("%.1f MiB", static_cast<double>(kib) / 1024.0); }

std::string Verdict(bool met) { return met ? "met" : "MISSED"; }

std::string CpuCell(absl::Duration cpu, absl::Duration wall, int64_t requests) {
  const double cores = absl::ToDoubleSeconds(cpu) / std::max(absl::ToDoubleSeconds(wall), 1e-9);
  if (requests <= 0) return absl::StrFormat("%.2f cores", cores);
  return absl::StrFormat("%.2f cores, %.0f us/req", cores,
                         absl::ToDoubleMicroseconds(cpu) / static_cast<double>(requests));
}

}  // namespace causeway::bench
