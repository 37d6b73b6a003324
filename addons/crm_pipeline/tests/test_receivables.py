# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged, users

from .test_lead_sale import CrmPipelineSaleCommon


class CrmPipelineReceivablesCommon(CrmPipelineSaleCommon):
    """A chart of accounts, and helpers to post customer invoices and pay them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chart_of_accounts()
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer Chen", "parent_id": cls.partner.id}
        )
        cls.service_product = cls.env["product.product"].create({"name": "Service Kit"})

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, date_due):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": date_due,
                "invoice_user_id": cls.env.user.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.service_product.id, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice


@tagged("post_install", "-at_install", "crm_pipeline")
class TestCustomerReceivables(CrmPipelineReceivablesCommon):
    @freeze_time("2026-03-15")
    def test_figures_match_accounting(self):
        late = self._invoice(self.contact, 1000.0, date(2026, 2, 1), date(2026, 3, 3))
        recent = self._invoice(self.partner, 500.0, date(2026, 3, 5), date(2026, 4, 30))
        old_payment = self._invoice(self.partner, 80.0, date(2026, 1, 5), date(2026, 1, 20))
        self._pay(old_payment, 80.0, date(2026, 2, 1))
        payment = self._pay(late, 400.0, date(2026, 3, 10))
        self.assertEqual(late.amount_residual, 600.0)
        lead = self.env["crm.lead"].create(
            {
                "name": "Refill",
                "type": "opportunity",
                "partner_id": self.contact.id,
                "user_id": self.rep.id,
            }
        )
        self.assertFalse(self.rep.has_group("account.group_account_invoice"))
        self.assertFalse(self.rep.has_group("account.group_account_readonly"))
        partner = self.partner.with_user(self.rep)
        expected_open = late.amount_residual + recent.amount_residual
        self.assertEqual(partner.crm_receivable_open, expected_open)
        self.assertEqual(partner.crm_receivable_open, self.partner.credit)
        self.assertEqual(partner.crm_receivable_overdue, late.amount_residual)
        self.assertEqual(partner.crm_receivable_due_month, late.amount_residual)
        self.assertEqual(partner.crm_payment_month, payment.amount)
        self.assertEqual(partner.crm_last_invoice_date, date(2026, 3, 5))
        self.assertFalse(partner.crm_last_order_date)
        # a contact and the opportunity show the company's figures
        self.assertEqual(self.contact.with_user(self.rep).crm_receivable_open, expected_open)
        lead_as_rep = lead.with_user(self.rep)
        self.assertEqual(lead_as_rep.crm_receivable_open, expected_open)
        self.assertEqual(lead_as_rep.crm_receivable_overdue, 600.0)
        self.assertEqual(lead_as_rep.crm_payment_month, 400.0)
        # ... without being able to open the invoices themselves
        with self.assertRaises(AccessError):
            late.with_user(self.rep).check_access("read")
        # posting the invoice registered a contact (crm_leads' hook)
        self.assertEqual(self.partner.crm_last_contact_date, date(2026, 3, 5))

    @freeze_time("2026-03-15")
    def test_figures_follow_customer_access(self):
        """An opportunity shows the account figures of customers its reader may read
        only, even when another read of the same transaction was made with sudo."""
        other = self.env["res.partner"].create(
            {"name": "Guangzhou Valves Co.", "is_company": True, "user_id": self.rep2.id}
        )
        self._invoice(other, 300.0, date(2026, 3, 1), date(2026, 3, 31))
        lead = self.env["crm.lead"].create(
            {
                "name": "Valves",
                "type": "opportunity",
                "partner_id": other.id,
                "user_id": self.rep.id,
            }
        )
        lead_as_rep = lead.with_user(self.rep)
        self.assertTrue(lead_as_rep.has_access("read"))
        self.assertFalse(other.with_user(self.rep).has_access("read"))
        # computed with sudo first: the rep's read must not reuse those values
        self.assertEqual(lead.sudo().crm_receivable_open, 300.0)
        self.assertEqual(lead.with_user(self.manager).crm_receivable_open, 300.0)
        self.assertEqual(other.with_user(self.rep2).crm_receivable_overdue, 0.0)
        self.assertEqual(other.with_user(self.rep2).crm_receivable_due_month, 300.0)
        [values] = lead_as_rep.read(
            ["crm_receivable_open", "crm_receivable_due_month", "crm_last_invoice_date"]
        )
        self.assertEqual(values["crm_receivable_open"], 0.0)
        self.assertEqual(values["crm_receivable_due_month"], 0.0)
        self.assertFalse(values["crm_last_invoice_date"])
        self.assertFalse(lead_as_rep.crm_account_partner_id)
        with self.assertRaises(AccessError):
            other.with_user(self.rep).read(["crm_receivable_open"])
        # shared with the rep: the opportunity shows the figures
        other.crm_shared_user_ids = self.rep
        self.env.invalidate_all()
        self.assertEqual(lead_as_rep.crm_receivable_open, 300.0)
        self.assertEqual(lead_as_rep.crm_last_invoice_date, date(2026, 3, 1))

    @freeze_time("2026-03-15")
    def test_figures_follow_entitlement(self):
        """Account figures go to the customer's owner, the users it is shared with, the
        owner's team leader, managers and accounting; not to a plain salesperson who
        may read every customer, nor to a rep reading a customer without owner."""
        salesman = new_test_user(
            self.env, login="plain_salesman", groups="sales_team.group_sale_salesman"
        )
        leader = new_test_user(
            self.env, login="leader_rep2", groups="crm_leads.group_crm_leads_user"
        )
        self.env["crm.team"].create(
            {"name": "Team Wang", "user_id": leader.id, "member_ids": [Command.link(self.rep2.id)]}
        )
        accountant = new_test_user(
            self.env,
            login="accountant",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
        )
        customer = self.env["res.partner"].create(
            {"name": "Shenzhen Pumps Co.", "is_company": True, "user_id": self.rep2.id}
        )
        unowned = self.env["res.partner"].create({"name": "Walk-in Co.", "is_company": True})
        self._invoice(customer, 300.0, date(2026, 3, 1), date(2026, 3, 31))
        self._invoice(unowned, 50.0, date(2026, 3, 1), date(2026, 3, 31))
        for user, visible in (
            (self.rep2, True),
            (leader, True),
            (accountant, True),
            (self.manager, True),
            (salesman, False),
            (self.rep, False),
        ):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                partner = customer.with_user(user)
                if not partner.has_access("read"):
                    self.assertFalse(visible)
                    continue
                self.assertEqual(partner.crm_account_visible, visible)
                self.assertEqual(partner.crm_receivable_open, 300.0 if visible else 0.0)
                self.assertEqual(partner.crm_receivable_due_month, 300.0 if visible else 0.0)
                self.assertEqual(bool(partner.crm_last_invoice_date), visible)
        # the plain salesperson's own opportunity on that customer shows nothing either
        lead = self.env["crm.lead"].create(
            {
                "name": "Pumps",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": salesman.id,
            }
        )
        lead_as_salesman = lead.with_user(salesman)
        self.assertFalse(lead_as_salesman.crm_account_partner_id)
        self.assertEqual(lead_as_salesman.crm_receivable_open, 0.0)
        # a customer without owner: readable by reps, figures for nobody but managers
        self.env.invalidate_all()
        self.assertTrue(unowned.with_user(self.rep).has_access("read"))
        self.assertEqual(unowned.with_user(self.rep).crm_receivable_open, 0.0)
        self.assertEqual(unowned.with_user(self.manager).crm_receivable_open, 50.0)

    @users("crm_rep")
    def test_form_reads_figures(self):
        partner = self.env["res.partner"].browse(self.partner.id)
        self.assertEqual(partner.crm_receivable_open, 0.0)
        self.assertEqual(partner.crm_payment_month, 0.0)

    def test_query_count_constant(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "is_company": True} for i in range(10)]
        )
        self._invoice(partners[0], 100.0, date(2026, 3, 1), date(2026, 3, 31))
        self._invoice(partners[5], 100.0, date(2026, 3, 1), date(2026, 3, 31))
        # browse anew: a slice would keep the prefetch set of all ten partners
        Partner = self.env["res.partner"].with_user(self.rep)
        one, ten = Partner.browse(partners[0].id), Partner.browse(partners.ids)

        def count_queries(batch):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            batch.mapped("crm_receivable_open")
            return self.env.cr.sql_log_count - before

        # warm-up: registry caches (rules, currencies), pending recomputations
        count_queries(one)
        count_queries(ten)
        self.assertEqual(count_queries(one), count_queries(ten))
