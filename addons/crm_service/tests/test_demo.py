# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo database tells the service story.

`make test` installs the addons on a fresh database with demo data (the harness
passes no --without-demo), so these tests read the demo records themselves: a demo
file that stops loading, or a story step (escalation job, invoice, rating) that stops
working, fails here."""

from odoo import fields
from odoo.tests import TransactionCase, tagged

STAGE_TYPES = (
    "new",
    "assigned",
    "in_progress",
    "waiting_parts",
    "waiting_customer",
    "resolved",
    "closed",
    "cancelled",
)


@tagged("post_install", "-at_install", "crm_service")
class TestServiceDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("crm_service.crm_service_team_field_demo")
        cls.orders = cls.env["crm.service.order"].search([("team_id", "=", cls.team.id)])

    def _demo(self, xmlid):
        return self.env.ref(f"crm_service.{xmlid}")

    def test_team(self):
        calendar = self.team.resource_calendar_id
        self.assertEqual(calendar, self._demo("resource_calendar_service_desk_demo"))
        self.assertEqual(calendar.tz, "Asia/Shanghai")
        days = set(calendar.attendance_ids.mapped("dayofweek"))
        self.assertEqual(days, {"0", "1", "2", "3", "4"})
        self.assertEqual(min(calendar.attendance_ids.mapped("hour_from")), 9.0)
        self.assertEqual(max(calendar.attendance_ids.mapped("hour_to")), 18.0)
        self.assertEqual(len(self.team.member_ids), 3)
        self.assertEqual(self.team.leader_id, self._demo("res_users_service_leader_zhao_demo"))
        self.assertNotIn(self.team.leader_id, self.team.member_ids)
        for xmlid in (
            "crm_service_problem_type_breakdown",
            "crm_service_problem_type_maintenance",
            "crm_service_problem_type_installation",
        ):
            self.assertEqual(self._demo(xmlid).team_id, self.team, xmlid)
        self.assertEqual(self.team.stock_location_id, self._demo("stock_location_service_van_demo"))

    def test_sla_chain(self):
        policy = self._demo("crm_service_sla_policy_demo_resolution")
        self.assertEqual(
            policy.level_ids.mapped("target"), ["assignee", "team_leader", "service_manager"]
        )

    def test_every_stage_has_an_order(self):
        by_type = {
            stage_type: self.orders.filtered(lambda order, st=stage_type: order.stage_type == st)
            for stage_type in STAGE_TYPES
        }
        for stage_type, orders in by_type.items():
            self.assertTrue(orders, f"no demo order in a {stage_type} stage")
        waiting = self._demo("crm_service_order_6_demo")
        self.assertEqual(waiting.stage_type, "waiting_parts")
        self.assertIn("Pressure Sensor PS-2: 1 Units missing", waiting.message_ids[:1].body)

    def test_warranty_lots(self):
        today = fields.Date.today()
        under = self._demo("stock_lot_purifier_warranty_demo")
        expired = self._demo("stock_lot_purifier_expired_demo")
        self.assertEqual(under.product_id.tracking, "serial")
        self.assertGreater(under.crm_warranty_end_date, today)
        self.assertLess(expired.crm_warranty_end_date, today)
        self.assertTrue(self._demo("repair_order_6_demo").under_warranty)
        self.assertFalse(self._demo("repair_order_8_demo").under_warranty)

    def test_breached_order_escalated(self):
        order = self._demo("crm_service_order_10_demo")
        self.assertEqual(order.sla_status, "breached")
        escalations = order.sla_escalation_ids
        policy = self._demo("crm_service_sla_policy_demo_resolution")
        self.assertEqual(escalations.level_id, policy.level_ids)
        self.assertEqual(len(escalations), len(policy.level_ids), "each level fired once")
        by_target = {esc.level_id.target: esc.user_id for esc in escalations}
        self.assertEqual(by_target["assignee"], order.user_id)
        self.assertEqual(by_target["team_leader"], self.team.leader_id)
        self.assertTrue(by_target["service_manager"])
        self.assertTrue(order.activity_ids.filtered(lambda act: act.user_id == self.team.leader_id))
        # the job again finds nothing more to fire on it
        self.env["crm.service.order.sla"]._cron_escalate(commit=False)
        self.assertEqual(order.sla_escalation_ids, escalations)

    def test_invoiced_order(self):
        order = self._demo("crm_service_order_8_demo")
        self.assertEqual(order.stage_type, "resolved")
        self.assertEqual(order.repair_ids.state, "done")
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.move_type, "out_invoice")
        lines = {line.product_id: line for line in invoice.invoice_line_ids}
        filter_line = lines[self._demo("product_product_part_filter_demo")]
        self.assertEqual((filter_line.quantity, filter_line.price_subtotal), (2.0, 240.0))
        pump_line = lines[self._demo("product_product_part_pump_demo")]
        self.assertEqual((pump_line.quantity, pump_line.price_subtotal), (1.0, 680.0))
        seal_line = lines[self._demo("product_product_part_seal_demo")]
        self.assertEqual(seal_line.price_unit, 0.0)
        self.assertIn("Goodwill", seal_line.name)
        labour_line = lines[self.env.ref("crm_service.product_product_service_labour")]
        self.assertEqual(labour_line.quantity, 2.5)
        self.assertEqual(invoice.amount_untaxed, 240.0 + 680.0 + 0.0 + 2.5 * 80.0)
        # nothing left to invoice
        self.assertEqual(order.action_invoice()["tag"], "display_notification")

    def test_parts_stock_in_van(self):
        """The van's stock after the invoiced repair is what Inventory reports."""
        van = self._demo("stock_location_service_van_demo")
        for xmlid, expected in (
            ("product_product_part_filter_demo", 18.0),
            ("product_product_part_pump_demo", 2.0),
            ("product_product_part_seal_demo", 9.0),
            ("product_product_part_sensor_demo", 0.0),
        ):
            product = self._demo(xmlid).with_context(location=van.id)
            self.assertEqual(product.qty_available, expected, xmlid)
            quants = self.env["stock.quant"].search(
                [("product_id", "=", product.id), ("location_id", "=", van.id)]
            )
            self.assertEqual(sum(quants.mapped("quantity")), expected, xmlid)

    def test_rated_order(self):
        order = self._demo("crm_service_order_9_demo")
        self.assertEqual(order.stage_type, "closed")
        self.assertEqual(order.quality_state, "passed")
        rating = order.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        self.assertTrue(rating.feedback)
        self.assertEqual(order.rating_last_value, 5)
        self.assertGreaterEqual(self.team.rating_count, 1)

    def test_knowledge(self):
        articles = self._demo("crm_service_solution_pressure_demo") | self._demo(
            "crm_service_solution_leak_demo"
        )
        self.assertEqual(set(articles.mapped("state")), {"published"})
        chinese = self._demo("crm_service_solution_leak_demo")
        self.assertIn("密封圈", chinese.name)
        order = self._demo("crm_service_order_1_demo")
        order.description = "<p>进水口漏水，需要更换密封圈</p>"
        self.assertIn(chinese, order.solution_suggestion_ids)
        self.assertTrue(self.env["crm.service.root.cause"].search_count([]) >= 4)
