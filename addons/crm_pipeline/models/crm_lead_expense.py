# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

# Expenses that cost (or will cost) the company something: every one but the refused.
COUNTED_EXPENSE_DOMAIN = [("state", "!=", "refused")]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    expense_ids = fields.One2many("hr.expense", "opportunity_id", "Sales Expenses")
    expense_count = fields.Integer(compute="_compute_expense_totals")
    expense_amount = fields.Monetary(
        "Expenses",
        currency_field="company_currency",
        compute="_compute_expense_totals",
        help="Expenses made for this opportunity (refused ones left out), as far as you may "
        "see them.",
    )

    def _compute_expense_totals(self):
        """One grouped query for all the opportunities; record rules of expenses apply."""
        groups = self.env["hr.expense"]._read_group(
            [("opportunity_id", "in", self.ids), *COUNTED_EXPENSE_DOMAIN],
            ["opportunity_id"],
            ["__count", "total_amount:sum"],
        )
        totals = {lead.id: (count, amount) for lead, count, amount in groups}
        for lead in self:
            lead.expense_count, lead.expense_amount = totals.get(lead.id, (0, 0.0))

    def action_view_expenses(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sales Expenses"),
            "res_model": "hr.expense",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("opportunity_id", "=", self.id)],
            "context": {"default_opportunity_id": self.id},
        }
