#!/usr/bin/env python3
"""Many replicas, no leader: a crash harness for Imagegate.

Starts N gateway processes on one Postgres and one Redis (loopback only), a webhook receiver, and a
load of tasks with callbacks; kills replicas at random with SIGKILL and SIGTERM and restarts them;
then checks that every accepted task ended, that no credit was lost or charged twice, and that every
webhook arrived. Bounded in tasks and time; stops by itself. Standard library only.
"""
import argparse
import http.server as httpserver
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

ADMIN = "chaos-admin-token"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def psql(db, sql):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def http(method, url, body=None, headers=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"null")
        except ValueError:
            return e.code, None


class Receiver(httpserver.BaseHTTPRequestHandler):
    """Customer webhook endpoint: fails one delivery in five, records the webhook-id of every one it accepts."""
    seen = {}
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if random.random() < 0.2:
            self.send_response(503)
            self.end_headers()
            return
        task = json.loads(body)["data"]["task_id"]
        with Receiver.lock:
            Receiver.seen.setdefault(task, []).append(self.headers["webhook-id"])
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Replica:
    def __init__(self, index, port, env, logdir):
        self.index, self.port, self.env, self.logdir = index, port, env, logdir
        self.process = None
        self.generation = 0
        self.ready = False

    def start(self):
        self.generation += 1
        env = dict(self.env, QUARKUS_HTTP_PORT=str(self.port), QUARKUS_MANAGEMENT_PORT=str(self.management_port()),
                   IMAGEGATE_REPLICA_ID=f"replica-{self.index}-{self.generation}")
        log = open(os.path.join(self.logdir, f"replica-{self.index}-{self.generation}.log"), "w")
        self.process = subprocess.Popen(["java", "-Xmx256m", "-jar", os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")],
                                        env=env, stdout=log, stderr=subprocess.STDOUT)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def management_port(self):
        """Health and metrics live on the management interface, 1000 ports above the application."""
        return self.port + 1000

    def management_url(self, path):
        return f"http://127.0.0.1:{self.management_port()}{path}"

    def alive(self):
        return self.process is not None and self.process.poll() is None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--base-port", type=int, default=18080)
    parser.add_argument("--deadline", type=int, default=600, help="seconds before the run gives up")
    args = parser.parse_args()
    started = time.time()

    run = uuid.uuid4().hex[:10]
    db = f"imagegate_chaos_{run}"
    logdir = os.path.join(ROOT, "target", "chaos", run)
    os.makedirs(logdir, exist_ok=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)

    receiver = httpserver.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    callback = f"http://127.0.0.1:{receiver.server_address[1]}/hooks"

    env = dict(os.environ,
               QUARKUS_DATASOURCE_REACTIVE_URL=f"postgresql://127.0.0.1:5432/{db}",
               QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://127.0.0.1:5432/{db}",
               QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE="8",
               IMAGEGATE_REDIS_PREFIX=f"imagegate-chaos-{run}:",
               IMAGEGATE_ADMIN_TOKEN=ADMIN,
               IMAGEGATE_SANDBOX_FALLBACK="true",
               IMAGEGATE_SANDBOX_MAX_INFLIGHT_IMAGES="400",
               IMAGEGATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS="true",
               IMAGEGATE_WEBHOOKS_RETRY_SCHEDULE="500ms,1s,2s,2s,2s,2s,2s,2s,2s,2s",
               IMAGEGATE_WEBHOOKS_TIMEOUT="3s",
               IMAGEGATE_DISPATCH_LEASE="6s",
               IMAGEGATE_DISPATCH_RESCUE_INTERVAL="1s",
               IMAGEGATE_DISPATCH_MAX_ATTEMPTS="10",
               IMAGEGATE_DISPATCH_DRAIN_TIMEOUT="3s",
               QUARKUS_SHUTDOWN_DELAY="1500ms",
               QUARKUS_SHUTDOWN_TIMEOUT="5s",
               QUARKUS_LOG_CONSOLE_JSON_ENABLED="false",
               QUARKUS_LOG_CATEGORY__IO_IMAGEGATE_TASK_TRANSITIONS__LEVEL="WARN",
               QUARKUS_HTTP_ACCESS_LOG_ENABLED="false")
    replicas = [Replica(i, args.base_port + i, env, logdir) for i in range(args.replicas)]
    # The first replica migrates the schema; the others start once it is up.
    replicas[0].start()
    wait_ready(replicas[0], started, args.deadline)
    for replica in replicas[1:]:
        replica.start()
    for replica in replicas:
        wait_ready(replica, started, args.deadline)

    stop = threading.Event()
    threading.Thread(target=watch_readiness, args=(replicas, stop), daemon=True).start()

    accounts = []
    for i in range(5):
        status, account = http("POST", replicas[0].url("/admin/v1/accounts"), {"name": f"chaos {i}", "credits": 5000},
                               {"Authorization": f"Bearer {ADMIN}"})
        status, key = http("POST", replicas[0].url(f"/admin/v1/accounts/{account['id']}/keys"), {"name": "chaos"},
                           {"Authorization": f"Bearer {ADMIN}"})
        accounts.append((account["id"], key["key"]))

    statuses, accepted, sigterm_5xx = {}, {}, [0]
    lock = threading.Lock()
    terminating = threading.Event()
    work = list(range(args.tasks))

    def client():
        while True:
            with lock:
                if not work:
                    return
                n = work.pop()
            account, key = accounts[n % len(accounts)]
            body = {"model": "ideogram-v3-turbo", "prompt": f"chaos {n} [sandbox:delay={random.randint(50, 1500)}ms]",
                    "callback_url": callback}
            idempotency = f"chaos-{run}-{n}"
            while time.time() - started < args.deadline:
                live = [r for r in replicas if r.ready] or replicas
                target = random.choice(live)
                try:
                    status, answer = http("POST", target.url("/api/v1/images/generations"), body,
                                          {"Authorization": f"Bearer {key}", "Idempotency-Key": idempotency}, timeout=15)
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    with lock:
                        statuses["connection error"] = statuses.get("connection error", 0) + 1
                    time.sleep(0.1)
                    continue
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status >= 500 and terminating.is_set():
                        sigterm_5xx[0] += 1
                if status == 202:
                    with lock:
                        accepted[answer["data"]["task_id"]] = account
                    break
                if status in (402, 400):
                    break
                time.sleep(0.2)

    def chaos():
        kills = {"SIGKILL": 0, "SIGTERM": 0}
        spacing = max(1.0, 40.0 / max(1, args.kills))
        for _ in range(args.kills):
            time.sleep(spacing)
            victim = random.choice([r for r in replicas if r.alive()])
            sig = random.choice([signal.SIGKILL, signal.SIGTERM])
            if sig == signal.SIGTERM:
                terminating.set()
            victim.process.send_signal(sig)
            try:
                victim.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                victim.process.kill()
                victim.process.wait()
            terminating.clear()
            victim.ready = False
            kills[sig.name] += 1
            time.sleep(random.uniform(0.5, 2.0))
            victim.start()
        return kills

    kill_result = {}
    chaos_thread = threading.Thread(target=lambda: kill_result.update(chaos()))
    chaos_thread.start()
    clients = [threading.Thread(target=client) for _ in range(args.clients)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    chaos_thread.join()
    for replica in replicas:
        wait_ready(replica, started, args.deadline)

    # Drain: every accepted task terminal, every webhook delivered.
    ids = list(accepted)
    while time.time() - started < args.deadline:
        open_tasks = int(psql(db, "SELECT count(*) FROM tasks WHERE status IN ('pending', 'in_progress')"))
        pending_hooks = int(psql(db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"))
        if open_tasks == 0 and pending_hooks == 0:
            break
        time.sleep(1)
    stop.set()

    in_db = set(psql(db, "SELECT id FROM tasks").split())
    terminal = set(psql(db, "SELECT id FROM tasks WHERE status IN ('completed', 'failed', 'canceled')").split())
    lost = [t for t in ids if t not in in_db]
    not_terminal = [t for t in ids if t not in terminal]
    unexpected = in_db - set(ids)
    ledger_bad = psql(db, """
        SELECT count(*) FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) s, sum(hold) h FROM ledger_entries
        GROUP BY account_id) l ON l.account_id = a.id
        WHERE a.balance + a.reserved <> coalesce(l.s, 0) OR a.reserved <> coalesce(l.h, 0) OR a.balance < 0""")
    double_settled = psql(db, """SELECT count(*) FROM (SELECT task_id FROM ledger_entries WHERE kind IN ('capture', 'release')
        GROUP BY task_id HAVING count(*) > 1) x""")
    wrong_charge = psql(db, """SELECT count(*) FROM tasks t WHERE status IN ('completed', 'failed', 'canceled') AND
        (SELECT count(*) FROM ledger_entries e WHERE e.task_id = t.id AND e.kind IN ('capture', 'release')) <> 1""")
    with Receiver.lock:
        hooked = set(Receiver.seen)
        duplicate_hooks = sum(len(v) - 1 for v in Receiver.seen.values())
        ids_per_task = max((len(set(v)) for v in Receiver.seen.values()), default=1)
    missed_hooks = [t for t in terminal if t not in hooked]
    fivexx = sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500)

    print()
    print(f"Imagegate chaos run {run}: {args.replicas} replicas, {args.tasks} tasks, {args.clients} clients, "
          f"{time.time() - started:.0f} s")
    rows = [
        ("kills (SIGKILL / SIGTERM)", f"{kill_result.get('SIGKILL', 0)} / {kill_result.get('SIGTERM', 0)}"),
        ("tasks accepted (202)", len(ids)),
        ("tasks lost (202'd, not in Postgres)", len(lost)),
        ("tasks not terminal after drain", len(not_terminal)),
        ("unexpected tasks (never 202'd)", len(unexpected)),
        ("accounts with balance + reserved != sum(ledger)", ledger_bad),
        ("tasks settled more than once", double_settled),
        ("terminal tasks without exactly one capture/release", wrong_charge),
        ("terminal tasks whose webhook never arrived", len(missed_hooks)),
        ("webhooks received again (same webhook-id, allowed)", duplicate_hooks),
        ("most distinct webhook-ids for one task (must be 1)", ids_per_task),
        ("HTTP statuses seen by clients", json.dumps({str(k): v for k, v in sorted(statuses.items(), key=str)})),
        ("5xx answers in all", fivexx),
        ("5xx answers while a SIGTERM was in progress", sigterm_5xx[0]),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    ok = (not lost and not not_terminal and not unexpected and ledger_bad == "0" and double_settled == "0"
          and wrong_charge == "0" and not missed_hooks and sigterm_5xx[0] == 0 and ids_per_task == 1
          and kill_result.get("SIGKILL", 0) + kill_result.get("SIGTERM", 0) >= args.kills)
    print(f"  {'result':<{width}}  {'PASS' if ok else 'FAIL'}")
    print(f"  logs in {logdir}")

    for replica in replicas:
        if replica.alive():
            replica.process.kill()
            replica.process.wait()
    receiver.shutdown()
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])
    sys.exit(0 if ok else 1)


def wait_ready(replica, started, deadline):
    while time.time() - started < deadline:
        if not replica.alive():
            raise SystemExit(f"replica {replica.index} exited; see its log in {replica.logdir}")
        try:
            status, _ = http("GET", replica.management_url("/q/health/ready"), timeout=2)
            if status == 200:
                replica.ready = True
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"replica {replica.index} never became ready")


def watch_readiness(replicas, stop):
    """What a load balancer does: send only to replicas whose readiness probe passes."""
    while not stop.is_set():
        for replica in replicas:
            try:
                status, _ = http("GET", replica.management_url("/q/health/ready"), timeout=1)
                replica.ready = status == 200 and replica.alive()
            except (urllib.error.URLError, OSError):
                replica.ready = False
        time.sleep(0.2)


if __name__ == "__main__":
    main()
