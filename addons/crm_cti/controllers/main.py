# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging

from werkzeug.exceptions import RequestEntityTooLarge

from odoo import http
from odoo.http import request

from ..models.crm_cti_event import CtiEventError

_logger = logging.getLogger(__name__)

# Largest body the event endpoint reads: a batch of 200 events fits easily.
MAX_BODY_SIZE = 256 * 1024
ROBOT_XMLID = "crm_cti.user_crm_cti_robot"

MESSAGES = {
    "bad_json": "The body is not valid JSON.",
    "too_large": "The body is larger than %s bytes." % MAX_BODY_SIZE,
    "bad_token": "Missing or invalid token.",
    "bad_signature": "Missing or invalid signature.",
    "stale_timestamp": "The signature's timestamp is outside the accepted window.",
    "bad_number": "The number parameter is missing or too long.",
}
STATUS = {
    "bad_json": 400,
    "too_large": 413,
    "bad_token": 401,
    "bad_signature": 401,
    "stale_timestamp": 401,
    "bad_event": 400,
    "bad_number": 400,
}


class CrmCtiController(http.Controller):
    """Machine endpoints of the PBX: call events and the routing lookup.

    Both authenticate the PBX by its token (and an optional HMAC signature),
    then act as the addon's technical user in the PBX's company, and answer
    only with what the PBX sent or the lookup allows.
    """

    @http.route(
        "/crm_cti/v1/events/<int:pbx_id>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def cti_events(self, pbx_id, **kwargs):
        body, error = self._read_body()
        if error:
            return self._error(error)
        pbx, error = self._authenticate(pbx_id, body)
        if error:
            return self._error(error)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return self._error("bad_json")
        env = self._robot_env(pbx)
        try:
            results = env["crm.cti.event"]._cti_process(env["crm.cti.pbx"].browse(pbx.id), data)
        except CtiEventError as exc:
            _logger.info("PBX %s: event refused: %s", pbx_id, exc)
            return self._error("bad_event", str(exc))
        return request.make_json_response({"ok": True, "results": results})

    @http.route(
        "/crm_cti/v1/lookup/<int:pbx_id>",
        type="http",
        auth="none",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def cti_lookup(self, pbx_id, number=None, **kwargs):
        body, error = self._read_body()
        if error:
            return self._error(error)
        if number is None and body:
            # a POST may send {"number": "..."} as JSON instead of the query string
            try:
                data = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                return self._error("bad_json")
            number = data.get("number") if isinstance(data, dict) else None
        if not isinstance(number, str) or not number.strip() or len(number) > 64:
            number = None
        # one query: the PBX's token hash, company and country (see _cti_lookup_auth)
        Pbx = request.env["crm.cti.pbx"]
        row = Pbx._cti_lookup_auth(pbx_id, self._bearer())
        if not row:
            return self._error("bad_token")
        error = Pbx._cti_check_signature_row(row, *self._signature_headers(), body)
        if error:
            return self._error(error)
        if number is None:
            return self._error("bad_number")
        return request.make_json_response(Pbx._cti_lookup(row, number))

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _read_body(self):
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY_SIZE:
            return None, "too_large"
        try:
            # checked before reading: the declared length above; a body sent
            # without one (chunked) is bounded by Odoo's max_content_length
            body = httprequest.get_data(cache=True)
        except RequestEntityTooLarge:
            return None, "too_large"
        if len(body) > MAX_BODY_SIZE:
            return None, "too_large"
        return body, None

    def _bearer(self):
        auth = request.httprequest.headers.get("Authorization") or ""
        scheme, _sep, token = auth.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else ""

    def _signature_headers(self):
        headers = request.httprequest.headers
        return headers.get("X-CRM-Timestamp"), headers.get("X-CRM-Signature")

    def _authenticate(self, pbx_id, body):
        pbx = request.env["crm.cti.pbx"]._cti_authenticate(pbx_id, self._bearer())
        if not pbx:
            return None, "bad_token"
        timestamp, signature = self._signature_headers()
        error = pbx._cti_check_signature(timestamp, body, signature)
        return (None, error) if error else (pbx, None)

    def _robot_env(self, pbx):
        """Environment of the PBX's technical user in the PBX's company."""
        # sudo: ir.model.data - resolves the technical user's id, nothing else
        robot = request.env(su=True).ref(ROBOT_XMLID)
        # sudo: crm.cti.pbx - company and time zone of the authenticated PBX
        pbx_su = pbx.sudo()
        return request.env(
            user=robot.id,
            su=False,
            context={
                "allowed_company_ids": [pbx_su.company_id.id],
                "tz": pbx_su.tz or "UTC",
                "lang": robot.lang or "en_US",
            },
        )

    def _error(self, code, message=None):
        return request.make_json_response(
            {"ok": False, "error": {"code": code, "message": message or MESSAGES.get(code, code)}},
            status=STATUS[code],
        )
