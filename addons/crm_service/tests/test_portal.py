# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .aftercare_common import ServiceAftercareCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServicePortal(ServiceAftercareCommon, HttpCase):
    """The portal boundary, tried by a customer of company X against company Y."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_x = cls._aftercare_order(cls.contact_x, description="<p>X pump noise</p>")
        cls.order_y = cls._aftercare_order(cls.customer_y, description="<p>Y secret valve</p>")
        cls.order_x.message_post(
            body="Internal: customer X is late paying", subtype_xmlid="mail.mt_note"
        )
        cls.order_x.message_post(
            body="We will come on Monday",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        cls.attachment_y = cls.env["ir.attachment"].create(
            {
                "name": "y-drawing.txt",
                "raw": b"Y confidential drawing",
                "res_model": "crm.service.order",
                "res_id": cls.order_y.id,
            }
        )
        cls.order_y.message_post(body="Drawing", attachment_ids=cls.attachment_y.ids)

    # ------------------------------------------------------------
    # Own company
    # ------------------------------------------------------------

    def test_rules_give_portal_user_own_company_only(self):
        Order = self.env["crm.service.order"].with_user(self.portal_x)
        self.assertEqual(Order.search([]), self.order_x)
        with self.assertRaises(AccessError):
            self.order_y.with_user(self.portal_x).read(["name"])
        with self.assertRaises(AccessError):
            self.order_x.with_user(self.portal_x).write({"description": "hacked"})

    def test_list_and_counter(self):
        self.authenticate("portal_x", "portal_x")
        page = self.url_open("/my/service")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order_x.name, page.text)
        self.assertNotIn(self.order_y.name, page.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["service_count"]})
        self.assertEqual(counters["service_count"], 1)
        page = self.url_open("/my/service?filterby=open&sortby=name")
        self.assertIn(self.order_x.name, page.text)

    def test_detail_page_without_internal_note(self):
        self.authenticate("portal_x", "portal_x")
        page = self.url_open(f"/my/service/{self.order_x.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order_x.name, page.text)
        self.assertIn("X pump noise", page.text)
        self.assertNotIn("late paying", page.text)
        # the chatter the page loads: the comment, never the internal note
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "crm.service.order",
                "thread_id": self.order_x.id,
                "token": self.order_x.access_token,
            },
        )
        bodies = " ".join(m["body"] for m in fetched["data"]["mail.message"])
        self.assertIn("We will come on Monday", bodies)
        self.assertNotIn("late paying", bodies)

    def test_access_token_link_for_public(self):
        url = self.order_x.get_portal_url()
        self.assertIn("access_token=", url)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order_x.name, page.text)
        wrong = self.url_open(
            f"/my/service/{self.order_x.id}?access_token=nope", allow_redirects=False
        )
        self.assertEqual(wrong.status_code, 303)

    def test_portal_post_message_own(self):
        self.authenticate("portal_x", "portal_x")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.service.order",
                "thread_id": self.order_x.id,
                "post_data": {"body": "It is leaking again", "message_type": "comment"},
            },
        )
        self.assertTrue(
            self.order_x.message_ids.filtered(
                lambda m: "It is leaking again" in (m.body or "") and m.author_id == self.contact_x
            )
        )

    def test_new_request(self):
        self.authenticate("portal_x", "portal_x")
        page = self.url_open("/my/service/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/my/service/new",
            data={"csrf_token": token, "subject": "Display dead", "description": "Since Monday"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        order = self.env["crm.service.order"].search(
            [("commercial_partner_id", "=", self.customer_x.id), ("id", "!=", self.order_x.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.channel, "portal")
        self.assertEqual(order.partner_id, self.contact_x)
        self.assertIn("Display dead", order.description)
        self.assertIn(self.contact_x, order.message_partner_ids)
        self.assertTrue(response.headers["Location"].endswith(f"/my/service/{order.id}"))
        # invalid: nothing created, message shown
        response = self.url_open(
            "/my/service/new", data={"csrf_token": token, "subject": "x" * 300}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 200 characters", response.text)

    # ------------------------------------------------------------
    # Attacker: portal user of X against Y's order
    # ------------------------------------------------------------

    def test_attacker_opens_other_order(self):
        self.authenticate("portal_x", "portal_x")
        response = self.url_open(f"/my/service/{self.order_y.id}", allow_redirects=False)
        self.assertIn(response.status_code, (303, 403, 404))
        self.assertNotIn("Y secret valve", response.text)
        followed = self.url_open(f"/my/service/{self.order_y.id}")
        self.assertNotIn("Y secret valve", followed.text)
        self.assertNotIn(self.order_y.name, followed.text)

    def test_attacker_guesses_attachment(self):
        self.authenticate("portal_x", "portal_x")
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_attachment"):
            response = self.url_open(f"/web/content/{self.attachment_y.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("confidential", response.text)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/web/content/{self.attachment_y.id}?download=true")
        self.assertNotIn("confidential", response.text)
        self.assertNotEqual(
            base64.b64encode(b"Y confidential drawing").decode(), response.text.strip()
        )

    def test_attacker_json_rpc(self):
        self.authenticate("portal_x", "portal_x")
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "crm.service.order",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["name", "partner_id", "description"]},
            },
        )
        self.assertEqual([row["id"] for row in rows], self.order_x.ids)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "crm.service.order",
                    "method": "read",
                    "args": [self.order_y.ids, ["name", "description"]],
                    "kwargs": {},
                },
            )
        # attachments: portal users have no access to the model at all
        status, answer = self._raw_jsonrpc(
            "/web/dataset/call_kw",
            {
                "model": "ir.attachment",
                "method": "search_read",
                "args": [[("res_model", "=", "crm.service.order")]],
                "kwargs": {"fields": ["name"]},
            },
        )
        self.assertNotIn(self.attachment_y.id, [row["id"] for row in answer.get("result") or []])
        self.assertTrue(status != 200 or "error" in answer)

    def _raw_jsonrpc(self, route, params):
        """The decoded answer, errors included (make_jsonrpc_request raises)."""
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}),
                headers={"Content-Type": "application/json"},
            )
        return response.status_code, (response.json() if response.status_code == 200 else {})

    def test_attacker_posts_on_other_order(self):
        self.authenticate("portal_x", "portal_x")
        for body, extra in (
            ("Injected by X", {}),
            # X's own valid token on Y's id
            ("Injected again", {"token": self.order_x._portal_ensure_token()}),
        ):
            status, answer = self._raw_jsonrpc(
                "/mail/message/post",
                {
                    "thread_model": "crm.service.order",
                    "thread_id": self.order_y.id,
                    "post_data": {"body": body, "message_type": "comment"},
                    **extra,
                },
            )
            self.assertTrue(status != 200 or "error" in answer, answer)
            self.assertFalse(
                self.order_y.message_ids.filtered(lambda m, body=body: body in (m.body or ""))
            )
