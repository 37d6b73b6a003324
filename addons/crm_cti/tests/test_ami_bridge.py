# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.addons.crm_cti.bridge.ami_bridge import (
    AmiBridge,
    CallTracker,
    EventPoster,
    channel_extension,
)
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from .test_ami_tools import ScriptedAmi

TOKEN = "t0ken-of-the-pbx"


class EventSink:
    """Odoo's event endpoint on loopback: keeps what is posted; the first
    ``fail`` posts are answered 503, events named in ``reject`` 400 bad_event."""

    def __init__(self, fail=0, reject=()):
        self.fail = fail
        self.reject = set(reject)
        self.posts = []  # (path, headers, raw body)
        self.events = []  # accepted events, in order
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with sink.lock:
                    sink.posts.append((self.path, dict(self.headers), body))
                    events = json.loads(body)["events"]
                    if sink.fail > 0:
                        sink.fail -= 1
                        status, answer = 503, {"ok": False}
                    elif any(e["event_id"] in sink.reject for e in events):
                        status = 400
                        answer = {"ok": False, "error": {"code": "bad_event", "message": "no"}}
                    else:
                        sink.events.extend(events)
                        status = 200
                        answer = {
                            "ok": True,
                            "results": [
                                {"index": i, "call_id": e["call_id"], "status": "applied"}
                                for i, e in enumerate(events)
                            ],
                        }
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def wait(self, count, timeout=5.0):
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return [(e["event"], e["call_id"]) for e in self.events]


def ami(name, **fields):
    return {"Event": name, **fields}


# An inbound call from a mobile to the DID 010-6512-3456, rung on 801 and 802
CALLER = {"Channel": "PJSIP/trunk-00000001", "Uniqueid": "1700.1", "Linkedid": "1700.1"}
AGENT1 = {"DestChannel": "PJSIP/801-00000002", "DestUniqueid": "1700.2", "DestLinkedid": "1700.1"}
AGENT2 = {"DestChannel": "PJSIP/802-00000003", "DestUniqueid": "1700.3", "DestLinkedid": "1700.1"}
INBOUND_START = [
    ami("Newchannel", **CALLER, CallerIDNum="13800138000", Exten="01065123456"),
    ami("Newchannel", Channel="PJSIP/801-00000002", Uniqueid="1700.2", Linkedid="1700.1"),
    ami("Newchannel", Channel="PJSIP/802-00000003", Uniqueid="1700.3", Linkedid="1700.1"),
    ami("DialBegin", **CALLER, **AGENT1, DialString="801", Timestamp="1700000000.100"),
    ami("DialBegin", **CALLER, **AGENT2, DialString="802", Timestamp="1700000000.120"),
]
INBOUND_ANSWER = [
    ami("DialEnd", **CALLER, **AGENT2, DialStatus="CANCEL", Timestamp="1700000004.000"),
    ami("Hangup", Channel="PJSIP/802-00000003", Uniqueid="1700.3", Linkedid="1700.1", Cause="26"),
    ami("DialEnd", **CALLER, **AGENT1, DialStatus="ANSWER", Timestamp="1700000004.000"),
]
INBOUND_END = [
    ami("Hangup", Channel="PJSIP/801-00000002", Uniqueid="1700.2", Linkedid="1700.1", Cause="16"),
    ami("Hangup", **CALLER, Cause="16", Timestamp="1700000060.000"),
]


