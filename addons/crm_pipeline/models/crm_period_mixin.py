# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import date_utils


class CrmPeriodMixin(models.AbstractModel):
    """A month or a quarter of a company, for sales plans and expense budgets."""

    _name = "crm.period.mixin"
    _description = "Sales Period"

    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")], "Period", required=True, default="month"
    )
    date_from = fields.Date(
        "Start",
        required=True,
        default=lambda self: date_utils.start_of(fields.Date.context_today(self), "month"),
    )
    date_to = fields.Date("End", compute="_compute_date_to", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for record in self:
            if not record.date_from:
                record.date_to = False
                continue
            months = 3 if record.period_type == "quarter" else 1
            record.date_to = record.date_from + relativedelta(months=months, days=-1)

    def _crm_period_label(self):
        """'Q2 2026' or '2026-05'."""
        self.ensure_one()
        if self.period_type == "quarter":
            return self.env._(
                "Q%(quarter)s %(year)s",
                quarter=(self.date_from.month - 1) // 3 + 1,
                year=self.date_from.year,
            )
        return self.date_from.strftime("%Y-%m")
