# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""crm_pipeline weighted forecast benchmark, run inside Odoo against the bench database.

Started by tests/bench/run.py (``make bench``) after bench_leads.py has generated the
leads, never by the test command.

    precreate before crm_pipeline is installed: add the columns its dependencies
              would fill one UPDATE at a time (see PRECREATE)
    prepare   make every generated lead an opportunity with a closing date and a
              weighted revenue, set-based and idempotent (crm_pipeline's triggers keep
              its forecast table in step), then VACUUM ANALYZE crm_lead and the forecast
    measure   the read_group the forecast pivot sends (open opportunities by month of
              expected closing x stage, sums of weighted and expected revenue) as a
              pipeline manager, record rules applied. Stock Odoo 18 runs it on crm.lead
              (crm's pipeline analysis, with the forecast's domain); crm_pipeline on
              crm.lead.forecast, its ledger of deltas summed by bucket: compacted (as
              the cron leaves it), then with ``--deltas`` rows more that no compaction
              folded yet (single-opportunity stage moves, two rows each), then compacted
              again (the compaction is timed). All must give the same totals. For
              reference, the design left aside: stock's read_group with a partial
              covering index (built and rolled back). Also the price of the triggers on
              writes: a stage move of one opportunity through the ORM, and of 10,000 in
              one SQL statement, with the triggers and with them disabled. Everything
              measure changes is rolled back.

The read time of crm.lead.forecast depends on the number of buckets (company x team x
salesperson x stage x day), not of opportunities: the generator's 20 salespeople, 4
stages and 730 days give at most 58,400, nearly all filled from 200,000 opportunities
on. A reduced run (the 1,000,000 default takes minutes of both cores):
``BENCH_N=200000 BENCH_DB=crm_bench_200k make bench``, or the steps of tests/bench/run.py
by hand with ``bench_leads.py generate --partners 200000 --leads 200000``.
"""

import argparse
import json
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

BATCH = 100_000
MEASURES = ["prorated_revenue:sum", "expected_revenue:sum"]
GROUPBY = ["date_deadline:month", "stage_id"]


def percentile(samples, pct):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def summary(samples):
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "min_ms": round(min(samples), 1),
    }


# ---------------------------------------------------------------------------
# precreate (before crm_pipeline is installed on a database with 1M rows)
# ---------------------------------------------------------------------------

# Columns that installing crm_pipeline's dependencies would add to the 1M-row tables
# and then fill row by row: account, sale and stock UPDATE every partner once per
# defaulted column (minutes each with the trigram indexes); account_edi_ubl_cii (auto
# installed with account) computes the Peppol address of every partner and crm_pipeline
# the warehouse of every lead in the ORM. Created here with the values they would get
# (no Peppol scheme for China), in one catalog change each; leads keep no warehouse
# (the forecast does not use it).
PRECREATE = """
    ALTER TABLE res_partner
        ADD COLUMN IF NOT EXISTS supplier_rank int4 DEFAULT 0,
        ADD COLUMN IF NOT EXISTS customer_rank int4 DEFAULT 0,
        ADD COLUMN IF NOT EXISTS invoice_warn varchar DEFAULT 'no-message',
        ADD COLUMN IF NOT EXISTS autopost_bills varchar DEFAULT 'ask',
        ADD COLUMN IF NOT EXISTS sale_warn varchar DEFAULT 'no-message',
        ADD COLUMN IF NOT EXISTS picking_warn varchar DEFAULT 'no-message';
    ALTER TABLE res_partner
        ALTER COLUMN supplier_rank DROP DEFAULT, ALTER COLUMN customer_rank DROP DEFAULT,
        ALTER COLUMN invoice_warn DROP DEFAULT, ALTER COLUMN autopost_bills DROP DEFAULT,
        ALTER COLUMN sale_warn DROP DEFAULT, ALTER COLUMN picking_warn DROP DEFAULT;
    ALTER TABLE res_partner
        ADD COLUMN IF NOT EXISTS peppol_endpoint varchar,
        ADD COLUMN IF NOT EXISTS peppol_eas varchar;
    ALTER TABLE crm_lead ADD COLUMN IF NOT EXISTS warehouse_id int4;