@tagged("post_install", "-at_install", "crm_cti")
class TestCallTracker(BaseCase):
    """AMI events -> endpoint events, without any I/O."""

    def feed(self, tracker, events):
        posted = []
        for event in events:
            posted += tracker.feed(event)
        return posted

    def test_extension_of_channels(self):
        self.assertEqual(channel_extension("PJSIP/801-0000001a"), "801")
        self.assertEqual(channel_extension("SIP/802-00000aB3"), "802")
        self.assertEqual(channel_extension("Local/803@from-queue-00000001;2"), "803")
        self.assertEqual(channel_extension(""), "")

    def test_inbound_call(self):
        tracker = CallTracker()
        hold = {"Channel": "PJSIP/801-00000002", "Linkedid": "1700.1"}
        posted = self.feed(
            tracker,
            INBOUND_START
            + INBOUND_ANSWER
            + [ami("Hold", **hold), ami("Unhold", **hold)]
            + INBOUND_END,
        )
        self.assertEqual(
            [(e["event"], e["extension"]) for e in posted],
            [
                ("ringing", "801"),
                ("ringing", "802"),
                ("answered", "801"),
                ("held", "801"),
                ("unheld", "801"),
                ("hangup", "801"),
            ],
        )
        ringing = posted[0]
        self.assertEqual(
            {k: ringing[k] for k in ("call_id", "direction", "from", "to", "time")},
            {
                "call_id": "1700.1",
                "direction": "in",
                "from": "13800138000",
                "to": "01065123456",
                "time": 1700000000.1,
            },
        )
        self.assertEqual(posted[-1]["time"], 1700000060.0, "AMI timestamps, UTC seconds")
        self.assertNotIn("cause", posted[-1], "an answered call ends without a cause")
        self.assertEqual(len({e["event_id"] for e in posted}), len(posted))
        self.assertFalse(tracker.calls, "an ended call is forgotten")

    def test_event_ids_are_stable(self):
        """The same AMI session replayed gives the same ids: Odoo keeps one copy."""
        first = self.feed(CallTracker(), INBOUND_START + INBOUND_ANSWER + INBOUND_END)
        again = self.feed(CallTracker(), INBOUND_START + INBOUND_ANSWER + INBOUND_END)
        self.assertEqual([e["event_id"] for e in first], [e["event_id"] for e in again])

    def test_busy_and_failed(self):
        posted = self.feed(
            CallTracker(),
            INBOUND_START[:4]
            + [
                ami("DialEnd", **CALLER, **AGENT1, DialStatus="BUSY"),
                ami("Hangup", Channel="PJSIP/801-00000002", Uniqueid="1700.2", Linkedid="1700.1"),
                ami("Hangup", Channel="PJSIP/802-00000003", Uniqueid="1700.3", Linkedid="1700.1"),
                ami("Hangup", **CALLER, Cause="17"),
            ],
        )
        self.assertEqual(posted[-1]["event"], "hangup")
        self.assertEqual(posted[-1]["cause"], "busy")
        failed = self.feed(
            CallTracker(),
            [
                ami("Newchannel", **CALLER, CallerIDNum="13800138000", Exten="01065123456"),
                ami("Hangup", **CALLER, Cause="34"),
            ],
        )
        self.assertEqual([(e["event"], e["cause"]) for e in failed], [("hangup", "failed")])

    def test_voicemail(self):
        posted = self.feed(
            CallTracker(),
            INBOUND_START[:4]
            + [
                ami("DialEnd", **CALLER, **AGENT1, DialStatus="NOANSWER"),
                ami("Hangup", Channel="PJSIP/801-00000002", Uniqueid="1700.2", Linkedid="1700.1"),
                ami("Hangup", Channel="PJSIP/802-00000003", Uniqueid="1700.3", Linkedid="1700.1"),
                ami("Newexten", **CALLER, Application="VoiceMail", AppData="801@default"),
                ami("Hangup", **CALLER, Cause="16"),
            ],
        )
        self.assertEqual(posted[-1]["cause"], "voicemail")

    def test_click_to_dial_keeps_the_crm_call_id(self):
        """Originate rings the agent first (PJSIP/801), whose dialplan then dials the
        customer: CRM_CALL_ID names the call record Odoo created beforehand."""
        agent = {"Channel": "PJSIP/801-00000010", "Uniqueid": "1800.1", "Linkedid": "1800.1"}
        trunk = {
            "DestChannel": "PJSIP/trunk-00000011",
            "DestUniqueid": "1800.2",
            "DestLinkedid": "1800.1",
        }
        tracker = CallTracker(recording_url="https://pbx.example.com/rec/${file}")
        posted = self.feed(
            tracker,
            [
                ami("Newchannel", **agent, CallerIDNum="801", Exten="s"),
                ami("VarSet", **agent, Variable="CRM_CALL_ID", Value="42"),
                ami("VarSet", **agent, Variable="MIXMONITOR_FILENAME", Value="/var/rec/a b.wav"),
                ami("DialBegin", **agent, **trunk, DialString="trunk/013800138000"),
                ami("DialEnd", **agent, **trunk, DialStatus="ANSWER"),
                ami("Hangup", Channel="PJSIP/trunk-00000011", Uniqueid="1800.2", Linkedid="1800.1"),
                ami("Hangup", **agent, Cause="16"),
            ],
        )
        self.assertEqual(
            [(e["event"], e["call_id"], e["direction"], e["extension"]) for e in posted],
            [
                ("ringing", "42", "out", "801"),
                ("answered", "42", "out", "801"),
                ("hangup", "42", "out", "801"),
                ("recording", "42", "out", "801"),
            ],
        )
        self.assertEqual((posted[0]["from"], posted[0]["to"]), ("801", "013800138000"))
        self.assertEqual(posted[-1]["recording_url"], "https://pbx.example.com/rec/a%20b.wav")

    def test_blind_transfer(self):
        posted = self.feed(
            CallTracker(),
            INBOUND_START
            + INBOUND_ANSWER
            + [
                ami(
                    "BlindTransfer",
                    Result="Success",
                    TransfererLinkedid="1700.1",
                    TransfereeLinkedid="1700.1",
                    Extension="803",
                )
            ],
        )
        self.assertEqual(posted[-1]["event"], "transferred")
        self.assertEqual(posted[-1]["transfer_to"], "803")

    def test_reconcile_after_reconnection(self):
        tracker = CallTracker()
        self.feed(tracker, INBOUND_START)  # ringing on 801 and 802, then AMI drops
        other = [ami("Newchannel", Channel="PJSIP/trunk-9", Uniqueid="1900.1", Linkedid="1900.1")]
        self.feed(tracker, other)
        posted = tracker.reconcile(
            [
                {"Channel": CALLER["Channel"], "Uniqueid": "1700.1", "Linkedid": "1700.1"},
                {
                    "Channel": "PJSIP/801-00000002",
                    "Uniqueid": "1700.2",
                    "Linkedid": "1700.1",
                    "ChannelState": "6",
                    "BridgeId": "b-1",
                },
            ],
            now=1700000010,
        )
        self.assertEqual(
            [(e["event"], e["call_id"]) for e in posted],
            [("hangup", "1900.1"), ("answered", "1700.1")],
            "the call that ended meanwhile is closed, the answer missed is caught up",
        )
        self.assertEqual(set(tracker.calls), {"1700.1"})


