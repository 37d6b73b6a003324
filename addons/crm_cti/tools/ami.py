# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A small Asterisk Manager Interface (AMI) client, standard library only.

AMI is a line protocol over TCP: the server greets with a banner line, then both
sides exchange messages made of ``Key: value`` lines ended by an empty line. Actions
carry an ``ActionID`` that the server copies into its ``Response``; events arrive
between responses at any time.

Every operation is bounded by one deadline (the ``timeout`` given to the client),
so that a PBX that accepts the connection and then says nothing cannot hold a web
worker longer than that.
"""

import itertools
import logging
import socket
import time

_logger = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024  # bytes; a larger message means we are not talking to AMI


class OriginateError(Exception):
    """A telephony action failed; the message is plain English for the user.

    ``crm_cti.tools.originate`` re-exports it: the models catch this one class for
    every provider (HTTP and AMI) and for queue pauses.
    """


AmiError = OriginateError


def _clean(value):
    """A header value on one line: CR/LF would let a value inject AMI headers."""
    value = "" if value is None else str(value)
    if "\r" in value or "\n" in value:
        raise OriginateError(f"Invalid line break in the AMI value {value[:40]!r}.")
    return value


class AmiClient:
    """One AMI session.

    ``timeout`` bounds every blocking step; ``deadline`` (``time.monotonic()``
    value), if given, bounds the whole session: connecting, logging in, the actions
    and their responses all have to fit before it.
    """

    def __init__(self, host, port=5038, timeout=5.0, deadline=None):
        self.host = host
        self.port = int(port or 5038)
        self.timeout = float(timeout)
        self.deadline = deadline
        self.sock = None
        self.banner = None
        self._buffer = b""
        self._ids = itertools.count(1)
        self._prefix = f"crm-{id(self):x}-"
        #: events received while waiting for a response, oldest first
        self.pending_events = []

    # -- connection ----------------------------------------------------------

    def _remaining(self, timeout=None):
        timeout = self.timeout if timeout is None else timeout
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
        if timeout <= 0:
            raise OriginateError(
                f"The telephone system at {self.host}:{self.port} did not answer in time."
            )
        return timeout

    def connect(self):
        try:
            self.sock = socket.create_connection((self.host, self.port), timeout=self._remaining())
        except TimeoutError as error:
            raise OriginateError(
                f"The telephone system at {self.host}:{self.port} did not answer in time."
            ) from error
        except OSError as error:
            raise OriginateError(
                f"Cannot connect to the telephone system at {self.host}:{self.port}: "
                f"{error.strerror or error}."
            ) from error
        self.banner = self._read_line()
        if not self.banner.startswith("Asterisk Call Manager"):
            self.close()
            raise OriginateError(
                f"{self.host}:{self.port} is not an Asterisk Manager Interface "
                f"(it said {self.banner[:60]!r})."
            )
        return self

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                _logger.debug("closing the AMI socket failed", exc_info=True)
        self.sock = None

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc):
        self.close()

    # -- reading -------------------------------------------------------------

    def _fill(self, timeout=None):
        """Read more bytes into the buffer; False on a timeout (only when
        ``timeout`` is given: a bounded wait for events)."""
        if self.sock is None:
            raise OriginateError("The connection to the telephone system is closed.")
        try:
            self.sock.settimeout(self._remaining(timeout))
            chunk = self.sock.recv(8192)
        except TimeoutError as error:
            if timeout is not None and (self.deadline is None or time.monotonic() < self.deadline):
                return False
            raise OriginateError(
                f"The telephone system at {self.host}:{self.port} did not answer in time."
            ) from error
        except OSError as error:
            raise OriginateError(
                f"The connection to the telephone system at {self.host}:{self.port} "
                f"failed: {error.strerror or error}."
            ) from error
        if not chunk:
            raise OriginateError(
                f"The telephone system at {self.host}:{self.port} closed the connection."
            )
        self._buffer += chunk
        if len(self._buffer) > MAX_MESSAGE:
            raise OriginateError(
                f"The telephone system at {self.host}:{self.port} sent an oversized message."
            )
        return True

    def _read_line(self):
        while b"\n" not in self._buffer:
            self._fill()
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")

    def read_message(self, timeout=None):
        """The next message as a dict (repeated keys: the last value wins, all
        values under ``key + "[]"`` lists), or None if ``timeout`` passes first."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            sep = 4
            if end < 0:
                end = self._buffer.find(b"\n\n")
                sep = 2
            if end >= 0:
                raw, self._buffer = self._buffer[:end], self._buffer[end + sep :]
                if not raw.strip():
                    continue
                return self._parse(raw)
            if not self._fill(timeout):
                return None

    @staticmethod
    def _parse(raw):
        message = {}
        for line in raw.decode("utf-8", "replace").splitlines():
            key, sep, value = line.partition(":")
            if not sep:
                continue
            key, value = key.strip(), value.strip()
            message[key] = value
            message.setdefault(key + "[]", []).append(value)
        return message

    def next_event(self, timeout=None):
        """The next event (queued ones first), or None after ``timeout``."""
        if self.pending_events:
            return self.pending_events.pop(0)
        while True:
            message = self.read_message(timeout)
            if message is None or "Event" in message:
                return message
            _logger.debug("AMI message outside any action: %s", message)

    # -- actions -------------------------------------------------------------

    def send(self, action, fields=()):
        """Send an action; ``fields`` is a list of (key, value) pairs (a key may
        repeat, e.g. ``Variable``) or a dict. Returns the ActionID."""
        action_id = f"{self._prefix}{next(self._ids)}"
        pairs = [("Action", action), ("ActionID", action_id)]
        pairs += list(fields.items()) if isinstance(fields, dict) else list(fields)
        data = "".join(f"{_clean(k)}: {_clean(v)}\r\n" for k, v in pairs) + "\r\n"
        try:
            self.sock.settimeout(self._remaining())
            self.sock.sendall(data.encode())
        except OriginateError:
            raise
        except (OSError, AttributeError) as error:
            raise OriginateError(
                f"Cannot send to the telephone system at {self.host}:{self.port}: {error}."
            ) from error
        return action_id

    def response(self, action_id):
        """Wait for the response to ``action_id``; events met meanwhile are kept
        in ``pending_events``."""
        while True:
            message = self.read_message()
            if "Event" in message and message.get("ActionID") != action_id:
                self.pending_events.append(message)
                continue
            if message.get("ActionID") == action_id and "Response" in message:
                return message
            _logger.debug("AMI message for another action: %s", message)

    def action(self, action, fields=(), check=True):
        """Send an action and return its response; with ``check``, a
        ``Response: Error`` raises OriginateError with the PBX's message."""
        response = self.response(self.send(action, fields))
        if check and response.get("Response", "").lower() == "error":
            raise OriginateError(
                f"The telephone system refused {action}: "
                f"{response.get('Message') or 'no reason given'}."
            )
        return response

    def action_list(self, action, fields=(), complete_event=None):
        """An action answered by a list of events (e.g. CoreShowChannels):
        returns those events, up to the ``...Complete`` one (excluded)."""
        action_id = self.send(action, fields)
        response = self.response(action_id)
        if response.get("Response", "").lower() == "error":
            raise OriginateError(
                f"The telephone system refused {action}: "
                f"{response.get('Message') or 'no reason given'}."
            )
        items = []
        kept = []
        while True:
            message = self.read_message()
            if message.get("ActionID") != action_id:
                kept.append(message)
                continue
            event = message.get("Event", "")
            if event == complete_event or message.get("EventList", "").lower() == "complete":
                break
            items.append(message)
        self.pending_events.extend(m for m in kept if "Event" in m)
        return items

    def login(self, username, secret, events=False):
        """Log in; ``events`` is False (no events: actions only), True (all the
        events the user may read) or an AMI event mask such as ``"call,dialplan"``."""
        mask = "on" if events is True else (events or "off")
        response = self.action(
            "Login", [("Username", username), ("Secret", secret), ("Events", mask)], check=False
        )
        if response.get("Response", "").lower() != "success":
            raise OriginateError(
                f"The telephone system refused the login of {username!r}: "
                f"{response.get('Message') or 'authentication failed'}."
            )
        return response

    def ping(self):
        return self.action("Ping")

    def logoff(self):
        """Say goodbye; errors are irrelevant at this point (the action is done)."""
        if self.sock is None:
            return
        try:
            self.send("Logoff")
        except OriginateError:
            _logger.debug("AMI logoff failed", exc_info=True)


