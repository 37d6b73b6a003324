#!/usr/bin/env python3
# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""CTI load, latency and scale-out figures (run by hand, never by ``make test``).

Creates (or reuses with --keep-db) the database ``crm_cti_load`` with crm_cti, loads
N partners with set-based SQL, starts Odoo as in production (2 HTTP workers, the
gevent/websocket process, proxy mode) and measures:

    E   call events from 8 concurrent clients (duplicates, out-of-order, bad posts):
        statuses, lost or duplicated calls (counted in the database), p95
    B   ringing event -> the agent's bus notification, on a websocket subscribed
        as the agent
    L   the lookup endpoint at N partners
    S   two Odoo servers on one PostgreSQL: event posted to server 1, the agent's
        websocket on server 2
    W   (--browser) ringing event -> the caller's card visible in headless Chromium

See README.md beside this file.
"""

import argparse
import http.client
import importlib.util
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import harness  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "concurrency_run", HERE.parent / "concurrency" / "run.py"
)
concurrency = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(concurrency)

DB = os.environ.get("CRM_CTI_LOAD_DB", "crm_cti_load")
concurrency.DB = DB  # its JsonRpc logs in to this database
HOST = "127.0.0.1"
GOALS = {"events_p95": 50, "bus_p95": 100, "lookup_p95": 10}
DID = "01065123456"
CARD_SELECTOR = os.environ.get("CRM_CTI_CARD_SELECTOR", ".o_crm_cti_card")

say = concurrency.say
percentile = concurrency.percentile
request = concurrency.request


# ---------------------------------------------------------------------------
# Odoo: database, data, servers
# ---------------------------------------------------------------------------


def create_database(paths, env, reuse):
    cmd_args = ["--stop-after-init", "--http-port", str(harness.free_port())]
    if reuse and harness.db_exists(DB):
        say(f"* reusing {DB} (--keep-db), upgrading crm_cti")
        args = ["-d", DB, "-u", "crm_cti", *cmd_args]
    else:
        harness.drop_db(DB)
        say(f"* creating {DB} with crm_cti (no demo data)")
        args = ["-d", DB, "-i", "crm_cti", "--without-demo=all", *cmd_args]
    log = harness.STATE / "cti-load-install.log"
    proc = harness.run_logged(harness.odoo_cmd(paths, *args), log, env)
    errors = harness.error_lines(log)
    if proc.returncode or errors:
        harness.die("\n".join(errors[:20]) + f"\nInstalling {DB} failed, see {log}")


def load_fixtures(paths, env, args):
    cmd = [
        sys.executable,
        str(HERE / "fixtures.py"),
        "setup",
        "--db",
        DB,
        "--config",
        str(harness.REPO / "odoo.conf"),
        "--addons-path",
        ",".join(str(p) for p in [*paths, harness.ADDONS_DIR]),
        "--partners",
        str(args.partners),
        "--agents",
        str(args.agents),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            say(line.rstrip())
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    if result is None:
        harness.die(f"fixtures failed:\n{stderr[-3000:]}")
    return result


class Server:
    """Odoo in multi-process mode with its gevent (websocket) process."""

    def __init__(self, paths, env, name, workers=2):
        self.port = harness.free_port()
        self.gevent_port = harness.free_port()
        self.log = harness.STATE / f"cti-load-{name}.log"
        cmd = harness.odoo_cmd(
            paths,
            "-d",
            DB,
            "--http-interface",
            HOST,
            "--http-port",
            str(self.port),
            "--gevent-port",
            str(self.gevent_port),
            f"--workers={workers}",
            "--max-cron-threads=0",
            "--proxy-mode",
            f"--logfile={self.log}",
        )
        cmd[1:3] = [str(HERE.parent / "concurrency" / "odoo_server.py")]
        self.proc = subprocess.Popen(
            cmd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                harness.die(f"Odoo exited with status {self.proc.returncode}, see {self.log}")
            try:
                if request(self.port, "GET", "/web/health", timeout=5)[0] == 200:
                    # the websocket (gevent) process starts a little later
                    socket.create_connection((HOST, self.gevent_port), timeout=2).close()
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        harness.die(f"Odoo did not answer within {timeout} s, see {self.log}")

    def stop(self):
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


# ---------------------------------------------------------------------------
# HTTP helpers
# ---------------------------------------------------------------------------


def server_times(log, since, path_part, status=" 200 "):
    """Server-side milliseconds (SQL + other time of werkzeug's log line) of the
    requests to ``path_part`` logged after byte ``since``: (p50, p95, n)."""
    with open(log, "rb") as fh:
        fh.seek(since)
        lines = fh.read().decode("utf-8", "replace").splitlines()
    ms = []
    for line in lines:
        if "werkzeug" in line and path_part in line and status in line:
            parts = line.split()
            try:
                ms.append((float(parts[-2]) + float(parts[-1])) * 1000)
            except (ValueError, IndexError):
                continue
    if not ms:
        return 0.0, 0.0, 0
    return statistics.median(ms), percentile(ms, 95), len(ms)


def log_size(server):
    return server.log.stat().st_size if server.log.exists() else 0


def post_events(port, data, events, token=None, raw=None):
    """(status, parsed answer or None, ms)"""
    body = raw if raw is not None else json.dumps(events)
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token or data['token']}",
    }
    start = time.perf_counter()
    try:
        status, _, answer = request(
            port, "POST", f"/crm_cti/v1/events/{data['pbx_id']}", body, headers, timeout=60
        )
    except OSError as error:
        return 0, str(error), (time.perf_counter() - start) * 1000
    ms = (time.perf_counter() - start) * 1000
    try:
        return status, json.loads(answer), ms
    except ValueError:
        return status, answer[:200], ms


def event(kind, ref, number, extension, when, **extra):
    return {
        "event": kind,
        "call_id": ref,
        "direction": "in",
        "from": number,
        "to": DID,
        "extension": extension,
        "time": when,
        **extra,
    }


def number_formats(index):
    """The partner ``index``'s mobile as PBXs send it (stored as +86 138 ....)."""
    digits = f"138{index:08d}"
    return [digits, f"+86{digits}", f"0086{digits}", f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"]


def session_cookie(port, agent):
    rpc = concurrency.JsonRpc(port, agent["login"], agent["password"])
    return rpc.cookie


# ---------------------------------------------------------------------------
# E: events from concurrent clients
# ---------------------------------------------------------------------------


def scenario_events(port, data, args, tag):
    agents = data["agents"]
    n_calls = max(1, int(args.events / 3.5))  # 3 events, 1 in 4 calls 2 duplicates
    base = int(time.time()) - 3600
    plans = [[] for _c in range(args.clients)]  # per client: [(kind, body, expected)]
    dup_plans = [[] for _c in range(args.clients)]
    refs = []
    rng = random.Random(7)
    for k in range(n_calls):
        ref = f"load-{tag}-{k}"
        refs.append(ref)
        if k % 10 == 9:
            number = f"+86 21 5555 {k % 10000:04d}"  # unknown caller
        elif k % 25 == 0:
            number = "anonymous"
        else:
            number = rng.choice(number_formats(rng.randint(1, data["partners"])))
        ext = agents[k % len(agents)]["extension"]
        t0 = base + k * 10
        ring = event("ringing", ref, number, ext, t0)
        answer = event("answered", ref, number, ext, t0 + 3)
        hang = event("hangup", ref, number, ext, t0 + 60, event_id=f"{ref}:hangup")
        order = [ring, answer, hang]
        if k % 10 == 3:
            order = [ring, hang, answer]  # hangup before answered
        elif k % 10 == 7:
            order = [hang, ring, answer]  # the hangup first of all
        client = k % args.clients
        plans[client] += [("event", [e], 200) for e in order]
        if k % 4 == 0:  # the PBX retries: same events again, from another client
            dup_plans[(client + 3) % args.clients] += [("dup", [ring], 200), ("dup", [hang], 200)]
    # intended refusals: a wrong token, a body that is not JSON
    bad = [("bad_token", None, 401), ("bad_json", None, 400)]
    total = sum(map(len, plans)) + sum(map(len, dup_plans))
    n_bad = max(2, args.events - total)
    for i in range(n_bad):
        plans[i % args.clients].append(bad[i % 2])

    def client_run(index):
        # interleave the own and the duplicated posts
        own, dups = plans[index], dup_plans[index]
        mixed = []
        step = max(1, len(own) // (len(dups) + 1))
        for i, item in enumerate(own):
            mixed.append(item)
            if dups and i % step == step - 1:
                mixed.append(dups.pop(0))
        mixed += dups
        out = []
        for kind, events, expected in mixed:
            if kind == "bad_token":
                status, answer, ms = post_events(port, data, [], token="wrong-token")
            elif kind == "bad_json":
                status, answer, ms = post_events(port, data, None, raw="{not json")
            else:
                status, answer, ms = post_events(port, data, events)
            out.append(
                {"kind": kind, "status": status, "expected": expected, "ms": ms, "answer": answer}
            )
        return out

    # warm-up, not measured: both workers' caches (routes, registry, rules)
    for _i in range(8):
        post_events(port, data, None, raw="{warm-up")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        results = [r for chunk in pool.map(client_run, range(args.clients)) for r in chunk]
    wall = time.perf_counter() - started
    wrong = [r for r in results if r["status"] != r["expected"]]
    statuses = {}
    for r in results:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    refs_sql = f"'load-{tag}-%'"
    rows = harness.psql(
        "SELECT count(*), count(DISTINCT pbx_call_ref), "
        "count(*) FILTER (WHERE state = 'ended'), "
        "count(*) FILTER (WHERE outcome = 'answered') "
        f"FROM crm_cti_call WHERE pbx_id = {int(data['pbx_id'])} AND pbx_call_ref LIKE {refs_sql}",
        db=DB,
    ).split("|")
    calls, distinct, ended, answered = (int(x) for x in rows)
    ms = [r["ms"] for r in results]
    return {
        "posts": len(results),
        "statuses": statuses,
        "unexpected": len(wrong),
        "unexpected_samples": [(w["kind"], w["status"], str(w["answer"])[:120]) for w in wrong[:3]],
        "calls_sent": n_calls,
        "calls_db": calls,
        "calls_distinct": distinct,
        "ended": ended,
        "answered": answered,
        "p50": statistics.median(ms),
        "p95": percentile(ms, 95),
        "max": max(ms),
        "wall": wall,
    }


# ---------------------------------------------------------------------------
# B / S: ringing -> bus notification on the agent's websocket
# ---------------------------------------------------------------------------


class AgentSocket:
    """A websocket subscribed as the agent, like Odoo's bus tests do."""

    def __init__(self, server, cookie):
        import websocket  # noqa: PLC0415 - PyPI websocket-client, only this script needs it

        self.ws = websocket.create_connection(
            f"ws://{HOST}:{server.gevent_port}/websocket",
            cookie=cookie,
            origin=f"http://{HOST}:{server.gevent_port}",
            timeout=10,
        )
        self.ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        self.received = []  # (perf_counter, notification)
        self.cond = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while not self.closed:
            try:
                message = self.ws.recv()
            except Exception:  # noqa: BLE001 - closed socket ends the reader
                return
            now = time.perf_counter()
            try:
                notifications = json.loads(message)
            except ValueError:
                continue
            with self.cond:
                for notification in notifications if isinstance(notifications, list) else []:
                    self.received.append((now, notification))
                self.cond.notify_all()

    def wait_for(self, kind, digits, since, timeout=5.0):
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for at, notification in self.received:
                    msg = notification.get("message") or {}
                    payload = msg.get("payload") or {}
                    numbers = f"{payload.get('number')} {payload.get('number_e164')}"
                    if (
                        at >= since
                        and msg.get("type") == kind
                        and digits in numbers.replace(" ", "")
                    ):
                        return at
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return None
                self.cond.wait(remaining)

    def close(self):
        self.closed = True
        try:
            self.ws.close()
        except OSError:
            pass


def scenario_bus(post_port, socket_server, data, agent, count, tag, label):
    sock = AgentSocket(socket_server, session_cookie(socket_server.port, agent))
    time.sleep(1.0)  # the subscription reaches the gevent process
    latencies, missed, post_ms = [], 0, []
    try:
        for j in range(count):
            digits = f"139{(hash((tag, label)) % 1000):03d}{j:05d}"
            ref = f"bus-{label}-{tag}-{j}"
            now = time.time()
            start = time.perf_counter()
            status, answer, ms = post_events(
                post_port, data, [event("ringing", ref, digits, agent["extension"], now)]
            )
            post_ms.append(ms)
            at = sock.wait_for("crm_cti/ringing", digits[-8:], start) if status == 200 else None
            if at is None:
                missed += 1
            else:
                latencies.append((at - start) * 1000)
            post_events(
                post_port, data, [event("hangup", ref, digits, agent["extension"], now + 1)]
            )
            time.sleep(0.05)
    finally:
        sock.close()
    return {
        "count": count,
        "missed": missed,
        "p50": statistics.median(latencies) if latencies else 0,
        "p95": percentile(latencies, 95),
        "max": max(latencies) if latencies else 0,
        "post_p95": percentile(post_ms, 95),
    }


# ---------------------------------------------------------------------------
# L: lookup
# ---------------------------------------------------------------------------


def scenario_lookup(port, data, count, clients):
    rng = random.Random(11)
    plans = []
    for i in range(count):
        if i % 5 == 4:
            plans.append(("none", f"+86 21 6666 {i % 10000:04d}"))
        else:
            plans.append(("partner", rng.choice(number_formats(rng.randint(1, data["partners"])))))
    headers = {"Authorization": f"Bearer {data['token']}"}

    def one(item):
        expected, number = item
        path = f"/crm_cti/v1/lookup/{data['pbx_id']}?" + urllib.parse.urlencode({"number": number})
        start = time.perf_counter()
        status, _, body = request(port, "GET", path, None, headers, timeout=30)
        ms = (time.perf_counter() - start) * 1000
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        return {
            "ms": ms,
            "ok": status == 200 and answer.get("match") == expected,
            "owner": bool(answer.get("owner_extension")),
            "status": status,
            "answer": answer,
        }

    for _i in range(8):  # warm-up, not measured
        one(plans[0])
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, plans))
    ms = [r["ms"] for r in results]
    return {
        "count": count,
        "wrong": sum(1 for r in results if not r["ok"]),
        "wrong_sample": next((r["answer"] for r in results if not r["ok"]), None),
        "owners": sum(1 for r in results if r["owner"]),
        "p50": statistics.median(ms),
        "p95": percentile(ms, 95),
        "max": max(ms),
    }


# ---------------------------------------------------------------------------
# W: headless Chromium, ringing -> card visible
# ---------------------------------------------------------------------------


class WebsocketRouter:
    """The reverse proxy's one rule the browser needs: /websocket to the gevent
    port, everything else to the HTTP port (chosen by each connection's first
    request line; the bytes are then piped both ways)."""

    def __init__(self, server):
        self.server = server
        self.sock = socket.create_server((HOST, 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        head = b""
        while b"\r\n" not in head:
            chunk = client.recv(65536)
            if not chunk:
                client.close()
                return
            head += chunk
        path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b"/"
        port = self.server.gevent_port if path.startswith(b"/websocket") else self.server.port
        upstream = socket.create_connection((HOST, port))
        upstream.sendall(head)

        def pipe(src, dst):
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        pipe(client, upstream)

    def close(self):
        self.sock.close()


class Chromium:
    """Headless Chromium driven over the DevTools protocol (websocket-client)."""

    def __init__(self):
        import websocket  # noqa: PLC0415

        binary = next(
            (
                shutil.which(b)
                for b in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(b)
            ),
            None,
        )
        if not binary:
            raise RuntimeError("no Chromium binary found")
        self.profile = tempfile.mkdtemp(prefix="cti-load-chrome-")
        self.debug_port = harness.free_port()
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                f"--remote-debugging-port={self.debug_port}",
                f"--user-data-dir={self.profile}",
                "--window-size=1366,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 30
        target = None
        while time.time() < deadline and target is None:
            try:
                conn = http.client.HTTPConnection(HOST, self.debug_port, timeout=2)
                conn.request("GET", "/json")
                pages = [t for t in json.loads(conn.getresponse().read()) if t["type"] == "page"]
                target = pages[0]["webSocketDebuggerUrl"] if pages else None
            except (OSError, ValueError):
                time.sleep(0.2)
        if target is None:
            self.close()
            raise RuntimeError("Chromium's DevTools did not answer")
        self.ws = websocket.create_connection(target, timeout=30, suppress_origin=True)
        self._id = 0

    def call(self, method, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.profile, ignore_errors=True)


def scenario_browser(server, data, agent, count, tag):
    router = WebsocketRouter(server)
    try:
        browser = Chromium()
    except RuntimeError as error:
        router.close()
        return {"skipped": f"no browser: {error}"}
    try:
        cookie = session_cookie(router.port, agent)
        sid = cookie.split("=", 1)[1]
        base = f"http://{HOST}:{router.port}"
        browser.call("Network.enable")
        browser.call("Network.setCookie", name="session_id", value=sid, url=base)
        browser.call("Page.enable")
        browser.call("Page.navigate", url=f"{base}/odoo")
        deadline = time.time() + 60
        while time.time() < deadline and not browser.evaluate(
            "!!document.querySelector('.o_main_navbar')"
        ):
            time.sleep(0.2)
        time.sleep(2)  # the bus worker subscribes
        selector = json.dumps(CARD_SELECTOR)
        probe = (
            "(() => [...document.querySelectorAll(SELECTOR)].some(e => "
            "e.getClientRects().length > 0 && "
            "e.textContent.replace(/\\s/g, '').includes(DIGITS)))()"
        ).replace("SELECTOR", selector)
        latencies, missed = [], 0
        for j in range(count):
            digits = f"137{j:08d}"
            ref = f"web-{tag}-{j}"
            now = time.time()
            start = time.perf_counter()
            post_events(server.port, data, [event("ringing", ref, digits, agent["extension"], now)])
            seen = None
            wait = 10 if j == 0 else 5
            while time.perf_counter() - start < wait:
                if browser.evaluate(probe.replace("DIGITS", json.dumps(digits[-8:]))):
                    seen = time.perf_counter()
                    break
                time.sleep(0.005)
            if seen is None:
                missed += 1
                if j == 0:
                    return {
                        "skipped": f"no caller card ({CARD_SELECTOR}) showed within {wait} s: "
                        "is the UI of crm_cti installed?"
                    }
            else:
                latencies.append((seen - start) * 1000)
            post_events(
                server.port, data, [event("hangup", ref, digits, agent["extension"], now + 1)]
            )
            time.sleep(0.3)
        return {
            "count": count,
            "missed": missed,
            "p50": statistics.median(latencies) if latencies else 0,
            "p95": percentile(latencies, 95),
        }
    finally:
        browser.close()
        router.close()


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int, default=1_000_000)
    parser.add_argument("--agents", type=int, default=4)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--bus-calls", type=int, default=50)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--no-two-servers", action="store_true")
    parser.add_argument("--browser", action="store_true", help="also measure the card in Chromium")
    parser.add_argument("--browser-calls", type=int, default=50)
    parser.add_argument("--keep-db", action="store_true", help=f"reuse {DB} and keep it")
    args = parser.parse_args()

    paths = harness.prepare()
    env = harness.python_env()
    create_database(paths, env, args.keep_db)
    say(f"* data: {args.agents} agents, a PBX, {args.partners:,} partners (set-based SQL)")
    started = time.perf_counter()
    data = load_fixtures(paths, env, args)
    setup_s = time.perf_counter() - started
    tag = str(int(time.time()))
    say("* starting Odoo: --workers=2 --gevent-port --proxy-mode")
    server = Server(paths, env, "server1")
    second = None
    results = {}
    try:
        server.wait_ready()
        say(f"* E: {args.events} posts from {args.clients} clients")
        mark = log_size(server)
        results["E"] = scenario_events(server.port, data, args, tag)
        results["E"]["server"] = server_times(server.log, mark, "/crm_cti/v1/events/")
        say(f"  {results['E']['statuses']}")
        say(f"* B: {args.bus_calls} ringing events -> websocket of {data['agents'][0]['login']}")
        results["B"] = scenario_bus(
            server.port, server, data, data["agents"][0], args.bus_calls, tag, "b"
        )
        for clients in (1, 4):
            say(
                f"* L: {args.lookups} lookups at {data['partners']:,} partners, {clients} client(s)"
            )
            mark = log_size(server)
            lookup = scenario_lookup(server.port, data, args.lookups, clients)
            lookup["server"] = server_times(server.log, mark, "/crm_cti/v1/lookup/")
            results[f"L{clients}"] = lookup
        if not args.no_two_servers:
            say("* S: a second Odoo server on the same PostgreSQL")
            second = Server(paths, env, "server2")
            second.wait_ready()
            results["S"] = scenario_bus(
                server.port, second, data, data["agents"][1 % len(data["agents"])], 20, tag, "s"
            )
        if args.browser:
            say(f"* W: {args.browser_calls} calls -> caller card in headless Chromium")
            results["W"] = scenario_browser(
                server, data, data["agents"][2 % len(data["agents"])], args.browser_calls, tag
            )
    finally:
        say("* stopping Odoo")
        server.stop()
        if second:
            second.stop()
    if not args.keep_db:
        harness.drop_db(DB)

    rows = []

    def row(part, measure, value, goal="", met=None):
        rows.append(
            (part, measure, str(value), goal, "" if met is None else ("ok" if met else "MISSED"))
        )

    row("-", "partners / agents", f"{data['partners']:,} / {len(data['agents'])}")
    row("-", "partner load (s, set-based SQL)", f"{data['load_seconds']:.0f}")
    row("-", "setup total (s)", f"{setup_s:.0f}")
    e = results["E"]
    row("E", "posts (by status)", e["statuses"])
    row("E", "answers not as intended", e["unexpected"], "0", e["unexpected"] == 0)
    for sample in e["unexpected_samples"]:
        row("E", "  sample", sample)
    row(
        "E",
        "calls sent / in DB / distinct",
        f"{e['calls_sent']} / {e['calls_db']} / {e['calls_distinct']}",
    )
    lost_dup = e["calls_sent"] - e["calls_db"], e["calls_db"] - e["calls_distinct"]
    row(
        "E",
        "lost / duplicated calls",
        f"{lost_dup[0]} / {lost_dup[1]}",
        "0 / 0",
        lost_dup == (0, 0),
    )
    row(
        "E",
        "ended / answered",
        f"{e['ended']} / {e['answered']}",
        str(e["calls_sent"]),
        e["ended"] == e["calls_sent"] == e["answered"],
    )
    row("E", "latency p50 / max (ms)", f"{e['p50']:.0f} / {e['max']:.0f}")
    row(
        "E",
        "latency p95 (ms)",
        f"{e['p95']:.0f}",
        f"< {GOALS['events_p95']}",
        e["p95"] < GOALS["events_p95"],
    )
    row("E", "server p50 / p95 (ms, SQL + other)", f"{e['server'][0]:.0f} / {e['server'][1]:.0f}")
    row("E", "wall time (s)", f"{e['wall']:.1f}")
    for part, label in (("B", "one server"), ("S", "posted to server 1, websocket on server 2")):
        if part not in results:
            continue
        b = results[part]
        row(
            part,
            f"ringing -> bus ({label}): received",
            f"{b['count'] - b['missed']} / {b['count']}",
            str(b["count"]),
            b["missed"] == 0,
        )
        row(part, "  p50 / max (ms)", f"{b['p50']:.0f} / {b['max']:.0f}")
        row(
            part,
            "  p95 (ms)",
            f"{b['p95']:.0f}",
            f"< {GOALS['bus_p95']}",
            b["p95"] < GOALS["bus_p95"],
        )
        row(part, "  post p95 (ms)", f"{b['post_p95']:.0f}")
    for clients in (1, 4):
        lk = results[f"L{clients}"]
        part = f"L{clients}"
        row(
            part,
            f"lookups ({clients} client(s)) / wrong / with owner",
            f"{lk['count']} / {lk['wrong']} / {lk['owners']}",
            "wrong 0",
            lk["wrong"] == 0,
        )
        if lk["wrong_sample"]:
            row(part, "  wrong sample", str(lk["wrong_sample"])[:100])
        row(part, "  client p50 / max (ms)", f"{lk['p50']:.1f} / {lk['max']:.0f}")
        row(
            part,
            "  client p95 (ms)",
            f"{lk['p95']:.1f}",
            f"< {GOALS['lookup_p95']}",
            lk["p95"] < GOALS["lookup_p95"],
        )
        row(part, "  server p50 / p95 (ms)", f"{lk['server'][0]:.1f} / {lk['server'][1]:.1f}")
    if "W" in results:
        w = results["W"]
        if "skipped" in w:
            row("W", "browser", f"skipped: {w['skipped']}")
        else:
            row("W", "ringing -> card visible p50 / p95 (ms)", f"{w['p50']:.0f} / {w['p95']:.0f}")
            row("W", "cards missed", f"{w['missed']} / {w['count']}", "0", w["missed"] == 0)

    header = ("part", "measure", "value", "goal", "")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(5)]
    say("")
    for line in [header, tuple("-" * w for w in widths), *rows]:
        say("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    missed = [r for r in rows if r[4] == "MISSED"]
    say("")
    say(f"{len(missed)} goal(s) missed" if missed else "all goals met")
    say(f"server logs: {server.log}" + (f", {second.log}" if second else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
