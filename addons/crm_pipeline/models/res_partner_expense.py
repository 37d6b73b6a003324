# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .crm_lead_expense import COUNTED_EXPENSE_DOMAIN


class ResPartner(models.Model):
    _inherit = "res.partner"

    expense_count = fields.Integer(
        "Sales Expense Count", compute="_compute_expense_totals", groups="base.group_user"
    )
    expense_amount = fields.Monetary(
        "Sales Expenses",
        currency_field="currency_id",
        compute="_compute_expense_totals",
        groups="base.group_user",
        help="Expenses made for this customer and its contacts (refused ones left out), as "
        "far as you may see them.",
    )

    def _compute_expense_totals(self):
        """Expenses of the partner and its contacts: one search of the contacts, one grouped
        query of the expenses, then each group is added to every ancestor in ``self``."""
        self.expense_count = 0
        self.expense_amount = 0.0
        partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        groups = self.env["hr.expense"]._read_group(
            [("customer_id", "in", partners.ids), *COUNTED_EXPENSE_DOMAIN],
            ["customer_id"],
            ["__count", "total_amount:sum"],
        )
        self_ids = set(self._ids)
        for partner, count, amount in groups:
            while partner:
                if partner.id in self_ids:
                    partner.expense_count += count
                    partner.expense_amount += amount
                partner = partner.parent_id

    def action_view_expenses(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sales Expenses"),
            "res_model": "hr.expense",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("customer_id", "child_of", self.id)],
            "context": {"default_customer_id": self.id},
        }
