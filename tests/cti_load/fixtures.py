# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Data of the CTI load test, made inside Odoo (started by run.py).

setup    agents with extensions (signed in, available), a generic PBX with a fresh
         token, and N partners loaded with set-based SQL (INSERT ... SELECT
         generate_series), their phone keys filled as crm.contact.key.mixin stores
         them; prints ``RESULT {json}`` with what run.py needs
"""

import argparse
import json
import time

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

PARTNER_PREFIX = "CTI Load #"
AGENT_LOGIN = "cti_load_agent{}"
FIRST_EXTENSION = 7001
PBX_NAME = "CTI load test PBX"
BATCH = 200_000


def mobile_of(index):
    """The partner ``index``'s mobile, E.164: +86 138 then 8 digits (valid CN)."""
    return f"+86138{index:08d}"


def agents(env, count):
    group = env.ref("crm_cti.group_crm_cti_agent")
    users = env["res.users"]
    for index in range(count):
        login = AGENT_LOGIN.format(index)
        user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
        if not user:
            user = env["res.users"].create(
                {
                    "login": login,
                    "password": login,
                    "name": f"Load Agent {index}",
                    "groups_id": [Command.set([env.ref("base.group_user").id, group.id])],
                }
            )
        user.write({"cti_extension": str(FIRST_EXTENSION + index), "active": True})
        # as the agent: cti_set_status works on the current user's own row
        if hasattr(user, "cti_set_status"):
            user.with_user(user).cti_set_status("available")
        users |= user
    return users


def pbx(env):
    record = env["crm.cti.pbx"].search([("name", "=", PBX_NAME)], limit=1)
    if not record:
        record = env["crm.cti.pbx"].create({"name": PBX_NAME})
    if "tz" in record._fields:
        record.tz = "Asia/Shanghai"
    if "country_id" in record._fields:
        record.country_id = env.ref("base.cn")
    if hasattr(record, "_cti_set_new_token"):
        token = record._cti_set_new_token()
    else:  # the foundation's model kept the clear token
        token = record.token
    return record, token


def load_partners(env, count, owners):
    """Insert partners 1..count that do not exist yet, set-based.

    The columns of a template partner made by the ORM are copied (so every NOT NULL
    column has the value Odoo gives it); name, e-mail, phone keys and owner are
    generated per row. One partner in ten is owned by an agent (round-robin), so
    that the lookup finds an owner's extension.
    """
    cr = env.cr
    partner_model = env["res.partner"]
    cr.execute(SQL("SELECT count(*) FROM res_partner WHERE name LIKE %s", PARTNER_PREFIX + "%"))
    existing = cr.fetchone()[0]
    if existing >= count:
        return existing, 0.0
    template = partner_model.create(
        {
            "name": "CTI-Load template",
            "mobile": "+86 138 0000 0000",
            "country_id": env.ref("base.cn").id,
            "email": "template@cti-load.example",
        }
    )
    env.flush_all()
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND table_schema = current_schema()"
        )
    )
    columns = {row[0] for row in cr.fetchall()} - {"id"}
    owner_ids = owners.ids
    owner_case = SQL(
        "CASE WHEN mod(n.i, 10) = 0 THEN (%s::int[])[mod(n.i / 10, %s) + 1] END",
        owner_ids,
        len(owner_ids),
    )
    mobile_e164 = SQL("'+86138' || lpad(n.i::text, 8, '0')")
    generated = {
        "name": SQL("%s || n.i", PARTNER_PREFIX),
        "complete_name": SQL("%s || n.i", PARTNER_PREFIX),
        "display_name": SQL("%s || n.i", PARTNER_PREFIX),
        "email": SQL("'load' || n.i || '@cti-load.example'"),
        "email_normalized": SQL("'load' || n.i || '@cti-load.example'"),
        "mobile": SQL(
            "'+86 138 ' || substr(lpad(n.i::text, 8, '0'), 1, 4) || ' ' "
            "|| substr(lpad(n.i::text, 8, '0'), 5, 4)"
        ),
        "mobile_e164": mobile_e164,
        "phone": SQL("NULL"),
        "phone_e164": SQL("NULL"),
        "phone_sanitized": mobile_e164,
        "commercial_partner_id": SQL("n.id"),
        "user_id": owner_case,
        "crm_customer_user_id": owner_case,  # the customer's owner, on each contact
        "crm_customer_in_pool": SQL("false"),
        "crm_customer_code": SQL("NULL"),
        "ref": SQL("NULL"),
        "create_date": SQL("now() at time zone 'UTC'"),
        "write_date": SQL("now() at time zone 'UTC'"),
    }
    names = sorted(columns)
    values = [
        generated[name] if name in generated else SQL("t.%s", SQL.identifier(name))
        for name in names
    ]
    start = time.monotonic()
    for low in range(existing + 1, count + 1, BATCH):
        high = min(low + BATCH - 1, count)
        cr.execute(
            SQL(
                "INSERT INTO res_partner (id, %(cols)s) "
                "SELECT n.id, %(values)s "
                "FROM (SELECT nextval('res_partner_id_seq') AS id, g AS i "
                "      FROM generate_series(%(low)s, %(high)s) g) n, res_partner t "
                "WHERE t.id = %(template)s",
                cols=SQL(", ").join(SQL.identifier(name) for name in names),
                values=SQL(", ").join(values),
                low=low,
                high=high,
                template=template.id,
            )
        )
        cr.commit()  # a load script, not business code: keep each batch
        print(f"  partners {high:,} / {count:,} ({time.monotonic() - start:.0f} s)", flush=True)
    template.unlink()
    cr.execute(SQL("ANALYZE res_partner"))
    env.invalidate_all()
    return count, time.monotonic() - start


def setup(env, count, agent_count):
    env.company.country_id = env.ref("base.cn")
    users = agents(env, agent_count)
    record, token = pbx(env)
    env.cr.commit()
    total, seconds = load_partners(env, count, users)
    env.cr.commit()
    return {
        "pbx_id": record.id,
        "token": token,
        "agents": [
            {"login": u.login, "password": u.login, "extension": u.cti_extension, "id": u.id}
            for u in users
        ],
        "partners": total,
        "load_seconds": seconds,
        "owner_of": {"every": 10, "agents": users.ids},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["setup"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--partners", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=4)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        out = setup(env, args.partners, args.agents)
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
