# The relay's run of the relay benchmark (sourced by tools/bench/relay/run after common.sh and
# gateway_stack.sh): causeway-relay against the same broker, sink and in-flight limit as the
# baseline, with a static subscription (development mode) to bench/Person.
#
# What it needs that the baseline does not: a topology to decode by (the writer schema from the
# registry) and to place the event type. start_gateway_stack starts PostgreSQL and
# causeway-topology (and a gateway and a broker of its own, unused here); the zone's cluster is
# the benchmark's broker, so the relay reads what `fill` wrote there.
#
# run_relay_bench BUILD_DIR WORK BOOTSTRAP SINK_URL IN_FLIGHT EVENTS PARTITIONS
# Prints `relay: N deliveries in S s = R/s` (from the first delivery to the last, so the group's
# join is not counted, as the baseline's figure starts at its first request) and sets
# RELAY_RATE.
run_relay_bench() {
  local build=$1 work=$2 bootstrap=$3 sink_url=$4 in_flight=$5 events=$6 partitions=$7
  local cli=$build/services/cli/causeway relay_http relay_pid first=0 t0 t1 n=0 metric
  mkdir -p "$work/stack"
  # tools/pg runs PostgreSQL as its own user, which must reach its data directory.
  chmod 755 "$work" "$work/stack"
  start_gateway_stack "$work/stack" "$build"
  say "relay: bench/Person on the benchmark's broker ($bootstrap), its schema activated"
  seed_person_event_type "$cli" bench "$bootstrap" "$partitions"
  # A fresh database: the Person schema is the registry's first, global id 1.
  say "relay: filling bench.person with $events events (schema id 1)"
  "$build/tools/bench/relay/causeway-bench-relay" fill --bootstrap "$bootstrap" --topic bench.person \
    --partitions "$partitions" --events "$events" --schema-id 1 \
    --person-schema "$ROOT/tools/demo/person.avsc" --id-prefix "relay-$$"
  "$cli" principal create relay --description "the benchmark's causeway-relay" >/dev/null
  "$cli" role grant relay relay >/dev/null
  (umask 077 && "$cli" principal issue-token relay >"$work/relay.token")
  relay_http=$(free_port)
  say "relay: causeway-relay -> $sink_url, max_in_flight $in_flight"
  "$build/services/relay/server/causeway-relay" --topology "$STACK_TOPOLOGY" \
    --topology-token-file "$work/relay.token" --snapshot-path "$work/relay.snapshot" \
    --grpc-listen "127.0.0.1:$(free_port)" --http-listen "127.0.0.1:$relay_http" \
    --auth development --subscriptions "bench/Person=$sink_url" --static-start earliest \
    --max-in-flight "$in_flight" --log-level warn --drain-seconds 2 \
    >"$work/relay.log" 2>&1 &
  relay_pid=$!
  wait_port "$relay_http" 60 || die "causeway-relay did not start: $(tail -5 "$work/relay.log")"
  metric='causeway_relay_deliveries_total{outcome="delivered",status_class="2xx",subscription="static-bench-person"}'
  t0=$(date +%s.%N)
  for _ in $(seq 6000); do
    n=$(curl -s "http://127.0.0.1:$relay_http/metrics" | awk -v m="$metric" '$1 == m {print int($2)}')
    n=${n:-0}
    if [ "$first" = 0 ] && [ "$n" -gt 0 ]; then first=1; t0=$(date +%s.%N); fi
    [ "$n" -ge "$events" ] && break
    sleep 0.05
  done
  t1=$(date +%s.%N)
  local rss
  rss=$(awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$relay_pid/status" 2>/dev/null || echo "?")
  stop_process "$relay_pid" 10
  stop_gateway_stack "$work/stack"
  [ "$n" -ge "$events" ] || die "relay: only $n of $events delivered: $(tail -5 "$work/relay.log")"
  RELAY_RATE=$(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / (b - a)}')
  say "relay: $n deliveries in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') s = $RELAY_RATE/s (peak RSS $rss)"
}
