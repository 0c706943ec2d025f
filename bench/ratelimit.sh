#!/usr/bin/env bash
# What the rate limiter costs on POST /track/pageview. See bench/README.md.
#
# Starts the server jar several times, alternating the limiter on and off (on, off, on, off, ...), each time on a fresh
# embedded database in a temporary ANALYTICS_DATA_DIR, with 127.0.0.1 trusted as a proxy. Each run warms up with load,
# then measures with wrk and bench/pageview.lua (a random X-Forwarded-For per request), checks that every 202 was
# stored, and stops the server. Prints a table per round, the median per mode, and the on/off ratios.
#
# Usage, from the repository root after ./mvnw -DskipTests package:
#   bench/ratelimit.sh
# Settings (environment): ROUNDS (4), WARMUP (25s), DURATION (30s), THREADS (2), CONNECTIONS (32), JAR, PORT (a free
# one is picked).
# Needs: java 17, wrk, curl, jq. Only talks to 127.0.0.1.

set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
JAR="${JAR:-$ROOT/server/target/analytics-server.jar}"
ROUNDS="${ROUNDS:-4}"
WARMUP="${WARMUP:-25s}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
PASSWORD='bench-admin-password-0123456789'
LUA="$BENCH_DIR/pageview.lua"

for tool in java wrk curl jq; do
    command -v "$tool" >/dev/null || { echo "ratelimit.sh: needs $tool" >&2; exit 2; }
