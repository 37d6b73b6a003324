# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import socket
import threading
import time

from odoo.addons.crm_cti.tools.ami import AmiClient, ami_queue_pause
from odoo.addons.crm_cti.tools.originate import OriginateError, ami_originate
from odoo.tests import BaseCase, tagged


def _message(pairs):
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return "".join(f"{key}: {value}\r\n" for key, value in items) + "\r\n"


class ScriptedAmi:
    """An Asterisk Manager Interface on loopback that follows a script.

    ``sessions[n]`` is what the n-th logged-in session plays once the client has
    its ``CoreShowChannels`` answer (the bridge asks for it right after the login):
    a list of event dicts, ``("sleep", seconds)`` and ``"disconnect"``.
    ``channels[n]`` are the ``CoreShowChannel`` events of that session.
    ``silent``: accept connections and never say a word.
    """

    def __init__(
        self,
        username="odoo",
        secret="s3cret",
        sessions=(),
        channels=(),
        silent=False,
        refuse=None,
    ):
        self.username = username
        self.secret = secret
        self.sessions = list(sessions)
        self.channels = list(channels)
        self.silent = silent
        self.refuse = refuse or {}  # action -> error message
        self.actions = []  # (session number, message dict)
        self.logins = 0
        self.connections = []
        self._closed = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def config(self):
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "username": self.username,
            "secret": self.secret,
        }

    def close(self):
        self._closed.set()
        self.server.close()
        for conn in self.connections:
            conn.close()  # closing a socket twice is harmless

    def _accept(self):
        while not self._closed.is_set():
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            if self.silent:
                self._closed.wait(30)
                return
            conn.sendall(b"Asterisk Call Manager/5.0.1\r\n")
            reader = AmiClient("127.0.0.1")
            reader.sock = conn
            session = None
            while not self._closed.is_set():
                try:
                    action = reader.read_message(timeout=30)
                except OriginateError:
                    return
                if action is None:
                    return
                self.actions.append((session, action))
                name = action.get("Action", "").lower()
                reply = {"ActionID": action.get("ActionID", "")}
                if name == "login":
                    if action.get("Username") == self.username and (
                        action.get("Secret") == self.secret
                    ):
                        session = self.logins
                        self.logins += 1
                        reply.update(Response="Success", Message="Authentication accepted")
                    else:
                        reply.update(Response="Error", Message="Authentication failed")
                    conn.sendall(_message(reply).encode())
                    continue
                if name == "logoff":
                    conn.sendall(_message({**reply, "Response": "Goodbye"}).encode())
                    return
                if session is None:
                    reply.update(Response="Error", Message="Permission denied")
                elif name in self.refuse:
                    reply.update(Response="Error", Message=self.refuse[name])
                elif name == "ping":
                    reply.update(Response="Success", Ping="Pong")
                elif name == "originate":
                    reply.update(Response="Success", Message="Originate successfully queued")
                elif name == "queuepause":
                    reply.update(Response="Success", Message="Interface paused successfully")
                elif name == "coreshowchannels":
                    reply.update(
                        Response="Success", EventList="start", Message="Channels will follow"
                    )
                    conn.sendall(_message(reply).encode())
                    chans = self.channels[session] if session < len(self.channels) else []
                    for chan in chans:
                        event = {"Event": "CoreShowChannel", "ActionID": reply["ActionID"]}
                        conn.sendall(_message({**event, **chan}).encode())
                    done = {
                        "Event": "CoreShowChannelsComplete",
                        "ActionID": reply["ActionID"],
                        "EventList": "Complete",
                        "ListItems": len(chans),
                    }
                    conn.sendall(_message(done).encode())
                    script = self.sessions[session] if session < len(self.sessions) else []
                    if self._play(conn, script):
                        return
                    continue
                else:
                    reply.update(Response="Error", Message="Invalid/unknown command")
                conn.sendall(_message(reply).encode())
        except OSError:
            return
        finally:
            conn.close()

    def _play(self, conn, script):
        """True when the script hangs up on the client."""
        for step in script:
            if step == "disconnect":
                conn.shutdown(socket.SHUT_RDWR)
                return True
            if isinstance(step, tuple) and step[0] == "sleep":
                time.sleep(step[1])
                continue
            conn.sendall(_message(step).encode())
        return False

    def wait_for(self, action, count=1, timeout=2.0):
        """The server reads in its own thread: wait (boundedly) for an action."""
        deadline = time.monotonic() + timeout
        while len(self.sent(action)) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.sent(action)

    def sent(self, action):
        return [msg for _session, msg in self.actions if msg.get("Action", "").lower() == action]


