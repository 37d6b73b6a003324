# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import format_amount, format_date


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _crm_caller_card_sections(self):
        """Account section of the caller card: receivables for the users entitled
        to the customer's figures only, and the last confirmed order."""
        sections = super()._crm_caller_card_sections()
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            return sections
        entitled = self._crm_filter_entitled()
        orders = {}
        if self.env["sale.order"].has_access("read"):
            orders = self._crm_caller_card_records(
                "sale.order", [("state", "=", "sale")], "date_order desc, id desc", limit=1
            )
        for partner in self:
            lines = []
            if partner in entitled:
                currency = partner.currency_id
                lines += [
                    {
                        "label": self.env._("Open Invoices"),
                        "value": format_amount(self.env, partner.crm_receivable_open, currency),
                        "res_model": False,
                        "res_id": False,
                    },
                    {
                        "label": self.env._("Overdue"),
                        "value": format_amount(self.env, partner.crm_receivable_overdue, currency),
                        "res_model": False,
                        "res_id": False,
                    },
                ]
            order = orders.get(partner.commercial_partner_id.id, (False, 0))[0]
            if order:
                lines.append(
                    {
                        "label": self.env._("Last Order %(name)s", name=order.name),
                        "value": format_date(self.env, order.date_order),
                        "res_model": "sale.order",
                        "res_id": order.id,
                    }
                )
            elif partner in entitled and partner.crm_last_order_date:
                lines.append(
                    {
                        "label": self.env._("Last Order"),
                        "value": format_date(self.env, partner.crm_last_order_date),
                        "res_model": False,
                        "res_id": False,
                    }
                )
            if lines:
                sections[partner.id].append(
                    {
                        "key": "account",
                        "title": self.env._("Account"),
                        "lines": lines,
                        "actions": [],
                    }
                )
        return sections
