#!/usr/bin/env python3
# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``make bench``: crm_leads and crm_pipeline at scale, against stock Odoo 18 in the same run.

Creates (once) the database ``crm_bench`` with crm_leads and N generated partners and
leads (default 1,000,000 each; ``BENCH_N=100000 make bench`` for a quick pass), then
runs each measurement in its own process so peak memory is per measurement.
``tests/bench/run.py service-sla`` runs crm_service's SLA escalation section alone, in its
own database (BENCH_SERVICE_ORDERS=20000 for a smaller pass).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402

N = int(os.environ.get("BENCH_N", "1000000"))
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
DB = os.environ.get("BENCH_DB", "crm_bench")
HERE = Path(__file__).resolve().parent


def run_script(script, db, paths, env, name, *extra):
    """One step of a bench script in its own process: ``(result, seconds)`` from the
    ``RESULT {json}`` line it prints; its other output goes through."""
    cmd = [
        sys.executable,
        str(HERE / script),
        name,
        "--db",
        db,
        "--config",
        str(harness.REPO / "odoo.conf"),
        "--addons-path",
        ",".join(str(p) for p in [*paths, harness.ADDONS_DIR]),
        *extra,
    ]
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:]), time.time() - start
        print(line, flush=True)
    print(proc.stderr[-3000:])
    raise SystemExit(f"{script} step {name} failed")


def step(paths, env, name, *extra):
    """A step of bench_leads.py (crm_leads at N partners and leads)."""
    return run_script(
        "bench_leads.py", DB, paths, env, name, "--partners", str(N), "--leads", str(N), *extra
    )


def forecast_step(paths, env, name, *extra):
    """A step of bench_forecast.py (crm_pipeline's forecast)."""
    return run_script("bench_forecast.py", DB, paths, env, name, *extra)[0]


def forecast(paths, env):
    """Weighted forecast by month x stage over the generated opportunities, stock
    Odoo 18's read_group on crm.lead against crm_pipeline's pre-aggregated sums."""
    print("\n== weighted forecast by month x stage over all opportunities (crm_pipeline)")
    forecast_step(paths, env, "precreate")
    state = harness.psql("SELECT state FROM ir_module_module WHERE name = 'crm_pipeline'", db=DB)
    print(f"* {'updating' if state == 'installed' else 'installing'} crm_pipeline in {DB}")
    proc = harness.run_logged(
        harness.odoo_cmd(
            paths,
            "-d",
            DB,
            "-u" if state == "installed" else "-i",
            "crm_pipeline",
            "--without-demo=all",
            "--stop-after-init",
            "--http-port",
            str(harness.free_port()),
        ),
        harness.STATE / "bench-install.log",
        env,
    )
    if proc.returncode:
        raise SystemExit("crm_pipeline install failed, see .state/bench-install.log")
    print(f"  prepared (set-based, vacuumed): {forecast_step(paths, env, 'prepare')}")
    res = forecast_step(paths, env, "measure", "--runs", "20")
    for name, val in res.items():
        print(f"  {name:24} {val}")
    print(
        f"  ratio stock/ours p50 {res['ratio_p50']}x, p95 {res['ratio_p95']}x; "
        f"ours p95 {res['ours']['p95_ms']} ms (target 150 ms)"
    )


SERVICE_DB = os.environ.get("BENCH_SERVICE_DB", "crm_bench_service")
SERVICE_ORDERS = int(os.environ.get("BENCH_SERVICE_ORDERS", "100000"))


def service_step(paths, env, name, *extra):
    """A step of bench_service_sla.py (crm_service's SLA), in its own database."""
    return run_script(
        "bench_service_sla.py",
        SERVICE_DB,
        paths,
        env,
        name,
        "--orders",
        str(SERVICE_ORDERS),
        *extra,
    )[0]


