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


# Company names like a real customer base, not one brand for everyone: half
# pinyin/English ("Shanghai Huaxinlong Trading Co., Ltd."), half Chinese
# ("上海华信龙贸易有限公司"); the brand is three syllables or characters picked
# from the row's md5, the city and trade come from the words crm_leads treats as
# generic. The stored keys are what crm_leads' normalize functions return for the
# name (checked on a sample after generation, see check_name_keys).
CITIES_EN = [
    "beijing",
    "shanghai",
    "guangzhou",
    "shenzhen",
    "hangzhou",
    "nanjing",
    "suzhou",
    "chengdu",
    "wuhan",
    "xiamen",
    "qingdao",
    "ningbo",
]
TRADES_EN = [
    "trading",
    "technology",
    "electronics",
    "logistics",
    "machinery",
    "software",
    "consulting",
    "materials",
    "equipment",
    "engineering",
]
SYLLABLES = """hua xin long tai feng sheng da jin hong kang mei tian yuan fu an bao cheng
    ding guang hai heng jia jie kai li lian ming nan peng qi rui shun tong wei xiang yang
    yi yong zhong zhi bo chang de fang gao hao hui lan lin lu mao pu qing ren run sen shi
    song wan wen xing ya ye ying yu yue zhen zheng zhou zi""".split()
CITIES_CN = [
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "苏州",
    "成都",
    "武汉",
    "厦门",
    "青岛",
    "宁波",
]
TRADES_CN = ["贸易", "科技", "电子", "物流", "机械", "软件", "咨询", "材料", "设备", "工程"]
# No character of a generic word (北京, 科技, ...): the core must stay the brand.
BRAND_CHARS = list(
    "华瑶龙泰丰盛达金鸿康美元福宝诚鼎光恒嘉杰凯立联明鹏奇瑞顺通伟祥阳益永志博昌德芳高浩辉兰林"
    "路茂普琪仁润森世松万文兴雅英宇悦振正洲紫晨星新和合利源汇鑫隆荣富佳瀚翔骏腾飞扬远航卓越"
)


