# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The two customer rules take their new domain from the addon's XML.

They live in a noupdate file, which an update never reloads: only their domain is
copied, so that any other change an integrator made to them stays.
"""

from lxml import etree
from openupgradelib import openupgrade

from odoo.tools import file_open

RULES = ["res_partner_rule_crm_leads_user", "res_partner_rule_crm_leads_user_write"]


@openupgrade.migrate()
def migrate(env, version):
    with file_open("crm_leads/security/res_partner_security.xml", "rb") as xml:
        tree = etree.parse(xml)
    for xmlid in RULES:
        domain = tree.xpath(f"//record[@id='{xmlid}']/field[@name='domain_force']")[0].text
        rule = env.ref(f"crm_leads.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.domain_force = " ".join(domain.split())
