# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from urllib.parse import parse_qs, urlsplit

from odoo.tests import HttpCase, tagged

from .test_caller_card import CrmCtiCardCommon


@tagged("post_install", "-at_install", "crm_cti")
class TestScreenPopRoutes(CrmCtiCardCommon, HttpCase):
    def _card(self, login, call):
        self.authenticate(login, login)
        return self.make_jsonrpc_request("/crm_cti/card", {"call_id": call.id})

    def test_card_for_ringing_agent(self):
        data = self._card("cti_agent", self.ringing)
        self.assertTrue(data["ok"])
        self.assertEqual([card["id"] for card in data["cards"]], [self.partner.id])
        self.assertEqual(data["cards"][0]["name"], "Beijing Acme Co., Ltd.")
        self.assertIn("calls", [s["key"] for s in data["cards"][0]["sections"]])

    def test_card_never_shows_unreadable_customer(self):
        """Agent Ma's extension rang, Ma may not read the customer: an unknown
        caller with the new-lead values, no name, no section."""
        data = self._card("cti_agent2", self.ringing)
        self.assertTrue(data["ok"])
        self.assertEqual(data["cards"], [])
        self.assertNotIn("Acme", str(data))
        self.assertEqual(data["new_lead"]["default_phone"], "+861062436040")

    def test_card_of_a_call_not_rung_here(self):
        """A call that neither rang for the agent nor is readable by them gives
        nothing (not even whether the number is known)."""
        third = self.env["res.users"].create(
            {
                "name": "Agent Sun",
                "login": "cti_agent3",
                "password": "cti_agent3",
                "groups_id": [(6, 0, [self.env.ref("crm_cti.group_crm_cti_agent").id])],
            }
        )
        self.assertTrue(third)
        data = self._card("cti_agent3", self.past_calls[0])
        self.assertEqual(data, {"ok": False, "error": "not_yours"})
        self.assertEqual(self._card("cti_agent3", self.ringing.browse(10**8))["ok"], False)

    def test_pop_url_redirects(self):
        self.authenticate("cti_agent", "cti_agent")
        response = self.url_open("/crm_cti/pop?number=%2B861062436040", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            urlsplit(response.headers["Location"]).path, f"/odoo/res.partner/{self.partner.id}"
        )
        # unknown number: the client action prefilled with it
        response = self.url_open("/crm_cti/pop?number=0755-8888-1234", allow_redirects=False)
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, "/odoo/crm-cti-pop")
        self.assertEqual(parse_qs(location.query), {"number": ["0755-8888-1234"]})

    def test_pop_url_needs_login(self):
        response = self.url_open("/crm_cti/pop?number=010-6243-6040", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
