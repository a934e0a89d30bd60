# The servers a gateway benchmark runs against, started and stopped by the benchmarks' run scripts
# (sourced after common.sh): a throwaway PostgreSQL (tools/pg), a real Kafka broker in KRaft mode
# (tools/kafka/kafka), one causeway-topology and one causeway-gateway, all on loopback and in
# plaintext, with authentication on as in production (--auth=principals, the default of both); and
# the demo's Person event type on them, created with the causeway CLI as tools/run does.
#
# Credentials: `causeway-topology bootstrap-admin admin` makes the first admin once topology is up;
# its token is exported as CAUSEWAY_TOKEN (with CAUSEWAY_TOPOLOGY), which the causeway CLI and
# causeway-bench-gateway --admin-token read. The gateway follows topology as principal `gateway`
# (role gateway), its token in WORK/gateway.token (--topology-token-file). The benchmark makes its
# own publisher through the API (causeway-bench-gateway --topology).

# start_gateway_stack WORK BUILD_DIR [causeway-gateway flags...]
# Everything lives in WORK (data, logs in WORK/*.log). Sets STACK_PG_DSN, STACK_KAFKA_BOOTSTRAP,
# STACK_KAFKA_PID, STACK_TOPOLOGY (host:port), STACK_TOPOLOGY_PID, STACK_ADMIN_TOKEN,
# STACK_GATEWAY, STACK_GATEWAY_PID; exports CAUSEWAY_TOPOLOGY and CAUSEWAY_TOKEN.
# The caller traps EXIT with `stop_gateway_stack WORK`, which stops whatever got started.
start_gateway_stack() {
  local work=$1 build=$2 pg_port kafka_port topology_http gateway_http cli
  shift 2
  cli=$build/services/cli/causeway
  pg_port=$(free_port)
  say "starting PostgreSQL on 127.0.0.1:$pg_port"
  "$ROOT/tools/pg" start "$work/pg" "$pg_port"
  STACK_PG_DSN=$("$ROOT/tools/pg" dsn "$pg_port")

  kafka_port=$(free_port)
  say "starting Kafka (KRaft) on 127.0.0.1:$kafka_port"
  "$ROOT/tools/kafka/kafka" fetch
  STACK_KAFKA_BOOTSTRAP=$("$ROOT/tools/kafka/kafka" start "$work/kafka" "$kafka_port")
  STACK_KAFKA_PID=$(cat "$work/kafka/kafka.pid")

  STACK_TOPOLOGY=127.0.0.1:$(free_port)
  topology_http=127.0.0.1:$(free_port)
  say "starting causeway-topology on $STACK_TOPOLOGY"
  "$build/services/topology/causeway-topology" --pg-dsn "$STACK_PG_DSN" \
    --grpc-listen "$STACK_TOPOLOGY" --http-listen "$topology_http" --drain-seconds 2 \
    >"$work/topology.log" 2>&1 &
  STACK_TOPOLOGY_PID=$!
  wait_port "${STACK_TOPOLOGY##*:}" 60 || die "causeway-topology did not start: $(tail -5 "$work/topology.log")"

  say "bootstrapping the admin principal (causeway-topology bootstrap-admin admin)"
  # Migrates first (under the same advisory lock as the server's start), prints the token alone.
  STACK_ADMIN_TOKEN=$("$build/services/topology/causeway-topology" bootstrap-admin admin \
    --pg-dsn "$STACK_PG_DSN" 2>"$work/bootstrap-admin.log") ||
    die "bootstrap-admin failed: $(tail -5 "$work/bootstrap-admin.log")"
  export CAUSEWAY_TOPOLOGY=$STACK_TOPOLOGY CAUSEWAY_TOKEN=$STACK_ADMIN_TOKEN

  say "creating principal gateway (role gateway), its token in $work/gateway.token"
  "$cli" principal create gateway --description "the benchmark's causeway-gateway" >/dev/null
  "$cli" role grant gateway gateway >/dev/null
  (umask 077 && "$cli" principal issue-token gateway >"$work/gateway.token")

  STACK_GATEWAY=127.0.0.1:$(free_port)
  gateway_http=127.0.0.1:$(free_port)
  say "starting causeway-gateway on $STACK_GATEWAY ${*:+(flags: $*)}"
  "$build/services/gateway/server/causeway-gateway" --topology "$STACK_TOPOLOGY" \
    --grpc-listen "$STACK_GATEWAY" --http-listen "$gateway_http" \
    --snapshot-path "$work/gateway-topology.snapshot" --drain-seconds 2 \
    --topology-token-file "$work/gateway.token" "$@" \
    >"$work/gateway.log" 2>&1 &
  STACK_GATEWAY_PID=$!
  wait_port "${STACK_GATEWAY##*:}" 60 || die "causeway-gateway did not start: $(tail -5 "$work/gateway.log")"
}

