# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

CUSTOMER_INVOICE_TYPES = ("out_invoice", "out_refund")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Finance figures of the customer (commercial partner) in the current company's
    # currency, for sales users who have no access to accounting.
    crm_receivable_open = fields.Monetary(
        string="Open Invoices",
        compute="_compute_crm_receivables",
        currency_field="currency_id",
        groups="sales_team.group_sale_salesman",
        help="Amount still to be paid on the customer's posted invoices, credit notes deducted.",
    )
    crm_receivable_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_crm_receivables",
        currency_field="currency_id",
        groups="sales_team.group_sale_salesman",
        help="Amount still to be paid on invoices whose due date has passed.",
    )
    crm_receivable_due_month = fields.Monetary(
        string="Due This Month",
        compute="_compute_crm_receivables",
        currency_field="currency_id",
        groups="sales_team.group_sale_salesman",
        help="Amount still to be paid on invoices due in the current month.",
    )
    crm_payment_month = fields.Monetary(
        string="Paid This Month",
        compute="_compute_crm_receivables",
        currency_field="currency_id",
        groups="sales_team.group_sale_salesman",
        help="Customer payments received in the current month.",
    )
    crm_last_order_date = fields.Date(
        string="Last Order",
        compute="_compute_crm_receivables",
        groups="sales_team.group_sale_salesman",
    )
    crm_last_invoice_date = fields.Date(
        string="Last Invoice",
        compute="_compute_crm_receivables",
        groups="sales_team.group_sale_salesman",
    )
    crm_account_visible = fields.Boolean(
        string="Account Figures Visible",
        compute="_compute_crm_receivables",
        groups="sales_team.group_sale_salesman",
        help="Whether you are entitled to this customer's account figures: its owner, "
        "a user it is shared with, the owner's team leader, a manager or accounting.",
    )

    @api.depends_context("company", "uid")
    def _compute_crm_receivables(self):
        """A fixed number of grouped queries for any number of partners; a contact
        shows the figures of its company. The opportunity's figures come from here.

        Runs as the reader: reading the fields of a partner checks that the reader may
        read that partner, and only the customers the reader is entitled to get
        figures (the others show none); only the totals below are read with sudo."""
        entitled = self._crm_filter_entitled()
        for partner in self - entitled:
            partner.crm_account_visible = False
            partner.crm_receivable_open = partner.crm_receivable_overdue = 0.0
            partner.crm_receivable_due_month = partner.crm_payment_month = 0.0
            partner.crm_last_order_date = partner.crm_last_invoice_date = False
        commercial_ids = entitled.commercial_partner_id.ids
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        next_month = month_start + relativedelta(months=1)
        company = self.env.company
        # sudo: account.move / account.payment / sale.order - sales users see these
        # totals of their customers without access to the entries or others' orders
        moves = self.env["account.move"].sudo()
        invoice_domain = [
            ("commercial_partner_id", "in", commercial_ids),
            ("company_id", "=", company.id),
            ("move_type", "in", CUSTOMER_INVOICE_TYPES),
            ("state", "=", "posted"),
        ]
        open_domain = invoice_domain + [("amount_residual_signed", "!=", 0.0)]
        last_invoice = dict(
            moves._read_group(invoice_domain, ["commercial_partner_id"], ["invoice_date:max"])
        )
        open_amounts = dict(
            moves._read_group(
                open_domain, ["commercial_partner_id"], ["amount_residual_signed:sum"]
            )
        )
        overdue_amounts = dict(
            moves._read_group(
                open_domain + [("invoice_date_due", "<", today)],
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        due_month_amounts = dict(
            moves._read_group(
                open_domain
                + [("invoice_date_due", ">=", month_start), ("invoice_date_due", "<", next_month)],
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        payments = defaultdict(float)
        for partner, amount in (
            self.env["account.payment"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", commercial_ids),
                    ("company_id", "=", company.id),
                    ("payment_type", "=", "inbound"),
                    ("partner_type", "=", "customer"),
                    ("state", "in", ("in_process", "paid")),
                    ("date", ">=", month_start),
                    ("date", "<", next_month),
                ],
                ["partner_id"],
                ["amount_company_currency_signed:sum"],
            )
        ):
            payments[partner.commercial_partner_id.id] += amount
        last_orders = {}
        for partner, date_order in (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", commercial_ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                ],
                ["partner_id"],
                ["date_order:max"],
            )
        ):
            key = partner.commercial_partner_id.id
            order_date = fields.Date.context_today(self, timestamp=date_order)
            last_orders[key] = max(last_orders.get(key, order_date), order_date)
        for partner in entitled:
            key = partner.commercial_partner_id
            partner.crm_account_visible = True
            partner.crm_receivable_open = open_amounts.get(key, 0.0)
            partner.crm_receivable_overdue = overdue_amounts.get(key, 0.0)
            partner.crm_receivable_due_month = due_month_amounts.get(key, 0.0)
            partner.crm_payment_month = payments.get(key.id, 0.0)
            partner.crm_last_order_date = last_orders.get(key.id, False)
            partner.crm_last_invoice_date = last_invoice.get(key, False)

    def _crm_entitled_groups(self):
        return super()._crm_entitled_groups() + [
            "account.group_account_invoice",
            "account.group_account_readonly",
        ]

    def _crm_history_documents(self):
        documents = super()._crm_history_documents()
        orders = self.env["sale.order"].search(
            [("partner_id", "child_of", self.commercial_partner_id.ids)]
        )
        if orders:
            documents.append(("sale.order", orders.ids))
        return documents
