# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer rules, updated from their XML, are noupdate again."""

from openupgradelib import openupgrade

RULES = ["res_partner_rule_crm_leads_user", "res_partner_rule_crm_leads_user_write"]


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.set_xml_ids_noupdate_value(env, "crm_leads", RULES, True)
