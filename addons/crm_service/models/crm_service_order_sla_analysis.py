# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmServiceOrderSla(models.Model):
    """SLA compliance per policy: whether each SLA was met, kept on the row.

    The status of a row says "reached" once the target is reached, late or not;
    the outcome keeps the difference for the compliance analysis."""

    _inherit = "crm.service.order.sla"

    outcome = fields.Selection(
        [("running", "Running"), ("met", "Met"), ("missed", "Missed")],
        compute="_compute_outcome",
        store=True,
        index=True,
        help="Met: reached by its deadline. Missed: breached, or reached after it.",
    )
    met_count = fields.Integer("# Met", compute="_compute_outcome", store=True)
    missed_count = fields.Integer("# Missed", compute="_compute_outcome", store=True)
    team_id = fields.Many2one(related="order_id.team_id", store=True, string="Service Team")

    @api.depends("status", "date_reached", "deadline")
    def _compute_outcome(self):
        for row in self:
            late = bool(row.date_reached and row.deadline and row.date_reached > row.deadline)
            if row.status == "breached" or late:
                row.outcome = "missed"
            elif row.date_reached:
                row.outcome = "met"
            else:
                row.outcome = "running"
            row.met_count = int(row.outcome == "met")
            row.missed_count = int(row.outcome == "missed")


class CrmServiceOrderSlaEscalation(models.Model):
    _inherit = "crm.service.order.sla.escalation"

    # stored for the escalation analysis (grouping by policy and team)
    policy_id = fields.Many2one(store=True, index=True)
    team_id = fields.Many2one(related="sla_id.order_id.team_id", store=True, string="Service Team")

    def _sla_fire(self, due, now):
        created = super()._sla_fire(due, now)
        # the log is inserted in SQL in one statement: have the stored related
        # fields computed for the batch at the next flush
        for fname in ("policy_id", "team_id"):
            self.env.add_to_compute(self._fields[fname], created)
        return created
