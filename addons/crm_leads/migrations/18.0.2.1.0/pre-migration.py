# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Customers' owner and pool flag stored on each contact, filled in one UPDATE.

Created here rather than by the ORM, which would recompute the two related fields
record by record over every partner.
"""

from openupgradelib import openupgrade

from odoo.tools import SQL


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    cr.execute(
        SQL(
            "ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS crm_customer_user_id int4,"
            " ADD COLUMN IF NOT EXISTS crm_customer_in_pool bool"
        )
    )
    cr.execute(
        SQL(
            """UPDATE res_partner p
                  SET crm_customer_user_id = c.user_id, crm_customer_in_pool = c.crm_in_pool
                 FROM res_partner c
                WHERE c.id = COALESCE(p.commercial_partner_id, p.id)"""
        )
    )