def ami_session(config, timeout=5.0):
    """A connected and logged-in client for ``config`` (host, port, username,
    secret), the whole session bounded by ``timeout`` seconds."""
    timeout = min(float(timeout or 5.0), 5.0)
    if not config.get("host"):
        raise OriginateError("The telephone system has no AMI host configured.")
    client = AmiClient(
        config["host"],
        config.get("port") or 5038,
        timeout=timeout,
        deadline=time.monotonic() + timeout,
    )
    client.connect()
    try:
        client.login(config.get("username") or "", config.get("secret") or "")
    except OriginateError:
        client.close()
        raise
    return client


def ami_queue_pause(config, interface, paused, queue=None, timeout=5, reason=None):
    """Pause (``paused`` true) or unpause the queue member ``interface``
    (e.g. ``PJSIP/801``) in ``queue``, or in every queue when no queue is given.
    Raises OriginateError on any failure."""
    if not interface:
        raise OriginateError("The agent has no queue interface (phone extension) to pause.")
    client = ami_session(config, timeout)
    try:
        fields = [("Interface", interface), ("Paused", "true" if paused else "false")]
        if queue:
            fields.append(("Queue", queue))
        if reason:
            fields.append(("Reason", reason))
        return client.action("QueuePause", fields)
    finally:
        client.logoff()
        client.close()
