# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmFunnelReport(models.Model):
    """Pipeline funnel: one row per opportunity and stage it reached.

    An opportunity reached a stage when it entered that stage or one further down its
    pipeline (a higher sequence): skipping a stage still passes it. The furthest
    stage is the highest sequence among the stages entered in its history and its
    current stage, so lost opportunities count up to where they were lost. The stages
    considered are those of the opportunity's pipeline, as crm's kanban shows them:
    its team's own stages and the stages shared by all teams.

    Counting rows per stage gives the funnel; ``conversion_rate`` (100 when the
    opportunity went further than the stage, 0 when it stopped there or is still in
    it) averages to the share of opportunities that moved on from the stage.
    """

    _name = "crm.funnel.report"
    _description = "Pipeline Funnel Analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "id"
    _depends = {
        "crm.lead": [
            "active", "type", "probability", "stage_id", "user_id", "team_id", "company_id",
            "source_id",
        ],
        "crm.lead.stage.history": ["lead_id", "stage_from_id", "stage_to_id", "kind"],
        "crm.stage": ["sequence", "team_id", "is_won"],
    }

    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    lead_state = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        "Status",
        readonly=True,
    )
    conversion_rate = fields.Float(
        "Moved On (%)",
        digits=(5, 2),
        aggregator="avg",
        readonly=True,
        help="Share of the opportunities that reached the stage and went further.",
    )

    @property
    def _table_query(self):
        # The id packs the opportunity and the stage; stage ids stay far below 10^6.
        # An opportunity's stages entered end with its current one, so the history
        # can only raise its furthest stage if it once moved back to a lower sequence:
        # only those opportunities (found in one scan of the history, no grouping of
        # all of it) get their furthest stage from the history.
        return SQL(
            """
            WITH moved_back AS (
                SELECT h.lead_id, MAX(f.sequence) AS max_sequence
                  FROM crm_lead_stage_history h
                  JOIN crm_stage f ON f.id = h.stage_from_id
                  JOIN crm_stage t ON t.id = h.stage_to_id
                 WHERE h.kind != 'rejected'
                   AND t.sequence < f.sequence
                 GROUP BY h.lead_id
            ),
            reach AS (
                SELECT l.id AS lead_id,
                       l.user_id,
                       l.team_id,
                       l.company_id,
                       l.source_id,
                       CASE
                           WHEN l.active AND cur.is_won THEN 'won'
                           WHEN NOT l.active AND l.probability = 0 THEN 'lost'
                           ELSE 'open'
                       END AS lead_state,
                       GREATEST(cur.sequence, back.max_sequence) AS max_sequence
                  FROM crm_lead l
                  LEFT JOIN crm_stage cur ON cur.id = l.stage_id
                  LEFT JOIN moved_back back ON back.lead_id = l.id
                 WHERE l.type = 'opportunity'
                   AND (l.active OR l.probability = 0)
            )
            SELECT r.lead_id::bigint * 1000000 + s.id AS id,
                   r.lead_id,
                   s.id AS stage_id,
                   r.user_id,
                   r.team_id,
                   r.company_id,
                   r.source_id,
                   r.lead_state,
                   CASE
                       WHEN s.is_won THEN NULL
                       WHEN r.max_sequence > s.sequence THEN 100.0
                       ELSE 0.0
                   END AS conversion_rate
              FROM reach r
              JOIN crm_stage s
                ON s.sequence <= r.max_sequence
               AND (s.team_id IS NULL OR s.team_id = r.team_id)
            """
        )
