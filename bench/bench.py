#!/usr/bin/env python3
"""Imagegate benchmark harness: bounded load on loopback, with references measured in the same run.

Starts the gateway (or uses --url), seeds accounts and keys, runs the scenarios with wrk (and an asyncio
client for long-polls), measures pgbench and a trivial endpoint as references, and prints one table with each
scenario's ratio to its reference. Needs wrk, pgbench, psql and a built gateway (bench/run-bench builds it).
"""
import argparse
import asyncio
import json
import os
import resource
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
TICK = os.sysconf("SC_CLK_TCK")


def psql(db, sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def call(method, url, body=None, token=None, timeout=30):
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def stat_seconds(stat):
    """User plus system CPU seconds from the text of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            total += stat_seconds(open(f"/proc/{pid}/stat").read())
        except (OSError, IndexError):
            pass
    return total


def rss_mb(pid):
    if not pid:
        return None
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def postgres_pids():
    out = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


class Gateway:
    def __init__(self, args, db, prefix):
        self.args, self.db, self.prefix = args, db, prefix
        self.process = None
        self.url = args.url
        self.management_url = args.management_url or args.url
        self.pid = None

    def start(self, dispatch, extra=None):
        if self.args.url:
            return
        self.stop()
        env = dict(os.environ, QUARKUS_HTTP_PORT=str(self.args.port), QUARKUS_MANAGEMENT_PORT=str(self.args.port + 1),
                   QUARKUS_DATASOURCE_REACTIVE_URL=f"postgresql://127.0.0.1:5432/{self.db}",
                   QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://127.0.0.1:5432/{self.db}",
                   IMAGEGATE_REDIS_PREFIX=self.prefix, IMAGEGATE_ADMIN_TOKEN=self.args.admin_token,
                   IMAGEGATE_SANDBOX_FALLBACK="true", IMAGEGATE_DISPATCH_ENABLED=str(dispatch).lower(),
                   IMAGEGATE_SANDBOX_MAX_INFLIGHT_IMAGES="20000", IMAGEGATE_SUBMIT_MAX_PENDING="10000000",
                   QUARKUS_LOG_CONSOLE_JSON_ENABLED="false", QUARKUS_HTTP_ACCESS_LOG_ENABLED="false",
                   QUARKUS_LOG_CATEGORY__IO_IMAGEGATE_TASK_TRANSITIONS__LEVEL="WARN", QUARKUS_SHUTDOWN_DELAY="0s",
                   **(extra or {}))
        log = open(os.path.join(self.args.out, f"gateway-{int(time.time())}.log"), "w")
        self.process = subprocess.Popen(["java", "-Xmx512m", "-jar", os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")],
                                        env=env, stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        self.url = f"http://127.0.0.1:{self.args.port}"
        self.management_url = f"http://127.0.0.1:{self.args.port + 1}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.management_url + "/q/health/ready", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the gateway did not start; see " + self.args.out)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


def wrk(url, script, seconds, connections, env):
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", os.path.join(BENCH, script), url], env=dict(os.environ, BENCH_DIR=BENCH, **env),
                         capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    n, rps, p50, p90, p99, mx, errors = line.split()[1:]
    return {"requests": int(n), "rps": float(rps), "p50": float(p50), "p90": float(p90), "p99": float(p99),
            "max": float(mx), "errors": int(errors)}


def forget_redis(prefix):
    """Deletes the run's Redis keys (the task-events stream keeps up to its maximum length of events)."""
    keys = subprocess.run(["redis-cli", "--scan", "--pattern", prefix + "*"], capture_output=True, text=True).stdout.split()
    if keys:
        subprocess.run(["redis-cli", "del", *keys], capture_output=True)


def stream_lag(prefix, since_ms, origin="completed_at"):
    """p50 and p99 in ms of when Redis took each event (its stream entry's id, whole ms) after the task's origin
    timestamp (completed_at: completion-to-event lag; created_at: submission to event), for the events of the
    task-events stream since since_ms."""
    out = subprocess.run(["redis-cli", "XRANGE", prefix + "task-events", str(since_ms), "+"],
                         capture_output=True, text=True).stdout.splitlines()
    lags, entry = [], None
    for i, line in enumerate(out):
        if re.fullmatch(r"\d{13}-\d+", line):
            entry = int(line.split("-")[0])
        elif line == "task" and entry is not None and i + 1 < len(out):
            origin_at = json.loads(out[i + 1])[origin]
            lags.append(entry - datetime.fromisoformat(origin_at).timestamp() * 1000)
            entry = None
    if not lags:
        return ["-", "-"]
    lags.sort()
    return [f"{lags[len(lags) // 2]:.1f}", f"{lags[min(len(lags) - 1, int(len(lags) * 0.99))]:.1f}"]


def steal_share():
    """CPU ticks the hypervisor gave to others (steal) and all CPU ticks so far, from /proc/stat."""
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return fields[7], sum(fields)


def stolen_since(start):
    """The share of CPU time, in %, the hypervisor gave to others since steal_share() returned start."""
    now = steal_share()
    return 100 * (now[0] - start[0]) / max(1, now[1] - start[1])


def compiler_seconds(pid):
    """CPU seconds the JVM's JIT compiler threads (C1 and C2) have used so far."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        if stat[stat.index("(") + 1:].startswith(("C1 CompilerThre", "C2 CompilerThre")):
            total += stat_seconds(stat)
    return total


JIT_SETTLED = 3.0


def warm_up(gateway, least, keys, most):
    """Submissions before a measured scenario, so that it measures JIT-compiled code, not the compiler: `least`
    seconds, then 10-s rounds until the JIT compiler took under JIT_SETTLED % of the gateway's CPU in one, for
    `most` seconds at most. Returns the seconds spent and the compiler's share in the last round (None if no
    round ran: with --url, whose process it cannot see, or when `most` is `least`)."""
    wrk(gateway.url, "submit.lua", least, 16, {"BENCH_KEYS": keys})
    spent, share = least, None
    while gateway.pid and spent < most:
        compiled, used = compiler_seconds(gateway.pid), cpu_seconds([gateway.pid])
        wrk(gateway.url, "submit.lua", 10, 16, {"BENCH_KEYS": keys})
        spent += 10
        share = 100 * (compiler_seconds(gateway.pid) - compiled) / max(0.01, cpu_seconds([gateway.pid]) - used)
        if share < JIT_SETTLED:
            break
    return spent, share


# Each count reads its own partial index. Written as `status IN (...)`, the planner cannot match either index and
# scans the whole table, three processes in parallel: ~0.2 s of CPU on the ~400k tasks that (d) starts with, which
# (d)'s sampling did twice a second, on the cores whose completion lag it measures.
UNFINISHED = """SELECT (SELECT count(*) FROM tasks WHERE status = 'pending')
                     + (SELECT count(*) FROM tasks WHERE status = 'in_progress')"""


def unfinished(db):
    return int(psql(db, UNFINISHED))


def drained(db, limit_s=120):
    deadline = time.time() + limit_s
    while time.time() < deadline and unfinished(db) > 0:
        time.sleep(0.5)


def vacuuming(db, stop, seen):
    """Counts seconds during which autovacuum worked on the gateway's database: it competes for the cores."""
    while not stop.wait(1.0):
        if psql("postgres", f"SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = '{db}'") != "0":
            seen[0] += 1.0


