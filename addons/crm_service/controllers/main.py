# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import re

from odoo import http
from odoo.addons.crm_leads.controllers.main import (
    _FORM_ERROR,
    MAX_BODY_SIZE,
    CrmLeadFormController,
)
from odoo.addons.crm_leads.models.crm_lead_form import HONEYPOT_FIELD
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html

_logger = logging.getLogger(__name__)

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")

# field name: (max length, required, multi-line)
REQUEST_FIELDS = {
    "contact_name": (100, True, False),
    "email": (254, True, False),
    "phone": (40, False, False),
    "company_name": (120, False, False),
    "product": (120, False, False),
    "serial": (60, False, False),
    "description": (5000, True, True),
}


class CrmServiceRequestController(CrmLeadFormController):
    """Public service request form (/crm_service/request).

    It is crm_leads' web-to-lead endpoint applied to service orders: its
    origin check, database-backed rate limit and honeypot (through the archived
    crm.lead.form ``crm_service.crm_lead_form_service_request`` that holds their
    settings), its size limit and its answers. The order is created by a
    technical user, and the visitor's answer never depends on what the database
    holds: the same redirect whether the e-mail is a known customer or not.
    """

    @http.route("/crm_service/request", type="http", auth="public", methods=["GET"], sitemap=False)
    def service_request_page(self, **kwargs):
        return request.render(
            "crm_service.service_request_page",
            {"honeypot": HONEYPOT_FIELD, "fields": REQUEST_FIELDS, "post": {}, "errors": {}},
        )

    @http.route(
        "/crm_service/request/thanks", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def service_request_thanks(self, **kwargs):
        return request.render("crm_service.service_request_page_thanks", {})

    @http.route(
        "/crm_service/request/submit",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY_SIZE,
    )
    def service_request_submit(self, **post):
        form = self._service_request_form()
        if not form:
            return self._error_response(
                404, {_FORM_ERROR: request.env._("Service requests are not accepted here.")}
            )
        origin = self._request_origin()
        if origin not in form._get_allowed_origins():
            _logger.info("Service request form: post from origin %r refused", origin)
            return self._error_response(
                403, {_FORM_ERROR: request.env._("This form cannot be sent from this website.")}
            )
        remote_addr = request.httprequest.remote_addr or "unknown"
        if not form._check_rate_limit(remote_addr):
            form._register_hit(remote_addr)
            _logger.info("Service request form: rate limit hit by %s", remote_addr)
            return self._error_response(
                429,
                {
                    _FORM_ERROR: request.env._(
                        "Too many submissions. Please try again in a few minutes."
                    )
                },
            )
        form._register_hit(remote_addr)
        if post.get(HONEYPOT_FIELD):
            # Looks like success to the robot; nothing is created.
            _logger.info("Service request form: honeypot filled by %s", remote_addr)
            return self._service_success_response()

        values, errors = self._service_validate(post)
        if errors:
            return self._service_error_page(errors, values)
        try:
            with request.env.cr.savepoint():
                self._service_create_order(values, form.company_id)
        except Exception:
            # The visitor's answer must not tell anything about the database;
            # the failure is in the server log for the administrator.
            _logger.exception("Service request form: creating the order failed")
        return self._service_success_response()

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _service_request_form(self):
        form = request.env.ref(
            "crm_service.crm_lead_form_service_request", raise_if_not_found=False
        )
        if not form:
            return None
        # crm_leads' technical user reads the settings and counts the attempts
        return self._robot_env()["crm.lead.form"].with_context(active_test=False).browse(form.id)

    def _service_robot_env(self):
        robot = request.env.ref("crm_service.user_crm_service_request_robot")
        return request.env(user=robot.id, su=False)

    def _service_validate(self, post):
        """``(values, errors)``: the cleaned answers and translated messages."""
        values, errors = {}, {}
        for name, (max_length, required, multiline) in REQUEST_FIELDS.items():
            value = post.get(name)
            value = value if isinstance(value, str) else ""
            value = _CONTROL_CHARS.sub("", value)
            if not multiline:
                value = _LINE_BREAKS.sub(" ", value)
            value = value.strip()
            values[name] = value
            if not value:
                if required:
                    errors[name] = request.env._("This field is required.")
            elif len(value) > max_length:
                errors[name] = request.env._(
                    "Please use at most %(max)s characters.", max=max_length
                )
        if values["email"] and "email" not in errors and not email_normalize(values["email"]):
            errors["email"] = request.env._("Please enter a valid e-mail address.")
        if values["phone"] and "phone" not in errors:
            Partner = request.env["res.partner"]
            if not Partner._crm_e164(values["phone"], request.env.company.country_id):
                errors["phone"] = request.env._("Please enter a valid phone number.")
        return values, errors

    def _service_find_partner(self, env, values):
        """The customer by crm_leads' keys (e-mail first, then phone), else a new contact."""
        Partner = env["res.partner"]
        match = Partner._crm_match_batch(
            [{"email": values["email"], "phone": values["phone"]}], with_keys=True
        )[0]
        by_kind = {"email": [], "phone": []}
        for (model, record_id), kinds in match.get("keys", {}).items():
            for kind in ("email", "phone"):
                if model == "res.partner" and kind in kinds:
                    by_kind[kind].append(record_id)
        ids = sorted(by_kind["email"]) or sorted(by_kind["phone"])
        partner = Partner.browse(ids[:1])._filtered_access("read")
        if partner:
            return partner
        return Partner.create(
            {
                "name": values["contact_name"],
                "email": values["email"],
                "phone": values["phone"] or False,
                "company_name": values["company_name"] or False,
            }
        )

    def _service_create_order(self, values, company):
        env = self._service_robot_env()
        partner = self._service_find_partner(env, values)
        lines = [values["description"]]
        for label, key in (
            (env._("Product"), "product"),
            (env._("Serial number"), "serial"),
            (env._("Company"), "company_name"),
            (env._("Contact"), "contact_name"),
            (env._("Phone"), "phone"),
            (env._("E-mail"), "email"),
        ):
            if values[key]:
                lines.append(f"{label}: {values[key]}")
        return (
            env["crm.service.order"]
            .with_company(company)
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "channel": "web",
                    # Stored as text converted to HTML: markup is escaped.
                    "description": plaintext2html("\n".join(lines)),
                }
            )
        )

    def _service_success_response(self):
        if self._wants_json():
            return request.make_json_response(
                {"ok": True, "message": request.env._("Thank you! We will contact you shortly.")}
            )
        return request.redirect("/crm_service/request/thanks", code=303)

    def _service_error_page(self, errors, values):
        if self._wants_json():
            return request.make_json_response({"ok": False, "errors": errors}, status=400)
        return request.render(
            "crm_service.service_request_page",
            {
                "honeypot": HONEYPOT_FIELD,
                "fields": REQUEST_FIELDS,
                "post": values,
                "errors": errors,
            },
            status=400,
        )
