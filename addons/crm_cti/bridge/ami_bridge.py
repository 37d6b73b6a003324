# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Asterisk Manager Interface -> Odoo call events, in its own process.

The bridge logs in to AMI with events on, follows each call by its ``Linkedid``
(the id Asterisk gives every channel of one call) and posts the contract's events
to ``POST /crm_cti/v1/events/<pbx_id>``:

=====================================  ===========================================
AMI                                    posted event
=====================================  ===========================================
``DialBegin`` to an agent's extension  ``ringing`` (once per extension)
``DialBegin`` to an outside number     ``ringing`` of an outbound call
``DialEnd`` ``DialStatus: ANSWER``     ``answered``
``Hold`` / ``Unhold``                  ``held`` / ``unheld``
``BlindTransfer``/``AttendedTransfer`` ``transferred`` (``transfer_to``)
last channel's ``Hangup``              ``hangup`` (``cause`` busy/failed/voicemail)
``VarSet MIXMONITOR_FILENAME``         ``recording`` after the hangup
``VarSet CRM_CALL_ID``                 the call's ``call_id`` (click-to-dial)
=====================================  ===========================================

Each event has an ``event_id`` built from the Linkedid, so a retried post changes
nothing in Odoo. Posts go through a bounded in-memory queue and are retried with
backoff; the AMI connection is re-opened with backoff and, once logged in again,
``CoreShowChannels`` tells which followed calls ended meanwhile (their hangup is
posted) and which go on.

