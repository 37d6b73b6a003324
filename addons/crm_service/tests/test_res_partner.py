# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import freeze_time, tagged, users, warmup

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestPartnerServiceOrders(CrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create(
            {"name": "Wang Lei", "parent_id": cls.partner.id}
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Service Customer {index}"} for index in range(10)]
        )
        cls._create_order(cls.partner)
        cls._create_order(cls.partner, user=cls.tech2)
        cls._create_order(cls.contact)
        for index, partner in enumerate(cls.partners):
            for _dummy in range(index % 3):
                cls._create_order(partner)

    def test_count_includes_contacts(self):
        self.assertEqual(self.partner.service_order_count, 3)
        self.assertEqual(self.contact.service_order_count, 1)
        self.assertEqual(self.partners.mapped("service_order_count"), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        action = self.partner.action_view_service_orders()
        self.assertEqual(len(self.env["crm.service.order"].search(action["domain"])), 3)

    @users("service_tech")
    def test_count_follows_record_rules(self):
        """A technician counts the orders they can see, not tech2's."""
        self.assertEqual(self.partner.with_env(self.env).service_order_count, 2)

    @users("service_tech")
    @warmup
    def test_count_query_count(self):
        """Counting 10 partners costs the same grouped query as counting one (and one
        more for the record rule following the orders' customer)."""
        self.env.invalidate_all()
        with self.assertQueryCount(service_tech=2):
            self.partner.with_env(self.env).service_order_count  # noqa: B018
        self.env.invalidate_all()
        with self.assertQueryCount(service_tech=2):
            self.partners.with_env(self.env).mapped("service_order_count")


@tagged("post_install", "-at_install", "crm_service")
class TestPartnerServiceHistory(CrmServiceCommon):
    """crm_leads' 360° customer form: service history, open orders, last service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": "Li Na", "parent_id": cls.partner.id})
        cls.open_order = cls._create_order(cls.partner, user=cls.tech)
        cls.contact_order = cls._create_order(cls.contact, user=cls.tech)
        with freeze_time("2025-03-01 09:00:00"):
            cls.old_fix = cls._create_order(cls.partner, user=cls.tech)
            cls.old_fix.action_start()
            cls.old_fix.action_resolve()
        with freeze_time("2025-05-20 15:00:00"):
            cls.contact_order.action_start()
            cls.contact_order.action_resolve()
        cls.others = cls.env["res.partner"].create(
            [{"name": f"History Customer {index}"} for index in range(10)]
        )
        for partner in cls.others:
            cls._create_order(partner, user=cls.tech)
        cls.open_order.message_post(body="Technician on the way", message_type="comment")

    @users("service_tech")
    def test_history_stats(self):
        partner = self.partner.with_env(self.env)
        self.assertEqual(partner.service_order_count, 3)
        self.assertEqual(partner.service_open_order_count, 1)
        self.assertEqual(str(partner.service_last_date), "2025-05-20 15:00:00")
        self.assertEqual(
            partner.service_history_ids, self.open_order | self.contact_order | self.old_fix
        )
        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.service_open_order_count, 0)
        self.assertEqual(contact.service_history_ids, self.contact_order)

    @users("service_tech")
    @warmup
    def test_history_stats_query_count(self):
        """Open count and last date of 1 or 10 customers: one grouped query (+1 for
        the customer rule), no query per customer."""
        self.env.invalidate_all()
        with self.assertQueryCount(service_tech=2):
            self.partner.with_env(self.env).mapped("service_last_date")
        self.env.invalidate_all()
        with self.assertQueryCount(service_tech=2):
            self.others.with_env(self.env).mapped("service_open_order_count")

    def test_contact_history_hook(self):
        """The order's messages are in the customer's contact history."""
        self.assertIn(
            ("crm.service.order", sorted((self.open_order | self.contact_order | self.old_fix).ids)),
            [(model, sorted(ids)) for model, ids in self.partner._crm_history_documents()],
        )
        self.assertIn(
            "Technician on the way",
            "".join(self.partner.crm_history_message_ids.mapped("body")),
        )
