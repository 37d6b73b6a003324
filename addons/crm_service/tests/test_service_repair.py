# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged, users

from .common import CrmServiceCommon


class CrmServiceRepairCommon(CrmServiceCommon):
    """Parts in the team's service location, a serial-tracked part, labour rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.service_location = cls.env["stock.location"].create({
            "name": "Service Van",
            "location_id": cls.stock_location.id,
            "usage": "internal",
        })
        # Technicians get Inventory user through the technician group; say it for the
        # test users too, so that they work whatever the group chain is.
        stock_user = cls.env.ref("stock.group_stock_user")
        (cls.tech | cls.tech2 | cls.service_manager).groups_id = [Command.link(stock_user.id)]
        cls.service_manager.groups_id = [
            Command.link(cls.env.ref("sales_team.group_sale_salesman_all_leads").id),
            Command.link(cls.env.ref("account.group_account_invoice").id),
        ]
        cls.team = cls.env["crm.service.team"].create({
            "name": "Field Service",
            "member_ids": [Command.set((cls.tech | cls.tech2).ids)],
            "stock_location_id": cls.service_location.id,
        })
        product = cls.env["product.product"]
        cls.part_filter = product.create({
            "name": "Water Filter", "is_storable": True, "list_price": 20.0,
            "standard_price": 8.0, "taxes_id": [Command.clear()],
        })
        cls.part_pump = product.create({
            "name": "Pump", "is_storable": True, "list_price": 100.0,
            "standard_price": 60.0, "taxes_id": [Command.clear()],
        })
        cls.part_sensor = product.create({
            "name": "Flow Sensor", "is_storable": True, "tracking": "serial",
            "list_price": 50.0, "standard_price": 25.0, "taxes_id": [Command.clear()],
        })
        cls.machine = product.create({"name": "Water Purifier WP-3", "is_storable": True})
        cls.labour_product = cls.env.ref("crm_service.product_product_service_labour")
        cls.labour_product.taxes_id = [Command.clear()]
        cls.sensor_lot = cls.env["stock.lot"].create(
            {"name": "SN-0001", "product_id": cls.part_sensor.id}
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.part_filter, cls.service_location, 10)
        Quant._update_available_quantity(cls.part_pump, cls.service_location, 1)
        Quant._update_available_quantity(
            cls.part_sensor, cls.service_location, 1, lot_id=cls.sensor_lot
        )
        cls.order = cls._create_order(user=cls.tech, team_id=cls.team.id,
                                      product_id=cls.machine.id)

    def _available(self, product, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            product, self.service_location, lot_id=lot, strict=True
        )

    def _on_hand(self, product):
        return product.with_context(location=self.service_location.id).qty_available

    def _quant_quantity(self, product):
        quants = self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "=", self.service_location.id)
        ])
        return sum(quants.mapped("quantity"))

    def _new_repair(self, order, parts, **values):
        """A repair order created the way the service order's button does it."""
        repair = self.env["repair.order"].create({
            "crm_service_order_id": order.id,
            "product_id": order.product_id.id,
            "move_ids": [
                Command.create({
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "repair_line_type": "add",
                    **extra,
                })
                for product, qty, extra in parts
            ],
            **values,
        })
        return repair

    def _confirm(self, repair):
        """Confirm as the user does: the customer's machine is not in our stock, so
        Odoo asks through its insufficient-quantity wizard, and the user goes on."""
        action = repair.action_validate()
        if isinstance(action, dict):
            wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
            wizard.action_done()
        self.assertEqual(repair.state, "confirmed")

    def _finish(self, repair):
        self._confirm(repair)
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")