Run ``python3 <addons>/crm_cti/bridge --help``; the secrets may come from the
environment (``CRM_CTI_AMI_SECRET``, ``CRM_CTI_TOKEN``) rather than the command line.
"""

import argparse
import collections
import hashlib
import hmac
import http.client
import json
import logging
import os
import re
import signal
import string
import threading
import time
import urllib.parse

try:
    from ..tools.ami import AmiClient, OriginateError
except ImportError:  # started as a script: load the tools by path, without Odoo
    import importlib.util
    import pathlib

    _path = pathlib.Path(__file__).resolve().parent.parent / "tools" / "ami.py"
    _spec = importlib.util.spec_from_file_location("crm_cti_tools_ami", _path)
    _ami = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_ami)
    AmiClient, OriginateError = _ami.AmiClient, _ami.OriginateError

_logger = logging.getLogger("crm_cti.ami_bridge")

# Q.850 hangup causes of a call nobody answered
BUSY_CAUSES = {17, 21}
FAILED_CAUSES = {1, 2, 3, 22, 27, 28, 34, 38, 41, 42, 44, 47, 58, 88, 102, 111, 127}
DIAL_STATUS_CAUSE = {"BUSY": "busy", "CHANUNAVAIL": "failed", "CONGESTION": "failed"}
CHANNEL_STATE_RINGING = "5"
CHANNEL_STATE_UP = "6"


def channel_extension(channel):
    """``PJSIP/801-0000001a`` -> ``801``; ``Local/801@from-queue-0001;1`` -> ``801``."""
    if not channel:
        return ""
    resource = channel.split("/", 1)[-1]
    resource = resource.split(";", 1)[0]
    resource = re.sub(r"-[0-9a-fA-F]+$", "", resource)
    return resource.split("@", 1)[0]


def dialled_number(dial_string):
    """``trunk/13800138000`` or ``13800138000@provider`` -> ``13800138000``."""
    return (dial_string or "").rsplit("/", 1)[-1].split("@", 1)[0]


class _Call:
    __slots__ = (
        "answered",
        "call_id",
        "cause",
        "channels",
        "counter",
        "direction",
        "extension",
        "linkedid",
        "number_from",
        "number_to",
        "recording",
        "ringing",
    )

    def __init__(self, linkedid):
        self.linkedid = linkedid
        self.call_id = linkedid
        self.direction = None
        self.number_from = ""
        self.number_to = ""
        self.extension = ""
        self.channels = set()
        self.ringing = set()
        self.answered = False
        self.cause = None
        self.recording = None
        self.counter = collections.Counter()


class CallTracker:
    """Turns AMI events into the endpoint's events (pure logic, no I/O).

    ``internal`` matches the extensions of agents (the resource part of their
    channel, e.g. ``801`` in ``PJSIP/801-00000004``): a call whose first channel is
    an agent's goes out, any other comes in.
    """

    def __init__(self, internal=r"^\d{2,6}$", recording_url=None, source="ami"):
        self.internal = re.compile(internal)
        self.recording_url = recording_url
        self.source = source
        self.calls = {}

    # -- helpers ---------------------------------------------------------------

    def is_internal(self, extension):
        return bool(extension) and bool(self.internal.match(extension))

    def _call(self, linkedid):
        call = self.calls.get(linkedid)
        if call is None:
            call = self.calls[linkedid] = _Call(linkedid)
        return call

    @staticmethod
    def _time(event):
        try:
            return round(float(event["Timestamp"]), 3)
        except (KeyError, ValueError):
            return round(time.time(), 3)

    def _event(self, call, kind, when, key=None, **values):
        call.counter[kind] += 1
        key = key if key is not None else str(call.counter[kind])
        payload = {
            "event": kind,
            "call_id": call.call_id,
            "direction": call.direction or "in",
            "from": call.number_from,
            "to": call.number_to,
            "extension": values.pop("extension", call.extension) or "",
            "time": when,
            "event_id": f"{self.source}:{call.linkedid}:{kind}:{key}",
        }
        payload.update({k: v for k, v in values.items() if v not in (None, "")})
        return payload

    def _first_channel(self, call, event):
        """Direction and numbers from the call's first channel (Uniqueid ==
        Linkedid), unless a click-to-dial already said it goes out."""
        if event.get("Uniqueid") != call.linkedid or call.number_from:
            return
        own = channel_extension(event.get("Channel"))
        if call.direction == "out" or self.is_internal(own):
            call.direction = "out"
            call.extension = call.extension or own
            call.number_from = own
            exten = event.get("Exten") or ""
            if exten and exten != "s":
                call.number_to = exten
        else:
            call.direction = "in"
            call.number_from = event.get("CallerIDNum") or ""
            if call.number_from in ("<unknown>", "unknown"):
                call.number_from = ""
            call.number_to = event.get("Exten") or ""

    # -- events ------------------------------------------------------------------

    def feed(self, event):
        """The endpoint's events (a list, often empty) caused by one AMI event."""
        name = event.get("Event", "")
        handler = getattr(self, f"_on_{name.lower()}", None)
        if handler is None:
            return []
        return handler(event) or []

    def _track(self, event, linkedid_key="Linkedid", uniqueid_key="Uniqueid"):
        linkedid = event.get(linkedid_key)
        if not linkedid:
            return None
        call = self._call(linkedid)
        if event.get(uniqueid_key):
            call.channels.add(event[uniqueid_key])
        self._first_channel(call, event)
        return call

    def _on_newchannel(self, event):
        self._track(event)

    def _on_varset(self, event):
        call = self._track(event)
        if call is None:
            return None
        variable = (event.get("Variable") or "").lstrip("_").upper()
        value = event.get("Value") or ""
        if variable == "CRM_CALL_ID" and value:
            call.call_id = value
            call.direction = "out"
            own = channel_extension(event.get("Channel"))
            if self.is_internal(own) and not call.extension:
                call.extension = call.number_from = own
        elif variable == "MIXMONITOR_FILENAME" and value:
            call.recording = value
        elif variable == "CRM_RECORDING_URL" and value:
            call.recording = value
        return None

    def _on_newexten(self, event):
        call = self._track(event)
        if call is not None and (event.get("Application") or "").lower() == "voicemail":
            call.cause = "voicemail"

    def _on_dialbegin(self, event):
        linkedid = event.get("DestLinkedid") or event.get("Linkedid")
        if not linkedid:
            return None
        call = self._call(linkedid)
        for key in ("Uniqueid", "DestUniqueid"):
            if event.get(key) and (event.get("Linkedid") or linkedid) == linkedid:
                call.channels.add(event[key])
        self._first_channel(call, event)
        dest = channel_extension(event.get("DestChannel"))
        when = self._time(event)
        if self.is_internal(dest) and call.direction != "out":
            call.direction = "in"
            if dest in call.ringing or call.answered:
                return None
            call.ringing.add(dest)
            return [self._event(call, "ringing", when, key=dest, extension=dest)]
        if call.direction == "out" and not self.is_internal(dest):
            number = dialled_number(event.get("DialString")) or event.get("DestCallerIDNum")
            call.number_to = number or call.number_to
            if "out" in call.ringing:
                return None
            call.ringing.add("out")
            return [self._event(call, "ringing", when, key="out")]
        return None

    def _on_dialend(self, event):
        linkedid = event.get("DestLinkedid") or event.get("Linkedid")
        call = self.calls.get(linkedid)
        if call is None:
            return None
        status = (event.get("DialStatus") or "").upper()
        if status != "ANSWER":
            call.cause = DIAL_STATUS_CAUSE.get(status, call.cause)
            return None
        if call.answered:
            return None
        call.answered = True
        call.cause = None
        dest = channel_extension(event.get("DestChannel"))
        extension = dest if self.is_internal(dest) and call.direction != "out" else call.extension
        call.extension = extension or call.extension
        return [self._event(call, "answered", self._time(event), key="1")]

    def _hold(self, event, kind):
        call = self.calls.get(event.get("Linkedid"))
        if call is None:
            return None
        return [self._event(call, kind, self._time(event))]

    def _on_hold(self, event):
        return self._hold(event, "held")

    def _on_unhold(self, event):
        return self._hold(event, "unheld")

    def _transfer(self, call, target, event):
        if call is None or not target:
            return None
        call.extension = target if self.is_internal(target) else call.extension
        return [self._event(call, "transferred", self._time(event), transfer_to=target)]

    def _on_blindtransfer(self, event):
        if (event.get("Result") or "Success") != "Success":
            return None
        call = self.calls.get(event.get("TransfereeLinkedid")) or self.calls.get(
            event.get("TransfererLinkedid")
        )
        return self._transfer(call, event.get("Extension"), event)

    def _on_attendedtransfer(self, event):
        if (event.get("Result") or "Success") != "Success":
            return None
        call = self.calls.get(event.get("OrigTransfererLinkedid")) or self.calls.get(
            event.get("TransfereeLinkedid")
        )
        target = (
            channel_extension(event.get("TransferTargetChannel"))
            or event.get("SecondTransfererConnectedLineNum")
            or event.get("SecondTransfererExten")
        )
        return self._transfer(call, target, event)

    def _on_hangup(self, event):
        call = self.calls.get(event.get("Linkedid"))
        if call is None:
            return None
        call.channels.discard(event.get("Uniqueid"))
        if not call.answered and call.cause is None:
            try:
                code = int(event.get("Cause") or 0)
            except ValueError:
                code = 0
            if code in BUSY_CAUSES:
                call.cause = "busy"
            elif code in FAILED_CAUSES:
                call.cause = "failed"
        if call.channels:
            return None
        return self._end(call, self._time(event))

    def _end(self, call, when):
        self.calls.pop(call.linkedid, None)
        events = [self._event(call, "hangup", when, key="1", cause=call.cause)]
        if call.recording:
            url = call.recording
            if self.recording_url and "://" not in url:
                url = string.Template(self.recording_url).safe_substitute(
                    file=urllib.parse.quote(os.path.basename(url)),
                    path=urllib.parse.quote(url),
                    call_id=urllib.parse.quote(call.call_id),
                )
            events.append(self._event(call, "recording", when, key="1", recording_url=url))
        return events

    def reconcile(self, channels, now=None):
        """After a reconnection: ``channels`` are the ``CoreShowChannel`` events
        of the calls going on. Calls that ended while the bridge was away get their
        hangup; the others go on (missed rings and answers are caught up)."""
        now = round(now or time.time(), 3)
        present = collections.defaultdict(list)
        for channel in channels:
            if channel.get("Linkedid"):
                present[channel["Linkedid"]].append(channel)
        events = []
        for linkedid, call in list(self.calls.items()):
            if linkedid not in present:
                events += self._end(call, now)
        for linkedid, chans in present.items():
            call = self._call(linkedid)
            call.channels = {c["Uniqueid"] for c in chans if c.get("Uniqueid")}
            for chan in sorted(chans, key=lambda c: c.get("Uniqueid") != linkedid):
                self._first_channel(call, chan)
            for chan in chans:
                ext = channel_extension(chan.get("Channel"))
                state = chan.get("ChannelState")
                if chan.get("Uniqueid") == linkedid or not self.is_internal(ext):
                    continue
                if state == CHANNEL_STATE_RINGING and ext not in call.ringing:
                    call.direction = call.direction or "in"
                    call.ringing.add(ext)
                    events.append(self._event(call, "ringing", now, key=ext, extension=ext))
                elif state == CHANNEL_STATE_UP and chan.get("BridgeId") and not call.answered:
                    call.answered = True
                    call.extension = ext
                    events.append(self._event(call, "answered", now, key="1"))
        return events


