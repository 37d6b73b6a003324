# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0: the fixed ``state`` of a service order becomes a stage.

The pre-migration script keeps the old columns under ``crm_legacy_*`` names (a
field that leaves the model has its column dropped at the end of the update); the
post-migration script calls :func:`migrate_legacy_states` once the stage records exist.
Kept here, importable, so that a test can run it on a real table.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

LEGACY_STATE_COLUMN = "crm_legacy_state"
LEGACY_DATE_DONE_COLUMN = "crm_legacy_date_done"

# old state -> stage type; a finished order of the fixed workflow is closed
LEGACY_STATE_STAGE_TYPES = {
    "new": "new",
    "assigned": "assigned",
    "in_progress": "in_progress",
    "done": "closed",
    "cancelled": "cancelled",
}


def migrate_legacy_states(env):
    """Set each order's stage from its legacy state, in one UPDATE.

    Returns the number of orders updated (0 when there is no legacy column).
    """
    cr = env.cr
    if not column_exists(cr, "crm_service_order", LEGACY_STATE_COLUMN):
        return 0
    env.flush_all()
    rows = []
    for state, stage_type in LEGACY_STATE_STAGE_TYPES.items():
        stage = env.ref(f"crm_service.crm_service_stage_{stage_type}", raise_if_not_found=False)
        if stage:
            rows.append(SQL("(%s, %s, %s)", state, stage.id, stage_type))
    if not rows:
        return 0
    has_date_done = column_exists(cr, "crm_service_order", LEGACY_DATE_DONE_COLUMN)
    date_done = SQL.identifier("o", LEGACY_DATE_DONE_COLUMN) if has_date_done else SQL("NULL")
    cr.execute(
        SQL(
            """UPDATE crm_service_order o
                  SET stage_id = m.stage_id,
                      stage_type = m.stage_type,
                      is_closed_stage = m.stage_type IN ('resolved', 'closed', 'cancelled'),
                      date_resolved = CASE WHEN m.stage_type = 'closed'
                                           THEN COALESCE(%(date_done)s, o.write_date) END,
                      date_closed = CASE WHEN m.stage_type IN ('closed', 'cancelled')
                                         THEN COALESCE(%(date_done)s, o.write_date) END,
                      date_assigned = CASE WHEN o.user_id IS NOT NULL THEN o.date_request END
                 FROM (VALUES %(rows)s) AS m(state, stage_id, stage_type)
                WHERE %(state)s = m.state""",
            date_done=date_done,
            rows=SQL(", ").join(rows),
            state=SQL.identifier("o", LEGACY_STATE_COLUMN),
        )
    )
    count = cr.rowcount
    env["crm.service.order"].invalidate_model()
    return count
