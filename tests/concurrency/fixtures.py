# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Data of the concurrency scenarios, made inside Odoo (started by run.py).

setup    users, teams, a web form, an existing customer and the opportunities of
         one forecast bucket; prints ``RESULT {json}`` with what run.py needs
"""

import argparse
import json
from datetime import date

import odoo
from odoo import SUPERUSER_ID, Command, api

# The existing customer some visitors of scenario A claim to be: owned by a rep of
# another team, so that a post carrying its e-mail collides.
CUSTOMER_EMAIL = "returning.customer@customer.example"
CUSTOMER_PHONE = "+86 138 0013 8000"
ORIGIN = "https://www.example.com"
CLOSING_DAY = date(2031, 6, 30)


def setup(env, policy, reps, rounds, tag):
    env.company.country_id = env.ref("base.cn")
    # No lead enrichment: it would call Odoo's IAP service, outside this machine.
    env["ir.config_parameter"].set_param("crm.iap.lead.enrich.setting", "manual")
    # A sender for notifications (the approver's to-do of a collision), as a
    # production database has.
    if not env.company.alias_domain_id:
        env.company.alias_domain_id = env["mail.alias.domain"].create(
            {"name": "concurrency.example", "default_from": "notifications"}
        )

    def user(login, name, groups):
        return env["res.users"].create(
            {
                "login": f"{login}_{tag}",
                "password": f"{login}_{tag}",
                "name": f"{name} {tag}",
                "groups_id": [Command.set([env.ref(xmlid).id for xmlid in groups])],
            }
        )

    rep_groups = ["base.group_user", "crm_leads.group_crm_leads_user"]
    owner = user("cc_owner", "Owning Rep", rep_groups)
    env["res.partner"].with_user(owner).create(
        {
            "name": "Returning Customer Ltd",
            "is_company": True,
            "email": CUSTOMER_EMAIL,
            "phone": CUSTOMER_PHONE,
            "user_id": owner.id,
        }
    )
    web_team = env["crm.team"].create(
        {"name": "Concurrency Web Team", "use_leads": True, "crm_collision_policy": policy}
    )
    form = env["crm.lead.form"].create(
        {
            "name": "Concurrency Contact Form",
            "team_id": web_team.id,
            "allowed_origins": ORIGIN,
            "thanks_message": "Thank you!",
        }
    )

    # Scenario B: the opportunities of ONE forecast bucket (salesperson, team, stage,
    # closing day), edited by reps allowed to edit every lead.
    manager = user(
        "cc_manager",
        "Concurrency Manager",
        [
            "base.group_user",
            "crm_leads.group_crm_leads_manager",
            "crm_pipeline.group_crm_pipeline_manager",
        ],
    )
    salesperson = user("cc_salesperson", "Bucket Owner", rep_groups)
    team = env["crm.team"].create(
        {
            "name": "Concurrency Forecast Team",
            "use_opportunities": True,
            "member_ids": [Command.link(salesperson.id)],
        }
    )
    stages = env["crm.stage"].create(
        [
            {"name": "Concurrency Open", "sequence": 901},
            {"name": "Concurrency Proposal", "sequence": 902},
        ]
    )
    editors = [
        user(
            f"cc_rep{index}",
            f"Concurrency Rep {index}",
            [*rep_groups, "sales_team.group_sale_salesman_all_leads"],
        )
        for index in range(1, reps + 1)
    ]
    opportunities = env["crm.lead"].create(
        [
            {
                "name": f"Bucket deal {index}",
                "type": "opportunity",
                "user_id": salesperson.id,
                "team_id": team.id,
                "stage_id": stages[0].id,
                "date_deadline": CLOSING_DAY,
                "expected_revenue": 1000.0,
            }
            for index in range(reps * rounds)
        ]
    )
    env.cr.commit()  # a separate process reads this data through HTTP
    return {
        "form_key": form.key,
        "form_id": form.id,
        "origin": ORIGIN,
        "customer_email": CUSTOMER_EMAIL,  # one customer per run: the latest owns it
        "customer_phone": CUSTOMER_PHONE,
        "manager": manager.login,
        "editors": [editor.login for editor in editors],
        "opportunity_ids": opportunities.ids,
        "stage_ids": stages.ids,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["setup"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--policy", default="block")
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--tag", default="1", help="suffix of logins, unique per run")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, f"--addons-path={args.addons_path}", "-d", args.db, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        out = setup(env, args.policy, args.reps, args.rounds, args.tag)
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
