# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, email_normalize, plaintext2html

# Control characters are dropped from every answer; single-line fields also
# lose their line breaks (a lead's name or e-mail is never multi-line).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")

# Name of the decoy input that only robots fill in. It cannot clash with a
# lead field: crm.lead has no such field and custom fields start with "x_".
HONEYPOT_FIELD = "homepage_url"

# How long after a post its lead may be created (see _register_hit).
SUBMISSION_DELAY = timedelta(seconds=5)


def _normalize_origin(value):
    """``scheme://host[:port]`` in lower case, or False if ``value`` is not an
    http(s) URL. A path given by the user (``https://a.com/contact``) is dropped:
    browsers only ever send the origin."""
    try:
        parts = urlsplit((value or "").strip())
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    default_port = {"http": 80, "https": 443}[parts.scheme]
    origin = f"{parts.scheme}://{parts.hostname.lower()}"
    if port and port != default_port:
        origin += f":{port}"
    return origin


class CrmLeadForm(models.Model):
    """A web-to-lead form: the fields it asks, where its leads go, and who may
    post it. It is reached through a random public key, never through its id."""

    _name = "crm.lead.form"
    _description = "Web-to-Lead Form"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    key = fields.Char(
        "Public Key",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: self._default_key(),
        help="Random key used in the form's public address. Regenerate it to "
        "disable every copy of the snippet pasted so far.",
    )
    field_ids = fields.One2many(
        "crm.lead.form.field",
        "form_id",
        string="Fields",
        copy=True,
        default=lambda self: self._default_field_ids(),
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="Team of the leads created by this form. Leave empty to let the "
        "assignment rules choose.",
    )
    source_id = fields.Many2one("utm.source")
    medium_id = fields.Many2one("utm.medium")
    campaign_id = fields.Many2one("utm.campaign")
    thanks_message = fields.Text(
        "Thank-you Message",
        translate=True,
        default=lambda self: self.env._("Thank you! We will get back to you shortly."),
    )
    redirect_url = fields.Char(
        "Thank-you Page URL",
        help="If set, visitors are sent to this page after a successful submission "
        "instead of seeing the thank-you message.",
    )
    allowed_origins = fields.Text(
        help="Websites allowed to post this form, one per line, e.g. "
        "https://www.example.com. This database's own address is always allowed.",
    )
    rate_limit = fields.Integer(
        "Max Submissions",
        default=5,
        help="Submissions accepted from one address within the period; more "
        "are refused with HTTP 429.",
    )
    rate_limit_period = fields.Integer(
        "Period (minutes)", default=10, help="Length of the rate-limit window."
    )
    # Derived, never stored: a counter on the form's row was one UPDATE of the same
    # row by every submission, and parallel submissions failed on it (HTTP 500).
    submission_count = fields.Integer(
        "Submissions",
        compute="_compute_submission_counts",
        help="Accepted submissions: the leads of this form, and those still waiting "
        "to become a lead (spam caught by the honeypot excluded).",
    )
    lead_count = fields.Integer("Leads", compute="_compute_submission_counts")
    pending_submission_count = fields.Integer("Waiting", compute="_compute_submission_counts")
    failed_submission_count = fields.Integer(
        "Failed",
        compute="_compute_submission_counts",
        help="Submissions whose lead could not be created. They are kept, tried "
        "again automatically a few times, then on demand (Retry).",
    )
    submission_error = fields.Text("Last Error", compute="_compute_submission_counts")
    submit_url = fields.Char("Submit URL", compute="_compute_submit_url")
    snippet_html = fields.Text("HTML Snippet", compute="_compute_snippet_html")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "The public key of a form must be unique."),
        (
            "rate_limit_positive",
            "CHECK(rate_limit > 0 AND rate_limit_period > 0)",
            "The rate limit and its period must be positive.",
        ),
    ]

    @api.model
    def _default_key(self):
        return secrets.token_urlsafe(24)

    @api.model
    def _default_field_ids(self):
        defaults = [
            ("contact_name", True),
            ("email_from", True),
            ("phone", False),
            ("description", False),
        ]
        return [
            Command.create({"field_name": name, "required": required, "sequence": (index + 1) * 10})
            for index, (name, required) in enumerate(defaults)
        ]

    def _compute_submission_counts(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        domain = [("lead_form_id", "in", self.ids)]
        visible = dict(Lead._read_group(domain, ["lead_form_id"], ["__count"]))
        # sudo: crm.lead/crm.lead.form.hit - only counts and the last error of the
        # queue reach the form; neither the leads nor the visitors' answers do
        created = dict(Lead.sudo()._read_group(domain, ["lead_form_id"], ["__count"]))
        Hit = self.env["crm.lead.form.hit"].sudo()
        queue = Hit._read_group(
            [("form_id", "in", self.ids), ("state", "in", ("pending", "failed"))],
            ["form_id", "state"],
            ["__count", "id:max"],
        )
        waiting, failed, last_failed = {}, {}, {}
        for form, state, count, last_id in queue:
            (waiting if state == "pending" else failed)[form] = count
            if state == "failed":
                last_failed[form] = last_id
        errors = {hit.form_id: hit.error for hit in Hit.browse(last_failed.values())}
        for form in self:
            origin = form._origin
            form.lead_count = visible.get(origin, 0)
            form.pending_submission_count = waiting.get(origin, 0)
            form.failed_submission_count = failed.get(origin, 0)
            form.submission_count = created.get(origin, 0) + waiting.get(origin, 0) + failed.get(
                origin, 0
            )
            form.submission_error = errors.get(origin, False)

    @api.depends("key")
    def _compute_submit_url(self):
        for form in self:
            form.submit_url = (
                f"{form.get_base_url()}/crm/lead_form/{form.key}/submit" if form.key else False
            )

    @api.depends(
        "key",
        "field_ids.sequence",
        "field_ids.field_name",
        "field_ids.label",
        "field_ids.required",
        "field_ids.max_length",
    )
    def _compute_snippet_html(self):
        for form in self:
            form.snippet_html = str(form._render_snippet()).strip() if form.key else False

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("allowed_origins")
    def _check_allowed_origins(self):
        for form in self:
            for line in (form.allowed_origins or "").splitlines():
                if line.strip() and not _normalize_origin(line):
                    raise ValidationError(
                        self.env._(
                            "%(origin)s is not a website address. Write one address "
                            "per line, starting with https:// or http://.",
                            origin=line.strip(),
                        )
                    )

    @api.constrains("redirect_url")
    def _check_redirect_url(self):
        for form in self:
            if form.redirect_url and not _normalize_origin(form.redirect_url):
                raise ValidationError(
                    self.env._(
                        "The thank-you page must be an address starting with https:// or http://."
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_regenerate_key(self):
        for form in self:
            form.key = self._default_key()

    def action_open_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm/lead_form/{self.key}/preview",
            "target": "new",
        }

    def action_retry_submissions(self):
        """Try the failed submissions of these forms again at once."""
        self.check_access("write")
        # sudo: crm.lead.form.hit - managers decide to retry, the queue itself is
        # the technical user's; only the failed rows of these forms are touched
        hits = self.env["crm.lead.form.hit"].sudo().search(
            [("form_id", "in", self.ids), ("state", "=", "failed")]
        )
        hits._retry()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(count)s submissions will be tried again in a moment.", count=len(hits)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = [("lead_form_id", "=", self.id)]
        action["context"] = {"active_test": False, "create": False}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_allowed_origins(self):
        """Origins allowed to post this form: its list plus this database's own
        address (the preview page)."""
        self.ensure_one()
        origins = {_normalize_origin(line) for line in (self.allowed_origins or "").splitlines()}
        origins.add(_normalize_origin(self.get_base_url()))
        origins.discard(False)
        return origins

    def _render_snippet(self):
        """The form as self-contained HTML (escaped by QWeb), as Markup."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "crm_leads.crm_lead_form_snippet", self._prepare_snippet_values()
        )

    def _prepare_snippet_values(self):
        self.ensure_one()
        lines = []
        for line in self.field_ids.sorted(lambda line: (line.sequence, line.id)):
            if not line._lead_field():
                continue
            lines.append(
                {
                    "name": line.field_name,
                    "label": line._get_label(),
                    "required": line.required,
                    "max_length": line.max_length,
                    "widget": line._get_input_widget(),
                    "options": line._get_input_options(),
                    "html_id": f"o_crm_lead_form_{line.field_name}",
                }
            )
        return {
            "form": self,
            "action": self.submit_url,
            "lines": lines,
            "honeypot": HONEYPOT_FIELD,
        }

    def _check_rate_limit(self, remote_addr):
        """True if one more attempt from ``remote_addr`` is within the rate limit.

        The advisory lock serialises attempts of one address on one form across
        workers until the transaction ends, so two parallel requests cannot both
        take the last slot. Distinct visitors take distinct locks and share no row.
        """
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                f"crm_lead_form_hit:{self.id}:{remote_addr}",
            )
        )
        Hit = self.env["crm.lead.form.hit"]
        since = self.env.cr.now() - Hit._window(self.rate_limit_period)
        count = Hit.search_count(
            [
                ("form_id", "=", self.id),
                ("remote_addr", "=", remote_addr),
                ("create_date", ">=", since),
            ]
        )
        return count < self.rate_limit

    def _register_hit(self, remote_addr, answers=None):
        """Record one attempt from ``remote_addr``; with ``answers`` (a valid
        submission), queue it: a cron creates the lead (see crm.lead.form.hit).
        """
        self.ensure_one()
        values = {"form_id": self.id, "remote_addr": remote_addr}
        if answers is not None:
            values.update(state="pending", payload=answers)
        hit = self.env["crm.lead.form.hit"].create(values)
        if answers is not None:
            # Due in a few seconds rather than now: a trigger due now also wakes
            # the cron workers through a new connection to the "postgres"
            # database, in every request, and the cron then creates leads while
            # the burst of posts is still being answered. Cron workers look for
            # due jobs every minute, so a lead exists at most about a minute
            # after its post, created in one batch with its neighbours.
            self.env.ref("crm_leads.ir_cron_crm_lead_form_submissions")._trigger(
                fields.Datetime.now() + SUBMISSION_DELAY
            )
        return hit

    def _extract_answers(self, post):
        """The posted values of this form's questions, as strings: anything else
        posted is dropped here and never stored."""
        self.ensure_one()
        answers = {}
        for line in self.field_ids:
            value = post.get(line.field_name)
            if isinstance(value, str):
                answers[line.field_name] = value
        return answers

    def _prepare_lead_values(self, post):
        """Validate a submission. Return ``(values, errors)``: the crm.lead
        values built only from this form's fields (anything else posted is
        ignored) and a ``{field name: translated message}`` dict."""
        self.ensure_one()
        values, errors = {}, {}
        # The company partner's country, read alone: res.company's country_id is
        # computed from the partner's whole address, a third of a post's time.
        company = self.with_context(prefetch_fields=False).company_id
        country = company.partner_id.country_id or self.env.company.partner_id.country_id
        lines = self.field_ids.sorted(lambda line: (line.sequence, line.id))
        raw = {}
        for line in lines:
            field = line._lead_field()
            if not field:
                continue
            name = line.field_name
            value = post.get(name)
            value = value if isinstance(value, str) else ""
            value = _CONTROL_CHARS.sub("", value)
            if field.type not in ("text", "html"):
                value = _LINE_BREAKS.sub(" ", value)
            raw[line] = value.strip()

        # Country first: phone numbers are checked against it.
        for line, value in raw.items():
            if line.field_name == "country_id" and value:
                found = self.env["res.country"].search([("code", "=", value.upper())], limit=1)
                if found:
                    country = found
                    values["country_id"] = found.id
                else:
                    errors["country_id"] = self.env._("Please choose a country from the list.")

        for line, value in raw.items():
            name = line.field_name
            if not value:
                if line.required:
                    errors[name] = self.env._("This field is required.")
                continue
            if len(value) > line.max_length:
                errors[name] = self.env._(
                    "Please use at most %(max)s characters.", max=line.max_length
                )
                continue
            if name == "country_id":
                continue
            if name == "email_from":
                if not email_normalize(value):
                    errors[name] = self.env._("Please enter a valid e-mail address.")
                    continue
            elif name in ("phone", "mobile"):
                if not self.env["crm.lead"]._crm_e164(value, country):
                    errors[name] = self.env._("Please enter a valid phone number.")
                    continue
            elif line._lead_field().type == "selection":
                if value not in dict(line._get_input_options()):
                    errors[name] = self.env._("Please choose a value from the list.")
                    continue
            if name == "description":
                # Stored as text converted to HTML: whatever markup was posted
                # is escaped, never interpreted.
                value = plaintext2html(value)
            values[name] = value
        if errors:
            return {}, errors

        if not values.get("name"):
            who = (
                values.get("contact_name") or values.get("partner_name") or values.get("email_from")
            )
            values["name"] = (
                self.env._("%(form)s: %(who)s", form=self.name, who=who) if who else self.name
            )
        values.update(
            {
                "type": "lead",
                "lead_form_id": self.id,
                # No owner: the team (or the assignment rules) decide, not the
                # technical user that creates the lead.
                "user_id": False,
                "team_id": self.team_id.id,
                "source_id": self.source_id.id,
                "medium_id": self.medium_id.id,
                "campaign_id": self.campaign_id.id,
                "company_id": self.company_id.id,
            }
        )
        return values, {}
