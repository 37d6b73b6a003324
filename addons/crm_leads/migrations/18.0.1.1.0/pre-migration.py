# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""company_name_core was indexed with a trigram GIN before near names moved to the
deletion-variant index: drop it so that the ORM creates the btree of the same name."""

from odoo.tools import SQL


def migrate(cr, version):
    for table in ("res_partner", "crm_lead"):
        cr.execute(
            """SELECT 1 FROM pg_indexes
                WHERE tablename = %s AND indexname = %s AND indexdef ILIKE '%%USING gin%%'""",
            [table, f"{table}__company_name_core_index"],
        )
        if cr.fetchone():
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(f"{table}__company_name_core_index")))
