# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""crm_leads scale benchmark, run inside Odoo against a generated database.

Started by tests/bench/run.py (``make bench``), never by the test command: it prints
timings and ratios against stock Odoo 18 measured in the same run, on the same data.

    generate   fill res_partner / crm_lead with N rows each through set-based SQL
    lookup     caller-ID lookup of a number typed in another format than stored
    dedup      duplicate/collision check of one new lead
    import     import of a CSV of leads: crm_leads' importer vs base_import
"""

import argparse
import csv
import json
import random
import resource
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

BATCH = 100_000


def percentile(samples, pct):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def timed(func, runs):
    samples, results = [], []
    for arg in runs:
        start = time.perf_counter()
        results.append(func(arg))
        samples.append((time.perf_counter() - start) * 1000)
    return samples, results


def summary(samples):
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
    }


def columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {row[0] for row in cr.fetchall()}


# ---------------------------------------------------------------------------
# generate
# ---------------------------------------------------------------------------


def generate(env, n_partners, n_leads):
    """Generated rows follow what the ORM would store (keys included), so the
    benchmark measures lookups, not the generator. National-format numbers are
    stored in phone/mobile, their E.164 form in the key columns."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'BENCH-%%'")
    have = cr.fetchone()[0]
    company = env.ref("base.main_company")
    company.country_id = env.ref("base.cn")
    reps = env["res.users"].search([("login", "like", "bench_rep_%")])
    if len(reps) < 20:
        group = env.ref("crm_leads.group_crm_leads_user")
        reps |= env["res.users"].create(
            [
                {
                    "name": f"Bench Rep {i}",
                    "login": f"bench_rep_{i}",
                    "groups_id": [(6, 0, group.ids)],
                }
                for i in range(len(reps), 20)
            ]
        )
    rep_ids = reps.ids
    p_cols = columns(cr, "res_partner")
    l_cols = columns(cr, "crm_lead")
    has_name_key = "company_name_key" in p_cols
    t0 = time.time()
    for start in range(have, n_partners, BATCH):
        stop = min(n_partners, start + BATCH)
        extra_cols, extra_vals = [], []
        if has_name_key:
            extra_cols += ["company_name_key", "company_name_core"]
            extra_vals += ["'acme' || h || 'trading'", "'acme' || h"]
        if "email_normalized" in p_cols:
            extra_cols.append("email_normalized")
            extra_vals.append("'info' || i || '@acme' || h || '.cn'")
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (
                    name, complete_name, ref, is_company, type, active, lang, company_id,
                    country_id, email, phone, mobile, phone_e164, mobile_e164, user_id,
                    create_uid, write_uid, create_date, write_date %(extra_cols)s)
                SELECT 'Acme ' || h || ' Trading Co., Ltd.', 'Acme ' || h || ' Trading Co., Ltd.',
                       'BENCH-' || i, true, 'contact', true, 'en_US', %(company)s, %(cn)s,
                       'info' || i || '@acme' || h || '.cn',
                       '010-' || substr(d, 1, 4) || '-' || substr(d, 5, 4),
                       '139 ' || substr(m, 1, 4) || ' ' || substr(m, 5, 4),
                       '+8610' || d, '+86139' || m,
                       (%(reps)s::int[])[1 + mod(i, %(nreps)s)], 1, 1,
                       now() - (mod(i, 900)) * interval '1 day', now() %(extra_vals)s
                  FROM (SELECT i, substr(md5(i::text), 1, 8) AS h,
                               (60000000 + i)::text AS d, lpad(i::text, 8, '0') AS m
                          FROM generate_series(%(start)s, %(stop)s - 1) AS i) AS s
                """,
                extra_cols=SQL("".join(f", {c}" for c in extra_cols)),
                extra_vals=SQL("".join(f", {v}" for v in extra_vals)),
                company=company.id,
                cn=env.ref("base.cn").id,
                reps=rep_ids,
                nreps=len(rep_ids),
                start=start,
                stop=stop,
            )
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE commercial_partner_id IS NULL AND ref LIKE 'BENCH-%%'"
        )
        cr.commit()
        print(f"  partners {stop:,}/{n_partners:,} ({time.time() - t0:.0f} s)", flush=True)

    cr.execute("SELECT count(*) FROM crm_lead WHERE name LIKE 'Bench lead %%'")
    have = cr.fetchone()[0]
    team = env["crm.team"].search([], limit=1)
    stages = env["crm.stage"].search([]).ids
    has_lead_key = "company_name_key" in l_cols
    t0 = time.time()
    for start in range(have, n_leads, BATCH):
        stop = min(n_leads, start + BATCH)
        extra_cols, extra_vals = [], []
        if has_lead_key:
            extra_cols += ["company_name_key", "company_name_core"]
            extra_vals += ["'globex' || h || 'industrial'", "'globex' || h"]
        cr.execute(
            SQL(
                """
                INSERT INTO crm_lead (
                    name, type, active, company_id, team_id, user_id, stage_id, priority,
                    probability, expected_revenue, partner_name, contact_name, email_from,
                    email_normalized, phone, phone_sanitized, phone_e164, country_id,
                    date_open, date_last_stage_update, create_uid, write_uid, create_date,
                    write_date %(extra_cols)s)
                SELECT 'Bench lead ' || i, CASE WHEN mod(i, 3) = 0 THEN 'lead' ELSE 'opportunity' END,
                       true, %(company)s, %(team)s, (%(reps)s::int[])[1 + mod(i, %(nreps)s)],
                       (%(stages)s::int[])[1 + mod(i, %(nstages)s)], '0', 10 + mod(i, 80),
                       (mod(i, 500)) * 1000, 'Globex ' || h || ' Industrial Co., Ltd.',
                       'Contact ' || i, 'sales' || i || '@globex' || h || '.cn',
                       'sales' || i || '@globex' || h || '.cn',
                       '021 ' || substr(d, 1, 4) || ' ' || substr(d, 5, 4), '+8621' || d,
                       '+8621' || d, %(cn)s,
                       now() - (mod(i, 700)) * interval '1 day', now() - (mod(i, 90)) * interval '1 day',
                       1, 1, now() - (mod(i, 700)) * interval '1 day', now() %(extra_vals)s
                  FROM (SELECT i, substr(md5('l' || i::text), 1, 8) AS h,
                               (50000000 + i)::text AS d
                          FROM generate_series(%(start)s, %(stop)s - 1) AS i) AS s
                """,
                extra_cols=SQL("".join(f", {c}" for c in extra_cols)),
                extra_vals=SQL("".join(f", {v}" for v in extra_vals)),
                company=company.id,
                team=team.id,
                reps=rep_ids,
                nreps=len(rep_ids),
                stages=stages,
                nstages=len(stages),
                cn=env.ref("base.cn").id,
                start=start,
                stop=stop,
            )
        )
        cr.commit()
        print(f"  leads {stop:,}/{n_leads:,} ({time.time() - t0:.0f} s)", flush=True)
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE crm_lead")
    cr.commit()


# ---------------------------------------------------------------------------
# measurements
# ---------------------------------------------------------------------------


def rep_env(env):
    rep = env["res.users"].search([("login", "=", "bench_rep_0")], limit=1)
    return env(user=rep)


def bench_lookup(env, n_partners, samples):
    """A partner stored as 010-6xxx-xxxx, the PBX sends +86106xxxxxxx."""
    rng = random.Random(42)
    picks = [rng.randrange(n_partners) for _ in range(samples)]
    numbers = [f"+8610{60000000 + i}" for i in picks]
    # Managers see all: the lookup finds the partner whoever owns it.
    env = env(user=SUPERUSER_ID)
    Partner = env["res.partner"]

    def ours(number):
        return Partner._crm_search_phone(number)

    def stock_sanitized(number):
        # What stock Odoo can do on res.partner: compare the typed digits with
        # the stored text (no key, no index on the regexp).
        return Partner.search([("phone", "ilike", number[3:])], limit=10)

    def stock_name_search(number):
        return Partner.name_search(number, limit=8)

    result = {}
    s, found = timed(ours, numbers)
    result["ours"] = {**summary(s), "found": sum(1 for r in found if r) / len(found)}
    few = numbers[: max(5, samples // 20)]
    s, found = timed(stock_sanitized, few)
    result["stock phone ilike"] = {**summary(s), "found": sum(1 for r in found if r) / len(few)}
    s, found = timed(stock_name_search, few[:5])
    result["stock name_search"] = {**summary(s), "found": sum(1 for r in found if r) / 5}
    return result


def bench_dedup(env, n_partners, samples):
    rng = random.Random(7)
    Lead = rep_env(env)["crm.lead"]
    picks = [rng.randrange(n_partners) for _ in range(samples)]
    import hashlib

    def values(i):
        h = hashlib.md5(str(i).encode()).hexdigest()[:8]
        return {
            "name": "New enquiry",
            "partner_name": f"ACME {h} trading limited",
            "email_from": f"someone@acme{h}.cn",
            "phone": f"+86 10 {60000000 + i}",
        }

    result = {}
    if hasattr(Lead, "_crm_find_matches"):
        s, found = timed(lambda i: Lead._crm_find_matches(values(i)), picks)
        result["ours (e-mail, cross-format phone, near name)"] = {
            **summary(s),
            "found": sum(1 for r in found if r and (r.get("partner_ids") or r.get("partners")))
            / len(found),
        }
    else:
        result["ours"] = "crm.lead._crm_find_matches not available"

    def stock(i):
        lead = Lead.new(values(i))
        return lead.duplicate_lead_ids

    s, found = timed(stock, picks[: max(5, samples // 5)])
    result["stock duplicate_lead_ids"] = summary(s)
    return result


def write_csv(path, rows, offset):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Name", "Company", "Contact", "Email", "Phone", "City"])
        for i in range(offset, offset + rows):
            writer.writerow(
                [
                    f"Import lead {i}",
                    f"Initech {i % 50000} Co., Ltd.",
                    f"Person {i}",
                    f"p{i}@initech{i % 50000}.cn",
                    f"0755 {80000000 + i}",
                    "Shenzhen",
                ]
            )


def bench_import_stock(env, path, rows):
    """base_import's own path, as the web client's import dialog runs it."""
    with open(path, "rb") as fh:
        data = fh.read()
    wizard = env["base_import.import"].create(
        {"res_model": "crm.lead", "file": data, "file_name": "leads.csv", "file_type": "text/csv"}
    )
    options = {"has_headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8"}
    start = time.perf_counter()
    result = wizard.execute_import(
        ["name", "partner_name", "contact_name", "email_from", "phone", "city"],
        ["Name", "Company", "Contact", "Email", "Phone", "City"],
        options,
    )
    elapsed = time.perf_counter() - start
    errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
    return {
        "rows": rows,
        "seconds": round(elapsed, 1),
        "rows_per_s": round(rows / elapsed),
        "errors": len(errors),
    }


def bench_import_ours(env, path, rows):
    """crm_leads' importer as a background job: dedup and E.164 keys included.

    Batches commit as in production (the cron path); the imported leads are deleted
    afterwards so the benchmark can run again on the same data."""
    import base64

    with open(path, "rb") as fh:
        data = base64.b64encode(fh.read())
    start = time.perf_counter()
    wizard = env["crm.lead.import"].create(
        {"file": data, "filename": "leads.csv", "duplicate_policy": "skip"}
    )
    action = wizard.action_import()
    job = env["crm.lead.import.job"].browse(action["res_id"])
    job._process(commit=True)
    elapsed = time.perf_counter() - start
    job.invalidate_recordset()
    out = {
        "rows": rows,
        "seconds": round(elapsed, 1),
        "rows_per_s": round(rows / elapsed),
        "state": job.state,
        "created": job.created_count if "created_count" in job else None,
    }
    env.cr.execute("DELETE FROM crm_lead WHERE import_job_id = %s", [job.id])
    env.cr.commit()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument(
        "step", choices=["generate", "lookup", "dedup", "import-stock", "import-ours"]
    )
    parser.add_argument("--partners", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--csv")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        if args.step == "generate":
            generate(env, args.partners, args.leads)
            out = {"generated": True}
        elif args.step == "lookup":
            out = bench_lookup(env, args.partners, args.samples)
        elif args.step == "dedup":
            out = bench_dedup(env, args.partners, args.samples)
        elif args.step == "import-stock":
            write_csv(args.csv, args.rows, 0) if not _exists(args.csv) else None
            out = bench_import_stock(env, args.csv, args.rows)
            cr.rollback()
        else:
            write_csv(args.csv, args.rows, 0) if not _exists(args.csv) else None
            out = bench_import_ours(env, args.csv, args.rows)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print("RESULT " + json.dumps(out), flush=True)


def _exists(path):
    import os

    return os.path.exists(path)


if __name__ == "__main__":
    sys.exit(main())
