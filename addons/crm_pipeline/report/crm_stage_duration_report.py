# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class CrmStageDurationReport(models.Model):
    """Time spent per stage: one row per stay of an opportunity in a stage.

    Two kinds of stays are listed:

    * finished stays, read from the stage history (the stage left, its length in days
      and the salesperson who held the opportunity when it moved on);
    * the stay in progress of each open opportunity (active, not in a won stage),
      measured up to now. Leaving it out would make slow stages look fast: the deals
      stuck in them are exactly those that have not moved yet. Filter on
      ``is_current`` to compare finished stays only.

    Won opportunities have no stay in progress (they left the pipeline) and lost ones
    (archived) neither: the time they spent before being lost is not a stage stay.
    """

    _name = "crm.stage.duration.report"
    _description = "Time in Stage Analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "date_from desc, id desc"
    _depends = {
        "crm.lead.stage.history": [
            "lead_id", "stage_from_id", "user_id", "team_id", "company_id",
            "date_from", "date_to", "duration", "kind",
        ],
        "crm.lead": [
            "stage_id", "user_id", "team_id", "company_id", "active", "type",
            "date_last_stage_update", "create_date",
        ],
        "crm.stage": ["is_won"],
    }

    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_from = fields.Datetime("Entered", readonly=True)
    date_to = fields.Datetime("Left", readonly=True, help="Empty while the opportunity is still in the stage.")
    duration = fields.Float(
        "Days in Stage",
        digits=(16, 2),
        aggregator="avg",
        readonly=True,
        help="Days spent in the stage; for a stay in progress, the days so far.",
    )
    is_current = fields.Boolean(
        "Still in Stage", readonly=True, help="The opportunity is in this stage now."
    )

    @property
    def _table_query(self):
        return SQL("%s UNION ALL %s", self._select_finished_stays(), self._select_current_stays())

    @api.model
    def _select_finished_stays(self):
        # ids: even for history rows, odd for stays in progress (see below)
        return SQL(
            """
            SELECT h.id * 2 AS id,
                   h.lead_id,
                   h.stage_from_id AS stage_id,
                   h.user_id,
                   h.team_id,
                   h.company_id,
                   h.date_from,
                   h.date_to,
                   h.duration,
                   FALSE AS is_current
              FROM crm_lead_stage_history h
             WHERE h.stage_from_id IS NOT NULL
               AND h.kind != 'rejected'
            """
        )

    @api.model
    def _select_current_stays(self):
        # The stay in progress started at crm's last stage update, the date crm's kanban
        # and the stale-opportunity cron count from too. Reading the last logged move
        # instead would aggregate the whole history at every query (seconds at a
        # million opportunities); crm only errs on it when a batch write "moves" leads
        # already in the target stage. The clock is the transaction's (cr.now()), like
        # the history's.
        return SQL(
            """
            SELECT l.id * 2 + 1 AS id,
                   l.id AS lead_id,
                   l.stage_id,
                   l.user_id,
                   l.team_id,
                   l.company_id,
                   COALESCE(l.date_last_stage_update, l.create_date) AS date_from,
                   NULL::timestamp AS date_to,
                   GREATEST(
                       EXTRACT(EPOCH FROM (
                           %(now)s - COALESCE(l.date_last_stage_update, l.create_date)
                       )) / 86400.0,
                       0.0
                   ) AS duration,
                   TRUE AS is_current
              FROM crm_lead l
              JOIN crm_stage s ON s.id = l.stage_id
             WHERE l.active
               AND l.type = 'opportunity'
               AND NOT COALESCE(s.is_won, FALSE)
            """,
            now=SQL("%s::timestamp", self.env.cr.now()),
        )
