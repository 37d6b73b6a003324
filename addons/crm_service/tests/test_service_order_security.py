# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceOrderSecurity(CrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_tech = cls._create_order(user=cls.tech)
        cls.order_tech2 = cls._create_order(user=cls.tech2)
        cls.order_free = cls._create_order()
        cls.company_b = cls.env["res.company"].create({"name": "Shanghai Branch"})
        cls.order_company_b = cls._create_order(
            partner=cls.env["res.partner"].create({"name": "Shanghai Customer"}),
            company_id=cls.company_b.id,
        )
        cls.all_orders = cls.order_tech | cls.order_tech2 | cls.order_free | cls.order_company_b
        cls.internal_user = new_test_user(
            cls.env, login="service_internal", name="Clerk Xu", groups="base.group_user"
        )

    def _visible(self):
        return self.env["crm.service.order"].search([("id", "in", self.all_orders.ids)])

    @users("service_tech")
    def test_technician_sees_own_and_unassigned(self):
        self.assertEqual(self._visible(), self.order_tech | self.order_free)
        with self.assertRaises(AccessError):
            self.order_tech2.with_env(self.env).read(["name"])
        with self.assertRaises(AccessError):
            self.order_tech2.with_env(self.env).write({"priority": "3"})
        # takes an unassigned order and works on it
        free = self.order_free.with_env(self.env)
        free.action_assign()
        self.assertEqual(free.user_id, self.tech)
        with self.assertRaises(AccessError):
            free.unlink()

    @users("service_manager")
    def test_manager_sees_all_of_company(self):
        self.assertEqual(self._visible(), self.order_tech | self.order_tech2 | self.order_free)
        self.order_tech2.with_env(self.env).write({"user_id": self.tech.id})
        self.order_free.with_env(self.env).unlink()

    @users("service_manager")
    def test_manager_multi_company(self):
        """Orders of another company show only when that company is allowed."""
        self.assertNotIn(self.order_company_b, self._visible())
        self.env.user.sudo().company_ids |= self.company_b
        env_main = self.env(context=dict(self.env.context, allowed_company_ids=[
            self.env.company.id,
        ]))
        self.assertNotIn(
            self.order_company_b,
            env_main["crm.service.order"].search([("id", "in", self.all_orders.ids)]),
        )
        env_both = self.env(context=dict(self.env.context, allowed_company_ids=[
            self.env.company.id, self.company_b.id,
        ]))
        self.assertIn(
            self.order_company_b,
            env_both["crm.service.order"].search([("id", "in", self.all_orders.ids)]),
        )

    @users("service_internal")
    def test_internal_user_no_access(self):
        with self.assertRaises(AccessError):
            self.env["crm.service.order"].search([])
