# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_service")
class TestCrmServiceUi(HttpCase):
    def test_service_order_flow_tour(self):
        """A technician records a request from the Service app, assigns and starts it."""
        tech = new_test_user(
            self.env,
            login="service_tour_tech",
            name="Tech Tour",
            groups="crm_service.group_crm_service_technician",
        )
        partner = self.env["res.partner"].create({"name": "Tour Service Customer"})
        problem = self.env["crm.service.problem.type"].create({"name": "Tour Breakdown"})
        self.start_tour("/odoo", "crm_service_order_flow", login="service_tour_tech")
        order = self.env["crm.service.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.problem_type_id, problem)
        self.assertEqual(order.stage_type, "in_progress")
        self.assertEqual(order.user_id, tech)
        self.assertTrue(order.name.startswith("SRV/"))

    def test_service_report_tour(self):
        """The analyses open in the browser: pivot, graph and list of the service
        analysis with its default filter, SLA compliance and escalations."""
        tech = new_test_user(
            self.env, login="service_report_tech", name="Tech Report",
            groups="crm_service.group_crm_service_technician",
        )
        team = self.env["crm.service.team"].create(
            {"name": "Report Team", "member_ids": [(6, 0, tech.ids)]}
        )
        partner = self.env["res.partner"].create({"name": "Report Customer"})
        self.env["crm.service.order"].create(
            {"partner_id": partner.id, "team_id": team.id, "user_id": tech.id}
        )
        self.start_tour("/odoo", "crm_service_report", login="service_report_tech")

    def test_service_repair_flow_tour(self):
        """Request -> auto-assigned -> part issued -> resolved -> invoiced in the
        browser, then rated by the customer from the e-mail link."""
        env = self.env
        if not env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
        ):
            env["account.chart.template"].try_loading(
                "generic_coa", company=env.company, install_demo=False
            )
        manager = new_test_user(
            env,
            login="service_tour_manager",
            name="Manager Tour",
            groups="crm_service.group_crm_service_manager,stock.group_stock_user,"
            "sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
        )
        tech = new_test_user(
            env,
            login="service_tour_wu",
            name="Tour Tech Wu",
            groups="crm_service.group_crm_service_technician",
        )
        # round the clock, so that routing finds the technician at work whatever
        # the day and hour the test runs
        calendar = env["resource.calendar"].create(
            {
                "name": "Tour 24/7",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(7)
                    for start, end, period in ((0.0, 12.0, "morning"), (12.0, 24.0, "afternoon"))
                ],
            }
        )
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        van = env["stock.location"].create(
            {
                "name": "Tour Van",
                "location_id": warehouse.lot_stock_id.id,
                "usage": "internal",
            }
        )
        team = env["crm.service.team"].create(
            {
                "name": "Tour Field Team",
                "leader_id": manager.id,
                "member_ids": [Command.set(tech.ids)],
                "resource_calendar_id": calendar.id,
                "stock_location_id": van.id,
            }
        )
        problem = env["crm.service.problem.type"].create(
            {
                "name": "Tour Pump Failure",
                "team_id": team.id,
                "resolution_required": True,
            }
        )
        root_cause = env["crm.service.root.cause"].create({"name": "Tour Worn Bearing"})
        department = env["hr.department"].create({"name": "Tour Workshop"})
        part = env["product.product"].create(
            {
                "name": "Tour Spare Filter",
                "is_storable": True,
                "list_price": 25.0,
                "standard_price": 10.0,
                "taxes_id": [Command.clear()],
            }
        )
        labour_product = env.ref("crm_service.product_product_service_labour")
        labour_product.taxes_id = [Command.clear()]
        env["stock.quant"]._update_available_quantity(part, van, 5)
        partner = env["res.partner"].create(
            {
                "name": "Tour Repair Customer",
                "email": "repair.customer@example.com",
            }
        )

        self.start_tour(
            "/odoo", "crm_service_repair_flow", login="service_tour_manager", timeout=240
        )

        order = env["crm.service.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(order), 1)
        # auto-assigned
        self.assertEqual(order.problem_type_id, problem)
        self.assertEqual(order.team_id, team)
        self.assertEqual(order.user_id, tech)
        self.assertEqual(order.stage_type, "resolved")
        self.assertEqual(order.root_cause_id, root_cause)
        self.assertEqual(order.department_id, department)
        # part issued from the van: Inventory's figure is the quant's
        repair = order.repair_ids
        self.assertEqual(repair.state, "done")
        self.assertEqual(repair.move_ids.location_id, van)
        self.assertEqual(repair.move_ids.state, "done")
        self.assertEqual(part.with_context(location=van.id).qty_available, 4)
        self.assertEqual(env["stock.quant"]._get_available_quantity(part, van, strict=True), 4)
        # invoiced: the part and 1.5 h of labour on one posted invoice
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        lines = {line.product_id: line for line in invoice.invoice_line_ids}
        self.assertEqual(set(lines), {part, labour_product})
        self.assertEqual((lines[part].quantity, lines[part].price_subtotal), (1.0, 25.0))
        self.assertEqual(lines[labour_product].quantity, 1.5)
        self.assertEqual(lines[labour_product].price_subtotal, 1.5 * labour_product.lst_price)
        self.assertEqual(invoice.amount_untaxed, 25.0 + 1.5 * labour_product.lst_price)
        # rated: the customer opens the link of the satisfaction e-mail, not logged in
        rating = env["rating.rating"].search(
            [("res_model", "=", order._name), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(rating), 1)
        self.assertFalse(rating.consumed)
        self.authenticate(None, None)  # the tour left the manager's session on the opener
        page = self.url_open(f"/rate/{rating.access_token}/5")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/rate/{rating.access_token}/submit_feedback",
            data={"csrf_token": csrf, "rate": 5, "feedback": "Fixed in one visit"},
        )
        self.assertEqual(response.status_code, 200)
        rating.invalidate_recordset()
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.feedback, "Fixed in one visit")
        order.invalidate_recordset()
        self.assertEqual(order.rating_last_value, 5)