"""


def precreate(env):
    env.cr.execute("SELECT state FROM ir_module_module WHERE name = 'crm_pipeline'")
    if env.cr.fetchone()[0] == "installed":
        return {"precreated": False}
    env.cr.execute(PRECREATE)
    env.cr.commit()
    return {"precreated": True}


# ---------------------------------------------------------------------------
# prepare
# ---------------------------------------------------------------------------


def prepare(env, registry):
    """Generated leads (``Bench lead <i>``) become opportunities spread over 24 months
    of expected closing (2025-01 to 2026-12) and over the stages independently of their
    salesperson (the generator ties both to the row number); leads in a won stage get
    crm's 100 %, and ``prorated_revenue`` is what crm stores (expected x probability /
    100). Rows that already have their stage, closing date and weighted revenue are
    left alone, so running it again changes nothing."""
    cr = env.cr
    won = env["crm.stage"].search([("is_won", "=", True)]).ids or [0]
    stages = env["crm.stage"].search([], order="sequence, id").ids
    # independent pseudo-random stage and day per row (hashes of the id), so that the
    # forecast's buckets (salesperson x stage x day) fill as with real data
    stage = SQL("(%s::int[])[1 + mod(abs(hashint4(id + 7)::bigint), %s)]", stages, len(stages))
    deadline = SQL("DATE '2025-01-01' + mod(abs(hashint4(id)::bigint), 730)::int")
    probability = SQL("CASE WHEN %s = ANY(%s) THEN 100 ELSE 10 + mod(id, 80) END", stage, won)
    cr.execute("SELECT min(id), max(id) FROM crm_lead WHERE name LIKE 'Bench lead %%'")
    low, high = cr.fetchone()
    updated = 0
    t0 = time.time()
    for start in range(low or 0, (high or -1) + 1, BATCH):
        cr.execute(
            SQL(
                """
                UPDATE crm_lead
                   SET type = 'opportunity',
                       stage_id = %(stage)s,
                       date_deadline = %(deadline)s,
                       probability = %(probability)s,
                       prorated_revenue = round((expected_revenue * %(probability)s / 100)::numeric, 2)
                 WHERE id >= %(start)s AND id < %(stop)s
                   AND name LIKE %(pattern)s
                   AND (type IS DISTINCT FROM 'opportunity'
                        OR stage_id IS DISTINCT FROM %(stage)s
                        OR date_deadline IS DISTINCT FROM %(deadline)s
                        OR prorated_revenue IS NULL)
                """,
                pattern="Bench lead %",
                stage=stage,
                deadline=deadline,
                probability=probability,
                start=start,
                stop=start + BATCH,
            )
        )
        updated += cr.rowcount
        cr.commit()
    seconds = round(time.time() - t0)
    # the ledger as the compaction cron leaves it (each batch above added its deltas)
    Forecast = env["crm.lead.forecast"]
    if hasattr(Forecast, "_cron_compact"):
        Forecast._cron_compact()
        cr.commit()
    # VACUUM cannot run in a transaction block
    with registry.cursor() as vacuum_cr:
        vacuum_cr._cnx.autocommit = True
        t0 = time.time()
        vacuum_cr.execute("VACUUM ANALYZE crm_lead")
        vacuum_cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(forecast_table(env))))
        vacuum_seconds = round(time.time() - t0)
    cr.execute(
        """SELECT count(*) FILTER (WHERE type = 'opportunity'),
                  count(*) FILTER (WHERE type = 'opportunity' AND active AND stage_id <> ALL(%s))
             FROM crm_lead""",
        [won],
    )
    opportunities, open_opportunities = cr.fetchone()
    cr.execute(
        "SELECT relallvisible::float / greatest(relpages, 1) FROM pg_class WHERE relname = 'crm_lead'"
    )
    return {
        "rows_updated": updated,
        "update_s": seconds,
        "vacuum_s": vacuum_seconds,
        "opportunities": opportunities,
        "open_opportunities": open_opportunities,
        "all_visible_pages": f"{cr.fetchone()[0]:.0%}",
    }


# ---------------------------------------------------------------------------
# measure
# ---------------------------------------------------------------------------


def forecast_table(env):
    """The ledger of deltas, or the summary table of crm_pipeline 18.0.1.0.0."""
    env.cr.execute("SELECT to_regclass('crm_lead_forecast_delta') IS NOT NULL")
    return "crm_lead_forecast_delta" if env.cr.fetchone()[0] else "crm_lead_forecast"


def manager_env(env):
    """A pipeline manager: crm's rules for all leads plus the multi-company rule."""
    Users = env["res.users"].with_context(active_test=False)
    manager = Users.search([("login", "=", "bench_pipeline_manager")], limit=1)
    if not manager:
        manager = Users.create(
            {
                "name": "Bench Pipeline Manager",
                "login": "bench_pipeline_manager",
                "groups_id": [(6, 0, env.ref("crm_pipeline.group_crm_pipeline_manager").ids)],
            }
        )
        env.cr.commit()
    return env(user=manager, context={"lang": "en_US", "tz": "Asia/Shanghai"})


