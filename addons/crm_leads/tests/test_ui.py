# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_leads")
class TestCrmLeadsUi(HttpCase):
    def test_customer_master_tour(self):
        """Create a customer from the Customer Master menu; its phone key is stored."""
        self.env.company.country_id = self.env.ref("base.cn")
        self.start_tour("/odoo", "crm_leads_customer_master", login="admin")
        partner = self.env["res.partner"].search([("name", "=", "Tour Customer Ltd")])
        self.assertEqual(partner.phone_e164, "+861062436040")
        self.assertTrue(partner.is_company)
