# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each service order gets the stage of its old state (see tools/migrate.py), and the
technicians' rule its new domain (own, own teams', untriaged) from the addon's XML:
it lives in a noupdate file, which an update never reloads."""

from lxml import etree
from openupgradelib import openupgrade

from odoo.addons.crm_service.tools.migrate import migrate_legacy_states
from odoo.tools import file_open

RULES = ["crm_service_order_rule_technician"]


@openupgrade.migrate()
def migrate(env, version):
    migrate_legacy_states(env)
    with file_open("crm_service/security/crm_service_security.xml", "rb") as xml:
        tree = etree.parse(xml)
    for xmlid in RULES:
        rule = env.ref(f"crm_service.{xmlid}", raise_if_not_found=False)
        if rule:
            field = tree.xpath(f"//record[@id='{xmlid}']/field[@name='domain_force']")[0]
            rule.write({"domain_force": " ".join(field.text.split()), "name": field.getparent().findtext("field[@name='name']")})