done
[[ -f "$JAR" ]] || { echo "ratelimit.sh: no $JAR; build it first: ./mvnw -DskipTests package" >&2; exit 2; }
(( ROUNDS >= 1 )) || { echo "ratelimit.sh: ROUNDS must be at least 1" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/analytics-bench.XXXXXX")"
SERVER_PID=""
INVALID=0

free_port() {
    local p
    for _ in $(seq 100); do
        p=$(( 20000 + RANDOM % 20000 ))
        if [[ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]]; then echo "$p"; return; fi
    done
    echo "ratelimit.sh: no free port found" >&2
    exit 2
}
PORT="${PORT:-$(free_port)}"
BASE="http://127.0.0.1:$PORT"

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        local waited=0
        while kill -0 "$SERVER_PID" 2>/dev/null; do
            if (( waited >= 60 )); then
                echo "  server $SERVER_PID did not stop within 60 s of SIGTERM; killing it" >&2
                kill -KILL "$SERVER_PID" 2>/dev/null || true
                INVALID=1
                break
            fi
            sleep 1
            waited=$(( waited + 1 ))
        done
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU time (clock ticks) used so far by the server JVM and the embedded PostgreSQL (postmaster and its children).
cpu_ticks() {
    local pgdata="$1" total=0 pids="$SERVER_PID" pm p f
    if [[ -r "$pgdata/postmaster.pid" ]]; then
        pm="$(head -1 "$pgdata/postmaster.pid")"
        pids="$pids $pm $(ps -o pid= --ppid "$pm" 2>/dev/null || true)"
    fi
    for p in $pids; do
        if [[ -r "/proc/$p/stat" ]] && f="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null)"; then
            read -r -a fields <<<"$f"
            total=$(( total + fields[11] + fields[12] ))   # utime, stime (fields 14 and 15 of stat)
        fi
    done
    echo "$total"
}

# Runs wrk with pageview.lua; prints the script's RESULT line, and the non-202s or socket errors on stderr.
run_wrk() {
    local duration="$1" out="$2"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$LUA" "$BASE/track/pageview" >"$out" 2>&1 || true
    if ! grep -q '^RESULT ' "$out"; then
        echo "  wrk printed no result:" >&2
        sed 's/^/    /' "$out" >&2
        return 1
    fi
    if grep -q '^INVALID' "$out"; then
        echo "  INVALID RUN: $(grep '^INVALID' "$out")" >&2
        grep -i 'non-202' "$out" | sed 's/^/    /' >&2 || true
    fi
    grep '^RESULT ' "$out"
}

# Prints the server log's WARN and ERROR lines after the first SKIP of them (Spring's deprecation notes at start-up
# left out); returns how many there are in all (capped at 255).
log_problems() {
    local log="$1" skip="$2" label="$3" problems n
    problems="$(grep -E ' (ERROR|WARN) ' "$log" | grep -v 'AnnotationTypeMapping' || true)"
    n=0
    [[ -n "$problems" ]] && n="$(wc -l <<<"$problems")"
    if (( n > skip )); then
        echo "  server log, WARN/ERROR $label: $(( n - skip )) lines; the first 10:"
        tail -n +"$(( skip + 1 ))" <<<"$problems" | head -10 | cut -c1-300 | sed 's/^/    /'
    fi
    return $(( n > 255 ? 255 : n ))
}

field() { # field NAME "RESULT line"
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

# One server run: prints "mode rps p50 p99 ok202 stored cpu_ms_per_1000" to the results file.
run_once() {
    local round="$1" mode="$2" enabled dir log started
    [[ "$mode" == on ]] && enabled=true || enabled=false
    dir="$WORK/run-$round-$mode"
    mkdir -p "$dir"
    log="$dir/server.log"
    started="$(date -u -d '-5 minutes' +%Y-%m-%dT%H:%M:%SZ)"

    echo "== round $round, limiter $mode (ANALYTICS_RATE_LIMITS_ENABLED=$enabled), port $PORT, load average $(cut -d" " -f1-3 /proc/loadavg)"
    ADMIN_PASSWORD="$PASSWORD" \
    ANALYTICS_DATA_DIR="$dir/data" \
    ANALYTICS_TRUSTED_PROXIES=127.0.0.1 \
    ANALYTICS_MANAGEMENT_PORT=0 \
    ANALYTICS_RATE_LIMITS_ENABLED="$enabled" \
    ANALYTICS_RATE_LIMITS_PAGE_VIEW_CAPACITY=1000 \
    PORT="$PORT" \
        java -Xmx512m -jar "$JAR" >"$log" 2>&1 &
    SERVER_PID=$!

    local waited=0
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" || true)" == 200 ]]; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null || (( waited >= 180 )); then
            echo "  server did not become healthy; last log lines:" >&2
            tail -40 "$log" >&2
            exit 1
        fi
        sleep 1
        waited=$(( waited + 1 ))
    done
    echo "  healthy after ${waited} s; warming up for $WARMUP"

    local warm measured
    warm="$(run_wrk "$WARMUP" "$dir/wrk-warmup.txt")"
    if grep -q '^INVALID' "$dir/wrk-warmup.txt"; then INVALID=1; fi
    echo "  warm-up:  $warm"
    local pgdata="$dir/data/postgres" cpu0 cpu1
    cpu0="$(cpu_ticks "$pgdata")"
    measured="$(run_wrk "$DURATION" "$dir/wrk.txt")"
    cpu1="$(cpu_ticks "$pgdata")"
    if grep -q '^INVALID' "$dir/wrk.txt"; then INVALID=1; fi
    echo "  measured: $measured"
    sed -n '/Latency Distribution/,/requests in/p' "$dir/wrk.txt" | sed 's/^/    /'

    # Every 202 must be stored. wrk stops with up to CONNECTIONS requests in flight per invocation, which the server
    # may still store after wrk has stopped counting: stored may exceed the 202s by that much, never fall short.
    local ok202 in_flight stored="" last="" stable=0 cookie
    ok202=$(( $(field ok202 "$warm") + $(field ok202 "$measured") ))
    in_flight=$(( 2 * CONNECTIONS ))
    cookie="$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"password\":\"$PASSWORD\"}" "$BASE/admin/login" \
        | sed -n 's/^[Ss]et-[Cc]ookie: \(admin_session=[^;]*\).*/\1/p')"
    [[ -n "$cookie" ]] || { echo "  admin login failed" >&2; exit 1; }
    local ended
    ended="$(date -u -d '+5 minutes' +%Y-%m-%dT%H:%M:%SZ)"
    for _ in $(seq 60); do
        stored="$(curl -s -H "Cookie: $cookie" \
            "$BASE/admin/stats?site=portfolio&from=$started&to=$ended" | jq -r '.pageViews')"
        if [[ "$stored" =~ ^[0-9]+$ ]] && (( stored >= ok202 )) && [[ "$stored" == "$last" ]]; then
            stable=$(( stable + 1 ))
            (( stable >= 2 )) && break
        else
            stable=0
        fi
        last="$stored"
        sleep 1
    done
    local verdict
    if [[ ! "$stored" =~ ^[0-9]+$ ]]; then
        verdict="FAILED: /admin/stats gave no pageViews ($stored)"
        INVALID=1
    elif (( stored < ok202 )); then
        verdict="FAILED: $(( ok202 - stored )) accepted page views are missing"
        INVALID=1
    elif (( stored - ok202 > in_flight )); then
        verdict="FAILED: $(( stored - ok202 )) more stored than accepted, beyond the $in_flight requests in flight"
        INVALID=1
    else
        verdict="ok (+$(( stored - ok202 )) answered after wrk stopped counting; at most $in_flight in flight)"
    fi
    echo "  stored check: wrk counted $ok202 x 202 (warm-up + measured), /admin/stats pageViews = $stored: $verdict"

    local seen=0
    log_problems "$log" 0 "under load" || seen=$?
    local stop_started=$SECONDS
    stop_server
    echo "  stopped in $(( SECONDS - stop_started )) s"
    log_problems "$log" "$seen" "while stopping" || true
    rm -rf "$dir/data"

    local requests ticks cpu_per_k
    requests="$(field requests "$measured")"
    ticks=$(( cpu1 - cpu0 ))
    cpu_per_k="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
        'BEGIN { printf "%.1f", t * 1000 / hz / n * 1000 }')"
    echo "$round $mode $(field rps "$measured") $(field p50_ms "$measured") $(field p99_ms "$measured") \
$ok202 $stored $cpu_per_k" >>"$WORK/results"
}

