# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .test_service_repair import CrmServiceRepairCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceInvoice(CrmServiceRepairCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        ):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )
        for product in (cls.part_filter, cls.part_pump, cls.labour_product):
            product.taxes_id = [Command.clear()]

    def _repair_with_labour(self):
        """2 filters (billable), 1 pump replaced under warranty, 2 h of labour."""
        repair = self._new_repair(self.order, [
            (self.part_filter, 2, {}),
            (self.part_pump, 1, {"crm_warranty": True, "crm_warranty_reason": "Seal defect"}),
        ])
        self._finish(repair)
        self.env["crm.service.labour"].create({
            "order_id": self.order.id,
            "repair_id": repair.id,
            "user_id": self.tech.id,
            "hours": 2.0,
            "note": "Replaced filter and pump",
            "date": fields.Date.today(),
        })
        return repair

    @users("service_manager")
    def test_invoice_parts_labour_warranty(self):
        repair = self._repair_with_labour()
        order = self.order.with_user(self.env.user)
        order.action_invoice()
        sale = order.sale_order_id
        self.assertEqual(sale.state, "sale")
        self.assertEqual(repair.sale_order_id, sale, "repair's own sale link is used")
        self.assertEqual(len(order.invoice_ids), 1)
        invoice = order.invoice_ids
        lines = invoice.invoice_line_ids
        by_product = {line.product_id: line for line in lines}
        self.assertEqual(len(lines), 3)
        self.assertEqual(by_product[self.part_filter].quantity, 2)
        self.assertEqual(by_product[self.part_filter].price_subtotal, 40.0)
        pump = by_product[self.part_pump]
        self.assertEqual(pump.price_unit, 0.0)
        self.assertIn("Seal defect", pump.name)
        labour = by_product[self.labour_product]
        self.assertEqual(labour.quantity, 2)
        self.assertEqual(labour.price_subtotal, 160.0)
        self.assertEqual(invoice.amount_untaxed, 200.0)
        self.assertEqual(invoice.amount_total, 200.0)
        # part lines are linked to the repair moves the way Odoo's repair does it
        self.assertEqual(by_product[self.part_filter].sale_line_ids.move_ids.repair_id, repair)

    @users("service_manager")
    def test_invoice_twice_only_new_lines(self):
        self._repair_with_labour()
        order = self.order.with_user(self.env.user)
        order.action_invoice()
        result = order.action_invoice()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(len(order.invoice_ids), 1)
        self.assertEqual(len(order.sale_order_id.order_line), 3)
        # one more hour: only that hour is invoiced next
        self.env["crm.service.labour"].create({"order_id": order.id, "hours": 1.0})
        order.action_invoice()
        self.assertEqual(len(order.invoice_ids), 2)
        new_invoice = order.invoice_ids.sorted("id")[-1]
        self.assertEqual(new_invoice.invoice_line_ids.product_id, self.labour_product)
        self.assertEqual(new_invoice.amount_untaxed, 80.0)
        # more hours on an invoiced entry: only the difference
        order.labour_ids.filtered(lambda lab: lab.hours == 2.0).hours = 3.0
        order.action_invoice()
        last = order.invoice_ids.sorted("id")[-1]
        self.assertEqual(last.invoice_line_ids.quantity, 1.0)
        self.assertEqual(last.amount_untaxed, 80.0)
        self.assertEqual(
            sum(order.invoice_ids.mapped("amount_untaxed")), 200.0 + 80.0 + 80.0
        )

    @users("service_manager")
    def test_credit_note_reopens_lines(self):
        self._repair_with_labour()
        order = self.order.with_user(self.env.user)
        order.action_invoice()
        invoice = order.invoice_ids
        invoice.sudo().action_post()  # sudo: posting is accounting's job, not the test's subject
        self.assertTrue(all(
            line.invoice_status != "to invoice" for line in order.sale_order_id.order_line
        ))
        reversal = self.env["account.move.reversal"].sudo().with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": invoice.journal_id.id, "reason": "Wrong customer"})
        reversal.refund_moves()
        refund = order.sale_order_id.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.amount_untaxed, 200.0)
        lines = order.sale_order_id.order_line
        self.assertTrue(all(line.qty_invoiced == 0 for line in lines))
        self.assertTrue(all(line.invoice_status == "to invoice" for line in lines))
        order.action_invoice()
        again = order.sale_order_id.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m != invoice
        )
        self.assertEqual(len(again), 1)
        self.assertEqual(again.amount_untaxed, 200.0)

    def test_part_added_after_invoice_by_technician(self):
        """A part added to a running repair already on the sale order (by a technician
        without Sales rights) is invoiced next time, alone."""
        repair = self._new_repair(self.order, [(self.part_filter, 1, {})])
        self._confirm(repair)
        order = self.order.with_user(self.service_manager)
        order.action_invoice()
        self.assertEqual(order.invoice_ids.amount_untaxed, 20.0)
        repair.with_user(self.tech).move_ids = [Command.create({
            "product_id": self.part_pump.id, "product_uom_qty": 1, "repair_line_type": "add",
        })]
        pump_move = repair.move_ids.filtered(lambda m: m.product_id == self.part_pump)
        self.assertEqual(pump_move.sale_line_id.order_id, order.sale_order_id)
        self.assertEqual(pump_move.sale_line_id.price_unit, 100.0)
        order.action_invoice()
        new_invoice = order.invoice_ids.sorted("id")[-1]
        self.assertEqual(new_invoice.invoice_line_ids.product_id, self.part_pump)
        self.assertEqual(new_invoice.amount_untaxed, 100.0)

    def test_labour_on_delivered_quantities(self):
        onsite = self.env["product.product"].create({
            "name": "On-site hour", "type": "service", "invoice_policy": "delivery",
            "uom_id": self.labour_product.uom_id.id, "uom_po_id": self.labour_product.uom_id.id,
            "list_price": 120.0, "taxes_id": [Command.clear()],
        })
        self.env["crm.service.labour"].create(
            {"order_id": self.order.id, "hours": 1.5, "product_id": onsite.id}
        )
        order = self.order.with_user(self.service_manager)
        order.action_invoice()
        self.assertEqual(order.invoice_ids.amount_untaxed, 180.0)

    def test_technician_needs_sales_rights_to_invoice(self):
        self._repair_with_labour()
        with self.assertRaises(UserError):
            self.order.with_user(self.tech).action_invoice()
        self.assertFalse(self.order.sale_order_id)

    def test_costs_and_margin_for_managers_only(self):
        self._repair_with_labour()
        fields_tech = self.env["crm.service.order"].with_user(self.tech).fields_get()
        self.assertNotIn("amount_cost", fields_tech)
        self.assertNotIn("amount_margin", fields_tech)
        with self.assertRaises(AccessError):
            self.order.with_user(self.tech).read(["amount_cost"])
        order = self.order.with_user(self.service_manager)
        self.assertIn("amount_cost", order.fields_get())
        # parts 2 x 8 + 1 x 60, labour 2 h x 30; billable 40 + 0 + 160
        self.assertEqual(order.amount_cost, 136.0)
        self.assertEqual(order.amount_margin, 200.0 - 136.0)

    def test_warranty_flag_on_invoiced_sale_line(self):
        """Unticking the warranty of a part before invoicing prices it again."""
        repair = self._new_repair(self.order, [
            (self.part_filter, 1, {"crm_warranty": True, "crm_warranty_reason": "Goodwill"}),
        ])
        self._confirm(repair)
        self.order.with_user(self.service_manager)._service_sync_sale_order()
        line = repair.move_ids.sale_line_id
        self.assertEqual(line.price_unit, 0.0)
        self.assertIn("Goodwill", line.name)
        repair.move_ids.crm_warranty = False
        self.assertEqual(line.price_unit, 20.0)
        self.assertNotIn("Goodwill", line.name)

    def test_labour_follows_order_access(self):
        team2 = self.env["crm.service.team"].create({
            "name": "Workshop", "member_ids": [Command.set(self.tech2.ids)],
        })
        other = self._create_order(user=self.tech2, team_id=team2.id)
        labour = self.env["crm.service.labour"].create({"order_id": other.id, "hours": 1})
        Labour = self.env["crm.service.labour"].with_user(self.tech)
        self.assertFalse(other.with_user(self.tech).has_access("read"))
        self.assertFalse(Labour.search([("id", "=", labour.id)]))
        with self.assertRaises(AccessError):
            labour.with_user(self.tech).read(["hours"])
        with self.assertRaises(AccessError):
            Labour.create({"order_id": other.id, "hours": 1})
        mine = Labour.create({"order_id": self.order.id, "hours": 1.5})
        self.assertEqual(mine.user_id, self.tech)
        self.assertEqual(mine.product_id, self.labour_product)
        self.assertEqual(mine.price_unit, self.labour_product.lst_price)