@tagged("post_install", "-at_install", "crm_service")
class TestServiceRepair(CrmServiceRepairCommon):

    def test_create_repair_prefilled(self):
        self.env.user.groups_id = [
            Command.link(self.env.ref("stock.group_production_lot").id),
            Command.link(self.env.ref("stock.group_stock_multi_locations").id),
        ]
        lot = self.env["stock.lot"].create({"name": "WP3-77", "product_id": self.machine.id})
        self.order.lot_id = lot
        action = self.order.action_create_repair()
        self.assertEqual(action["res_model"], "repair.order")
        with Form(self.env["repair.order"].with_context(**action["context"])) as form:
            self.assertEqual(form.partner_id, self.partner)
            self.assertEqual(form.product_id, self.machine)
            self.assertEqual(form.lot_id, lot)
            self.assertEqual(form.location_id, self.service_location)
            self.assertEqual(form.crm_service_order_id, self.order)
        repair = form.record
        self.assertEqual(repair.company_id, self.order.company_id)
        self.assertEqual(self.order.repair_ids, repair)
        self.assertEqual(self.order.repair_count, 1)
        self.assertEqual(self.order.action_view_repairs()["res_id"], repair.id)

    @users("service_tech")
    def test_technician_issues_and_returns_parts(self):
        """Stock at the service location before and after issue and return is what
        Inventory reports."""
        order = self.order.with_user(self.env.user)
        self.assertEqual(self._quant_quantity(self.part_filter), 10)
        repair = self._new_repair(order, [(self.part_filter, 3, {})])
        move = repair.move_ids
        self.assertEqual(move.location_id, self.service_location)
        self._confirm(repair)
        # reserved from the service location: still on hand, no longer available
        self.assertEqual(move.quantity, 3)
        self.assertEqual(self._available(self.part_filter), 7)
        self.assertEqual(self._on_hand(self.part_filter), 10)
        # one filter was not needed: it goes back by lowering the line
        move.product_uom_qty = 2
        move.quantity = 2
        self.assertEqual(self._available(self.part_filter), 8)
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(move.state, "done")
        self.assertEqual(self._quant_quantity(self.part_filter), 8)
        self.assertEqual(self._on_hand(self.part_filter), 8)
        self.assertEqual(self._available(self.part_filter), 8)

    @users("service_tech")
    def test_cancelled_repair_gives_parts_back(self):
        order = self.order.with_user(self.env.user)
        repair = self._new_repair(order, [(self.part_filter, 4, {})])
        self._confirm(repair)
        self.assertEqual(self._available(self.part_filter), 6)
        repair.action_repair_cancel()
        self.assertEqual(repair.move_ids.state, "cancel")
        self.assertEqual(self._available(self.part_filter), 10)
        self.assertEqual(self._on_hand(self.part_filter), 10)

    @users("service_tech")
    def test_serial_part(self):
        order = self.order.with_user(self.env.user)
        repair = self._new_repair(order, [(self.part_sensor, 1, {})])
        self._confirm(repair)
        self.assertEqual(repair.move_ids.move_line_ids.lot_id, self.sensor_lot)
        # Odoo's own check: a serial-tracked part cannot be issued without its serial
        repair.action_repair_start()
        repair.move_ids.move_line_ids.lot_id = False
        repair.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "Lot/Serial"):
            repair.action_repair_end()
        repair.move_ids.move_line_ids.lot_id = self.sensor_lot
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(self._available(self.part_sensor, self.sensor_lot), 0)
        self.assertEqual(self._on_hand(self.part_sensor), 0)

    def test_insufficient_stock_waits_for_parts(self):
        self.order.action_start()
        self.assertEqual(self.order.stage_type, "in_progress")
        self.env["stock.warehouse.orderpoint"].create({
            "product_id": self.part_filter.id,
            "location_id": self.stock_location.id,
            "product_min_qty": 5, "product_max_qty": 20,
        })
        repair = self._new_repair(
            self.order, [(self.part_pump, 3, {}), (self.part_filter, 12, {})]
        )
        self._confirm(repair)
        self.assertEqual(self.order.stage_type, "waiting_parts")
        message = self.order.message_ids[:1].body
        self.assertIn("Waiting for parts", message)
        self.assertIn("Pump: 2 Units missing", message)
        self.assertIn("Water Filter: 2 Units missing", message)
        self.assertIn("create a replenishment", message)
        self.assertIn("reordering rule", message)
        # the parts arrive at the service location: the order goes back to work
        clerk = new_test_user(self.env, login="stock_clerk", groups="stock.group_stock_user")
        receipt = self.env["stock.picking"].with_user(clerk).create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "location_id": self.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": self.service_location.id,
            "move_ids": [
                Command.create({
                    "name": p.name, "product_id": p.id, "product_uom_qty": q,
                    "product_uom": p.uom_id.id,
                    "location_id": self.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": self.service_location.id,
                })
                for p, q in ((self.part_pump, 2), (self.part_filter, 2))
            ],
        })
        receipt.action_confirm()
        receipt.move_ids.quantity = 2
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertTrue(all(m.quantity == m.product_uom_qty for m in repair.move_ids))
        self.assertEqual(self.order.stage_type, "in_progress")
        self.assertIn("All parts are available", self.order.message_ids[:1].body)

    def test_part_warranty_defaults(self):
        repair = self._new_repair(self.order, [(self.part_filter, 1, {})])
        self.assertFalse(repair.move_ids.crm_warranty)
        repair.under_warranty = True
        self.assertTrue(repair.move_ids.crm_warranty)
        lot = self.env["stock.lot"].create({
            "name": "WP3-88", "product_id": self.machine.id,
            "crm_warranty_end_date": fields.Date.add(fields.Date.today(), days=30),
        })
        self.order.lot_id = lot
        self.assertTrue(self.order.warranty_end_date)
        repair2 = self._new_repair(self.order, [(self.part_filter, 1, {})])
        self.assertTrue(repair2.under_warranty)
        self.assertTrue(repair2.move_ids.crm_warranty)
        labour = self.env["crm.service.labour"].create({"order_id": self.order.id, "hours": 1})
        self.assertTrue(labour.crm_warranty)
        self.assertEqual(labour.price_subtotal, 0.0)

    def test_repair_report_shows_service_order_and_warranty(self):
        repair = self._new_repair(self.order, [
            (self.part_filter, 1, {"crm_warranty": True, "crm_warranty_reason": "Seal defect"}),
        ])
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "repair.action_report_repair_order", repair.ids
        )
        html = html.decode()
        self.assertIn(self.order.name, html)
        self.assertIn("Seal defect", html)
