# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.addons.bus.tests.common import WebsocketCase
from odoo.tests import tagged

from .common import CrmCtiCommon

try:
    from websocket import WebSocketTimeoutException
except ImportError:  # WebsocketCase skips itself without websocket-client
    WebSocketTimeoutException = TimeoutError


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiWebsocket(CrmCtiCommon, WebsocketCase):
    def _connect(self, user):
        session = self.authenticate(user.login, user.login)
        self.session = None  # keep this session when the next agent authenticates
        websocket = self.websocket_connect(cookie=f"session_id={session.sid};")
        self.subscribe(websocket, [], self.env["bus.bus"]._bus_last_id())
        return websocket

    def _received(self, websocket, timeout):
        """Notification types the websocket receives within ``timeout`` seconds."""
        websocket.settimeout(timeout)
        types = []
        try:
            while True:
                types += [n["message"]["type"] for n in json.loads(websocket.recv())]
        except WebSocketTimeoutException:
            return types

    def test_ringing_reaches_only_the_ringing_agent(self):
        ws_agent = self._connect(self.agent)
        ws_other = self._connect(self.agent2)
        event = {"event": "ringing", "call_id": "ws-1", "from": "13800138000", "extension": "801"}
        response = self.url_open(
            f"/crm_cti/v1/events/{self.pbx.id}",
            data=json.dumps(event),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        # read before dispatching: the websocket threads share the test cursor then
        call = self._call("ws-1")
        self.trigger_notification_dispatching([self.agent.partner_id, self.agent2.partner_id])
        ws_agent.settimeout(5)
        notifications = json.loads(ws_agent.recv())
        ringing = [n["message"] for n in notifications if n["message"]["type"] == "crm_cti/ringing"]
        self.assertEqual(len(ringing), 1)
        self.assertEqual(ringing[0]["payload"]["call_id"], call.id)
        self.assertEqual(ringing[0]["payload"]["partner_id"], self.partner.id)
        self.assertNotIn("crm_cti/ringing", self._received(ws_other, 1))