def forecast_domain(env):
    # sudo: ir.actions.act_window - only the action's domain is read
    action = env.ref("crm_pipeline.crm_lead_forecast_action").sudo()
    return safe_eval(action.domain)


def plan_summary(env, model, domain):
    """Scan nodes and timing of the pivot's query, as the ORM builds it."""
    Model = env[model]
    aggregates = ["__count", *MEASURES]
    if model == "crm.lead.forecast" and hasattr(Model, "_crm_sums_ledger_rows"):
        # the pivot's read_group sums the ledger's rows, not its buckets
        if Model._crm_sums_ledger_rows(domain, GROUPBY, aggregates):
            Model = Model.with_context(crm_forecast_ledger_rows=True)
    tables = (Model._table, "crm_lead_forecast_delta")
    query = Model._search(domain)
    env.cr.execute(
        SQL(
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT %s, %s, SUM(%s), SUM(%s) "
            "FROM %s WHERE %s GROUP BY 1, 2",
            Model._read_group_groupby(GROUPBY[0], query),
            Model._read_group_groupby(GROUPBY[1], query),
            SQL.identifier(Model._table, "prorated_revenue"),
            SQL.identifier(Model._table, "expected_revenue"),
            query.from_clause,
            query.where_clause,
        )
    )
    plan = env.cr.fetchone()[0][0]
    scans = []

    def walk(node):
        if "Scan" in node["Node Type"] and node.get("Relation Name") in tables:
            index = f" using {node['Index Name']}" if node.get("Index Name") else ""
            scans.append(
                f"{node['Node Type']}{index} on {node['Relation Name']} "
                f"({node['Actual Rows']} rows x {node.get('Actual Loops', 1)} loops)"
            )
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return {"plan": "; ".join(scans), "explain_ms": round(plan["Execution Time"], 1)}


def run_pivot(env, model, domain, runs):
    Model = env[model]
    samples = []
    for index in range(runs + 2):
        env.invalidate_all()
        start = time.perf_counter()
        groups = Model.read_group(domain, MEASURES, GROUPBY, lazy=False)
        elapsed = (time.perf_counter() - start) * 1000
        if index >= 2:  # two warm-up runs
            samples.append(elapsed)
    totals = {
        "groups": len(groups),
        "weighted_total": round(sum(group["prorated_revenue"] or 0 for group in groups)),
        "expected_total": round(sum(group["expected_revenue"] or 0 for group in groups)),
    }
    return samples, totals


def time_writes(env, runs):
    """A stage move of one opportunity through the ORM (write + flush, record rules,
    stage history and all), and of 10,000 opportunities in one UPDATE."""
    cr = env.cr
    stages = env["crm.stage"].search([("is_won", "=", False)], order="sequence, id").ids
    cr.execute(
        "SELECT id FROM crm_lead WHERE name LIKE 'Bench lead %%' AND active "
        "AND stage_id = ANY(%s) ORDER BY id LIMIT %s",
        [stages, runs + 3 + 10_000],
    )
    ids = [row[0] for row in cr.fetchall()]
    singles = env["crm.lead"].browse(ids[: runs + 3])
    samples = []
    for index, lead in enumerate(singles):
        start = time.perf_counter()
        lead.write({"stage_id": stages[index % len(stages)]})
        env.flush_all()
        if index >= 3:  # warm-up: ORM caches, plpgsql's plan cache of the session
            samples.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    cr.execute(
        "UPDATE crm_lead SET stage_id = %s, date_deadline = date_deadline + 1 WHERE id = ANY(%s)",
        [stages[-1], ids[runs + 3 :]],
    )
    bulk = (time.perf_counter() - start) * 1000
    env.invalidate_all()
    return {**summary(samples), "bulk_10000_ms": round(bulk)}


