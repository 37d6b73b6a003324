# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmWinRateReport(models.Model):
    """Closed opportunities, one row each, to compare win rates.

    Won and lost follow crm's own filters: won = active in a won stage, lost =
    archived with a probability of 0. Each row carries ``win_rate`` = 100 when won and
    0 when lost, averaged by read_group: the average over a group is exactly
    won / (won + lost) × 100 for that group, whatever the grouping (salesperson, team,
    source, month, or any mix in a pivot), totals included. A sum of counts cannot be
    divided in a pivot; an average of 0/100 values needs no override.
    """

    _name = "crm.win.rate.report"
    _description = "Win Rate Analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "date_closed desc, id desc"
    _depends = {
        "crm.lead": [
            "active", "type", "probability", "stage_id", "user_id", "team_id", "company_id",
            "source_id", "medium_id", "campaign_id", "lost_reason_id", "date_closed",
            "expected_revenue",
        ],
        "crm.stage": ["is_won"],
    }

    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", readonly=True)
    date_closed = fields.Datetime("Closed Date", readonly=True)
    expected_revenue = fields.Monetary(currency_field="company_currency_id", readonly=True)
    company_currency_id = fields.Many2one("res.currency", "Currency", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    lost_count = fields.Integer("Lost", readonly=True)
    win_rate = fields.Float(
        "Win Rate (%)",
        digits=(5, 2),
        aggregator="avg",
        readonly=True,
        help="Won opportunities out of the closed (won or lost) ones.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id,
                   l.id AS lead_id,
                   l.user_id,
                   l.team_id,
                   l.company_id,
                   l.source_id,
                   l.medium_id,
                   l.campaign_id,
                   l.stage_id,
                   l.lost_reason_id,
                   l.date_closed,
                   l.expected_revenue,
                   c.currency_id AS company_currency_id,
                   CASE WHEN l.active THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN l.active THEN 0 ELSE 1 END AS lost_count,
                   CASE WHEN l.active THEN 100.0 ELSE 0.0 END AS win_rate
              FROM crm_lead l
              LEFT JOIN crm_stage s ON s.id = l.stage_id
              LEFT JOIN res_company c ON c.id = l.company_id
             WHERE l.type = 'opportunity'
               AND ((l.active AND s.is_won) OR (NOT l.active AND l.probability = 0))
            """
        )