def autovacuum_off():
    return psql("postgres", "SHOW autovacuum") == "off"


class References:
    """The references, each measured before and after the scenarios compared with it. A ratio divides by the mean
    of the two, so that a host whose speed drifts during a run moves both sides of it: on this VM the trivial
    endpoint, which touches no database, read 43.6k and 52.3k rps a quarter of an hour apart, with no steal."""

    def __init__(self):
        self.taken = {}

    def measure(self, name, run, field):
        """Runs a measurement and keeps its `field`, the CPU share stolen meanwhile and what the checkpointer wrote."""
        s0 = steal_share()
        result = run()
        self.taken.setdefault(name, []).append((result[field], stolen_since(s0), result["checkpoint"]))

    def mean(self, name):
        values = [value for value, _, _ in self.taken[name]]
        return sum(values) / len(values)

    def each(self, name):
        return " / ".join(f"{value:.0f}" for value, _, _ in self.taken[name])

    def most_stolen(self):
        return max(steal for taken in self.taken.values() for _, steal, _ in taken)

    def checkpointed(self):
        return sum(mb for taken in self.taken.values() for _, _, mb in taken)


def checkpoint_mb():
    """MB the checkpointer has written since the statistics were reset (pg_stat_checkpointer from Postgres 17,
    pg_stat_bgwriter before)."""
    has_checkpointer = psql("postgres", "SELECT to_regclass('pg_catalog.pg_stat_checkpointer') IS NOT NULL") == "t"
    buffers = "buffers_written FROM pg_stat_checkpointer" if has_checkpointer else "buffers_checkpoint FROM pg_stat_bgwriter"
    return float(psql("postgres", f"SELECT current_setting('block_size')::bigint / 1048576.0 * {buffers}"))


