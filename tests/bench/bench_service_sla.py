# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""crm_service SLA escalation benchmark, run inside Odoo against a throwaway database.

Started by tests/bench/run.py (``python3 tests/bench/run.py service-sla``), never by
the test command.

    generate  one 9:00-18:00 calendar (Shanghai), a team of 10 technicians, one
              resolution policy of 40 working hours with 10 escalation levels, and N
              open orders (set-based SQL copies of one ORM-made order) requested over
              the last three days before T0 (Friday 18:00); their SLA rows are
              inserted by SQL and planned by the batched planner in chunks; the
              backlog due at T0 is fired by the job (committed)
    measure   the job for the next working day's due steps (T1 = Monday 18:00):
              batched (1,000 and 100 rows a batch) and the naive per-order loop (one
              row at a time, on a sample, extrapolated), each rolled back; then the
              creation of one order with SLA and routing at that size (median of 30),
              beside the naive per-order planning (resource.calendar.plan_hours per
              deadline and level)
"""

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import datetime

from pytz import timezone, utc

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

SHANGHAI = timezone("Asia/Shanghai")
LEVEL_OFFSETS = [-16, -12, -8, -6, -4, -2, 0, 2, 4, 8]
TARGET_HOURS = 40
PLAN_CHUNK = 5000


def local(*args):
    return SHANGHAI.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


T0 = local(2025, 3, 14, 18, 0)  # Friday
T1 = local(2025, 3, 17, 18, 0)  # Monday: one working day later


def generate(env, count):
    cr = env.cr
    if env["crm.service.sla.policy"].search_count([("name", "=", "Bench SLA")]):
        return {"reused": True}
    started = time.perf_counter()
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench 9-18",
            "tz": "Asia/Shanghai",
            "attendance_ids": [
                Command.create(
                    {
                        "name": f"Day {day}",
                        "dayofweek": str(day),
                        "hour_from": 9,
                        "hour_to": 18,
                        "day_period": "morning",
                    }
                )
                for day in range(5)
            ],
        }
    )
    group = env.ref("crm_service.group_crm_service_technician")
    techs = env["res.users"].create(
        [
            {
                "name": f"Bench Tech {i}",
                "login": f"bench_tech_{i}",
                "groups_id": [Command.set(group.ids)],
                "tz": "Asia/Shanghai",
            }
            for i in range(10)
        ]
    )
    leader = env["res.users"].create(
        {"name": "Bench Leader", "login": "bench_leader", "groups_id": [Command.set(group.ids)]}
    )
    team = env["crm.service.team"].create(
        {
            "name": "Bench Team",
            "resource_calendar_id": calendar.id,
            "leader_id": leader.id,
            "member_ids": [Command.set(techs.ids)],
        }
    )
    targets = ["assignee", "team_leader", "service_manager"]
    env["crm.service.sla.policy"].create(
        {
            "name": "Bench SLA",
            "target_type": "resolution",
            "target_hours": TARGET_HOURS,
            "team_ids": [Command.set(team.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": f"Level {i + 1} ({offset:+d} h)",
                        "sequence": i,
                        "offset_hours": offset,
                        "target": targets[min(i // 4, 2)],
                    }
                )
                for i, offset in enumerate(LEVEL_OFFSETS)
            ],
        }
    )
    partner = env["res.partner"].create({"name": "Bench Customer", "is_company": True})
    template = env["crm.service.order"].create(
        {
            "partner_id": partner.id,
            "team_id": team.id,
            "user_id": techs[0].id,
            "priority": "1",
            "date_request": T0,
        }
    )
    template._service_set_stage_type("in_progress")
    env.flush_all()
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'crm_service_order'"
    )
    cols = sorted({row[0] for row in cr.fetchall()} - {"id", "name", "date_request", "user_id"})
    # N copies of the template: names, technicians and request times vary; requests
    # fall uniformly over the three calendar days before T0
    cr.execute(
        SQL(
            """INSERT INTO crm_service_order (name, date_request, user_id, %(cols)s)
               SELECT 'BENCH/' || g, %(t0)s - (random() * interval '3 days'),
                      (%(techs)s)[1 + mod(g, 10)], %(cols)s
                 FROM crm_service_order, generate_series(1, %(count)s) g
                WHERE crm_service_order.id = %(template)s""",
            cols=SQL(", ").join(SQL.identifier(col) for col in cols),
            t0=T0,
            techs=techs.ids,
            count=count,
            template=template.id,
        )
    )
    sla_template = template.sla_ids
    cr.execute(
        SQL(
            """INSERT INTO crm_service_order_sla
                   (order_id, policy_id, company_id, calendar_id, date_start, status,
                    paused_hours, create_uid, create_date, write_uid, write_date)
               SELECT o.id, %(policy)s, o.company_id, %(calendar)s, o.date_request,
                      'on_track', 0, 1, now(), 1, now()
                 FROM crm_service_order o
                WHERE o.name LIKE %(pattern)s""",
            policy=sla_template.policy_id.id,
            calendar=calendar.id,
            pattern="BENCH/%",
        )
    )
    env.invalidate_all()
    inserted = time.perf_counter() - started
    cr.commit()
    # plan every row with the batched planner, a chunk at a time
    started = time.perf_counter()
    cr.execute("SELECT id FROM crm_service_order_sla WHERE deadline IS NULL ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    Sla = env["crm.service.order.sla"]
    for start in range(0, len(ids), PLAN_CHUNK):
        rows = Sla.browse(ids[start : start + PLAN_CHUNK])
        rows._sla_plan_deadlines()
        rows._sla_schedule(T0)
        env.flush_all()
        cr.commit()
        env.invalidate_all()
    planned = time.perf_counter() - started
    started = time.perf_counter()
    backlog = Sla._cron_escalate(batch=1000, now=T0)
    backlog_s = time.perf_counter() - started
    for table in ("crm_service_order", "crm_service_order_sla", "crm_service_order_sla_escalation"):
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))
        cr._cnx.autocommit = False
    return {
        "orders": count,
        "insert_s": round(inserted, 1),
        "plan_s": round(planned, 1),
        "plan_rows_per_s": round(len(ids) / planned) if planned else None,
        "backlog_escalations_at_T0": backlog,
        "backlog_s": round(backlog_s, 1),
    }


class Rollback:
    """Run a measurement inside a savepoint that is rolled back."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT bench")
        return self

    def __exit__(self, *exc):
        self.env.invalidate_all(flush=False)
        self.env.cr.execute("ROLLBACK TO SAVEPOINT bench")
        self.env.invalidate_all(flush=False)
        return False


