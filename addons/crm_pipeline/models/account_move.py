# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # an invoice sent to a customer is a contact (crm_leads' last-contact hook)
        for move in posted.filtered(lambda m: m.move_type == "out_invoice"):
            move.partner_id._crm_register_contact(move.invoice_date)
        return posted
