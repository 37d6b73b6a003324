# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged, users

from .test_receivables import CrmPipelineReceivablesCommon


@freeze_time("2026-03-15")
@tagged("post_install", "-at_install", "crm_pipeline")
class TestCallerCardAccount(CrmPipelineReceivablesCommon):
    """crm_pipeline's section of the caller card: receivables for the entitled,
    the last confirmed order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.partner, 1000.0, date(2026, 2, 1), date(2026, 3, 1))
        # read by every salesperson (no owner) but nobody's own customer
        cls.unowned = cls.env["res.partner"].create({"name": "Pool Trading", "is_company": True})
        cls._invoice(cls.unowned, 700.0, date(2026, 2, 1), date(2026, 3, 1))
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.contact.id,
                "user_id": cls.rep.id,
                "date_order": "2026-03-10 09:00:00",
                "order_line": [
                    Command.create({"product_id": cls.service_product.id, "price_unit": 50.0})
                ],
            }
        )
        cls.order.action_confirm()
        cls.order.date_order = "2026-03-10 09:00:00"

    def _account(self, partner):
        [card] = partner.with_env(self.env)._crm_caller_card()
        return next((s for s in card["sections"] if s["key"] == "account"), None)

    @users("crm_rep")
    def test_owner_sees_receivables_and_last_order(self):
        section = self._account(self.partner)
        labels = [line["label"] for line in section["lines"]]
        self.assertIn("Open Invoices", labels)
        self.assertIn("Overdue", labels)
        open_line = section["lines"][labels.index("Open Invoices")]
        self.assertIn("1,000.00", open_line["value"])
        order_line = section["lines"][-1]
        self.assertEqual(order_line["res_model"], "sale.order")
        self.assertEqual(order_line["res_id"], self.order.id)
        self.assertIn(self.order.name, order_line["label"])

    @users("crm_rep")
    def test_reader_not_entitled_gets_no_receivables(self):
        """The rep reads the customer without owner, its card shows no account
        figures: receivables go to the entitled only."""
        self.assertTrue(self.unowned.with_env(self.env).has_access("read"))
        self.assertFalse(self.unowned.with_env(self.env)._crm_filter_entitled())
        self.assertIsNone(self._account(self.unowned))

    @users("crm_manager")
    def test_manager_entitled(self):
        section = self._account(self.unowned)
        values = {line["label"]: line["value"] for line in section["lines"]}
        self.assertIn("700.00", values["Open Invoices"])

    @users("crm_rep")
    def test_query_count_constant(self):
        partners = (self.partner | self.unowned).with_env(self.env)
        partners._crm_caller_card()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.partner.with_env(self.env)._crm_caller_card()
        one = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            self.assertEqual(len(partners._crm_caller_card()), 2)
