# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.crm_leads.controllers.main import MAX_BODY_SIZE
from odoo.addons.crm_leads.models.crm_lead_form import HONEYPOT_FIELD
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .aftercare_common import ServiceAftercareCommon

ORIGIN = "https://www.example.com"
SUBMIT = "/crm_service/request/submit"


@tagged("post_install", "-at_install", "crm_service")
class TestServiceRequestForm(ServiceAftercareCommon, HttpCase):
    """The public request form, with crm_leads' web-to-lead protections."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.form = cls.env.ref("crm_service.crm_lead_form_service_request")
        cls.form.allowed_origins = ORIGIN

    def _post(self, origin=ORIGIN, **values):
        data = {
            "contact_name": "Zhang Wei",
            "email": "zhang.wei@newcustomer.example",
            "phone": "",
            "product": "Pump P-200",
            "serial": "SN-0042",
            "description": "The pump stops after a minute.",
            **values,
        }
        headers = {"Origin": origin} if origin else {}
        with mute_logger("odoo.addons.crm_service.controllers.main"):
            return self.url_open(SUBMIT, data=data, headers=headers, allow_redirects=False)

    def _web_orders(self):
        return self.env["crm.service.order"].search([("channel", "=", "web")])

    def test_page_renders(self):
        page = self.url_open("/crm_service/request")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'name="{HONEYPOT_FIELD}"', page.text)
        self.assertIn('action="/crm_service/request/submit"', page.text)

    def test_good_request_creates_order_and_contact(self):
        response = self._post()
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/crm_service/request/thanks"))
        order = self._web_orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id.email, "zhang.wei@newcustomer.example")
        self.assertEqual(order.partner_id.name, "Zhang Wei")
        self.assertIn("SN-0042", order.description)
        self.assertEqual(
            order.create_uid, self.env.ref("crm_service.user_crm_service_request_robot")
        )
        self.assertEqual(self.url_open(response.headers["Location"]).status_code, 200)

    def test_markup_is_escaped(self):
        self._post(description="<script>alert(1)</script>")
        self.assertNotIn("<script>", self._web_orders().description)

    def test_existing_and_unknown_email_same_answer(self):
        known = self._post(email="office@yantai.example")
        unknown = self._post(email="nobody@nowhere.example")
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known.headers["Location"], unknown.headers["Location"])
        self.assertEqual(known.text, unknown.text)
        orders = self._web_orders()
        self.assertEqual(len(orders), 2)
        # the known customer is found by crm_leads' e-mail key, not duplicated
        self.assertIn(self.customer_y, orders.partner_id)
        self.assertEqual(
            self.env["res.partner"].search_count([("email", "=", "office@yantai.example")]), 1
        )

    def test_existing_customer_found_by_phone(self):
        self.contact_y.phone = "+86 138 0013 9999"
        self._post(email="other@yantai.example", phone="13800139999")
        self.assertEqual(self._web_orders().partner_id, self.contact_y)

    def test_honeypot(self):
        response = self._post(**{HONEYPOT_FIELD: "http://spam.example"})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/crm_service/request/thanks"))
        self.assertFalse(self._web_orders())

    def test_validation_messages(self):
        response = self._post(email="not-an-email", contact_name="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please enter a valid e-mail address.", response.text)
        self.assertIn("This field is required.", response.text)
        response = self._post(serial="S" * 61)
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 60 characters", response.text)
        self.assertFalse(self._web_orders())

    def test_rate_limit(self):
        for _index in range(self.form.rate_limit):
            self.assertEqual(self._post().status_code, 303)
        self.assertEqual(self._post().status_code, 429)
        self.assertEqual(len(self._web_orders()), self.form.rate_limit)

    def test_oversize(self):
        response = self._post(description="y" * (MAX_BODY_SIZE + 1024))
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._web_orders())

    def test_foreign_origin(self):
        response = self._post(origin="https://evil.example.net")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._web_orders())

    def test_crm_leads_endpoint_does_not_know_the_form(self):
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/crm/lead_form/{self.form.key}/submit",
                data={"contact_name": "x"},
                headers={"Origin": ORIGIN},
            )
        self.assertEqual(response.status_code, 404)