def fresh_checkpoint():
    """A checkpoint now, so that the measurement after it starts with the whole WAL budget: one that max_wal_size
    triggers mid-measurement (every 1-2 minutes under this load with the default 1 GB) writes hundreds of MB
    while it runs, and either a reference or a scenario would pay for it, whichever it fell on."""
    psql("postgres", "CHECKPOINT")


def measured(gateway, run):
    # Without autovacuum (some CI images turn it off) the tables are never analyzed and dead rows pile up, so
    # plans degrade as a run goes on; do between scenarios what autovacuum would do in any real deployment.
    if autovacuum_off():
        psql(gateway.db, "VACUUM (ANALYZE)")
    fresh_checkpoint()
    pg = postgres_pids()
    stop, vacuum = threading.Event(), [0.0]
    threading.Thread(target=vacuuming, args=(gateway.db, stop, vacuum), daemon=True).start()
    g0, p0, t0, s0 = cpu_seconds([gateway.pid] if gateway.pid else []), cpu_seconds(pg), time.time(), steal_share()
    k0 = checkpoint_mb()
    result = run()
    elapsed = time.time() - t0
    result["steal"] = stolen_since(s0)
    stop.set()
    result["vacuum"] = vacuum[0]
    result["gw_cpu"] = 100 * (cpu_seconds([gateway.pid] if gateway.pid else []) - g0) / elapsed if gateway.pid else None
    result["pg_cpu"] = 100 * (cpu_seconds(pg) - p0) / elapsed
    result["rss"] = rss_mb(gateway.pid)
    result["checkpoint"] = checkpoint_mb() - k0
    return result


def pgbench(seconds, script, clients, rate=None):
    """The script's tps on a task-shaped table; with a rate (tps) to hold, also its transactions' latency p50 and
    p99 in ms from pgbench's per-transaction log, each without its schedule lag (from when it began, as a task's
    created_at counts from when the gateway took the request)."""
    db = f"imagegate_benchref_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    try:
        psql(db, """CREATE TABLE tasks (id text PRIMARY KEY, account_id text NOT NULL, status text NOT NULL,
                    input jsonb NOT NULL, credits bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                    completed_at timestamptz)""")
        fresh_checkpoint()
        k0 = checkpoint_mb()
        with tempfile.TemporaryDirectory() as logs:
            script_path = os.path.join(logs, "script.sql")
            with open(script_path, "w") as f:
                f.write(script)
            held = ["-R", f"{rate:.0f}", "-l", "--log-prefix", os.path.join(logs, "log")] if rate else []
            out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(clients), "-j", "2",
                                  "-T", str(seconds), *held, "-f", script_path, db], capture_output=True, text=True,
                                 check=True).stdout
            result = {"tps": float(re.search(r"tps = ([\d.]+)", out).group(1)), "checkpoint": checkpoint_mb() - k0}
            if rate:
                result["latency"] = logged_latency([os.path.join(logs, n) for n in os.listdir(logs) if n.startswith("log")])
            return result
    finally:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE {db} WITH (FORCE)"])


