# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Indexes of the company-name keys left by earlier development versions.

company_name_key and company_name_core were once indexed with trigram GINs, and the
key with an extra btree of another name: drop them, so that the ORM creates the
btrees of the fields' own names and inserts do not maintain indexes nobody reads.
"""

from odoo.tools import SQL


def migrate(cr, version):
    for table in ("res_partner", "crm_lead"):
        for column in ("company_name_key", "company_name_core"):
            cr.execute(
                """SELECT 1 FROM pg_indexes
                    WHERE tablename = %s AND indexname = %s AND indexdef ILIKE '%%USING gin%%'""",
                [table, f"{table}__{column}_index"],
            )
            if cr.fetchone():
                cr.execute(SQL("DROP INDEX %s", SQL.identifier(f"{table}__{column}_index")))
        cr.execute(
            SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"{table}_company_name_key_btree_index"))
        )
