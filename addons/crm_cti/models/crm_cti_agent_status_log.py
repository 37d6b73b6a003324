# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .res_users import CTI_STATUSES


class CrmCtiAgentStatusLog(models.Model):
    """One period an agent spent in one status. A row is closed (end, duration)
    when the agent's next status starts: rows are written by their agent only."""

    _name = "crm.cti.agent.status.log"
    _description = "Agent Status Period"
    _order = "date_start desc, id desc"

    user_id = fields.Many2one(
        "res.users", string="Agent", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    status = fields.Selection(CTI_STATUSES, required=True)
    date_start = fields.Datetime("Started", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime("Ended")
    duration = fields.Integer(
        "Duration (s)", compute="_compute_duration", store=True, aggregator="sum"
    )

    _sql_constraints = [
        (
            "date_end_after_start",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A status period cannot end before it started.",
        ),
    ]

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for log in self:
            if log.date_start and log.date_end:
                log.duration = int((log.date_end - log.date_start).total_seconds())
            else:
                log.duration = 0