def service_sla(paths, env):
    """crm_service's escalation job on BENCH_SERVICE_ORDERS open orders with 10
    levels, batched against the naive per-order loop, and the creation of one order
    with SLA and routing, in a database of its own (crm_bench_service)."""
    print(f"\n== SLA escalation job, {SERVICE_ORDERS:,} open orders, 10 levels (crm_service)")
    if not harness.db_exists(SERVICE_DB):
        print(f"* creating {SERVICE_DB} with crm_service")
        proc = harness.run_logged(
            harness.odoo_cmd(
                paths,
                "-d",
                SERVICE_DB,
                "-i",
                "crm_service",
                "--without-demo=all",
                "--stop-after-init",
                "--http-port",
                str(harness.free_port()),
            ),
            harness.STATE / "bench-service-install.log",
            env,
        )
        if proc.returncode:
            raise SystemExit("install failed, see .state/bench-service-install.log")
    start = time.time()
    print(f"  generated: {service_step(paths, env, 'generate')} ({time.time() - start:.0f} s)")
    res = service_step(paths, env, "measure")
    for name, val in res.items():
        print(f"  {name:18} {val}")
    ours, naive = res["job_batch_1000"], res["naive_per_order"]
    print(
        f"  job: {ours['seconds']} s and {ours['queries']} queries in batches of 1,000 "
        f"({ours['queries_per_batch']}/batch; {res['job_batch_100']['queries_per_batch']}/batch "
        f"at 100) vs naive {naive['extrapolated_seconds_all_rows']} s and "
        f"{naive['extrapolated_queries_all_rows']} queries (extrapolated from "
        f"{naive['rows_measured']} rows): {ratio(naive['extrapolated_seconds_all_rows'], ours['seconds'])}"
    )
    print(
        f"  create one order with SLA and routing: p50 {res['create']['create_p50_ms']} ms "
        "(target 50 ms)"
    )


def ratio(stock, ours):
    return f"{stock / ours:,.1f}x" if ours else "n/a"


def main():
    paths = harness.prepare()
    env = harness.python_env()
    if sys.argv[1:] == ["forecast"]:  # tests/bench/run.py forecast: that section alone
        forecast(paths, env)
        return
    if sys.argv[1:] == ["service-sla"]:  # tests/bench/run.py service-sla: that section alone
        service_sla(paths, env)
        return
    if not harness.db_exists(DB):
        print(f"* creating {DB} with crm_leads")
        proc = harness.run_logged(
            harness.odoo_cmd(
                paths,
                "-d",
                DB,
                "-i",
                "crm_leads",
                "--without-demo=all",
                "--stop-after-init",
                "--http-port",
                str(harness.free_port()),
            ),
            harness.STATE / "bench-install.log",
            env,
        )
        if proc.returncode:
            raise SystemExit("install failed, see .state/bench-install.log")
    else:
        print(f"* updating crm_leads in {DB}")
        harness.run_logged(
            harness.odoo_cmd(
                paths,
                "-d",
                DB,
                "-u",
                "crm_leads",
                "--stop-after-init",
                "--http-port",
                str(harness.free_port()),
            ),
            harness.STATE / "bench-install.log",
            env,
        )
    print(f"* generating {N:,} partners and {N:,} leads (reused when present)")
    _, secs = step(paths, env, "generate")
    # Generation and renaming rewrite many rows: vacuum so that the trigram GIN
    # indexes have no pending list and the visibility map is set, as in a database
    # that autovacuum has caught up with.
    for table in ("res_partner", "crm_lead"):
        harness.psql(f"VACUUM ANALYZE {table}", db=DB)
    print(f"  ready in {secs:.0f} s (vacuumed)")

    print("\n== caller-ID lookup: stored 010-6xxx-xxxx, looked up as +86106xxxxxxx")
    res, _ = step(paths, env, "lookup", "--samples", "300")
    for name, val in res.items():
        print(f"  {name:28} {val}")
    ours = res["ours"]["p95_ms"]
    print(
        f"  ratio stock phone-ilike p95 / ours p95: {ratio(res['stock phone ilike']['p95_ms'], ours)}"
        f"; stock name_search: {ratio(res['stock name_search']['p95_ms'], ours)}"
    )

    print("\n== duplicate/collision check of one new lead")
    res, _ = step(paths, env, "dedup", "--samples", "200")
    for name, val in res.items():
        print(f"  {name:48} {val}")

    csv_path = harness.STATE / f"bench-leads-{ROWS}.csv"
    print(f"\n== import of {ROWS:,} leads (CSV), each in its own process")
    stock, _ = step(paths, env, "import-stock", "--csv", str(csv_path), "--rows", str(ROWS))
    print(f"  stock base_import:  {stock}")
    ours, _ = step(paths, env, "import-ours", "--csv", str(csv_path), "--rows", str(ROWS))
    print(f"  crm_leads importer: {ours}")
    if isinstance(ours, dict) and "rows_per_s" in ours:
        print(
            f"  ratio ours/stock rows per second: {ours['rows_per_s'] / stock['rows_per_s']:,.1f}x"
        )

    forecast(paths, env)
    service_sla(paths, env)


if __name__ == "__main__":
    main()