def add_deltas(env, count):
    """``count`` ledger rows as the day's writers leave them: stage moves of single
    opportunities (one UPDATE each, like an ORM flush), two rows per move (the bucket
    left, the bucket entered)."""
    cr = env.cr
    stages = env["crm.stage"].search([("is_won", "=", False)], order="sequence, id").ids
    cr.execute(
        "SELECT id, stage_id FROM crm_lead WHERE name LIKE 'Bench lead %%' AND active "
        "AND stage_id = ANY(%s) ORDER BY hashint4(id) LIMIT %s",
        [stages, count // 2],
    )
    start = time.perf_counter()
    for lead_id, stage_id in cr.fetchall():
        cr.execute(
            "UPDATE crm_lead SET stage_id = %s WHERE id = %s",
            [stages[(stages.index(stage_id) + 1) % len(stages)], lead_id],
        )
    return round((time.perf_counter() - start) * 1000)


def measure_ledger(env, domain, runs, deltas):
    """The forecast read with ``deltas`` rows not compacted yet, the compaction of those,
    and the read after it (in the caller's transaction, rolled back by the caller)."""
    cr = env.cr
    admin = env(user=SUPERUSER_ID)
    table = SQL.identifier(forecast_table(env))
    cr.execute(SQL("SELECT count(*) FROM %s", table))
    rows_before = cr.fetchone()[0]
    moves_ms = add_deltas(admin, deltas)
    cr.execute(SQL("SELECT count(*) FROM %s", table))
    rows = cr.fetchone()[0]
    result = {}
    # the totals differ from stock's by the moves: compared with a recount below
    samples, totals = run_pivot(env, "crm.lead.forecast", domain, runs)
    result[f"ours + {rows - rows_before} deltas"] = {
        **summary(samples),
        **plan_summary(env, "crm.lead.forecast", domain),
        **totals,
        "ledger_rows": rows,
        "moves_ms": moves_ms,
    }
    start = time.perf_counter()
    folded, kept = admin["crm.lead.forecast"]._cron_compact()
    compaction_ms = round((time.perf_counter() - start) * 1000)
    samples, totals_after = run_pivot(env, "crm.lead.forecast", domain, runs)
    _samples, stock_totals = run_pivot(env, "crm.lead", [("type", "=", "opportunity"), *domain], 1)
    result["ours compacted again"] = {
        **summary(samples),
        **totals_after,
        "compaction_ms": compaction_ms,
        "rows_folded": folded,
        "rows_kept": kept,
    }
    result["ledger_same_totals"] = totals == totals_after == stock_totals
    return result


def measure(env, runs, deltas=0):
    env = manager_env(env)
    cr = env.cr
    action_domain = forecast_domain(env)
    # what stock Odoo 18 can run: crm's pipeline analysis on crm.lead, same filter
    stock_domain = [("type", "=", "opportunity"), *action_domain]
    result = {"stock_domain": repr(stock_domain), "ours_domain": repr(action_domain)}
    cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(forecast_table(env))))
    result["forecast_rows"] = cr.fetchone()[0]

    samples, totals = run_pivot(env, "crm.lead", stock_domain, runs)
    result["stock"] = {**summary(samples), **plan_summary(env, "crm.lead", stock_domain), **totals}
    # the design crm_pipeline dropped: stock's read_group helped by a partial covering
    # index on the open opportunities (index only scan; the visibility map is set by
    # the VACUUM of ``prepare``), built in a transaction rolled back afterwards
    cr.execute(
        "CREATE INDEX bench_forecast_covering_index ON crm_lead "
        "(date_deadline, stage_id, company_id, prorated_revenue, expected_revenue) "
        "WHERE active AND type = 'opportunity'"
    )
    cr.execute("ANALYZE crm_lead")
    samples, totals = run_pivot(env, "crm.lead", stock_domain, runs)
    result["stock + covering index"] = {
        **summary(samples),
        **plan_summary(env, "crm.lead", stock_domain),
        **totals,
    }
    cr.rollback()

    samples, totals = run_pivot(env, "crm.lead.forecast", action_domain, runs)
    result["ours"] = {
        **summary(samples),
        **plan_summary(env, "crm.lead.forecast", action_domain),
        **totals,
    }
    same = ("groups", "weighted_total", "expected_total")
    result["same_totals"] = all(result["stock"][key] == result["ours"][key] for key in same)
    result["ratio_p50"] = round(result["stock"]["p50_ms"] / result["ours"]["p50_ms"], 1)
    result["ratio_p95"] = round(result["stock"]["p95_ms"] / result["ours"]["p95_ms"], 1)
    if deltas and hasattr(env["crm.lead.forecast"], "_cron_compact"):
        result.update(measure_ledger(env, action_domain, runs, deltas))
        cr.rollback()

    # the price of the triggers on writes, each measure rolled back
    admin = env(user=SUPERUSER_ID)
    result["writes with triggers"] = time_writes(admin, runs)
    cr.rollback()
    for name in (
        "crm_lead_forecast_insert",
        "crm_lead_forecast_update",
        "crm_lead_forecast_delete",
    ):
        cr.execute(SQL("ALTER TABLE crm_lead DISABLE TRIGGER %s", SQL.identifier(name)))
    result["writes without (stock)"] = time_writes(admin, runs)
    cr.rollback()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("step", choices=["precreate", "prepare", "measure"])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--deltas", type=int, default=10_000, help="ledger rows not compacted yet (measure)"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        if args.step == "precreate":
            out = precreate(env)
        elif args.step == "prepare":
            out = prepare(env, registry)
        else:
            out = measure(env, args.runs, args.deltas)
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
