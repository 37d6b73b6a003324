# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import hmac
import json
import time

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..controllers.main import MAX_BODY_SIZE
from .common import CrmCtiCommon

RING = {
    "event": "ringing",
    "call_id": "http-1",
    "from": "010 6243 6040",
    "to": "4008",
    "extension": "801",
    "time": "2026-03-02T09:00:00+00:00",
}


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiEndpoint(CrmCtiCommon, HttpCase):
    def _post(self, body, token=None, headers=None, pbx=None):
        pbx = pbx or self.pbx
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"}
        if token is not False:
            all_headers["Authorization"] = f"Bearer {token or self.token}"
        all_headers.update(headers or {})
        return self.url_open(f"/crm_cti/v1/events/{pbx.id}", data=data, headers=all_headers)

    def _signed(self, body, stamp=None, token=None):
        data = json.dumps(body).encode()
        stamp = str(int(stamp if stamp is not None else time.time()))
        key = hashlib.sha256((token or self.token).encode()).hexdigest().encode()
        signature = hmac.new(key, stamp.encode() + b"." + data, hashlib.sha256).hexdigest()
        return data, {"X-CRM-Timestamp": stamp, "X-CRM-Signature": signature}

    def _assert_error(self, response, status, code):
        self.assertEqual(response.status_code, status, response.text)
        answer = response.json()
        self.assertFalse(answer["ok"])
        self.assertEqual(answer["error"]["code"], code)
        self.assertTrue(answer["error"]["message"])

    def _nothing_changed(self):
        self.assertFalse(self._call("http-1"))
        self.assertFalse(self.env["crm.cti.event"].search([("pbx_id", "=", self.pbx.id)]))

    def test_post_one_event_then_duplicate(self):
        response = self._post(RING)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            response.json(),
            {"ok": True, "results": [{"index": 0, "call_id": "http-1", "status": "applied"}]},
        )
        call = self._call("http-1")
        self.assertEqual(call.partner_id, self.partner)
        self.assertEqual(call.user_id, self.agent)
        self.assertEqual(call.create_uid, self.env.ref("crm_cti.user_crm_cti_robot"))
        response = self._post({"events": [RING, dict(RING, event="hangup")]})
        self.assertEqual(
            [r["status"] for r in response.json()["results"]], ["duplicate", "applied"]
        )
        self.assertEqual(call.outcome, "missed")

    @mute_logger("odoo.addons.crm_cti.controllers.main", "odoo.http")
    def test_refusals_change_nothing(self):
        self._assert_error(self._post(RING, token=False), 401, "bad_token")
        self._assert_error(self._post(RING, token="x" * 43), 401, "bad_token")
        self._assert_error(self._post(RING, pbx=self.pbx.copy({"name": "Other"})), 401, "bad_token")
        self._assert_error(self._post(b"{not json"), 400, "bad_json")
        self._assert_error(self._post(b"\xff\xfe"), 400, "bad_json")
        self._assert_error(self._post([RING, {"event": "boom", "call_id": "x"}]), 400, "bad_event")
        self._assert_error(self._post({"hello": 1}), 400, "bad_event")
        big = json.dumps([RING] * (MAX_BODY_SIZE // 100)).encode()
        self.assertGreater(len(big), MAX_BODY_SIZE)
        self._assert_error(self._post(big), 413, "too_large")
        self.pbx.active = False
        self._assert_error(self._post(RING), 401, "bad_token")
        self._nothing_changed()

    def test_get_is_refused(self):
        response = self.url_open(f"/crm_cti/v1/events/{self.pbx.id}")
        self.assertEqual(response.status_code, 405)

    @mute_logger("odoo.addons.crm_cti.controllers.main", "odoo.http")
    def test_signatures(self):
        self.pbx.hmac_required = True
        self._assert_error(self._post(RING), 401, "bad_signature")
        data, headers = self._signed(RING)
        headers["X-CRM-Signature"] = "0" * 64
        self._assert_error(self._post(data, headers=headers), 401, "bad_signature")
        data, headers = self._signed(RING, stamp=time.time() - 3600)
        self._assert_error(self._post(data, headers=headers), 401, "stale_timestamp")
        data, headers = self._signed(RING, stamp=time.time() + 3600)
        self._assert_error(self._post(data, headers=headers), 401, "stale_timestamp")
        # signed with another key (the clear token instead of its hash)
        data = json.dumps(RING).encode()
        stamp = str(int(time.time()))
        wrong = hmac.new(self.token.encode(), stamp.encode() + b"." + data, hashlib.sha256)
        headers = {"X-CRM-Timestamp": stamp, "X-CRM-Signature": wrong.hexdigest()}
        self._assert_error(self._post(data, headers=headers), 401, "bad_signature")
        self._nothing_changed()
        data, headers = self._signed(RING)
        response = self._post(data, headers=headers)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(self._call("http-1"))

    @mute_logger("odoo.addons.crm_cti.controllers.main", "odoo.http")
    def test_optional_signature_is_checked_when_sent(self):
        data, headers = self._signed(RING)
        headers["X-CRM-Signature"] = "f" * 64
        self._assert_error(self._post(data, headers=headers), 401, "bad_signature")
        data, headers = self._signed(RING)
        self.assertEqual(self._post(data, headers=headers).status_code, 200)

    # ------------------------------------------------------------
    # LOOKUP
    # ------------------------------------------------------------

    def _lookup(self, number, token=None, pbx=None):
        pbx = pbx or self.pbx
        return self.url_open(
            f"/crm_cti/v1/lookup/{pbx.id}?number={number}",
            headers={"Authorization": f"Bearer {token or self.token}"},
        )

    def test_lookup_returns_only_the_allowed_fields(self):
        answer = self._lookup("%2B8613800138000").json()
        self.assertEqual(
            answer, {"ok": True, "match": "partner", "count": 1, "owner_extension": None}
        )
        # the owner (Agent Liu, 801) is signed in and available: the PBX may ring them
        self.agent.with_user(self.agent).cti_set_status("available")
        answer = self._lookup("010-6243-6040").json()
        self.assertEqual(answer["owner_extension"], "801")
        self.agent.with_user(self.agent).cti_set_status("busy")
        self.assertIsNone(self._lookup("01062436040").json()["owner_extension"])
        self.assertEqual(
            self._lookup("021 9999 0000").json(),
            {"ok": True, "match": "none", "count": 0, "owner_extension": None},
        )
        self.assertEqual(self._lookup("anonymous").json()["match"], "none")

    def test_lookup_leads_and_company(self):
        self.env["crm.lead"].create({"name": "Enquiry", "phone": "021 5555 1234", "user_id": False})
        answer = self._lookup("+86 21 5555 1234".replace(" ", "%20").replace("+", "%2B")).json()
        self.assertEqual((answer["match"], answer["count"]), ("lead", 1))
        # a PBX of another company does not see company A's own customers
        self.partner.company_id = self.env.company
        company_b = self.env["res.company"].create({"name": "B", "country_id": self.country_cn.id})
        pbx_b = self.env["crm.cti.pbx"].create({"name": "B PBX", "company_id": company_b.id})
        token_b = pbx_b._cti_set_new_token()
        self.assertEqual(
            self._lookup("13800138000", token=token_b, pbx=pbx_b).json()["match"], "none"
        )

    def test_lookup_by_json_post(self):
        response = self.url_open(
            f"/crm_cti/v1/lookup/{self.pbx.id}",
            data=json.dumps({"number": "+86 138 0013 8000"}),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["match"], "partner")

    @mute_logger("odoo.addons.crm_cti.controllers.main", "odoo.http")
    def test_lookup_refusals(self):
        self._assert_error(self._lookup("13800138000", token="nope"), 401, "bad_token")
        self._assert_error(self._lookup(""), 400, "bad_number")

    def test_lookup_queries(self):
        Pbx = self.env["crm.cti.pbx"]
        self.agent.with_user(self.agent).cti_set_status("available")
        self.env.flush_all()
        # one query authenticates the PBX, one matches the number and its owner
        with self.assertQueryCount(2):
            row = Pbx._cti_lookup_auth(self.pbx.id, self.token)
            answer = Pbx._cti_lookup(row, "13800138000")
        self.assertEqual(answer["owner_extension"], "801")
        with self.assertQueryCount(1):
            self.assertIsNone(Pbx._cti_lookup_auth(self.pbx.id, "wrong"))
