# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import date_utils

# Expense states that count against a budget: approved (draft or posted journal entry)
# and paid. Submitted expenses are still waiting for the manager; refused ones never count.
SPENT_EXPENSE_STATES = ("approved", "done")


class CrmExpenseBudget(models.Model):
    """Sales expense budget of one salesperson for one month or one quarter.

    What is spent comes from Odoo's own expenses (``hr.expense``) of the employees linked
    to the salesperson, in the budget's company, dated within the period.
    """

    _name = "crm.expense.budget"
    _description = "Sales Expense Budget"
    _inherit = ["crm.period.mixin"]
    _order = "date_from desc, user_id, id desc"
    _rec_name = "user_id"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        "Salesperson",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        help="Team whose leader sees this budget; the salesperson's main team by default.",
    )
    amount = fields.Monetary("Budget", required=True)
    spent_amount = fields.Monetary(
        "Spent",
        compute="_compute_spent_amount",
        help="Approved and paid expenses of the salesperson dated within the period.",
    )
    remaining_amount = fields.Monetary("Remaining", compute="_compute_spent_amount")
    is_over_budget = fields.Boolean("Over Budget", compute="_compute_spent_amount")

    _sql_constraints = [
        (
            "user_period_uniq",
            "UNIQUE(user_id, company_id, period_type, date_from)",
            "A salesperson has one expense budget per period.",
        ),
        ("amount_positive", "CHECK(amount >= 0)", "An expense budget cannot be negative."),
    ]

    @api.depends("user_id")
    def _compute_team_id(self):
        for budget in self:
            budget.team_id = budget.user_id.sale_team_id or budget.team_id

    @api.depends("user_id", "date_from", "date_to", "company_id", "amount")
    def _compute_spent_amount(self):
        spent = self._get_spent_by_budget()
        for budget in self:
            budget.spent_amount = spent.get(budget.id, 0.0)
            budget.remaining_amount = budget.amount - budget.spent_amount
            budget.is_over_budget = (
                budget.currency_id.compare_amounts(budget.spent_amount, budget.amount) > 0
            )

    @api.depends("user_id", "period_type", "date_from")
    def _compute_display_name(self):
        for budget in self:
            if not (budget.user_id and budget.date_from):
                budget.display_name = budget.user_id.name or ""
                continue
            budget.display_name = self.env._(
                "%(user)s, %(period)s", user=budget.user_id.name, period=budget._crm_period_label()
            )

    @api.constrains("period_type", "date_from")
    def _check_date_from(self):
        for budget in self:
            start = date_utils.start_of(
                budget.date_from, "quarter" if budget.period_type == "quarter" else "month"
            )
            if budget.date_from != start:
                raise ValidationError(
                    self.env._("An expense budget starts on the first day of its month or quarter.")
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_spent_by_budget(self):
        """Spent amount per budget id, in one grouped query whatever the number of budgets.

        Expenses are grouped by employee, company and month; each budget then adds up the
        months of its period. Budgets are whole months or quarters, so this is exact.
        Record rules apply: a salesperson's budget shows what the reader may see.
        """
        budgets = self.filtered(lambda b: b.id and b.user_id and b.date_from and b.date_to)
        if not budgets:
            return {}
        groups = self.env["hr.expense"]._read_group(
            [
                ("employee_id.user_id", "in", budgets.user_id.ids),
                ("company_id", "in", budgets.company_id.ids),
                ("state", "in", SPENT_EXPENSE_STATES),
                ("date", ">=", min(budgets.mapped("date_from"))),
                ("date", "<=", max(budgets.mapped("date_to"))),
            ],
            ["employee_id", "company_id", "date:month"],
            ["total_amount:sum"],
        )
        by_key = defaultdict(float)
        for employee, company, month, total in groups:
            by_key[employee.user_id.id, company.id, month] += total
        result = {}
        for budget in budgets:
            month = budget.date_from
            total = 0.0
            while month <= budget.date_to:
                total += by_key.get((budget.user_id.id, budget.company_id.id, month), 0.0)
                month += relativedelta(months=1)
            result[budget.id] = total
        return result

    @api.model
    def _find_budgets(self, keys):
        """Budgets covering (user id, company id, date) keys, in one search.

        :return: dict key -> budget (empty recordset when there is none)
        """
        keys = {key for key in keys if all(key)}
        result = dict.fromkeys(keys, self.browse())
        if not keys:
            return result
        budgets = self.search(
            [
                ("user_id", "in", list({key[0] for key in keys})),
                ("company_id", "in", list({key[1] for key in keys})),
                ("date_from", "<=", max(key[2] for key in keys)),
                ("date_to", ">=", min(key[2] for key in keys)),
            ],
            order="period_type, date_from desc, id",
        )
        by_owner = defaultdict(list)
        for budget in budgets:
            by_owner[budget.user_id.id, budget.company_id.id].append(budget)
        for key in keys:
            user_id, company_id, date = key
            for budget in by_owner[user_id, company_id]:
                if budget.date_from <= date <= budget.date_to:
                    result[key] = budget
                    break
        return result