stop_gateway_stack() {
  local work=$1
  stop_process "${STACK_GATEWAY_PID:-}" 10
  stop_process "${STACK_TOPOLOGY_PID:-}" 10
  "$ROOT/tools/kafka/kafka" stop "$work/kafka" >/dev/null 2>&1 || true
  "$ROOT/tools/pg" stop "$work/pg" >/dev/null 2>&1 || true
}

# seed_person_event_type CLI NAMESPACE BOOTSTRAP [PARTITIONS]
# tools/run's sequence: namespace, zone `bench` with cluster `bench-1` on BOOTSTRAP, the event type
# NAMESPACE/Person placed there (its topic created on the broker), the seed's Person schema
# (tools/demo/person.avsc) registered and activated. CLI talks to $CAUSEWAY_TOPOLOGY as the admin
# of $CAUSEWAY_TOKEN.
seed_person_event_type() {
  local cli=$1 ns=$2 bootstrap=$3 partitions=${4:-3} person=$ROOT/tools/demo/person.avsc
  "$cli" namespace create "$ns" --owner bench --description "gateway benchmark" >/dev/null
  # tools/kafka runs one broker: one copy of each partition.
  "$cli" zone create bench --description "the benchmark's broker" --replication-factor 1 \
    --min-insync-replicas 1 >/dev/null
  "$cli" cluster create bench-1 --zone bench --bootstrap-servers "$bootstrap" >/dev/null
  "$cli" event-type create "$ns/Person" --partitions "$partitions" >/dev/null
  "$cli" event-type place "$ns/Person" --zone bench >/dev/null
  "$cli" schema register "$ns/Person" --file "$person" >/dev/null
  "$cli" schema activate "$("$cli" schema fingerprint "$person")" >/dev/null
}

# build_gateway_bench BUILD_DIR: the Release build of the benchmark and the servers it runs (only
# those targets: the machine is shared), or nothing with SKIP_BUILD=1 (someone's half-written
# CMakeLists.txt or sources keep the tree from building: the binaries already there are used).
build_gateway_bench() {
  local dir=$1
  NINJA_TARGETS=(causeway-bench-gateway causeway-topology causeway-gateway causeway)
  if [ "${SKIP_BUILD:-0}" = 1 ]; then
    say "using the binaries already built in $dir"
  else
    say "building (Release) in $dir"
    build "$dir" -DCMAKE_BUILD_TYPE=Release
  fi
}

# run_gateway_bench BUILD_DIR WORK SUBCOMMAND [causeway-bench-gateway flags...]
# The whole of a gateway benchmark's run script: servers, the Person event type, the benchmark
# (which makes its publisher `bench-publisher` as the admin), the load average around it. The caller
# has built, made WORK and trapped EXIT with `stop_gateway_stack WORK`.
run_gateway_bench() {
  local build=$1 work=$2 subcommand=$3 cli status=0
  shift 3
  cli=$build/services/cli/causeway
  start_gateway_stack "$work" "$build"
  say "creating bench/Person (namespace, zone, cluster, event type placed, schema activated)"
  seed_person_event_type "$cli" bench "$STACK_KAFKA_BOOTSTRAP"
  say "publishing as principal bench-publisher (publisher of bench, bearer token)"
  say "load before: $(uptime)"
  # The admin token reaches the benchmark as $CAUSEWAY_TOKEN (--admin-token).
  "$build/tools/bench/gateway_e2e/causeway-bench-gateway" "$subcommand" \
    --gateway "$STACK_GATEWAY" --bootstrap "$STACK_KAFKA_BOOTSTRAP" --namespace bench \
    --gateway-pid "$STACK_GATEWAY_PID" --broker-pid "$STACK_KAFKA_PID" \
    --topology "$STACK_TOPOLOGY" --publisher bench-publisher "$@" ||
    status=$?
  say "load after: $(uptime)"
  if [ "$status" != 0 ]; then
    echo "--- causeway-gateway log (tail)" >&2
    tail -n 30 "$work/gateway.log" >&2
  fi
  return "$status"
}