echo "Rate-limit benchmark: $ROUNDS rounds, warm-up $WARMUP, measure $DURATION, wrk -t$THREADS -c$CONNECTIONS"
echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), \
$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Jar: $JAR"
echo

for round in $(seq "$ROUNDS"); do
    run_once "$round" on
    run_once "$round" off
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v m="$1" -v c="$2" '$2 == m { print $c }' "$WORK/results"; }

echo
echo "Per round (measured part only; CPU = server JVM + embedded PostgreSQL, ms per 1000 requests):"
printf '%-6s %-8s %10s %9s %9s %12s %12s %9s\n' round limiter 'req/s' 'p50 ms' 'p99 ms' '202s' stored 'CPU ms/k'
while read -r round mode rps p50 p99 ok stored cpu; do
    printf '%-6s %-8s %10.0f %9.2f %9.2f %12s %12s %9s\n' "$round" "$mode" "$rps" "$p50" "$p99" "$ok" "$stored" "$cpu"
done <"$WORK/results"

echo
echo "Medians:"
printf '%-8s %10s %9s %9s %9s\n' limiter 'req/s' 'p50 ms' 'p99 ms' 'CPU ms/k'
declare -A MED
for mode in on off; do
    for c in 3 4 5 8; do MED[$mode$c]="$(col "$mode" "$c" | median)"; done
    printf '%-8s %10.0f %9.2f %9.2f %9.1f\n' "$mode" "${MED[${mode}3]}" "${MED[${mode}4]}" "${MED[${mode}5]}" "${MED[${mode}8]}"
done
paired="$(awk '$2 == "on" { on[$1] = $3 } $2 == "off" { off[$1] = $3 } END { for (r in on) if (r in off) print on[r] / off[r] }' \
    "$WORK/results" | median)"
echo
awk -v a="${MED[on3]}" -v b="${MED[off3]}" -v p="$paired" -v c="${MED[on5]}" -v d="${MED[off5]}" \
    -v e="${MED[on8]}" -v f="${MED[off8]}" 'BEGIN {
    printf "Ratio on/off of the median req/s: %.3f (median of the per-round ratios: %.3f)\n", a / b, p
    printf "Ratio on/off of the median p99:   %.3f\n", c / d
    printf "Ratio on/off of the median CPU per request: %.3f\n", e / f
}'
if (( INVALID )); then
    echo
    echo "INVALID: at least one run had non-202 responses, socket errors, lost page views or an unclean stop (see above)."
    exit 1
fi
