# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import Form, freeze_time, tagged, users

from .common import CrmPipelineCommon


class CrmPipelineSaleCommon(CrmPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.warehouse2 = cls.env["stock.warehouse"].create(
            {"name": "Second Warehouse", "code": "WH2T"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Pump", "is_storable": True, "list_price": 150.0}
        )
        cls.product2 = cls.env["product.product"].create(
            {"name": "Valve", "is_storable": True, "list_price": 20.0}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Shanghai Pumps Ltd.", "is_company": True, "user_id": cls.pipeline_rep.id}
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring Fair"})

    @classmethod
    def _move_stock(cls, product, quantity, picking_type, location, location_dest, validate=True):
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": location.id,
                "location_dest_id": location_dest.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": location.id,
                            "location_dest_id": location_dest.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        if validate:
            picking.move_ids.quantity = quantity
            picking.move_ids.picked = True
            picking.button_validate()
        return picking

    def _new_opportunity(self, lines, **values):
        return self.env["crm.lead"].create(
            {
                "name": "Pumps for the new plant",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.env.user.id,
                "team_id": self.team.id,
                "crm_pipeline_line_ids": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
                **values,
            }
        )


@tagged("post_install", "-at_install", "crm_pipeline")
class TestLeadLines(CrmPipelineSaleCommon):
    @users("pipeline_rep")
    def test_lines_set_expected_revenue(self):
        lead = self._new_opportunity([(self.product, 2), (self.product2, 5)])
        line = lead.crm_pipeline_line_ids[0]
        self.assertEqual(line.price_unit, 150.0)
        self.assertEqual(line.product_uom_id, self.product.uom_id)
        self.assertEqual(lead.expected_revenue, 2 * 150.0 + 5 * 20.0)
        line.product_uom_qty = 4
        self.assertEqual(lead.expected_revenue, 4 * 150.0 + 5 * 20.0)
        # without lines, the amount typed by the rep stays
        manual = self._new_opportunity([], expected_revenue=999.0)
        self.assertEqual(manual.expected_revenue, 999.0)
        with Form(manual) as form:
            with form.crm_pipeline_line_ids.new() as new_line:
                new_line.product_id = self.product2
                new_line.product_uom_qty = 3
            self.assertEqual(form.expected_revenue, 60.0)
        self.assertEqual(manual.expected_revenue, 60.0)

    @users("pipeline_rep")
    def test_default_warehouse(self):
        lead = self._new_opportunity([(self.product, 1)])
        self.assertEqual(lead.warehouse_id, self.warehouse)
        # a lead without company gets no warehouse (no cross-company link)
        orphan = self.env["crm.lead"].create({"name": "No company", "company_id": False})
        self.assertFalse(orphan.warehouse_id)

    def test_stock_figures_match_stock(self):
        wh = self.warehouse
        supplier = self.env.ref("stock.stock_location_suppliers")
        customers = self.env.ref("stock.stock_location_customers")
        self._move_stock(self.product, 10, wh.in_type_id, supplier, wh.lot_stock_id)
        self._move_stock(self.product, 4, wh.in_type_id, supplier, wh.lot_stock_id, validate=False)
        self._move_stock(
            self.product, 3, wh.out_type_id, wh.lot_stock_id, customers, validate=False
        )
        self._move_stock(self.product, 2, wh.out_type_id, wh.lot_stock_id, customers)
        self._move_stock(
            self.product, 6, self.warehouse2.in_type_id, supplier, self.warehouse2.lot_stock_id
        )
        lead = self._new_opportunity(
            [(self.product, 1), (self.product2, 1)], user_id=self.pipeline_rep.id
        )
        lead_as_rep = lead.with_user(self.pipeline_rep)
        line = lead_as_rep.crm_pipeline_line_ids.filtered(lambda x: x.product_id == self.product)
        product = self.product.with_context(warehouse_id=wh.id)
        # on hand 10 - 2 delivered; 3 reserved; 4 more coming
        self.assertEqual(line.qty_available, 8.0)
        self.assertEqual(line.free_qty, 5.0)
        self.assertEqual(line.virtual_available, 9.0)
        self.assertEqual(line.qty_available, product.qty_available)
        self.assertEqual(line.free_qty, product.free_qty)
        self.assertEqual(line.virtual_available, product.virtual_available)
        self.assertEqual(
            lead_as_rep.crm_pipeline_line_ids.filtered(
                lambda x: x.product_id == self.product2
            ).qty_available,
            0.0,
        )
        # another warehouse, other figures
        lead_as_rep.warehouse_id = self.warehouse2
        product2 = self.product.with_context(warehouse_id=self.warehouse2.id)
        self.assertEqual(line.qty_available, 6.0)
        self.assertEqual(line.qty_available, product2.qty_available)
        self.assertEqual(line.virtual_available, product2.virtual_available)

    def test_stock_figures_query_count(self):
        """Figures of 1 or 10 lines cost the same number of queries (one stock
        computation per warehouse)."""
        products = self.env["product.product"].create(
            [{"name": f"Part {i}", "is_storable": True} for i in range(10)]
        )
        lead_one = self._new_opportunity([(products[0], 1)])
        lead_ten = self._new_opportunity([(product, 1) for product in products])

        def count_queries(lead):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            lead.crm_pipeline_line_ids.mapped("free_qty")
            return self.env.cr.sql_log_count - before

        # warm-up: registry caches (rules, locations), pending recomputations
        count_queries(lead_one)
        count_queries(lead_ten)
        self.assertEqual(count_queries(lead_one), count_queries(lead_ten))


@tagged("post_install", "-at_install", "crm_pipeline")
class TestLeadQuotation(CrmPipelineSaleCommon):
    @users("pipeline_rep")
    @freeze_time("2026-03-10 06:00:00")  # the same day in UTC and in the users' time zones
    def test_quotation_from_opportunity(self):
        lead = self._new_opportunity(
            [(self.product, 2), (self.product2, 5)], campaign_id=self.campaign.id
        )
        lead.crm_pipeline_line_ids[1].price_unit = 18.0
        action = lead.action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.opportunity_id, lead)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.team_id, self.team)
        self.assertEqual(order.user_id, self.pipeline_rep)
        self.assertEqual(order.campaign_id, self.campaign)
        self.assertEqual(order.warehouse_id, lead.warehouse_id)
        self.assertEqual(
            [(x.product_id, x.product_uom_qty, x.price_unit) for x in order.order_line],
            [(self.product, 2.0, 150.0), (self.product2, 5.0, 18.0)],
        )
        self.assertEqual(order.amount_untaxed, lead.expected_revenue)
        self.assertEqual(lead.quotation_count, 1)
        self.assertEqual(self.customer.sale_order_count, 1)
        order.action_confirm()
        lead.invalidate_recordset()
        self.assertEqual(lead.sale_order_count, 1)
        self.assertEqual(lead.quotation_count, 0)
        today = order.date_order.date()
        self.assertEqual(self.customer.crm_last_order_date, today)
        self.assertEqual(self.customer.crm_last_contact_date, today)


@tagged("post_install", "-at_install", "crm_pipeline")
class TestQuoteConflict(CrmPipelineSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.user_id = cls.pipeline_manager
        cls.env.company.crm_quote_conflict_days = 30

    def _quote(self, user, price, product=None):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "order_line": [
                        Command.create(
                            {"product_id": (product or self.product).id, "price_unit": price}
                        )
                    ],
                }
            )
        )

    def _conflict_activities(self, orders):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", orders.ids),
                ("summary", "ilike", "Price conflict"),
            ]
        )

    def test_conflict_notifies_both_reps_and_leader(self):
        with freeze_time("2026-03-01 10:00:00"):
            first = self._quote(self.pipeline_rep, 150.0)
        with freeze_time("2026-03-10 10:00:00"):
            same_price = self._quote(self.pipeline_rep2, 150.0)
            self.assertFalse(self._conflict_activities(first | same_price))
            second = self._quote(self.pipeline_rep2, 135.0)
        activities = self._conflict_activities(first | second)
        self.assertEqual(
            {(a.res_id, a.user_id) for a in activities},
            {
                (first.id, self.pipeline_rep),
                (second.id, self.pipeline_rep2),
                (second.id, self.pipeline_manager),
            },
        )
        self.assertIn(second.name, activities[0].note)

    def test_no_conflict_outside_window_or_same_rep(self):
        with freeze_time("2026-01-01 10:00:00"):
            old = self._quote(self.pipeline_rep, 150.0)
        with freeze_time("2026-03-10 10:00:00"):
            mine = self._quote(self.pipeline_rep, 150.0)
            own_change = self._quote(self.pipeline_rep, 120.0)
            late = self._quote(self.pipeline_rep2, 140.0, product=self.product2)
        self.assertFalse(self._conflict_activities(old | mine | own_change | late))