def measure_job(env, batch):
    Sla = env["crm.service.order.sla"]
    cr = env.cr
    with Rollback(env):
        due = Sla.search_count([("next_escalation_date", "<=", T1)])
        batches = -(-due // batch)
        count0 = cr.sql_log_count
        started = time.perf_counter()
        fired = Sla._cron_escalate(batch=batch, now=T1, commit=False)
        env.flush_all()
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - count0
    return {
        "due_rows": due,
        "escalations": fired,
        "batches": batches,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_batch": round(queries / batches, 1) if batches else 0,
    }


def measure_naive(env, sample):
    """The per-order loop: each due row searched and processed on its own."""
    Sla = env["crm.service.order.sla"]
    cr = env.cr
    with Rollback(env):
        ids = Sla.search([("next_escalation_date", "<=", T1)], order="next_escalation_date, id").ids
        done = ids[:sample]
        count0 = cr.sql_log_count
        started = time.perf_counter()
        fired = 0
        for row_id in done:
            env.invalidate_all()
            fired += len(Sla.browse(row_id)._sla_process_due(T1))
            env.flush_all()
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - count0
    scale = len(ids) / len(done) if done else 0
    return {
        "rows_measured": len(done),
        "escalations": fired,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_row": round(queries / len(done), 1) if done else 0,
        "extrapolated_seconds_all_rows": round(seconds * scale, 1),
        "extrapolated_queries_all_rows": round(queries * scale),
    }


def measure_create(env, runs):
    team = env["crm.service.team"].search([("name", "=", "Bench Team")], limit=1)
    partner = env["res.partner"].search([("name", "=", "Bench Customer")], limit=1)
    policy = env["crm.service.sla.policy"].search([("name", "=", "Bench SLA")], limit=1)
    calendar = team.resource_calendar_id
    cr = env.cr
    samples, queries = [], []
    with Rollback(env):
        for _i in range(runs):
            env.invalidate_all()
            count0 = cr.sql_log_count
            started = time.perf_counter()
            order = env["crm.service.order"].create(
                {"partner_id": partner.id, "team_id": team.id, "priority": "1"}
            )
            env.flush_all()
            samples.append((time.perf_counter() - started) * 1000)
            queries.append(cr.sql_log_count - count0)
        routed = bool(order.user_id)
        has_sla = bool(order.sla_ids.deadline)
    # the naive per-order planning: Odoo's plan_hours for the deadline, the at-risk
    # point and each level (each call reads attendances and leaves again)
    naive = []
    for _i in range(runs):
        env.invalidate_all()
        started = time.perf_counter()
        now = datetime.now()
        deadline = calendar.plan_hours(TARGET_HOURS, now, compute_leaves=True)
        calendar.plan_hours(TARGET_HOURS * policy.at_risk_ratio, now, compute_leaves=True)
        for level in policy.level_ids:
            calendar.plan_hours(level.offset_hours, deadline, compute_leaves=True)
        naive.append((time.perf_counter() - started) * 1000)
    planner = []
    Calendar = env["resource.calendar"]
    for _i in range(runs):
        env.invalidate_all()
        started = time.perf_counter()
        now = datetime.now()
        deadline = Calendar._crm_service_plan([(calendar, now, TARGET_HOURS)])[0]
        Calendar._crm_service_plan(
            [(calendar, now, TARGET_HOURS * policy.at_risk_ratio)]
            + [(calendar, deadline, level.offset_hours) for level in policy.level_ids]
        )
        planner.append((time.perf_counter() - started) * 1000)
    return {
        "create_p50_ms": round(statistics.median(samples), 1),
        "create_max_ms": round(max(samples), 1),
        "create_queries_p50": statistics.median(queries),
        "routed": routed,
        "has_sla": has_sla,
        "planning_ours_p50_ms": round(statistics.median(planner), 2),
        "planning_naive_plan_hours_p50_ms": round(statistics.median(naive), 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("step", choices=["generate", "measure", "create"])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        if args.step == "generate":
            out = generate(env, args.orders)
        elif args.step == "create":  # by hand: only the creation of one order
            out = {"create": measure_create(env, args.runs)}
            cr.rollback()
        else:
            out = {
                "open_orders": env["crm.service.order"].search_count(
                    [("stage_type", "not in", ["resolved", "closed", "cancelled"])]
                ),
                "levels": len(LEVEL_OFFSETS),
                "job_batch_1000": measure_job(env, 1000),
                "job_batch_100": measure_job(env, 100),
                "naive_per_order": measure_naive(env, args.naive_sample),
                "create": measure_create(env, args.runs),
            }
            cr.rollback()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print("RESULT " + json.dumps(out, default=str), flush=True)


if __name__ == "__main__":
    sys.exit(main())