class EventPoster:
    """Posts events to Odoo from a bounded in-memory queue, in order, retrying.

    Transient failures (no connection, 5xx, 408/429, a token or signature Odoo does
    not accept yet) keep the events and retry with backoff; an event Odoo rejects
    as malformed is logged and dropped (a batch is then retried event by event so
    that one bad event does not hold the others).
    """

    TRANSIENT_CODES = {"bad_token", "bad_signature", "stale_timestamp"}

    def __init__(
        self,
        odoo_url,
        pbx_id,
        token,
        sign=False,
        max_queue=10000,
        batch_size=50,
        timeout=5.0,
        backoff=0.5,
        max_backoff=30.0,
    ):
        parts = urllib.parse.urlsplit(odoo_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--odoo-url must be an http(s) address, not {odoo_url!r}")
        self.parts = parts
        self.path = f"{parts.path.rstrip('/')}/crm_cti/v1/events/{int(pbx_id)}"
        self.token = token
        self.key = hashlib.sha256(token.encode()).hexdigest().encode() if sign else None
        self.max_queue = max_queue
        self.batch_size = batch_size
        self.timeout = timeout
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.queue = collections.deque()
        self.inflight = 0
        self.dropped = 0
        self.posted = 0
        self.rejected = []
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._single = 0  # events to send one by one (after a rejected batch)
        self.thread = threading.Thread(target=self._run, name="crm-cti-poster", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self, timeout=5.0):
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self.thread.join(timeout)

    def put(self, events):
        if not events:
            return
        with self._cond:
            for event in events:
                if len(self.queue) + self.inflight >= self.max_queue:
                    lost = self.queue.popleft()
                    self.dropped += 1
                    _logger.error(
                        "event queue full (%s): dropped %s", self.max_queue, lost["event_id"]
                    )
                self.queue.append(event)
            self._cond.notify_all()

    def flush(self, timeout=5.0):
        """Wait until every queued event is posted (or dropped); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.queue or self.inflight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def _post(self, events):
        """(status, error code or None)"""
        body = json.dumps({"events": events}, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.token}",
        }
        if self.key:
            stamp = str(int(time.time()))
            headers["X-CRM-Timestamp"] = stamp
            headers["X-CRM-Signature"] = hmac.new(
                self.key, stamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        conn_class = (
            http.client.HTTPSConnection
            if self.parts.scheme == "https"
            else http.client.HTTPConnection
        )
        conn = conn_class(self.parts.hostname, self.parts.port, timeout=self.timeout)
        try:
            conn.request("POST", self.path, body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read(64 * 1024)
        except (OSError, http.client.HTTPException) as error:
            _logger.warning("posting %s event(s) failed: %s", len(events), error)
            return 0, None
        finally:
            conn.close()
        code = None
        if response.status >= 400:
            try:
                code = json.loads(answer)["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = None
            _logger.warning(
                "Odoo answered %s to %s event(s): %s",
                response.status,
                len(events),
                answer[:300].decode("utf-8", "replace"),
            )
        return response.status, code

    def _run(self):
        delay = self.backoff
        while not self._stop.is_set():
            with self._cond:
                while not self.queue and not self._stop.is_set():
                    self._cond.wait(1.0)
                if self._stop.is_set():
                    return
                size = 1 if self._single else self.batch_size
                batch = [self.queue.popleft() for _i in range(min(size, len(self.queue)))]
                self.inflight = len(batch)
            status, code = self._post(batch)
            transient = (
                status == 0 or status >= 500 or status in (408, 429) or code in self.TRANSIENT_CODES
            )
            with self._cond:
                self.inflight = 0
                if 200 <= status < 300:
                    self.posted += len(batch)
                    self._single = max(self._single - len(batch), 0)
                    delay = self.backoff
                elif transient:
                    self.queue.extendleft(reversed(batch))
                elif len(batch) > 1:
                    # one of them is refused: send them one by one to find it
                    self.queue.extendleft(reversed(batch))
                    self._single = len(batch)
                else:
                    _logger.error("Odoo refused event %s (%s): dropped", batch[0], code)
                    self.rejected.append(batch[0])
                    self._single = max(self._single - 1, 0)
                self._cond.notify_all()
            if transient:
                self._stop.wait(delay)
                delay = min(delay * 2, self.max_backoff)


class AmiBridge:
    """The AMI session loop: connect, log in, reconcile, follow, reconnect."""

    def __init__(
        self,
        ami_config,
        poster,
        tracker=None,
        ping_interval=20.0,
        backoff=1.0,
        max_backoff=30.0,
        timeout=5.0,
    ):
        self.config = ami_config
        self.poster = poster
        self.tracker = tracker or CallTracker()
        self.ping_interval = ping_interval
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.sessions = 0
        self._stop = threading.Event()
        self.client = None

    def stop(self):
        self._stop.set()
        client = self.client
        if client is not None:
            client.close()

    def run(self):
        delay = self.backoff
        while not self._stop.is_set():
            try:
                self._session()
                delay = self.backoff
            except OriginateError as error:
                if self._stop.is_set():
                    break
                _logger.warning("AMI: %s Reconnecting in %.1f s.", error, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, self.max_backoff)

    def _session(self):
        config = self.config
        client = AmiClient(config["host"], config.get("port") or 5038, timeout=self.timeout)
        self.client = client
        try:
            client.connect()
            client.login(config["username"], config["secret"], events=True)
            self.sessions += 1
            _logger.info("AMI: logged in to %s:%s", config["host"], client.port)
            channels = client.action_list(
                "CoreShowChannels", complete_event="CoreShowChannelsComplete"
            )
            # the session is healthy again: back to the short backoff
            self.poster.put(self.tracker.reconcile(channels))
            last = time.monotonic()
            while not self._stop.is_set():
                event = client.next_event(timeout=min(self.ping_interval, 1.0))
                if event is None:
                    if time.monotonic() - last >= self.ping_interval:
                        client.ping()  # keep-alive; a dead link raises here
                        last = time.monotonic()
                    continue
                last = time.monotonic()
                try:
                    self.poster.put(self.tracker.feed(event))
                except (KeyError, ValueError, TypeError):
                    _logger.exception("AMI event not understood: %s", event)
        finally:
            client.logoff()
            client.close()
            self.client = None


def build_parser():
    parser = argparse.ArgumentParser(
        prog="crm_cti bridge",
        description="Follow Asterisk calls over AMI and post them to Odoo's crm_cti.",
    )
    env = os.environ.get
    parser.add_argument("--ami-host", default=env("CRM_CTI_AMI_HOST", "127.0.0.1"))
    parser.add_argument("--ami-port", type=int, default=int(env("CRM_CTI_AMI_PORT", "5038")))
    parser.add_argument("--ami-user", default=env("CRM_CTI_AMI_USER", "odoo"))
    parser.add_argument(
        "--ami-secret",
        default=env("CRM_CTI_AMI_SECRET"),
        help="default: $CRM_CTI_AMI_SECRET (better than the command line, which ps shows)",
    )
    parser.add_argument("--odoo-url", default=env("CRM_CTI_ODOO_URL"), required=False)
    parser.add_argument("--pbx-id", type=int, default=int(env("CRM_CTI_PBX_ID", "0")))
    parser.add_argument("--token", default=env("CRM_CTI_TOKEN"), help="default: $CRM_CTI_TOKEN")
    parser.add_argument(
        "--hmac", action="store_true", help="sign each post (X-CRM-Timestamp, X-CRM-Signature)"
    )
    parser.add_argument(
        "--internal-pattern",
        default=r"^\d{2,6}$",
        help="regular expression matching agents' extensions (default: 2 to 6 digits)",
    )
    parser.add_argument(
        "--recording-url",
        help="URL template of recordings, e.g. https://pbx.example.com/rec/${file} "
        "(${file}: file name, ${path}: full path, ${call_id})",
    )
    parser.add_argument("--ping-interval", type=float, default=20.0)
    parser.add_argument("--queue-size", type=int, default=10000)
    parser.add_argument("--log-level", default="INFO")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    missing = [
        name
        for name, value in [
            ("--ami-secret", args.ami_secret),
            ("--odoo-url", args.odoo_url),
            ("--pbx-id", args.pbx_id),
            ("--token", args.token),
        ]
        if not value
    ]
    if missing:
        build_parser().error("missing " + ", ".join(missing))
    poster = EventPoster(
        args.odoo_url, args.pbx_id, args.token, sign=args.hmac, max_queue=args.queue_size
    ).start()
    bridge = AmiBridge(
        {
            "host": args.ami_host,
            "port": args.ami_port,
            "username": args.ami_user,
            "secret": args.ami_secret,
        },
        poster,
        CallTracker(args.internal_pattern, args.recording_url),
        ping_interval=args.ping_interval,
    )
    # systemd stops the service with SIGTERM: end the session, post what is queued
    signal.signal(signal.SIGTERM, lambda _signum, _frame: bridge.stop())
    try:
        bridge.run()
    except KeyboardInterrupt:
        _logger.info("stopping: posting what is queued")
    finally:
        bridge.stop()
        poster.flush(10)
        poster.stop()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
