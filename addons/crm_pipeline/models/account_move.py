# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import create_index


class AccountMove(models.Model):
    _inherit = "account.move"

    def init(self):
        super().init()
        # the customer account figures of res.partner (crm_receivable_*, for every
        # customer and opportunity form) read the posted customer invoices and the
        # customer payments of a few partners; Odoo indexes neither by partner, so each
        # form would scan account_move and account_payment whole
        create_index(
            self.env.cr,
            indexname="account_move_crm_receivable_idx",
            tablename="account_move",
            expressions=["commercial_partner_id", "company_id"],
            where="state = 'posted' AND move_type IN ('out_invoice', 'out_refund')",
        )
        create_index(
            self.env.cr,
            indexname="account_payment_crm_customer_idx",
            tablename="account_payment",
            expressions=["partner_id", "date"],
            where="payment_type = 'inbound' AND partner_type = 'customer'",
        )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # an invoice sent to a customer is a contact (crm_leads' last-contact hook); one
        # call per invoice date, whatever the number of invoices posted together
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        for invoice_date, moves in invoices.grouped("invoice_date").items():
            moves.partner_id._crm_register_contact(invoice_date)
        return posted
