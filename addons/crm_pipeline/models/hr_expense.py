# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.tools import format_amount

from .crm_expense_budget import SPENT_EXPENSE_STATES


class HrExpense(models.Model):
    """Sales expenses are Odoo's own expenses, tied to an opportunity and a customer."""

    _name = "hr.expense"
    _inherit = ["hr.expense", "crm.link.guard.mixin"]

    opportunity_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        check_company=True,
        domain="[('type', '=', 'opportunity')]",
        tracking=True,
    )
    customer_id = fields.Many2one(
        "res.partner",
        compute="_compute_customer_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="Customer the expense was made for; the opportunity's customer by default.",
    )
    expense_budget_id = fields.Many2one(
        "crm.expense.budget",
        "Sales Expense Budget",
        compute="_compute_budget_status",
        groups="crm_pipeline.group_crm_pipeline_user",
    )
    budget_remaining_amount = fields.Monetary(
        "Budget Remaining",
        currency_field="company_currency_id",
        compute="_compute_budget_status",
        help="What is left of the salesperson's expense budget for the period once this "
        "expense is counted. Negative when the budget is exceeded.",
    )
    has_expense_budget = fields.Boolean(compute="_compute_budget_status")
    is_over_budget = fields.Boolean("Over Budget", compute="_compute_budget_status")

    def _auto_init(self):
        super()._auto_init()
        # Budgets sum an employee's expenses over a date range (see crm.expense.budget);
        # hr_expense indexes neither column.
        tools.create_index(
            self.env.cr, "hr_expense_employee_date_index", self._table, ["employee_id", "date"]
        )

    @api.depends("opportunity_id")
    def _compute_customer_id(self):
        for expense in self:
            partner = expense.opportunity_id.partner_id.commercial_partner_id
            expense.customer_id = partner or expense.customer_id

    @api.depends_context("uid")
    @api.depends("employee_id", "company_id", "date", "total_amount", "state")
    def _compute_budget_status(self):
        budget_by_expense = self._get_expense_budgets()
        for expense in self:
            budget = budget_by_expense.get(expense)
            if not budget:
                expense.expense_budget_id = False
                expense.has_expense_budget = False
                expense.budget_remaining_amount = 0.0
                expense.is_over_budget = False
                continue
            remaining = budget.remaining_amount
            if expense.state not in SPENT_EXPENSE_STATES:
                remaining -= expense.total_amount
            expense.expense_budget_id = budget.id
            expense.has_expense_budget = True
            expense.budget_remaining_amount = remaining
            expense.is_over_budget = budget.currency_id.compare_amounts(remaining, 0.0) < 0

    @api.onchange("total_amount_currency", "total_amount", "date", "employee_id")
    def _onchange_over_budget(self):
        if not self.is_over_budget:
            return None
        return {
            "warning": {
                "title": self.env._("Over budget"),
                "message": self.env._(
                    "This expense exceeds the sales expense budget of the period by "
                    "%(amount)s.",
                    amount=format_amount(
                        self.env, -self.budget_remaining_amount, self.company_currency_id
                    ),
                ),
            }
        }

    def _get_expense_budgets(self):
        """Budget covering each expense (salesperson, company, date), in one search.

        sudo: crm.expense.budget - whoever reads an expense (an HR approver without sales
        rights included) sees whether it fits the budget; only amounts leave this method,
        the budget records are browsed again in the caller's env.
        """
        keys = {
            expense: (expense.employee_id.user_id.id, expense.company_id.id, expense.date)
            for expense in self
        }
        budgets = self.env["crm.expense.budget"].sudo()._find_budgets(keys.values())
        return {expense: budgets.get(key) for expense, key in keys.items()}
