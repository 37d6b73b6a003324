# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

from odoo.addons.crm_cti.tools import originate
from odoo.addons.crm_cti.tools.originate import OriginateError, http_originate
from odoo.tests import BaseCase, tagged


class ProviderApi:
    """A click-to-dial HTTP API on loopback: records requests, answers ``status``."""

    def __init__(self, status=200, answer=b'{"result": "queued"}'):
        self.status = status
        self.answer = answer
        self.requests = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                api.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(api.answer)))
                self.end_headers()
                self.wfile.write(api.answer)

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


VARIABLES = {
    "call_id": "42",
    "extension": "801",
    "number": '+86 10 6512 "3456"&x=1',
    "user_login": "liu",
    "user_name": "Agent Liu",
}


@tagged("post_install", "-at_install", "crm_cti")
class TestOriginateHttp(BaseCase):
    """The generic HTTP provider of click-to-dial against a loopback API."""

    def _api(self, **kwargs):
        api = ProviderApi(**kwargs)
        self.addCleanup(api.close)
        return api

    def test_json_body_is_escaped(self):
        api = self._api()
        status, answer = http_originate(
            {
                "url": api.url + "/api/dial",
                "method": "POST",
                "body": '{"from": "${extension}", "to": "${number}", "ref": "${call_id}"}',
                "headers": "Authorization: Bearer k3y\nX-Agent: ${user_login}",
            },
            VARIABLES,
            timeout=2,
        )
        self.assertEqual((status, json.loads(answer)), (200, {"result": "queued"}))
        (req,) = api.requests
        self.assertEqual(req["method"], "POST")
        self.assertEqual(req["path"], "/api/dial")
        self.assertEqual(
            json.loads(req["body"]),
            {"from": "801", "to": VARIABLES["number"], "ref": "42"},
            "a quote or an ampersand in a value cannot break the JSON",
        )
        self.assertEqual(req["headers"]["Authorization"], "Bearer k3y")
        self.assertEqual(req["headers"]["X-Agent"], "liu")
        self.assertEqual(req["headers"]["Content-Type"], "application/json")

    def test_url_values_are_percent_encoded(self):
        api = self._api()
        http_originate(
            {
                "url": api.url + "/dial?ext=${extension}&to=${number}&name=${user_name}",
                "method": "GET",
            },
            VARIABLES,
            timeout=2,
        )
        (req,) = api.requests
        self.assertEqual(req["method"], "GET")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(req["path"]).query)
        self.assertEqual(
            query,
            {"ext": ["801"], "to": [VARIABLES["number"]], "name": ["Agent Liu"]},
            "the number's '&x=1' stays inside its parameter",
        )

    def test_form_body(self):
        api = self._api()
        http_originate(
            {"url": api.url + "/dial", "body": "ext=${extension}&to=${number}"},
            VARIABLES,
            timeout=2,
        )
        (req,) = api.requests
        self.assertEqual(req["headers"]["Content-Type"], "application/x-www-form-urlencoded")
        self.assertEqual(
            urllib.parse.parse_qs(req["body"].decode()),
            {"ext": ["801"], "to": [VARIABLES["number"]]},
        )

    def test_http_error_is_reported(self):
        api = self._api(status=500, answer=b"trunk down")
        with self.assertRaisesRegex(OriginateError, r"refused the call: HTTP 500 \(trunk down\)"):
            http_originate({"url": api.url + "/dial"}, VARIABLES, timeout=2)

    def test_refused_connection(self):
        probe = socket.create_server(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        start = time.monotonic()
        with self.assertRaisesRegex(OriginateError, "Cannot reach the telephone system"):
            http_originate({"url": f"http://127.0.0.1:{port}/dial"}, VARIABLES)
        self.assertLess(time.monotonic() - start, 5)

    def test_server_that_never_answers(self):
        server = socket.create_server(("127.0.0.1", 0))  # listens, never replies
        self.addCleanup(server.close)
        start = time.monotonic()
        with self.assertRaisesRegex(OriginateError, r"did not answer within 0\.5 s"):
            http_originate(
                {"url": f"http://127.0.0.1:{server.getsockname()[1]}/dial"},
                VARIABLES,
                timeout=0.5,
            )
        self.assertLess(time.monotonic() - start, 2)

    def test_timeout_is_capped(self):
        server = socket.create_server(("127.0.0.1", 0))  # listens, never replies
        self.addCleanup(server.close)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/dial"
        # The cap is 5 s; lowered here so that the test does not wait that long:
        # a configuration asking for a minute still gives up at the cap.
        start = time.monotonic()
        with patch.object(originate, "MAX_TIMEOUT", 0.3):
            with self.assertRaisesRegex(OriginateError, r"within 0\.3 s"):
                http_originate({"url": url}, VARIABLES, timeout=60)
        self.assertLess(time.monotonic() - start, 2)
        self.assertEqual(originate.MAX_TIMEOUT, 5.0)

    def test_configuration_errors(self):
        with self.assertRaisesRegex(OriginateError, r"Unknown placeholder \$\{phone\}"):
            http_originate({"url": "http://127.0.0.1/dial?to=${phone}"}, VARIABLES)
        with self.assertRaisesRegex(OriginateError, "is not an http"):
            http_originate({"url": "file:///etc/passwd"}, VARIABLES)
        with self.assertRaisesRegex(OriginateError, "Invalid line break"):
            http_originate(
                {"url": "http://127.0.0.1/dial", "headers": {"X-To": "${number}"}},
                {**VARIABLES, "number": "1\r\nX-Evil: 1"},
            )
