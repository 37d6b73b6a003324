# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_service")
class TestCrmServiceUi(HttpCase):
    def test_service_order_flow_tour(self):
        """A technician records a request from the Service app, assigns and starts it."""
        tech = new_test_user(
            self.env, login="service_tour_tech", name="Tech Tour",
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
