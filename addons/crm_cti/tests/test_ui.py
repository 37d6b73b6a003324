# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from unittest.mock import patch

from odoo import fields
from odoo.addons.bus.tests.common import WebsocketCase
from odoo.sql_db import TestCursor
from odoo.tests import tagged

from .common import CrmCtiCommon


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiScreenPopTour(CrmCtiCommon, WebsocketCase):
    def _start_tour_with_pbx(self, url, tour, login):
        """Start ``tour``; its steps post PBX events with the PBX's id and token
        (``window.crmCtiTour``) and get the bus notifications these send.

        The test cursor drops post-commit hooks, and with them the NOTIFY with
        which the bus wakes the websockets up once the notifications are stored:
        run them when a request "commits", as a real commit does, so that the
        notification truly travels PBX request -> bus -> websocket -> browser.
        """
        original_commit = TestCursor.commit

        def commit(cursor):
            cursor.flush()  # pre-commit hooks: the bus.bus rows
            cursor.postcommit.run()
            return original_commit(cursor)

        self.startPatcher(patch.object(TestCursor, "commit", commit))
        params = {"pbx_id": self.pbx.id, "token": self.token, "number": "+86 10 6243 6040"}
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False, "startUrl": url}
        self.start_tour(
            url,
            tour,
            login=login,
            code=f"window.crmCtiTour = {json.dumps(params)}; "
            f"odoo.startTour({tour!r}, {json.dumps(options)})",
        )

    def test_screen_pop_tour(self):
        """An incoming call's event posted by the PBX pops the caller's card in the
        ringing agent's browser, over the bus's websocket; a click opens the
        customer's form."""
        self.env["crm.cti.call"].create(
            {
                "number": "010-6243-6040",
                "user_id": self.agent.id,
                "date_ring": "2026-03-01 01:00:00",
                "date_answer": "2026-03-01 01:00:05",
                "date_end": "2026-03-01 01:02:00",
            }
        )
        self._start_tour_with_pbx("/odoo", "crm_cti_screen_pop", "cti_agent")
        call = self.env["crm.cti.call"].search(
            [("pbx_id", "=", self.pbx.id), ("pbx_call_ref", "=", "tour-call-1")]
        )
        self.assertEqual(call.partner_id, self.partner)
        self.assertIn(self.agent, call.ringing_user_ids)
        self.assertEqual(self.agent.cti_status, "available")

    def test_click_to_dial_tour(self):
        """The dial button of a phone field and the systray's dial pad both ask
        the PBX to place the call; the outbound call is logged on the customer."""
        placed = []

        def originate(pbx, call):
            placed.append(call.number)

        Pbx = type(self.env["crm.cti.pbx"])
        self.startPatcher(patch.object(Pbx, "_cti_originate", originate))
        self.start_tour(
            f"/odoo/res.partner/{self.partner.id}", "crm_cti_click_to_dial", login="cti_agent"
        )
        self.assertEqual(placed, ["010-6243-6040", "13800138000"])
        calls = self.env["crm.cti.call"].search(
            [("user_id", "=", self.agent.id), ("direction", "=", "out")], order="id"
        )
        self.assertEqual(calls.mapped("number"), ["010-6243-6040", "13800138000"])
        self.assertEqual(calls[0].partner_id, self.partner)

    def test_agent_board_tour(self):
        self.agent.with_user(self.agent).cti_set_status("available")
        self.agent2.with_user(self.agent2).cti_set_status("offline")
        self._start_tour_with_pbx(
            "/odoo/action-crm_cti.crm_cti_agent_board_action", "crm_cti_agent_board", "cti_manager"
        )

    def test_pop_url_tour(self):
        self.start_tour("/crm_cti/pop?number=0755-8888-1234", "crm_cti_pop_url", login="cti_agent")

    def test_statistics_tour(self):
        self.env["crm.cti.call"].create(
            {
                "number": "010-6243-6040",
                "user_id": self.agent.id,
                "date_ring": fields.Datetime.now(),
            }
        )
        self.start_tour(
            "/odoo/action-crm_cti.crm_cti_agent_stat_action",
            "crm_cti_statistics",
            login="cti_manager",
        )
