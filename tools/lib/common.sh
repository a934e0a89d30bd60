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

# SIGTERM, then SIGKILL if the process is still there after `seconds`.
stop_process() {
  local pid=$1 seconds=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((seconds * 10))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
