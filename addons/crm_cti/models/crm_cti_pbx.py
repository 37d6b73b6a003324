# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import hmac
import logging
import secrets
import time
from datetime import UTC, datetime

import phonenumbers
import pytz

from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.crm_leads.tools.normalize import phone_key
from odoo.exceptions import UserError
from odoo.tools import SQL, consteq

from ..tools import ami as ami_tools
from ..tools import originate as originate_tools

_logger = logging.getLogger(__name__)

CTI_MANAGER = "crm_cti.group_crm_cti_manager"


def _new_token():
    return secrets.token_urlsafe(32)


def hash_token(token):
    """sha256 hex digest of a clear token: the only form stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def verify_signature(token_hash, required, window, timestamp, body, signature, now=None):
    """None if the HMAC headers are fine, else ``bad_signature`` or
    ``stale_timestamp``. Without both headers, fine unless ``required``."""
    if not timestamp and not signature:
        return "bad_signature" if required else None
    if not timestamp or not signature or not token_hash:
        return "bad_signature"
    timestamp = str(timestamp).strip()
    try:
        stamp = int(timestamp)
    except ValueError:
        return "bad_signature"
    message = timestamp.encode() + b"." + (body or b"")
    expected = hmac.new(token_hash.encode(), message, hashlib.sha256).hexdigest()
    if not consteq(expected, str(signature).strip().lower()):
        return "bad_signature"
    window = window if window and window > 0 else 300
    if abs((now if now is not None else time.time()) - stamp) > window:
        return "stale_timestamp"
    return None


class CrmCtiPbx(models.Model):
    """A telephone system that posts call events to Odoo and originates calls.

    Its token is the PBX's password: only its sha256 is stored (a leaked backup
    does not let anybody post events), compared in constant time; the clear token
    is shown once, when a manager generates it.
    """

    _name = "crm.cti.pbx"
    _description = "Telephone System (PBX)"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    provider = fields.Selection(
        [("generic_http", "Generic HTTP"), ("asterisk_ami", "Asterisk (AMI)")],
        required=True,
        default="generic_http",
    )
    country_id = fields.Many2one(
        "res.country",
        help="Numbers the PBX sends in national form are read as numbers of this "
        "country (default: the company's).",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        help="Times the PBX sends without a UTC offset are read in this zone "
        "(e.g. Asia/Shanghai for most Chinese PBXs). Default: UTC.",
    )
    token_hash = fields.Char(
        copy=False,
        groups=CTI_MANAGER,
        help="sha256 of the secret the PBX sends with every event. The secret itself "
        "is not stored: it is shown once, when generated.",
    )
    has_token = fields.Boolean(compute="_compute_has_token")
    hmac_required = fields.Boolean(
        "Require Signature",
        help="Refuse events without a valid X-CRM-Signature (HMAC-SHA256 of "
        "'timestamp.body' keyed with the token's sha256) and X-CRM-Timestamp.",
    )
    hmac_window = fields.Integer(
        "Signature Window (s)",
        default=300,
        help="Signed events whose timestamp is further than this from the server's "
        "clock are refused, so a captured request cannot be replayed later.",
    )
    outside_prefix = fields.Char(
        "Outside Line Prefix", help="Dialled before external numbers, e.g. 0 or 9."
    )
    dial_format = fields.Selection(
        [
            ("national", "National"),
            ("e164", "E.164"),
            ("international", "International (00…)"),
        ],
        required=True,
        default="national",
        help="Form in which the PBX expects the numbers it dials. Numbers abroad are "
        "always dialled in international form.",
    )
    # generic HTTP provider
    originate_url = fields.Char(
        "Originate URL",
        help="Called to place a call, e.g. https://pbx/api/dial?ext=${extension}&to=${number}. "
        "Variables: ${call_id}, ${extension}, ${number}, ${user_login}, ${user_name}.",
    )
    originate_method = fields.Selection(
        [("POST", "POST"), ("GET", "GET")], default="POST", string="Method"
    )
    originate_body = fields.Text(
        "Request Body",
        help='Template of the body, e.g. {"from": "${extension}", "to": "${number}"}',
    )
    originate_headers = fields.Text(
        "Request Headers", groups=CTI_MANAGER, help="One 'Name: value' per line."
    )
    # Asterisk Manager Interface provider
    ami_host = fields.Char("AMI Host")
    ami_port = fields.Integer("AMI Port", default=5038)
    ami_username = fields.Char("AMI User")
    ami_secret = fields.Char("AMI Secret", groups=CTI_MANAGER)
    ami_context = fields.Char("Dialplan Context", default="from-internal")
    ami_channel = fields.Char(
        "Agent Channel",
        default="PJSIP/${extension}",
        help="Channel rung first when an agent dials: ${extension} is the agent's.",
    )
    ami_queue = fields.Char("Queue", help="Queue whose member an agent pauses when not available.")
    call_count = fields.Integer(compute="_compute_call_count")

    @api.depends_context("uid")
    def _compute_has_token(self):
        # sudo: crm.cti.pbx - tells agents whether a token is set, never the hash
        for pbx, pbx_su in zip(self, self.sudo(), strict=True):
            pbx.has_token = bool(pbx_su.token_hash)

    def _compute_call_count(self):
        data = self.env["crm.cti.call"]._read_group(
            [("pbx_id", "in", self.ids)], ["pbx_id"], ["__count"]
        )
        counts = {pbx.id: count for pbx, count in data}
        for pbx in self:
            pbx.call_count = counts.get(pbx.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            token = vals.pop("token", None)
            if token:
                vals["token_hash"] = hash_token(token)
        pbxs = super().create(vals_list)
        pbxs._cti_allow_robot()
        return pbxs

    def write(self, vals):
        vals.pop("token", None)
        res = super().write(vals)
        if "company_id" in vals:
            self._cti_allow_robot()
        return res

    def _cti_allow_robot(self):
        """The technical user acting for PBX events must be allowed in the PBX's
        company (it then works in that company only, see the controller)."""
        robot = self.env.ref("crm_cti.user_crm_cti_robot", raise_if_not_found=False)
        missing = self.company_id - robot.sudo().company_ids if robot else None
        if missing:
            # sudo: res.users - the technical user is not editable by CTI managers
            robot.sudo().company_ids = [fields.Command.link(c.id) for c in missing]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_regenerate_token(self):
        """Generate a new token and show it once in a wizard."""
        self.ensure_one()
        self.check_access("write")
        token = self._cti_set_new_token()
        wizard = self.env["crm.cti.pbx.token"].create({"pbx_id": self.id, "token": token})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New token of %(pbx)s", pbx=self.display_name),
            "res_model": "crm.cti.pbx.token",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_cti.crm_cti_call_action")
        action["domain"] = [("pbx_id", "=", self.id)]
        action["context"] = {"default_pbx_id": self.id}
        return action

    # ------------------------------------------------------------
    # AUTHENTICATION
    # ------------------------------------------------------------

    def _cti_set_new_token(self):
        """Store the hash of a new token and return the clear token (once)."""
        self.ensure_one()
        token = _new_token()
        self.token_hash = hash_token(token)
        return token

    @api.model
    def _cti_authenticate(self, pbx_id, token):
        """The active PBX ``pbx_id`` if ``token`` is its secret, else an empty set.

        Meant for the event endpoint, which runs without a user session. The hash
        of the token is compared, in constant time, with the stored hash.
        """
        if not isinstance(pbx_id, int) or not isinstance(token, str) or not token:
            return self.browse()
        # sudo: crm.cti.pbx - the caller is a machine proving who it is; only the
        # matching PBX, without sudo, leaves this method.
        pbx = self.sudo().browse(pbx_id).exists()
        if not pbx or not pbx.active or not pbx.token_hash:
            return self.browse()
        if not consteq(pbx.token_hash, hash_token(token)):
            return self.browse()
        return self.browse(pbx.id)

    def _cti_check_signature(self, timestamp, body, signature, now=None):
        """Check an HMAC signature of an event post: None when fine, else the error
        code (``bad_signature`` or ``stale_timestamp``).

        ``timestamp`` (unix seconds, string) and ``signature`` (hex) come from the
        X-CRM-Timestamp and X-CRM-Signature headers, ``body`` is the raw body. The
        key is the token's sha256 hex, the message ``timestamp + "." + body``.
        Without headers the post passes unless the PBX requires signatures.
        """
        self.ensure_one()
        # sudo: crm.cti.pbx - the hash is the HMAC key; it stays in this method
        pbx = self.sudo()
        return verify_signature(
            pbx.token_hash, pbx.hmac_required, pbx.hmac_window, timestamp, body, signature, now
        )

    @api.model
    def _cti_check_signature_row(self, row, timestamp, signature, body, now=None):
        return verify_signature(
            row["token_hash"],
            row["hmac_required"],
            row["hmac_window"],
            timestamp,
            body,
            signature,
            now,
        )

    # ------------------------------------------------------------
    # ROUTING LOOKUP
    # ------------------------------------------------------------

    @api.model
    def _cti_lookup_auth(self, pbx_id, token):
        """The lookup's PBX as a dict (id, company, country code, signature
        settings), in one query, or None when ``token`` is not its token."""
        if not isinstance(pbx_id, int) or not isinstance(token, str) or not token:
            return None
        rows = self.env.execute_query_dict(
            SQL(
                """SELECT p.id, p.token_hash, p.company_id, p.hmac_required, p.hmac_window,
                          COALESCE(pc.code, cc.code) AS country_code
                     FROM crm_cti_pbx p
                     JOIN res_company c ON c.id = p.company_id
                LEFT JOIN res_country pc ON pc.id = p.country_id
                LEFT JOIN res_partner cp ON cp.id = c.partner_id
                LEFT JOIN res_country cc ON cc.id = cp.country_id
                    WHERE p.id = %s AND p.active""",
                pbx_id,
            )
        )
        if not rows or not rows[0]["token_hash"]:
            return None
        row = rows[0]
        if not consteq(row["token_hash"], hash_token(token)):
            return None
        return row

    @api.model
    def _cti_lookup(self, row, number):
        """Who a PBX should ring for ``number``: the kind of match, how many, and
        the extension of the customer's owner when signed in and available.

        One query on the indexed phone keys (partners, then leads when no
        partner matched), joined to the owner's user: nothing else leaves.
        """
        e164 = phone_key(number, row["country_code"] or "US") if number else None
        result = {"ok": True, "match": "none", "count": 0, "owner_extension": None}
        if not e164 or number.strip().lower() in ("anonymous", "withheld", "private", "unknown"):
            return result
        # sudo-free raw SQL: a PBX has no user; the query itself restricts to the
        # PBX's company and returns only counts and an available owner's extension
        query = SQL(
            """WITH partners AS (
                   SELECT p.id, COALESCE(cp.user_id, p.user_id) AS owner_id
                     FROM res_partner p
                LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
                    WHERE p.phone_e164 = %(n)s AND p.active
                      AND (p.company_id IS NULL OR p.company_id = %(company)s)
                UNION
                   SELECT p.id, COALESCE(cp.user_id, p.user_id)
                     FROM res_partner p
                LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
                    WHERE p.mobile_e164 = %(n)s AND p.active
                      AND (p.company_id IS NULL OR p.company_id = %(company)s)
               ), leads AS (
                   SELECT l.id, l.user_id AS owner_id FROM crm_lead l
                    WHERE NOT EXISTS (SELECT 1 FROM partners)
                      AND l.phone_e164 = %(n)s AND l.active
                      AND (l.company_id IS NULL OR l.company_id = %(company)s)
                UNION
                   SELECT l.id, l.user_id FROM crm_lead l
                    WHERE NOT EXISTS (SELECT 1 FROM partners)
                      AND l.mobile_e164 = %(n)s AND l.active
                      AND (l.company_id IS NULL OR l.company_id = %(company)s)
               ), matches AS (
                   SELECT 'partner' AS kind, id, owner_id FROM partners
                   UNION ALL SELECT 'lead', id, owner_id FROM leads
               )
               SELECT m.kind, count(*) OVER (), u.cti_extension
                 FROM matches m
            LEFT JOIN res_users u ON u.id = m.owner_id AND u.active
                  AND u.company_id = %(company)s AND u.cti_status = 'available'
             ORDER BY m.id
                LIMIT 1""",
            n=e164,
            company=row["company_id"],
        )
        rows = self.env.execute_query(query)
        if rows:
            kind, count, extension = rows[0]
            result.update(match=kind, count=count, owner_extension=extension or None)
        return result

    # ------------------------------------------------------------
    # NUMBERS AND TIMES
    # ------------------------------------------------------------

    def _cti_country(self):
        self.ensure_one()
        return self.country_id or self.company_id.country_id

    def _cti_e164(self, number):
        """Phone key of a number the PBX sent (read with the PBX's country)."""
        self.ensure_one()
        return self.env["crm.contact.key.mixin"]._crm_e164(number, self._cti_country())

    def _cti_parse_time(self, value):
        """A naive UTC datetime from an event's time: unix seconds, or ISO 8601
        with an offset, or naive ISO 8601 in the PBX's time zone. None if invalid."""
        self.ensure_one()
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            try:
                return datetime.fromtimestamp(value, tz=UTC).replace(tzinfo=None)
            except (OverflowError, OSError, ValueError):
                return None
        if not isinstance(value, str) or len(value) > 40:
            return None
        text = value.strip().replace("Z", "+00:00")
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            return None
        if stamp.tzinfo is None:
            zone = pytz.timezone(self.tz) if self.tz else pytz.utc
            stamp = zone.localize(stamp)
        return stamp.astimezone(UTC).replace(tzinfo=None)

    def _cti_dial_number(self, number):
        """``number`` in the form the PBX dials: national (same country),
        E.164 or 00-international, with the outside-line prefix."""
        self.ensure_one()
        country = self._cti_country()
        e164 = self.env["crm.contact.key.mixin"]._crm_e164(number, country)
        if not e164:
            digits = "".join(ch for ch in number or "" if ch.isdigit() or ch in "*#")
            return f"{self.outside_prefix or ''}{digits}"
        try:
            parsed = phonenumbers.parse(e164, None)
        except phonenumbers.NumberParseException:
            parsed = None
        region = parsed and phonenumbers.region_code_for_number(parsed)
        if parsed and self.dial_format == "national" and country and region == country.code:
            dialled = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
            dialled = "".join(ch for ch in dialled if ch.isdigit())
        elif self.dial_format == "e164":
            dialled = e164
        else:
            dialled = "00" + e164[1:]
        return f"{self.outside_prefix or ''}{dialled}"

    # ------------------------------------------------------------
    # ORIGINATE / QUEUE
    # ------------------------------------------------------------

    def _cti_originate_variables(self, call):
        self.ensure_one()
        user = call.user_id or self.env.user
        return {
            "call_id": call.pbx_call_ref,
            "extension": call.extension or user.cti_extension or "",
            "number": self._cti_dial_number(call.number),
            "user_login": user.login or "",
            "user_name": user.name or "",
        }

    def _cti_originate(self, call):
        """Ask the PBX to ring the agent, then dial ``call``'s number.

        Raises UserError with a translated message when the PBX is not configured,
        unreachable or refuses (tools.originate gives up within 5 seconds).
        """
        self.ensure_one()
        # sudo: crm.cti.pbx - the originate credentials (headers, AMI secret) are
        # used here for the agent and never returned
        pbx = self.sudo()
        variables = self._cti_originate_variables(call)
        try:
            if pbx.provider == "asterisk_ami":
                if not pbx.ami_host:
                    raise UserError(
                        self.env._("The PBX %(pbx)s has no AMI host set.", pbx=pbx.name)
                    )
                config = {
                    "host": pbx.ami_host,
                    "port": pbx.ami_port or 5038,
                    "username": pbx.ami_username or "",
                    "secret": pbx.ami_secret or "",
                    "channel": pbx.ami_channel or "PJSIP/${extension}",
                    "context": pbx.ami_context or "from-internal",
                    "exten": variables["number"],
                    "caller_id": variables["user_name"],
                    "variables": {"CRM_CALL_ID": variables["call_id"]},
                }
                originate_tools.ami_originate(config, variables, timeout=5)
            else:
                if not pbx.originate_url:
                    raise UserError(
                        self.env._("The PBX %(pbx)s has no originate URL set.", pbx=pbx.name)
                    )
                config = {
                    "url": pbx.originate_url,
                    "method": pbx.originate_method or "POST",
                    "body": pbx.originate_body or "",
                    "headers": self._cti_parse_headers(pbx.originate_headers),
                }
                originate_tools.http_originate(config, variables, timeout=5)
        except originate_tools.OriginateError as exc:
            raise UserError(
                self.env._(
                    "The telephone system %(pbx)s could not place the call: %(reason)s",
                    pbx=pbx.name,
                    reason=str(exc),
                )
            ) from exc

    @api.model
    def _cti_parse_headers(self, text):
        headers = {}
        for line in (text or "").splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip():
                headers[name.strip()] = value.strip()
        return headers

    def _cti_queue_pause(self, user, paused):
        """Pause or unpause ``user``'s queue member (Asterisk only, best effort:
        a PBX that does not answer must not stop the agent changing status)."""
        for pbx in self.sudo():  # sudo: crm.cti.pbx - AMI secret, used here only
            if pbx.provider != "asterisk_ami" or not pbx.ami_host or not user.cti_extension:
                continue
            try:
                config = {
                    "host": pbx.ami_host,
                    "port": pbx.ami_port or 5038,
                    "username": pbx.ami_username or "",
                    "secret": pbx.ami_secret or "",
                }
                interface = (pbx.ami_channel or "PJSIP/${extension}").replace(
                    "${extension}", user.cti_extension
                )
                ami_tools.ami_queue_pause(
                    config, interface, paused, queue=pbx.ami_queue or None, timeout=5
                )
            except originate_tools.OriginateError:
                _logger.warning(
                    "PBX %s: could not %s the queue member of %s",
                    pbx.id,
                    "pause" if paused else "unpause",
                    user.login,
                    exc_info=True,
                )
