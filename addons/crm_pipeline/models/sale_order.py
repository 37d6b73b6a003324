# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        result = super().action_confirm()
        # a confirmed order is a contact with the customer (crm_leads' last-contact hook);
        # one call per order day, whatever the number of orders confirmed together
        confirmed = self.filtered(lambda o: o.state == "sale")
        by_day = confirmed.grouped(
            lambda o: fields.Date.context_today(o, timestamp=o.date_order)
        )
        for day, orders in by_day.items():
            orders.partner_id._crm_register_contact(day)
        return result