def name_columns(hx, i):
    """SQL expressions (name, company_name_key, company_name_core) of row ``i``
    whose md5 hex string is ``hx``."""

    def pick(values, byte):
        return SQL(
            "(%s::varchar[])[1 + mod(('x' || substr(%s, %s, 2))::bit(8)::int, %s)]",
            values,
            hx,
            2 * byte + 1,
            len(values),
        )

    english = SQL("mod(%s, 2) = 0", i)
    brand_en = SQL("%s || %s || %s", pick(SYLLABLES, 0), pick(SYLLABLES, 1), pick(SYLLABLES, 2))
    brand_cn = SQL(
        "%s || %s || %s", pick(BRAND_CHARS, 0), pick(BRAND_CHARS, 1), pick(BRAND_CHARS, 2)
    )
    city_en, trade_en = pick(CITIES_EN, 3), pick(TRADES_EN, 4)
    city_cn, trade_cn = pick(CITIES_CN, 3), pick(TRADES_CN, 4)
    name = SQL(
        "CASE WHEN %s THEN initcap(%s) || ' ' || initcap(%s) || ' ' || initcap(%s) || ' Co., Ltd.'"
        " ELSE %s || %s || %s || '有限公司' END",
        english,
        city_en,
        brand_en,
        trade_en,
        city_cn,
        brand_cn,
        trade_cn,
    )
    key = SQL(
        "CASE WHEN %s THEN %s || %s || %s ELSE %s || %s || %s END",
        english,
        city_en,
        brand_en,
        trade_en,
        city_cn,
        brand_cn,
        trade_cn,
    )
    core = SQL("CASE WHEN %s THEN %s ELSE %s END", english, brand_en, brand_cn)
    return name, key, core


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
        name, key, core = name_columns(SQL("hx"), SQL("i"))
        extra_cols, extra_vals = [], []
        if has_name_key:
            extra_cols += ["company_name_key", "company_name_core"]
            extra_vals += [key, core]
        if "crm_customer_user_id" in p_cols:  # the customer's owner, as the ORM stores it
            extra_cols.append("crm_customer_user_id")
            extra_vals.append(SQL("(%s::int[])[1 + mod(i, %s)]", rep_ids, len(rep_ids)))
        if "email_normalized" in p_cols:
            extra_cols.append("email_normalized")
            extra_vals.append(SQL("'info' || i || '@acme' || h || '.cn'"))
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (
                    name, complete_name, ref, is_company, type, active, lang, company_id,
                    country_id, email, phone, mobile, phone_e164, mobile_e164, user_id,
                    create_uid, write_uid, create_date, write_date %(extra_cols)s)
                SELECT %(name)s, %(name)s,
                       'BENCH-' || i, true, 'contact', true, 'en_US', %(company)s, %(cn)s,
                       'info' || i || '@acme' || h || '.cn',
                       '010-' || substr(d, 1, 4) || '-' || substr(d, 5, 4),
                       '139 ' || substr(m, 1, 4) || ' ' || substr(m, 5, 4),
                       '+8610' || d, '+86139' || m,
                       (%(reps)s::int[])[1 + mod(i, %(nreps)s)], 1, 1,
                       now() - (mod(i, 900)) * interval '1 day', now() %(extra_vals)s
                  FROM (SELECT i, substr(md5(i::text), 1, 8) AS h, md5(i::text) AS hx,
                               (60000000 + i)::text AS d, lpad(i::text, 8, '0') AS m
                          FROM generate_series(%(start)s, %(stop)s - 1) AS i) AS s
                """,
                extra_cols=SQL("".join(f", {c}" for c in extra_cols)),
                extra_vals=SQL("").join(SQL(", %s", v) for v in extra_vals),
                name=name,
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
        name, key, core = name_columns(SQL("hx"), SQL("i"))
        extra_cols, extra_vals = [], []
        if has_lead_key:
            extra_cols += ["company_name_key", "company_name_core"]
            extra_vals += [key, core]
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
                       (mod(i, 500)) * 1000, %(name)s,
                       'Contact ' || i, 'sales' || i || '@globex' || h || '.cn',
                       'sales' || i || '@globex' || h || '.cn',
                       '021 ' || substr(d, 1, 4) || ' ' || substr(d, 5, 4), '+8621' || d,
                       '+8621' || d, %(cn)s,
                       now() - (mod(i, 700)) * interval '1 day', now() - (mod(i, 90)) * interval '1 day',
                       1, 1, now() - (mod(i, 700)) * interval '1 day', now() %(extra_vals)s
                  FROM (SELECT i, substr(md5('l' || i::text), 1, 8) AS h, md5('l' || i::text) AS hx,
                               (50000000 + i)::text AS d
                          FROM generate_series(%(start)s, %(stop)s - 1) AS i) AS s
                """,
                extra_cols=SQL("".join(f", {c}" for c in extra_cols)),
                extra_vals=SQL("").join(SQL(", %s", v) for v in extra_vals),
                name=name,
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
    rename_old_rows(env, n_partners, n_leads)
    check_name_keys(env)
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE crm_lead")
    cr.commit()


