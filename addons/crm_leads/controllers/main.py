# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import re

from odoo import http
from odoo.http import request

from ..models.crm_lead_form import HONEYPOT_FIELD, _normalize_origin

_logger = logging.getLogger(__name__)

# Largest request body the submit route accepts (a form of a dozen fields plus
# a long message fits many times over).
MAX_BODY_SIZE = 64 * 1024
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_FORM_ERROR = "_form"


class CrmLeadFormController(http.Controller):
    """Public web-to-lead endpoint.

    It only ever answers with the form's thank-you text or error messages about
    what the visitor sent: no record id, no lead data, whatever is posted.
    """

    # ------------------------------------------------------------
    # ROUTES
    # ------------------------------------------------------------

    @http.route(
        "/crm/lead_form/<string:key>/submit",
        type="http",
        auth="public",
        methods=["POST", "OPTIONS"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY_SIZE,
    )
    def lead_form_submit(self, key, **post):
        form = self._get_form(key)
        if not form:
            return self._error_response(
                404, {_FORM_ERROR: request.env._("This form does not exist or was closed.")}
            )
        origin = self._request_origin()
        allowed = origin in form._get_allowed_origins()
        cors_origin = origin if allowed else None
        if request.httprequest.method == "OPTIONS":
            return self._preflight_response(cors_origin)
        if not allowed:
            _logger.info("Web-to-lead form %s: post from origin %r refused", form.id, origin)
            return self._error_response(
                403,
                {_FORM_ERROR: request.env._("This form cannot be sent from this website.")},
            )

        remote_addr = request.httprequest.remote_addr or "unknown"
        if not form._check_rate_limit(remote_addr):
            form._register_hit(remote_addr)
            _logger.info("Web-to-lead form %s: rate limit hit by %s", form.id, remote_addr)
            return self._error_response(
                429,
                {
                    _FORM_ERROR: request.env._(
                        "Too many submissions. Please try again in a few minutes."
                    )
                },
                cors_origin,
            )

        if post.get(HONEYPOT_FIELD):
            # Looks like success to the robot; nothing is created.
            form._register_hit(remote_addr)
            _logger.info("Web-to-lead form %s: honeypot filled by %s", form.id, remote_addr)
            return self._success_response(form, cors_origin)

        # Only what the visitor typed decides the answer: the lead is created
        # later by a cron (crm.lead.form.hit explains why), so neither a
        # collision with another rep's customer nor any other failure to create
        # it can show here. Same status and body for every valid submission.
        answers = form._extract_answers(post)
        try:
            with request.env.cr.savepoint():
                errors = form._prepare_lead_values(answers)[1]
        except Exception:
            # A bug in the checks must not lose the submission nor show its
            # cause: it is queued, checked again with the lead, and a failure
            # there stays visible on the form.
            _logger.exception("Web-to-lead form %s: checking a submission failed", form.id)
            errors = {}
        if errors:
            form._register_hit(remote_addr)
            return self._error_response(400, errors, cors_origin, form=form)
        form._register_hit(remote_addr, answers)
        return self._success_response(form, cors_origin)

    @http.route("/crm/lead_form/<string:key>/thanks", type="http", auth="public", methods=["GET"])
    def lead_form_thanks(self, key, **kwargs):
        form = self._get_form(key)
        if not form:
            return request.not_found()
        return request.render(
            "crm_leads.crm_lead_form_page_thanks", {"message": form.thanks_message}
        )

    @http.route("/crm/lead_form/<string:key>/preview", type="http", auth="user", methods=["GET"])
    def lead_form_preview(self, key, **kwargs):
        if not _KEY_RE.match(key):
            return request.not_found()
        # Read as the logged-in user: only those who may read the form see it.
        form = request.env["crm.lead.form"].search([("key", "=", key)], limit=1)
        if not form:
            return request.not_found()
        return request.render(
            "crm_leads.crm_lead_form_page_preview",
            {"form": form, "snippet": form._render_snippet()},
        )

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _robot_env(self):
        """Environment of the technical user that creates web leads: a sales
        user with no other rights, so nothing posted can reach other data."""
        robot = request.env.ref("crm_leads.user_crm_lead_form_robot")
        return request.env(user=robot.id, su=False)

    def _get_form(self, key):
        if not key or not _KEY_RE.match(key):
            return None
        env = self._robot_env()
        return env["crm.lead.form"].search([("key", "=", key)], limit=1) or None

    def _request_origin(self):
        """Origin of the page that posted: the Origin header, or the Referer's
        origin for the rare browsers that omit it on a form post."""
        headers = request.httprequest.headers
        origin = headers.get("Origin")
        if origin and origin != "null":
            return _normalize_origin(origin)
        referer = headers.get("Referer")
        return _normalize_origin(referer) if referer and not origin else False

    def _wants_json(self):
        accept = request.httprequest.accept_mimetypes
        return (
            accept.best_match(["text/html", "application/json"]) == "application/json"
            or request.httprequest.headers.get("X-Requested-With") == "XMLHttpRequest"
        )

    def _cors_headers(self, origin):
        if not origin:
            return []
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Methods", "POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type, Accept, X-Requested-With"),
            ("Vary", "Origin"),
        ]

    def _preflight_response(self, origin):
        if not origin:
            return request.make_response("", status=403, headers=[("Vary", "Origin")])
        headers = self._cors_headers(origin) + [("Access-Control-Max-Age", "600")]
        return request.make_response("", status=204, headers=headers)

    def _success_response(self, form, origin):
        if self._wants_json():
            return request.make_json_response(
                {"ok": True, "message": form.thanks_message or ""},
                headers=self._cors_headers(origin),
            )
        if form.redirect_url:
            return request.redirect(form.redirect_url, code=303, local=False)
        return request.redirect(f"/crm/lead_form/{form.key}/thanks", code=303)

    def _error_response(self, status, errors, origin=None, form=None):
        if self._wants_json():
            return request.make_json_response(
                {"ok": False, "errors": errors},
                headers=self._cors_headers(origin),
                status=status,
            )
        labels = {}
        if form:
            labels = {line.field_name: line._get_label() for line in form.field_ids}
        messages = [
            (labels.get(name, "") if name != _FORM_ERROR else "", message)
            for name, message in errors.items()
        ]
        return request.render(
            "crm_leads.crm_lead_form_page_error",
            {"messages": messages},
            status=status,
            headers=self._cors_headers(origin),
        )
