# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import format_amount

from .crm_expense_budget import SPENT_EXPENSE_STATES


class HrExpenseSheet(models.Model):
    """Expense reports warn when they take the salesperson over budget.

    Approval, journal entries and reimbursement stay hr_expense's own.
    """

    _inherit = "hr.expense.sheet"

    is_over_budget = fields.Boolean("Over Budget", compute="_compute_budget_warning")
    budget_warning = fields.Text(compute="_compute_budget_warning")

    @api.depends_context("uid")
    @api.depends("expense_line_ids.total_amount", "expense_line_ids.date", "state")
    def _compute_budget_warning(self):
        budget_by_expense = self.expense_line_ids._get_expense_budgets()
        for sheet in self:
            excess_by_budget = sheet._get_budget_excess(budget_by_expense)
            sheet.is_over_budget = bool(excess_by_budget)
            sheet.budget_warning = "\n".join(
                self.env._(
                    "Expense budget %(budget_name)s (%(budget)s) exceeded by %(excess)s.",
                    budget_name=budget.display_name,
                    budget=format_amount(self.env, budget.amount, budget.currency_id),
                    excess=format_amount(self.env, excess, budget.currency_id),
                )
                for budget, excess in excess_by_budget.items()
            ) or False

    def _get_budget_excess(self, budget_by_expense):
        """Budgets this report exceeds, with the excess: approved and paid expenses of the
        period plus this report's lines that are not counted yet, against the budget."""
        self.ensure_one()
        pending = defaultdict(float)
        for expense in self.expense_line_ids:
            budget = budget_by_expense.get(expense)
            if budget:
                pending[budget] += (
                    0.0 if expense.state in SPENT_EXPENSE_STATES else expense.total_amount
                )
        excess_by_budget = {}
        for budget, amount in pending.items():
            excess = budget.spent_amount + amount - budget.amount
            if budget.currency_id.compare_amounts(excess, 0.0) > 0:
                excess_by_budget[budget] = excess
        return excess_by_budget

    def _do_submit(self):
        super()._do_submit()
        self._notify_over_budget()

    def _notify_over_budget(self):
        """A to-do for the approver (or the salesperson's team leader) on every submitted
        report that goes over budget, and a note in its chatter."""
        for sheet in self.filtered("is_over_budget"):
            # sudo: hr.expense.sheet - the salesperson who submits may not read the
            # approver's employee record nor schedule activities for other users.
            sheet_sudo = sheet.sudo()
            responsible = (
                sheet_sudo._get_responsible_for_approval()
                or sheet_sudo.employee_id.user_id.sale_team_id.user_id
            )
            summary = self.env._("Expense report over budget")
            if responsible:
                sheet_sudo.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=sheet.budget_warning,
                    user_id=responsible.id,
                )
            sheet_sudo.message_post(
                body=self.env._("Over budget: %(warning)s", warning=sheet.budget_warning),
                subtype_xmlid="mail.mt_note",
            )