def logged_latency(paths):
    """p50 and p99 in ms from pgbench -R logs: a line's third field is the time since the transaction's scheduled
    start, its seventh how late it started (schedule lag), both in µs."""
    times = sorted((int(fields[2]) - int(fields[6])) / 1000 for path in paths for fields in
                   (line.split() for line in open(path)) if len(fields) >= 7 and fields[2].isdigit())
    if not times:
        return ["-", "-"]
    return [f"{times[len(times) // 2]:.1f}", f"{times[min(len(times) - 1, int(len(times) * 0.99))]:.1f}"]


INSERT = """\\set id random(1, 9000000000000000)
INSERT INTO tasks (id, account_id, status, input, credits)
VALUES (:id::text, 'acct', 'pending', '{"prompt": "bench", "num_images": 1}', 0);
"""
INSERT_UPDATE = """\\set id random(1, 9000000000000000)
INSERT INTO tasks (id, account_id, status, input, credits)
VALUES (:id::text, 'acct', 'pending', '{"prompt": "bench", "num_images": 1}', 0);
UPDATE tasks SET status = 'completed', completed_at = now() WHERE id = :id::text;
"""


def seed_keys(gateway, accounts, credits):
    keys = []
    for i in range(accounts):
        account = call("POST", gateway.url + "/admin/v1/accounts", {"name": f"bench {i}", "credits": credits},
                       gateway.args.admin_token)
        keys.append(call("POST", gateway.url + f"/admin/v1/accounts/{account['id']}/keys", {"name": "bench"},
                         gateway.args.admin_token)["key"])
    return keys


