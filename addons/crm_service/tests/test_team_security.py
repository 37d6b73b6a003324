# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestTeamSecurity(CrmServiceCommon):
    """Technicians: own orders and their teams'; leaders: their team's; managers:
    all; another company: nothing. Re-dispatches follow their order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env, login="service_leader", name="Leader Wu",
            groups="crm_service.group_crm_service_technician",
        )
        cls.team_a = cls.env["crm.service.team"].create(
            {"name": "Team A", "member_ids": [(6, 0, cls.tech.ids)], "leader_id": cls.leader.id}
        )
        cls.team_b = cls.env["crm.service.team"].create(
            {"name": "Team B", "member_ids": [(6, 0, cls.tech2.ids)]}
        )
        cls.order_a = cls._create_order(user=cls.tech, team_id=cls.team_a.id)
        cls.order_a_free = cls._create_order(team_id=cls.team_a.id)
        # whatever routing did today (a weekday or not), nobody has it yet
        cls.order_a_free.with_context(crm_service_routing=True).user_id = False
        cls.order_b = cls._create_order(user=cls.tech2, team_id=cls.team_b.id)
        cls.company_b = cls.env["res.company"].create({"name": "Guangzhou Branch"})
        cls.user_company_b = new_test_user(
            cls.env, login="service_manager_b", name="Manager Guangzhou",
            groups="crm_service.group_crm_service_manager",
            company_id=cls.company_b.id, company_ids=[(6, 0, cls.company_b.ids)],
        )
        # a hand re-dispatch inside team B, logged
        cls.order_b.with_context(crm_service_dispatch_reason="Closer to site").user_id = cls.tech
        cls.order_b.user_id = cls.tech2
        cls.orders = cls.order_a | cls.order_a_free | cls.order_b

    def _visible(self, model="crm.service.order", field="id"):
        return self.env[model].search([(field, "in", self.orders.ids)])

    @users("service_tech2")
    def test_technician_other_team(self):
        """Technician B does not read team A's orders, nor their re-dispatches."""
        self.assertEqual(self._visible(), self.order_b)
        with self.assertRaises(AccessError):
            self.order_a.with_env(self.env).read(["name"])
        self.assertEqual(
            self._visible("crm.service.order.dispatch", "order_id"), self.order_b.dispatch_ids
        )
        with self.assertRaises(AccessError):
            self.env["crm.service.order.dispatch"].create(
                {"order_id": self.order_b.id, "to_user_id": self.tech2.id}
            )

    @users("service_tech2")
    def test_recorder_keeps_routed_request(self):
        """Technician B takes a call for team A's category: routing sends the order
        to team A, and B still reads the order they recorded (the form reloads),
        while it stays out of sight of B's team mates."""
        order = self.env["crm.service.order"].create(
            {"partner_id": self.partner.id, "team_id": self.team_a.id}
        )
        self.assertEqual(order.team_id, self.team_a)
        self.assertEqual(order.read(["name"])[0]["id"], order.id)
        mate = new_test_user(
            self.env(su=True), login="service_tech_b2", name="Tech Ma",
            groups="crm_service.group_crm_service_technician",
        )
        self.team_b.sudo().member_ids = [(4, mate.id)]
        with self.assertRaises(AccessError):
            order.with_user(mate).read(["name"])

    @users("service_tech")
    def test_technician_sees_team(self):
        """A member reads the team's unassigned order and takes it."""
        self.assertEqual(self._visible(), self.order_a | self.order_a_free)
        free = self.order_a_free.with_env(self.env)
        free.action_assign()
        self.assertEqual(free.user_id, self.tech)
        self.assertEqual(free.dispatch_ids.to_user_id, self.tech)
        self.assertEqual(free.dispatch_ids.user_id, self.tech)

    @users("service_leader")
    def test_leader_sees_team(self):
        self.assertEqual(self._visible(), self.order_a | self.order_a_free)
        order = self.order_a_free.with_env(self.env)
        order.with_context(crm_service_dispatch_reason="Urgent").user_id = self.tech
        self.assertEqual(order.dispatch_ids.reason, "Urgent")
        self.assertEqual(order.dispatch_ids.from_user_id.id, False)

    @users("service_manager")
    def test_manager_sees_all(self):
        self.assertEqual(self._visible(), self.orders)
        logs = self.order_b.with_env(self.env).dispatch_ids
        self.assertEqual(
            [(log.from_user_id, log.to_user_id, log.reason or False) for log in logs],
            [(self.tech, self.tech2, False), (self.tech2, self.tech, "Closer to site")],
        )

    @users("service_manager_b")
    def test_other_company_sees_nothing(self):
        self.assertFalse(self._visible())
        self.assertFalse(self._visible("crm.service.order.dispatch", "order_id"))
        self.assertFalse(self.env["crm.service.team"].search([("id", "in", (self.team_a | self.team_b).ids)]))
        with self.assertRaises(AccessError):
            self.order_a.with_env(self.env).read(["name"])

    @users("service_tech")
    def test_technician_reads_stock(self):
        """Parts come from stock: a technician reads products, serials and stock, but
        has no sales rights."""
        self.assertTrue(self.env.user.has_group("stock.group_stock_user"))
        self.assertFalse(self.env.user.has_group("sales_team.group_sale_salesman"))
        self.env["stock.quant"].search([], limit=1)
        self.env["stock.lot"].search([], limit=1)
        # sale_stock lets stock users read sale orders (deliveries), never make them
        self.assertFalse(self.env["sale.order"].has_access("create"))

