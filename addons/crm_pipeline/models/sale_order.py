# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        result = super().action_confirm()
        # a confirmed order is a contact with the customer (crm_leads' last-contact hook)
        for order in self.filtered(lambda o: o.state == "sale"):
            order.partner_id._crm_register_contact(order.date_order)
        return result