def write(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


async def long_poll(url, targets, wait):
    async def one(key, path):
        host, port = url.split("//")[1].split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(f"GET {path}?wait={wait} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n\r\n".encode())
        await writer.drain()
        status = (await reader.readline()).split()[1]
        writer.close()
        return status == b"200"
    started = time.time()
    results = await asyncio.gather(*(one(k, p) for k, p in targets), return_exceptions=True)
    return sum(1 for r in results if r is True), time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few seconds in all: checks the harness works")
    parser.add_argument("--url", help="use this running gateway instead of starting one")
    parser.add_argument("--management-url", help="its management interface, for health (with --url; default --url)")
    parser.add_argument("--database", help="its database (with --url)")
    parser.add_argument("--redis-prefix", help="its Redis key prefix (with --url), for the completion→event lag")
    parser.add_argument("--admin-token", default="bench-admin-token")
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.connections = 2, 8
    args.out = os.path.join(ROOT, "target", "bench")
    os.makedirs(args.out, exist_ok=True)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    # Both gateways are new JVMs measured against steady-state references: each is warmed up until the JIT compiler
    # has settled. Accept-only, C2 compiled under 200 methods per 10 s after 40 s of submissions
    # (-XX:+PrintCompilation). The dispatching gateway has more code: 60 s after its start C2 still took ~20 % of
    # its CPU, ~105 s after it ~1 %.
    warm = 1 if args.smoke else 45
    warm_dispatch = 1 if args.smoke else 60
    warm_most = 1 if args.smoke else 180
    warmed = {}
    steal0 = steal_share()
    run = uuid.uuid4().hex[:8]
    db = args.database or f"imagegate_bench_{run}"
    if not args.url:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    gateway = Gateway(args, db, args.redis_prefix or f"imagegate-bench-{run}:")
    rows = {}
    try:
        refs = References()
        refs.measure("insert", lambda: pgbench(args.seconds, INSERT, 16), "tps")
        refs.measure("insert_update", lambda: pgbench(args.seconds, INSERT_UPDATE, 16), "tps")

        gateway.start(dispatch=False)
        one = write(os.path.join(args.out, "one.txt"), seed_keys(gateway, 1, 0))
        warmed["accept-only"] = warm_up(gateway, warm, one, warm_most)
        live = {"BENCH_TARGETS": write(os.path.join(args.out, "live.txt"), ["none /q/health/live"])}
        wrk(gateway.management_url, "get.lua", 1 if args.smoke else 5, args.connections, live)
        trivial = lambda: measured(gateway, lambda: wrk(gateway.management_url, "get.lua", args.seconds, args.connections,
                                                        live))
        refs.measure("trivial", trivial, "rps")
        rows["a"] = measured(gateway, lambda: wrk(gateway.url, "submit.lua", args.seconds, args.connections,
                                                  {"BENCH_KEYS": one}))
        many = write(os.path.join(args.out, "many.txt"), seed_keys(gateway, 20 if args.smoke else 1000, 0))
        rows["b"] = measured(gateway, lambda: wrk(gateway.url, "submit.lua", args.seconds, args.connections,
                                                  {"BENCH_KEYS": many}))
        refs.measure("insert", lambda: pgbench(args.seconds, INSERT, 16), "tps")
        key = open(one).readline().strip()
        ids = [call("POST", gateway.url + "/api/v1/images/generations", {"model": "sandbox-image", "prompt": "poll"},
                    key)["data"]["task_id"] for _ in range(50 if args.smoke else 1000)]
        targets = write(os.path.join(args.out, "poll.txt"), [f"{key} /api/v1/tasks/{i}" for i in ids])
        rows["e"] = measured(gateway, lambda: wrk(gateway.url, "get.lua", args.seconds, args.connections,
                                                  {"BENCH_TARGETS": targets}))
        refs.measure("trivial", trivial, "rps")
        waiters = 100 if args.smoke else 5000
        wait = 1 if args.smoke else 10
        # Pending tasks keep their waiters for the whole wait; a gateway that runs tasks (--url) has ended them.
        # Only the key's own account may read a task: another account's would answer 404 at once.
        pending = psql(db, f"""SELECT id FROM tasks WHERE status = 'pending'
                               AND account_id = (SELECT account_id FROM tasks WHERE id = '{ids[0]}') LIMIT {waiters}""").split() or ids
        def polls():
            answered, took = asyncio.run(long_poll(gateway.url, [(key, f"/api/v1/tasks/{t}") for t in
                                                                 (pending * (waiters // max(1, len(pending)) + 1))[:waiters]], wait))
            return {"requests": waiters, "rps": waiters / took, "p50": None, "p90": None, "p99": None,
                    "max": took * 1000, "errors": waiters - answered}
        rows["f"] = measured(gateway, polls)

        # The accept-only tasks (0 credits, never run) would sit ahead of the next scenarios in the queue. Our own
        # gateway moves to a fresh database (and drops this one, so that vacuuming it does not compete): deleting
        # them would leave the dispatcher's index full of dead rows.
        if args.url:
            psql(db, "DELETE FROM tasks WHERE status = 'pending' AND model = 'sandbox-image' AND credits_reserved = 0")
        else:
            gateway.stop()
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE {db} WITH (FORCE)"], check=True)
            db = gateway.db = f"imagegate_bench_{run}_run"
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
            gateway.start(dispatch=True)
            one = write(os.path.join(args.out, "one.txt"), seed_keys(gateway, 1, 0))
            key = open(one).readline().strip()
        warmed["dispatching"] = warm_up(gateway, warm_dispatch, one, warm_most)
        drained(db)
        started = psql(db, "SELECT now()")
        rows["c"] = measured(gateway, lambda: wrk(gateway.url, "submit.lua", args.seconds, args.connections,
                                                  {"BENCH_KEYS": one}))
        time.sleep(2)
        done = int(psql(db, f"SELECT count(*) FROM tasks WHERE status = 'completed' AND created_at >= '{started}'"))
        rows["c"]["completed_per_s"] = done / args.seconds
        e2e = psql(db, f"""SELECT round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at))::numeric, 1),
                                  round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at))::numeric, 1)
                           FROM tasks WHERE status = 'completed' AND created_at >= '{started}'""").split("|")
        rows["c"]["overhead"] = e2e
        refs.measure("insert_update", lambda: pgbench(args.seconds, INSERT_UPDATE, 16), "tps")

        # Half the end-to-end rate: 16 connections, each pausing so that together they offer half of (c).
        half = max(1.0, rows["c"]["completed_per_s"] / 2)
        pause_ms = max(1, int(16 * 1000 / half))
        started = psql(db, "SELECT now()")
        half_started_ms = int(time.time() * 1000)
        rows["h"] = measured(gateway, lambda: wrk(gateway.url, "submit.lua", args.seconds, 16,
                                                  {"BENCH_KEYS": one, "BENCH_DELAY_MS": str(pause_ms)}))
        time.sleep(2)
        done, *rows["h"]["overhead"] = psql(db, f"""SELECT count(*), round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at))::numeric, 1),
                                  round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at))::numeric, 1)
                           FROM tasks WHERE status = 'completed' AND created_at >= '{started}'""").split("|")
        rows["h"]["completed_per_s"] = int(done) / args.seconds
        rows["h"]["to_event"] = stream_lag(gateway.prefix, half_started_ms, "created_at")
        # What a task's two writes take in Postgres alone at that rate, from pgbench's own client: the floor under
        # the overhead above, which adds HTTP, validation, dispatch and Redis on the same cores.
        rows["h"]["floor"] = pgbench(args.seconds, INSERT_UPDATE, 16, rate=max(1.0, rows["h"]["completed_per_s"]))["latency"]

        count, low, high = (200, 300, 1000) if args.smoke else (10000, 3000, 12000)
        flight_started_ms = int(time.time() * 1000)
        peak, peak_in_flight = [0.0], [0]
        stop = threading.Event()
        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(gateway.pid) or 0)
                peak_in_flight[0] = max(peak_in_flight[0], unfinished(db))
                time.sleep(0.5)
        threading.Thread(target=sample, daemon=True).start()
        def flight():
            # wrk keeps running for its whole duration after its threads stop, so the duration is about what
            # the tasks need to end anyway; the submission rate comes from the tasks' own timestamps.
            t0 = time.time()
            submitted = wrk(gateway.url, "submit.lua", 5 if args.smoke else 20, 32,
                            {"BENCH_KEYS": one, "BENCH_LATENCY_MS": f"{low} {high}", "BENCH_LIMIT": str(count // 2)})
            drained(db)
            total, failed, span = psql(db, """SELECT count(*), count(*) FILTER (WHERE status <> 'completed'),
                                                     extract(epoch FROM max(created_at) - min(created_at))
                                              FROM tasks WHERE input->>'prompt' LIKE 'flight%'""").split("|")
            return {"requests": int(total), "rps": int(total) / max(float(span), 0.001), "p50": submitted["p50"],
                    "p90": submitted["p90"], "p99": submitted["p99"], "max": (time.time() - t0) * 1000,
                    "errors": submitted["errors"] + int(failed), "in_flight": peak_in_flight[0]}
        rows["d"] = measured(gateway, flight)
        stop.set()
        rows["d"]["rss"] = peak[0] or None
        rows["d"]["lag"] = stream_lag(gateway.prefix, flight_started_ms)
    finally:
        if not args.url:
            gateway.stop()
            forget_redis(gateway.prefix)
            for name in (f"imagegate_bench_{run}", f"imagegate_bench_{run}_run"):
                subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                               env=dict(os.environ, PGOPTIONS="--client-min-messages=warning"))
    report(args, refs, rows, stolen_since(steal0), warmed)


def report(args, refs, rows, steal, warmed):
    def f(v, fmt="{:.0f}"):
        return "-" if v is None else fmt.format(v)
    names = {"a": "(a) accept, 1 account", "b": "(b) accept, many accounts", "c": "(c) end to end, sandbox 0 ms",
             "d": "(d) tasks in flight, 3-12 s", "e": "(e) GET /tasks/{id}", "f": "(f) long-poll waiters",
             "h": "(c½) end to end, half load"}
    ratio = {"a": ("insert", "rps"), "b": ("insert", "rps"), "c": ("insert_update", "completed_per_s"), "e": ("trivial", "rps")}
    print()
    print(f"Imagegate benchmark ({'smoke, ' if args.smoke else ''}{args.seconds} s per scenario, {args.connections} connections, "
          f"{os.cpu_count()} cores, {steal:.1f} % of CPU time stolen by the hypervisor)")
    print(f"references, before / after the scenarios compared with them (a ratio uses their mean): pgbench one-row INSERT "
          f"{refs.each('insert')} tps, INSERT+UPDATE {refs.each('insert_update')} tps, trivial endpoint {refs.each('trivial')} rps "
          f"(steal during them at most {refs.most_stolen():.1f} %; the checkpointer wrote {refs.checkpointed():.0f} MB during them)")
    print("each reference and scenario starts right after a CHECKPOINT; ckpt MB is what the checkpointer wrote during it")
    print(f"warm-up (submissions until the JIT compiler took under {JIT_SETTLED:.0f} % of the gateway's CPU in 10 s): " + ", ".join(
        f"{name} gateway {spent} s" + ("" if share is None else f" (compiler {share:.1f} % in the last 10 s)")
        for name, (spent, share) in warmed.items()))
    if autovacuum_off():
        print("autovacuum is off on this Postgres: the harness ran VACUUM (ANALYZE) on the gateway's database before each scenario")
    print(f"{'scenario':<32}{'requests':>9}{'rps':>9}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}{'max ms':>9}{'errors':>7}"
          f"{'gw cpu%':>8}{'rss MB':>8}{'pg cpu%':>8}{'vac s':>6}{'ckpt MB':>8}{'steal%':>7}{'ratio':>7}")
    for key in ["a", "b", "c", "h", "d", "e", "f"]:
        r = rows.get(key)
        if r is None:
            continue
        ref, field = ratio.get(key, (None, None))
        value = r.get(field) if field else None
        print(f"{names[key]:<32}{r['requests']:>9}{f(r['rps']):>9}{f(r['p50'], '{:.1f}'):>8}{f(r['p90'], '{:.1f}'):>8}"
              f"{f(r['p99'], '{:.1f}'):>8}{f(r['max']):>9}{r['errors']:>7}{f(r.get('gw_cpu')):>8}{f(r.get('rss')):>8}"
              f"{f(r.get('pg_cpu')):>8}{f(r.get('vacuum'), '{:.1f}'):>6}{f(r.get('checkpoint')):>8}{f(r.get('steal'), '{:.1f}'):>7}"
              f"{(f(value / refs.mean(ref), '{:.2f}') + 'x') if ref and value else '-':>7}")
    c, d, h = rows.get("c", {}), rows.get("d", {}), rows.get("h", {})
    print(f"  (c) completions/s {f(c.get('completed_per_s'))}; task created→completed p50 {c.get('overhead', ['-'])[0]} ms, "
          f"p99 {c.get('overhead', ['-', '-'])[1]} ms (sandbox takes 0 ms, so this is the gateway's own overhead at full load)")
    print(f"  (c½) at half the end-to-end rate: task created→completed p50 {h.get('overhead', ['-'])[0]} ms, "
          f"p99 {h.get('overhead', ['-', '-'])[1]} ms (the gateway's overhead per task: the sandbox takes 0 ms); "
          f"created→event in Redis p50 {h.get('to_event', ['-'])[0]} ms, p99 {h.get('to_event', ['-', '-'])[1]} ms "
          f"(what a subscriber sees: the finishing transaction's commit and the publication included; stream ids are whole ms)")
    print(f"  (c½) floor: pgbench INSERT+UPDATE (a task's two writes, no HTTP, no gateway) held at the same "
          f"{f(h.get('completed_per_s'))} tps: latency p50 {h.get('floor', ['-'])[0]} ms, p99 {h.get('floor', ['-', '-'])[1]} ms")
    print(f"  (d) at most {d.get('in_flight', '-')} tasks in flight at once (sampled twice a second); completion→event (Redis) lag p50 {d.get('lag', ['-'])[0]} ms, "
          f"p99 {d.get('lag', ['-', '-'])[1]} ms; peak RSS {f(d.get('rss'))} MB")


if __name__ == "__main__":
    main()