def rename_old_rows(env, n_partners, n_leads):
    """Databases generated before the realistic names (every partner 'Acme <hex>',
    every lead 'Globex <hex>') get them in place, in batches."""
    cr = env.cr
    t0 = time.time()
    cr.execute(
        "SELECT 1 FROM res_partner WHERE ref = 'BENCH-0' AND company_name_core LIKE 'acme%%'"
    )
    if cr.fetchone():
        name, key, core = name_columns(SQL("md5(s.i::text)"), SQL("s.i"))
        for start in range(0, n_partners, BATCH):
            stop = min(n_partners, start + BATCH)
            cr.execute(
                SQL(
                    """UPDATE res_partner p
                          SET name = %(name)s, complete_name = %(name)s,
                              company_name_key = %(key)s, company_name_core = %(core)s
                         FROM generate_series(%(start)s, %(stop)s - 1) AS s(i)
                        WHERE p.ref = 'BENCH-' || s.i""",
                    name=name,
                    key=key,
                    core=core,
                    start=start,
                    stop=stop,
                )
            )
            cr.commit()
            print(f"  renamed partners {stop:,} ({time.time() - t0:.0f} s)", flush=True)
    cr.execute(
        "SELECT min(id), max(id) FROM crm_lead "
        "WHERE name LIKE 'Bench lead %%' AND company_name_core LIKE 'globex%%'"
    )
    low, high = cr.fetchone()
    if low is None:
        return
    name, key, core = name_columns(SQL("md5('l' || s.i::text)"), SQL("s.i"))
    for start in range(low, high + 1, BATCH):
        cr.execute(
            SQL(
                """UPDATE crm_lead l
                      SET partner_name = %(name)s, company_name_key = %(key)s,
                          company_name_core = %(core)s
                     FROM (SELECT id, substr(name, 12)::int AS i
                             FROM crm_lead
                            WHERE id >= %(start)s AND id < %(stop)s
                              AND name LIKE %(pattern)s) AS s
                    WHERE l.id = s.id""",
                name=name,
                key=key,
                core=core,
                start=start,
                stop=start + BATCH,
                pattern="Bench lead %",
            )
        )
        cr.commit()
        print(f"  renamed leads up to id {start + BATCH:,} ({time.time() - t0:.0f} s)", flush=True)


def check_name_keys(env):
    """The generated keys must be what crm_leads computes for the generated names."""
    from odoo.addons.crm_leads.tools.normalize import core_company_name, normalize_company_name

    rows = env.execute_query(
        SQL(
            """(SELECT name, company_name_key, company_name_core FROM res_partner
                 WHERE ref LIKE %(partners)s ORDER BY id DESC LIMIT 200)
               UNION ALL
               (SELECT partner_name, company_name_key, company_name_core FROM crm_lead
                 WHERE name LIKE %(leads)s ORDER BY id DESC LIMIT 200)""",
            partners="BENCH-%",
            leads="Bench lead %",
        )
    )
    bad = [
        row
        for row in rows
        if (normalize_company_name(row[0]), core_company_name(row[0])) != (row[1], row[2])
    ]
    if bad:
        raise SystemExit(f"generated name keys differ from crm_leads' own: {bad[:3]}")


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
    """A new lead for an existing customer: same phone in another format, a new
    e-mail, and the company name typed another way (no city, another legal form;
    every other English one with a typo in the brand), so the near-name search
    runs."""
    rng = random.Random(7)
    Lead = rep_env(env)["crm.lead"]
    picks = [rng.randrange(n_partners) for _ in range(samples)]
    rows = env.execute_query(
        SQL(
            "SELECT ref, name, id FROM res_partner WHERE ref = ANY(%s)",
            [f"BENCH-{i}" for i in picks],
        )
    )
    stored = {ref: name for ref, name, _id in rows}
    ids = {ref: id_ for ref, _name, id_ in rows}

    def typed_name(i):
        name = stored[f"BENCH-{i}"]
        if name.endswith(" Co., Ltd."):
            words = name[: -len(" Co., Ltd.")].split()
            brand = words[1]
            if i % 2:
                brand = brand[:-1] + ("x" if brand[-1] != "x" else "y")
            return f"{brand} {words[2]} Limited"
        # Chinese: the city left out and another legal form. (A one-character
        # change of a three-character brand is another company, not a typo.)
        return name[2:].replace("有限公司", "股份有限公司")

    def values(i):
        return {
            "name": "New enquiry",
            "partner_name": typed_name(i),
            "email_from": f"buyer{i}@example.cn",
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
        from odoo.addons.crm_leads.tools.normalize import core_company_name

        def near(i):
            return Lead._crm_find_near_names(core_company_name(typed_name(i)))["partner_ids"]

        s, found = timed(near, picks)
        result["ours near-name search alone"] = {
            **summary(s),
            "found": sum(1 for i, r in zip(picks, found, strict=True) if ids[f"BENCH-{i}"] in r)
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