@tagged("post_install", "-at_install", "crm_cti")
class TestAmiBridge(BaseCase):
    """The bridge process' loop against a scripted AMI server and a loopback sink."""

    def setUp(self):
        super().setUp()
        self.sink = EventSink()
        self.addCleanup(self.sink.close)

    def start(self, server, sign=False, secret=None):
        poster = EventPoster(self.sink.url, 7, TOKEN, sign=sign, backoff=0.02).start()
        config = {**server.config, "secret": secret or server.secret}
        bridge = AmiBridge(config, poster, ping_interval=0.2, backoff=0.02)
        thread = threading.Thread(target=bridge.run, daemon=True)
        thread.start()

        def stop():
            bridge.stop()
            thread.join(2)
            poster.stop(2)

        self.addCleanup(stop)
        return bridge, poster

    @mute_logger("crm_cti.ami_bridge")
    def test_follow_a_call_across_a_disconnection(self):
        second = {"Channel": "PJSIP/trunk-5", "Uniqueid": "1750.1", "Linkedid": "1750.1"}
        server = ScriptedAmi(
            sessions=[
                # session 1: two calls ring, then the PBX drops the link
                [
                    *INBOUND_START,
                    ami("Newchannel", **second, CallerIDNum="02166668888", Exten="800"),
                    ami(
                        "DialBegin",
                        **second,
                        DestChannel="PJSIP/802-6",
                        DestUniqueid="1750.2",
                        DestLinkedid="1750.1",
                    ),
                    "disconnect",
                ],
                # session 2: 801 answered meanwhile, the second call is over
                [("sleep", 0.05), *INBOUND_END],
            ],
            channels=[
                [],
                [
                    {"Channel": CALLER["Channel"], "Uniqueid": "1700.1", "Linkedid": "1700.1"},
                    {
                        "Channel": "PJSIP/801-00000002",
                        "Uniqueid": "1700.2",
                        "Linkedid": "1700.1",
                        "ChannelState": "6",
                        "BridgeId": "b-1",
                    },
                ],
            ],
        )
        self.addCleanup(server.close)
        bridge, _poster = self.start(server, sign=True)
        got = self.sink.wait(6)
        self.assertEqual(
            got,
            [
                ("ringing", "1700.1"),
                ("ringing", "1700.1"),
                ("ringing", "1750.1"),
                ("hangup", "1750.1"),
                ("answered", "1700.1"),
                ("hangup", "1700.1"),
            ],
        )
        self.assertEqual(server.logins, 2, "the bridge logged in again")
        self.assertEqual(bridge.sessions, 2)
        path, headers, body = self.sink.posts[-1]
        self.assertEqual(path, "/crm_cti/v1/events/7")
        self.assertEqual(headers["Authorization"], f"Bearer {TOKEN}")
        key = hashlib.sha256(TOKEN.encode()).hexdigest().encode()
        expected = hmac.new(
            key, headers["X-CRM-Timestamp"].encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        self.assertEqual(headers["X-CRM-Signature"], expected)
        self.assertLess(abs(int(headers["X-CRM-Timestamp"]) - time.time()), 60)

    def test_keepalive_ping(self):
        server = ScriptedAmi(sessions=[[("sleep", 0.5)]])
        self.addCleanup(server.close)
        self.start(server)
        deadline = time.monotonic() + 3
        while not server.sent("ping") and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(server.sent("ping"), "an idle session is kept alive with Ping")

    @mute_logger("crm_cti.ami_bridge")
    def test_login_failure_retries_with_backoff(self):
        server = ScriptedAmi()
        self.addCleanup(server.close)
        bridge, _poster = self.start(server, secret="wrong")
        deadline = time.monotonic() + 3
        while len(server.sent("login")) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertGreaterEqual(len(server.sent("login")), 3)
        self.assertEqual(bridge.sessions, 0)

    @mute_logger("crm_cti.ami_bridge")
    def test_posts_are_retried_in_order(self):
        sink = EventSink(fail=2)
        self.addCleanup(sink.close)
        poster = EventPoster(sink.url, 7, TOKEN, backoff=0.02, batch_size=2).start()
        self.addCleanup(poster.stop, 2)
        tracker = CallTracker()
        events = []
        for event in INBOUND_START + INBOUND_ANSWER + INBOUND_END:
            events += tracker.feed(event)
        poster.put(events)
        self.assertTrue(poster.flush(5))
        self.assertEqual(
            [e["event_id"] for e in sink.events],
            [e["event_id"] for e in events],
            "every event once, in order, after two failed posts",
        )
        self.assertEqual(len(sink.posts), 2 + 2, "two 503 answers, then two batches")

    @mute_logger("crm_cti.ami_bridge")
    def test_refused_event_does_not_block_the_others(self):
        tracker = CallTracker()
        events = []
        for event in INBOUND_START + INBOUND_ANSWER:
            events += tracker.feed(event)
        sink = EventSink(reject={events[1]["event_id"]})
        self.addCleanup(sink.close)
        poster = EventPoster(sink.url, 7, TOKEN, backoff=0.02).start()
        self.addCleanup(poster.stop, 2)
        poster.put(events)
        self.assertTrue(poster.flush(5))
        self.assertEqual(
            [e["event_id"] for e in sink.events], [events[0]["event_id"], events[2]["event_id"]]
        )
        self.assertEqual([e["event_id"] for e in poster.rejected], [events[1]["event_id"]])

    @mute_logger("crm_cti.ami_bridge")
    def test_queue_is_bounded(self):
        poster = EventPoster("http://127.0.0.1:9", 7, TOKEN, max_queue=3)  # never started
        poster.put([{"event_id": str(i)} for i in range(5)])
        self.assertEqual([e["event_id"] for e in poster.queue], ["2", "3", "4"])
        self.assertEqual(poster.dropped, 2)
