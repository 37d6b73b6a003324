# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class CrmSalesPlanLine(models.Model):
    """Target of one salesperson in a plan, and what they achieved over its period.

    Achievements are summed over the whole period of the plan, whatever the team of the
    document: won opportunities (expected revenue, by closing date), confirmed sale orders
    (untaxed amount, by order date), posted customer invoices net of credit notes (untaxed,
    company currency, by invoice date) and what was paid of those invoices (tax included).
    """

    _name = "crm.sales.plan.line"
    _description = "Sales Plan Target"
    _order = "plan_id, user_id"
    _rec_name = "user_id"

    plan_id = fields.Many2one("crm.sales.plan", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", "Salesperson", required=True, index=True)
    team_id = fields.Many2one(related="plan_id.team_id", store=True, index=True)
    date_from = fields.Date(related="plan_id.date_from", store=True)
    date_to = fields.Date(related="plan_id.date_to", store=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    target_amount = fields.Monetary("Target")
    won_amount = fields.Monetary("Won", compute="_compute_achievements")
    order_amount = fields.Monetary("Ordered", compute="_compute_achievements")
    invoiced_amount = fields.Monetary("Invoiced", compute="_compute_achievements")
    collected_amount = fields.Monetary("Collected", compute="_compute_achievements")
    achievement = fields.Float(
        "Achievement (%)",
        compute="_compute_achievements",
        digits=(16, 1),
        help="Won revenue against the target.",
    )

    _sql_constraints = [
        ("plan_user_uniq", "UNIQUE(plan_id, user_id)", "A salesperson has one target per plan."),
    ]

    def _compute_achievements(self):
        """Four grouped queries by salesperson and month, whatever the number of lines."""
        lines = self.filtered(lambda line: line.user_id and line.date_from)
        (self - lines).update(
            {
                "won_amount": 0.0,
                "order_amount": 0.0,
                "invoiced_amount": 0.0,
                "collected_amount": 0.0,
                "achievement": 0.0,
            }
        )
        if not lines:
            return
        users = lines.user_id
        date_from = min(lines.mapped("date_from"))
        date_to = max(lines.mapped("date_to"))
        # datetimes are compared as UTC, like crm's own won-revenue figures
        dt_from = datetime.combine(date_from, time.min)
        dt_to = datetime.combine(date_to + relativedelta(days=1), time.min)
        won = self._sum_by_user_month(
            "crm.lead",
            [
                ("type", "=", "opportunity"),
                ("stage_id.is_won", "=", True),
                ("user_id", "in", users.ids),
                ("date_closed", ">=", dt_from),
                ("date_closed", "<", dt_to),
            ],
            "user_id",
            "date_closed",
            ["expected_revenue:sum"],
        )
        ordered = self._sum_by_user_month(
            "sale.order",
            [
                ("state", "=", "sale"),
                ("user_id", "in", users.ids),
                ("date_order", ">=", dt_from),
                ("date_order", "<", dt_to),
            ],
            "user_id",
            "date_order",
            ["amount_untaxed:sum"],
        )
        invoiced = self._sum_by_user_month(
            "account.move",
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                ("invoice_user_id", "in", users.ids),
                ("invoice_date", ">=", date_from),
                ("invoice_date", "<=", date_to),
            ],
            "invoice_user_id",
            "invoice_date",
            ["amount_untaxed_signed:sum", "amount_total_signed:sum", "amount_residual_signed:sum"],
        )
        for line in lines:
            months = []
            month = line.date_from
            while month <= line.date_to:
                months.append(month)
                month += relativedelta(months=1)
            keys = [(line.user_id.id, month) for month in months]
            line.won_amount = sum(won[key][0] for key in keys if key in won)
            line.order_amount = sum(ordered[key][0] for key in keys if key in ordered)
            line.invoiced_amount = sum(invoiced[key][0] for key in keys if key in invoiced)
            line.collected_amount = sum(
                invoiced[key][1] - invoiced[key][2] for key in keys if key in invoiced
            )
            line.achievement = (
                100.0 * line.won_amount / line.target_amount if line.target_amount else 0.0
            )

    def _sum_by_user_month(self, model, domain, user_field, date_field, aggregates):
        """{(user id, first day of month): (aggregate, ...)} of ``model``.

        Finance and sales figures of the team are summed here for plan readers who may
        not open the documents themselves.
        """
        # sudo: sale.order, account.move, crm.lead - a plan shows totals only, the
        # documents stay behind their own access rules
        groups = (
            self.env[model]
            .sudo()
            ._read_group(
                domain + [("company_id", "in", self.company_id.ids)],
                [user_field, f"{date_field}:month"],
                aggregates,
            )
        )
        data = defaultdict(lambda: (0.0,) * len(aggregates))
        for user, month, *values in groups:
            if isinstance(month, datetime):
                month = month.date()
            data[user.id, month] = tuple(values)
        return data
