# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The work order's parts and labour (needs the repair capability: repair_ids,
labour_ids, stock.move crm_warranty). Listed in tests/__init__.py once both are on
main."""

from odoo import Command
from odoo.tests import tagged

from .test_work_order_report import REPORT, WorkOrderReportCommon


@tagged("post_install", "-at_install", "crm_service")
class TestWorkOrderReportParts(WorkOrderReportCommon):
    def test_report_parts_labour_warranty_totals(self):
        order = self._order(self.partner_en)
        filter_part = self.env["product.product"].create({
            "name": "Pickup Roller RM1", "is_storable": True, "list_price": 30.0,
        })
        self.env["repair.order"].create({
            "crm_service_order_id": order.id,
            "product_id": order.product_id.id,
            "move_ids": [
                Command.create({
                    "product_id": filter_part.id,
                    "product_uom_qty": 2,
                    "repair_line_type": "add",
                }),
            ],
        })
        labour = self.env["crm.service.labour"].create([
            {"order_id": order.id, "user_id": self.tech.id, "hours": 1.5,
             "note": "Replaced rollers", "price_unit": 100.0},
            {"order_id": order.id, "user_id": self.tech.id, "hours": 0.5,
             "note": "Warranty check", "price_unit": 100.0, "crm_warranty": True,
             "crm_warranty_reason": "Defect within 1 year"},
        ])
        self.assertEqual(order.labour_ids, labour)
        labour[0].crm_warranty = False  # billable, although the equipment is under warranty
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(REPORT, order.ids)
        html = html.decode()
        self.assertIn('name="parts"', html)
        self.assertIn("Pickup Roller RM1", html)
        self.assertIn("Under warranty", html)
        self.assertIn('name="labour"', html)
        self.assertIn("Replaced rollers", html)
        self.assertIn("Defect within 1 year", html)
        self.assertIn("02:00", html, "total hours, as time")
        self.assertIn("150.00", html, "billable labour: the warranty hour is free")
