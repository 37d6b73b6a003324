# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""res.partner.relation becomes crm.company.relation, its rows kept.

``res.partner.relation`` is the model of OCA's partner_multi_relation: installing both
broke one of them. Only crm_leads' own model is renamed (the ir.model row crm_leads
created); OpenUpgrade's helpers move the table, its sequence, indexes and constraints,
and every reference to the model name (fields, filters, exports, server actions).
"""

from openupgradelib import openupgrade

OLD_MODEL, NEW_MODEL = "res.partner.relation", "crm.company.relation"


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    cr.execute(
        """SELECT 1 FROM ir_model_data
            WHERE module = 'crm_leads' AND model = 'ir.model'
              AND name = 'model_res_partner_relation'"""
    )
    if not cr.fetchone():
        return
    openupgrade.rename_models(cr, [(OLD_MODEL, NEW_MODEL)])
    openupgrade.rename_tables(cr, [("res_partner_relation", "crm_company_relation")])
    cr.execute(
        """UPDATE ir_model_constraint
              SET name = 'crm_company_relation_relation_unique'
            WHERE name = 'res_partner_relation_relation_unique'"""
    )
    openupgrade.rename_xmlids(
        cr,
        [
            ("crm_leads.res_partner_relation_demo_1", "crm_leads.crm_company_relation_demo_1"),
            ("crm_leads.res_partner_relation_demo_2", "crm_leads.crm_company_relation_demo_2"),
            (
                "crm_leads.access_res_partner_relation_internal",
                "crm_leads.access_crm_company_relation_internal",
            ),
            (
                "crm_leads.access_res_partner_relation_user",
                "crm_leads.access_crm_company_relation_user",
            ),
        ],
    )
