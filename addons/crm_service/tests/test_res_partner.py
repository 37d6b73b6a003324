# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users, warmup

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