@tagged("post_install", "-at_install", "crm_cti")
class TestAmiTools(BaseCase):
    """Originate and queue pause over AMI against a scripted server on loopback."""

    def _server(self, **kwargs):
        server = ScriptedAmi(**kwargs)
        self.addCleanup(server.close)
        return server

    def _originate_config(self, server, **extra):
        return {
            **server.config,
            "channel": "PJSIP/${extension}",
            "context": "from-crm",
            "caller_id": "CRM <${extension}>",
            "variables": {"CRM_CALL_ID": "42"},
            **extra,
        }

    def test_originate_asks_asterisk_with_the_call_id(self):
        server = self._server()
        variables = {"extension": "801", "number": "01065123456", "call_id": "42"}
        response = ami_originate(self._originate_config(server), variables, timeout=2)
        self.assertEqual(response["Response"], "Success")
        (originate,) = server.sent("originate")
        self.assertEqual(originate["Channel"], "PJSIP/801")
        self.assertEqual(originate["Exten"], "01065123456")
        self.assertEqual(originate["Context"], "from-crm")
        self.assertEqual(originate["Async"], "true")
        self.assertEqual(originate["CallerID"], "CRM <801>")
        self.assertEqual(originate["Variable[]"], ["CRM_CALL_ID=42"])
        self.assertTrue(originate["ActionID"])
        self.assertEqual(len(server.wait_for("logoff")), 1, "the session is closed politely")

    def test_originate_caller_name_with_dollar(self):
        """The caller id is data (the agent's name), not a template to check."""
        server = self._server()
        ami_originate(
            self._originate_config(server, caller_id="Li $ Ma", exten="0101234$"),
            {"extension": "801", "number": "1"},
        )
        (originate,) = server.sent("originate")
        self.assertEqual((originate["CallerID"], originate["Exten"]), ("Li $ Ma", "0101234$"))

    def test_originate_refused_by_asterisk(self):
        server = self._server(refuse={"originate": "Extension does not exist."})
        with self.assertRaisesRegex(OriginateError, "refused Originate: Extension does not exist"):
            ami_originate(self._originate_config(server), {"extension": "801", "number": "1"})

    def test_login_failure(self):
        server = self._server(secret="other")
        with self.assertRaisesRegex(OriginateError, "refused the login of 'odoo'"):
            ami_originate(
                {**self._originate_config(server), "secret": "wrong"},
                {"extension": "801", "number": "1"},
            )
        self.assertFalse(server.sent("originate"))

    def test_connection_refused_is_quick(self):
        probe = socket.create_server(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()  # nothing listens there any more
        start = time.monotonic()
        with self.assertRaisesRegex(OriginateError, "Cannot connect .* 127.0.0.1"):
            ami_originate(
                {"host": "127.0.0.1", "port": port, "username": "u", "secret": "s"},
                {"extension": "801", "number": "1"},
            )
        self.assertLess(time.monotonic() - start, 5)

    def test_silent_server_times_out(self):
        server = self._server(silent=True)
        start = time.monotonic()
        with self.assertRaisesRegex(OriginateError, "did not answer in time"):
            ami_originate(
                self._originate_config(server), {"extension": "801", "number": "1"}, timeout=0.5
            )
        self.assertLess(time.monotonic() - start, 2)

    def test_not_an_ami_server(self):
        server = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(server.close)

        def http_like():
            conn, _addr = server.accept()
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()

        threading.Thread(target=http_like, daemon=True).start()
        with self.assertRaisesRegex(OriginateError, "is not an Asterisk Manager Interface"):
            ami_originate(
                {
                    "host": "127.0.0.1",
                    "port": server.getsockname()[1],
                    "username": "u",
                    "secret": "s",
                },
                {"extension": "801", "number": "1"},
                timeout=2,
            )

    def test_values_cannot_inject_ami_headers(self):
        server = self._server()
        with self.assertRaisesRegex(OriginateError, "Invalid line break"):
            ami_originate(
                self._originate_config(server),
                {"extension": "801", "number": "1\r\nAction: Command\r\nCommand: core stop now"},
            )
        self.assertFalse(server.sent("originate"))
        self.assertFalse(server.sent("command"))

    def test_queue_pause_and_unpause(self):
        server = self._server()
        ami_queue_pause(server.config, "PJSIP/801", True, queue="support", reason="acw")
        ami_queue_pause(server.config, "PJSIP/801", False)
        paused, unpaused = server.sent("queuepause")
        self.assertEqual(
            (paused["Interface"], paused["Paused"], paused["Queue"], paused["Reason"]),
            ("PJSIP/801", "true", "support", "acw"),
        )
        self.assertEqual(unpaused["Paused"], "false")
        self.assertNotIn("Queue", unpaused, "no queue: every queue of the member")

    def test_queue_pause_error(self):
        server = self._server(refuse={"queuepause": "Interface not found"})
        with self.assertRaisesRegex(OriginateError, "Interface not found"):
            ami_queue_pause(server.config, "PJSIP/899", True)
