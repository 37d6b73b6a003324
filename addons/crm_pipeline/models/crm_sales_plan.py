# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import date_utils


class CrmSalesPlan(models.Model):
    """Targets of a sales team for one month or one quarter, one line per salesperson."""

    _name = "crm.sales.plan"
    _description = "Sales Plan"
    _inherit = ["crm.period.mixin"]
    _order = "date_from desc, team_id, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    team_id = fields.Many2one(
        "crm.team", "Sales Team", required=True, index=True, check_company=True
    )
    line_ids = fields.One2many("crm.sales.plan.line", "plan_id", "Targets", copy=True)
    target_amount = fields.Monetary("Team Target", compute="_compute_totals")
    won_amount = fields.Monetary("Won", compute="_compute_totals")
    order_amount = fields.Monetary("Ordered", compute="_compute_totals")
    invoiced_amount = fields.Monetary("Invoiced", compute="_compute_totals")
    collected_amount = fields.Monetary("Collected", compute="_compute_totals")
    achievement = fields.Float("Achievement (%)", compute="_compute_totals", digits=(16, 1))

    _sql_constraints = [
        (
            "team_period_uniq",
            "UNIQUE(team_id, period_type, date_from)",
            "A sales team has one plan per period.",
        ),
    ]

    @api.depends("team_id.name", "period_type", "date_from")
    def _compute_name(self):
        for plan in self:
            if not (plan.team_id and plan.date_from):
                plan.name = plan.name or False
                continue
            plan.name = self.env._(
                "%(team)s %(period)s", team=plan.team_id.name, period=plan._crm_period_label()
            )

    @api.depends(
        "line_ids.target_amount",
        "line_ids.won_amount",
        "line_ids.order_amount",
        "line_ids.invoiced_amount",
        "line_ids.collected_amount",
    )
    def _compute_totals(self):
        for plan in self:
            lines = plan.line_ids
            plan.target_amount = sum(lines.mapped("target_amount"))
            plan.won_amount = sum(lines.mapped("won_amount"))
            plan.order_amount = sum(lines.mapped("order_amount"))
            plan.invoiced_amount = sum(lines.mapped("invoiced_amount"))
            plan.collected_amount = sum(lines.mapped("collected_amount"))
            plan.achievement = (
                100.0 * plan.won_amount / plan.target_amount if plan.target_amount else 0.0
            )

    @api.onchange("period_type", "date_from")
    def _onchange_period(self):
        # plans start on the first day of their month or quarter
        if self.date_from:
            self.date_from = date_utils.start_of(self.date_from, self.period_type or "month")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = date_utils.start_of(
                    fields.Date.to_date(vals["date_from"]), vals.get("period_type") or "month"
                )
        return super().create(vals_list)

    def action_add_team_members(self):
        """One line per team member who has none yet."""
        for plan in self:
            missing = plan.team_id.member_ids - plan.line_ids.user_id
            plan.line_ids = [fields.Command.create({"user_id": user.id}) for user in missing]
