# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users

from .common import CrmLeadsCommon


@tagged("post_install", "-at_install", "crm_leads")
class TestCallerCard(CrmLeadsCommon):
    """The caller-card hook telephony screen-pops build on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.write({"crm_customer_type": "vip", "crm_value_level": "high"})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "parent_id": cls.partner.id, "phone": "010-6243-6041"}
        )
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = cls.env["crm.lead"]
        cls.opportunities = Lead.create(
            [
                {
                    "name": "Acme boilers",
                    "type": "opportunity",
                    "partner_id": cls.partner.id,
                    "user_id": cls.rep.id,
                },
                {
                    "name": "Acme pumps",
                    "type": "opportunity",
                    "partner_id": cls.contact.id,
                    "user_id": cls.rep.id,
                },
            ]
        )
        cls.closed = Lead.create(
            [
                {
                    "name": "Acme won",
                    "type": "opportunity",
                    "partner_id": cls.partner.id,
                    "user_id": cls.rep.id,
                    "stage_id": won_stage.id,
                },
                {
                    "name": "Acme lost",
                    "type": "opportunity",
                    "partner_id": cls.partner.id,
                    "user_id": cls.rep.id,
                    "active": False,
                },
                {
                    "name": "Acme lead",
                    "type": "lead",
                    "partner_id": cls.partner.id,
                    "user_id": cls.rep.id,
                },
            ]
        )

    def _section(self, card, key):
        return next((s for s in card["sections"] if s["key"] == key), None)

    @users("crm_rep")
    def test_card_fields(self):
        [card] = self.partner.with_env(self.env)._crm_caller_card()
        self.assertEqual(card["id"], self.partner.id)
        self.assertEqual(card["name"], "Beijing Acme Co., Ltd.")
        self.assertFalse(card["company"])
        self.assertEqual(card["owner"], "Rep Li")
        self.assertEqual(card["customer_type"], "VIP")
        self.assertEqual(card["value_level"], "High")
        self.assertEqual(card["phone"], "010-6243-6040")
        section = self._section(card, "opportunities")
        # open opportunities of the customer and its contacts; won, lost and
        # plain leads are not open opportunities
        self.assertEqual({line["res_id"] for line in section["lines"]}, set(self.opportunities.ids))
        self.assertIn("2", section["title"])
        self.assertEqual({line["res_model"] for line in section["lines"]}, {"crm.lead"})

    @users("crm_rep")
    def test_contact_card_shows_company(self):
        [card] = self.contact.with_env(self.env)._crm_caller_card()
        self.assertEqual(card["name"], "Zhang Wei")
        self.assertEqual(card["company"], "Beijing Acme Co., Ltd.")
        self.assertEqual(card["company_id"], self.partner.id)
        self.assertEqual(card["owner"], "Rep Li")
        self.assertEqual(card["customer_type"], "VIP")
        section = self._section(card, "opportunities")
        self.assertEqual(len(section["lines"]), 2)

    @users("crm_rep2")
    def test_no_card_of_unreadable_customer(self):
        """Rep Wang may not read Rep Li's customer: no card, not even its name."""
        partners = (self.partner | self.contact).with_env(self.env)
        self.assertFalse(partners._filtered_access("read"))
        self.assertEqual(partners._crm_caller_card(), [])

    @users("crm_rep")
    def test_lines_limited_and_counted(self):
        self.env["crm.lead"].create(
            [
                {
                    "name": f"More {i}",
                    "type": "opportunity",
                    "partner_id": self.partner.id,
                    "user_id": self.env.uid,
                }
                for i in range(6)
            ]
        )
        [card] = self.partner.with_env(self.env)._crm_caller_card()
        section = self._section(card, "opportunities")
        self.assertEqual(len(section["lines"]), 5)
        self.assertIn("8", section["title"])

    @users("crm_rep")
    def test_query_count_constant(self):
        """The card of 5 customers with 3 opportunities each costs the queries of
        the card of one customer (sections included, whatever addons add them)."""
        customers = self.env["res.partner"].create(
            [
                {"name": f"Customer {i}", "is_company": True, "user_id": self.env.uid}
                for i in range(5)
            ]
        )
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {i}-{j}",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": self.env.uid,
                }
                for i, customer in enumerate(customers)
                for j in range(3)
            ]
        )
        customers._crm_caller_card()  # warm-up: rule and group caches
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        customers[0]._crm_caller_card()
        one = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            cards = customers._crm_caller_card()
        self.assertEqual(len(cards), 5)
        for card in cards:
            self.assertEqual(len(self._section(card, "opportunities")["lines"]), 3)
