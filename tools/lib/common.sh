# Shared by tools/run and tools/test (sourced, not executed).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A free TCP port on loopback (the kernel picks it; racing allocations are unlikely on a dev box).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Configures and builds BUILD_DIR with extra cmake args; ccache keeps rebuilds cheap.
build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
  ninja -C "$dir" "${NINJA_TARGETS[@]}"
}

# Waits until a TCP port accepts connections.
wait_port() {
  local port=$1 seconds=${2:-30}
  for _ in $(seq $((seconds * 10))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
