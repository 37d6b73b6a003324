# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Stages replace the fixed workflow: keep what the update would drop.

``state`` and ``date_done`` leave the model (the update would drop their columns):
they are kept as ``crm_legacy_*`` columns for the post-migration script, which maps
them to stages. ``request_channel`` becomes ``channel`` and walk-in the counter.
The reviewer and the first-response date are new stored computes: their columns are
made empty here, so the update neither invents a response time for the old orders
nor posts a tracking message for the reviewer on every order.
"""

from openupgradelib import openupgrade

from odoo.tools import SQL


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    if openupgrade.column_exists(cr, "crm_service_order", "state"):
        openupgrade.rename_columns(
            cr,
            {
                "crm_service_order": [
                    ("state", "crm_legacy_state"),
                    ("date_done", "crm_legacy_date_done"),
                ]
            },
        )
    if openupgrade.column_exists(cr, "crm_service_order", "request_channel"):
        openupgrade.rename_fields(
            env, [("crm.service.order", "crm_service_order", "request_channel", "channel")]
        )
        cr.execute(
            SQL("UPDATE crm_service_order SET channel = 'counter' WHERE channel = 'walk_in'")
        )
    for column, sql_type in (("reviewer_id", "int4"), ("date_first_response", "timestamp")):
        if not openupgrade.column_exists(cr, "crm_service_order", column):
            cr.execute(
                SQL(
                    "ALTER TABLE crm_service_order ADD COLUMN %s %s",
                    SQL.identifier(column),
                    SQL(sql_type),
                )
            )
