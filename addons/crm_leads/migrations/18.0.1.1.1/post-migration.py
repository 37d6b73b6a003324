# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Counters and pointers that every lead creation updated on one shared row are
derived now: drop their columns, which the ORM leaves behind (and whose foreign
key would still update the team's row when a member is deleted).

- crm_lead_form.submission_count: counted from the form's leads and queue;
- crm_team.crm_assignment_member_id: the round-robin turn, read from the leads.
"""

from odoo.tools import SQL


def migrate(cr, version):
    for table, column in (
        ("crm_lead_form", "submission_count"),
        ("crm_team", "crm_assignment_member_id"),
    ):
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP COLUMN IF EXISTS %s",
                SQL.identifier(table),
                SQL.identifier(column),
            )
        )
