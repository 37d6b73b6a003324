# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import json
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)

EVENT_TYPES = ("ringing", "answered", "held", "unheld", "transferred", "hangup", "recording")
MAX_BATCH = 200
RETENTION_DAYS = 30
GC_BATCH = 5000
_STR_LIMITS = {
    "call_id": 128,
    "event_id": 128,
    "direction": 3,
    "from": 64,
    "to": 64,
    "extension": 32,
    "transfer_to": 32,
    "cause": 32,
    "recording_url": 2048,
}


class CtiEventError(ValueError):
    """An event the endpoint refuses (400 bad_event); the message is for the PBX."""


class CrmCtiEvent(models.Model):
    """The raw events a PBX posted, kept for replay and debugging (30 days).

    ``(pbx_id, event_key)`` is unique: inserting an event a second time does
    nothing (INSERT ... ON CONFLICT DO NOTHING), which is how duplicates are
    detected, even when two posts of the same event run at once.
    """

    _name = "crm.cti.event"
    _description = "PBX Call Event"
    _order = "id desc"
    _rec_name = "event_type"

    pbx_id = fields.Many2one("crm.cti.pbx", string="PBX", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    event_key = fields.Char(required=True, help="Idempotency key: the event's id, or a hash of it.")
    event_type = fields.Char("Event")
    call_ref = fields.Char("PBX Call Reference")
    call_id = fields.Many2one("crm.cti.call", index="btree_not_null", ondelete="set null")
    payload = fields.Text()
    state = fields.Selection(
        [
            ("applied", "Applied"),
            ("duplicate", "Duplicate"),
            ("recorded", "Recorded"),
            ("rejected", "Rejected"),
        ],
        default="applied",
        required=True,
    )
    error = fields.Char()
    date = fields.Datetime("Received", required=True, default=fields.Datetime.now, index=True)

    _sql_constraints = [
        ("event_key_uniq", "UNIQUE(pbx_id, event_key)", "This PBX already posted this event."),
    ]

    # ------------------------------------------------------------
    # VALIDATION
    # ------------------------------------------------------------

    @api.model
    def _cti_unpack(self, data):
        """The list of event dicts of a request body: one event, a list, or
        {"events": [...]}. Raises CtiEventError."""
        if isinstance(data, dict) and "events" in data and "event" not in data:
            data = data["events"]
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list) or not data:
            raise CtiEventError('expected an event object, an array of events or {"events": [...]}')
        if len(data) > MAX_BATCH:
            raise CtiEventError(f"at most {MAX_BATCH} events per request")
        return data

    @api.model
    def _cti_validate(self, pbx, raw, index):
        """A normalised copy of one event dict, or CtiEventError."""
        if not isinstance(raw, dict):
            raise CtiEventError(f"event {index}: not an object")
        event = {}
        for key, limit in _STR_LIMITS.items():
            value = raw.get(key)
            if value is None or value == "":
                continue
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and key != "direction"
            ):
                value = str(value)
            if not isinstance(value, str) or len(value) > limit:
                raise CtiEventError(
                    f"event {index}: {key} must be a string of at most {limit} characters"
                )
            event[key] = value.strip()
        event_type = raw.get("event")
        if event_type not in EVENT_TYPES:
            raise CtiEventError(f"event {index}: event must be one of {', '.join(EVENT_TYPES)}")
        event["event"] = event_type
        if not event.get("call_id"):
            raise CtiEventError(f"event {index}: call_id is required")
        if event.setdefault("direction", "in") not in ("in", "out"):
            raise CtiEventError(f"event {index}: direction must be 'in' or 'out'")
        url = event.get("recording_url")
        if url and not url.lower().startswith(("https://", "http://")):
            raise CtiEventError(f"event {index}: recording_url must be an http(s) URL")
        if event_type == "recording" and not url:
            raise CtiEventError(f"event {index}: recording_url is required")
        if raw.get("time") not in (None, ""):
            stamp = pbx._cti_parse_time(raw["time"])
            if stamp is None:
                raise CtiEventError(f"event {index}: time must be ISO 8601 or unix seconds")
            event["time"] = stamp
        canonical = json.dumps(
            {k: v for k, v in raw.items() if k != "event_id"}, sort_keys=True, default=str
        )
        event["key"] = event.get("event_id") or hashlib.sha256(canonical.encode()).hexdigest()
        event["payload"] = json.dumps(raw, sort_keys=True, default=str)[:8000]
        return event

    # ------------------------------------------------------------
    # PROCESSING
    # ------------------------------------------------------------

    @api.model
    def _cti_process(self, pbx, data):
        """Apply the events of one request for ``pbx`` (already authenticated).

        Runs as the PBX's technical user in the PBX's company. Every event is
        validated before anything is written, so a bad event changes nothing.
        Returns the per-event results of the response.
        """
        events = [self._cti_validate(pbx, raw, i) for i, raw in enumerate(self._cti_unpack(data))]
        Call = self.env["crm.cti.call"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )
        results = []
        now = fields.Datetime.now()
        for index, event in enumerate(events):
            event.setdefault("time", now)
            event_id = self._cti_insert(pbx, event, now)
            if not event_id:
                results.append({"index": index, "call_id": event["call_id"], "status": "duplicate"})
                continue
            call, status = Call._cti_apply_event(pbx, event)
            vals = {"call_id": call.id or False, "state": status}
            if status == "recorded" and event.get("extension") and not call.user_id:
                vals["error"] = f"unknown extension {event['extension']}"
            self.browse(event_id).write(vals)
            results.append({"index": index, "call_id": event["call_id"], "status": status})
        return results

    @api.model
    def _cti_insert(self, pbx, event, now):
        """Insert the raw event; its id, or None when it was posted before."""
        query = SQL(
            """INSERT INTO crm_cti_event
                   (pbx_id, company_id, event_key, event_type, call_ref, payload, state, date,
                    create_uid, write_uid, create_date, write_date)
            VALUES (%(pbx)s, %(company)s, %(key)s, %(type)s, %(ref)s, %(payload)s, 'applied',
                    %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s)
            ON CONFLICT (pbx_id, event_key) DO NOTHING
            RETURNING id""",
            pbx=pbx.id,
            company=pbx.company_id.id,
            key=event["key"],
            type=event["event"],
            ref=event["call_id"],
            payload=event["payload"],
            now=now,
            uid=self.env.uid,
        )
        # Two posts of the same event at once: under REPEATABLE READ the later
        # INSERT waits for the first and, once it committed, fails to serialize
        # (the conflicting row is not in its snapshot). That failure means
        # exactly "already posted": answered as a duplicate at once rather than
        # retrying the whole request after Odoo's random back-off.
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                rows = self.env.execute_query(query)
        except psycopg2.errors.SerializationFailure:
            return None
        return rows[0][0] if rows else None

    # ------------------------------------------------------------
    # RETENTION
    # ------------------------------------------------------------

    @api.model
    def _cron_gc_events(self, days=RETENTION_DAYS, batch=GC_BATCH):
        """Forget raw events older than ``days``, ``batch`` rows per statement so
        that a large backlog never holds long locks."""
        limit_date = fields.Datetime.now() - timedelta(days=days)
        total = 0
        while True:
            query = SQL(
                """DELETE FROM crm_cti_event WHERE id IN (
                       SELECT id FROM crm_cti_event WHERE date < %s ORDER BY id LIMIT %s)""",
                limit_date,
                batch,
            )
            self.env.cr.execute(query)
            total += self.env.cr.rowcount
            if self.env.cr.rowcount < batch:
                break
        self.invalidate_model()
        return total
