# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""res.partner.relation becomes crm.company.relation, its rows kept.

``res.partner.relation`` is the model of OCA's partner_multi_relation: installing both
broke one of them. Only crm_leads' own model is renamed.
"""

from openupgradelib import openupgrade

from odoo.addons.crm_leads.tools.migration import rename_own_model


@openupgrade.migrate()
def migrate(env, version):
    rename_own_model(
        env,
        "crm_leads",
        "res.partner.relation",
        "crm.company.relation",
        xmlids=[
            ("res_partner_relation_demo_1", "crm_company_relation_demo_1"),
            ("res_partner_relation_demo_2", "crm_company_relation_demo_2"),
            ("access_res_partner_relation_internal", "access_crm_company_relation_internal"),
            ("access_res_partner_relation_user", "access_crm_company_relation_user"),
        ],
    )
