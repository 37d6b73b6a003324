# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import itertools
import logging
import re
import unicodedata

from odoo import api, fields, models, modules
from odoo.addons.iap.tools import iap_tools
from odoo.addons.mail.tools import mail_validation
from odoo.exceptions import UserError
from odoo.tools import SQL, config, email_normalize, email_split, frozendict, plaintext2html

from ..tools import lead_file_reader
from ..tools.lead_file_reader import LeadFileError
from ..tools.normalize import core_company_name, normalize_company_name

_logger = logging.getLogger(__name__)

# Lead fields an "update" import may overwrite on an existing lead; the lead's
# name, owner, team and marketing origin stay as they are.
UPDATABLE_FIELDS = (
    "partner_name",
    "contact_name",
    "email_from",
    "phone",
    "mobile",
    "function",
    "website",
    "street",
    "city",
    "zip",
    "country_id",
    "description",
)
# Country names seen in Chinese files; other names are matched against every
# translation of res.country loaded in the database, and ISO codes.
COUNTRY_ALIASES = {
    "中国": "CN",
    "中华人民共和国": "CN",
    "中国大陆": "CN",
    "大陆": "CN",
    "香港": "HK",
    "中国香港": "HK",
    "澳门": "MO",
    "中国澳门": "MO",
    "台湾": "TW",
    "中国台湾": "TW",
    "美国": "US",
    "英国": "GB",
    "日本": "JP",
    "韩国": "KR",
    "德国": "DE",
    "法国": "FR",
    "意大利": "IT",
    "西班牙": "ES",
    "荷兰": "NL",
    "俄罗斯": "RU",
    "印度": "IN",
    "加拿大": "CA",
    "澳大利亚": "AU",
    "新加坡": "SG",
    "马来西亚": "MY",
    "泰国": "TH",
    "越南": "VN",
    "印度尼西亚": "ID",
    "菲律宾": "PH",
    "巴西": "BR",
    "墨西哥": "MX",
    "阿联酋": "AE",
    "沙特阿拉伯": "SA",
    "新西兰": "NZ",
    "瑞士": "CH",
    "瑞典": "SE",
    "比利时": "BE",
    "波兰": "PL",
    "土耳其": "TR",
    "china": "CN",
    "prc": "CN",
    "usa": "US",
    "uk": "GB",
    "united states": "US",
}


# Stored computed fields of crm.lead the import fills itself for leads without a
# customer (see _prepare_fast_values); probability and automated_probability are
# editable computes, protected by the ORM as soon as probability is given.
PRECOMPUTED_FIELDS = (
    "email_normalized",
    "email_domain_criterion",
    "email_state",
    "phone_state",
    "phone_e164",
    "mobile_e164",
    "company_name_key",
    "company_name_core",
    "date_last_stage_update",
    "day_close",
    "prorated_revenue",
    "recurring_revenue_monthly",
    "recurring_revenue_monthly_prorated",
    "recurring_revenue_prorated",
)

# email_normalize() extracts what looks like an address ("bob@@beta" gives
# "@beta"); an imported address must also have this shape.
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _text_key(value):
    return unicodedata.normalize("NFKC", value).casefold().strip()


class CrmLeadImportJob(models.Model):
    """One import of a lead file: settings, progress and outcome.

    Small files are processed at once by the wizard; large ones by the
    ``ir_cron_crm_lead_import`` cron, batch by batch, so that the user can follow
    the progress and a crash loses at most one batch.
    """

    _name = "crm.lead.import.job"
    _description = "Lead Import Job"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/")
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    file = fields.Binary(attachment=True, required=True, readonly=True)
    filename = fields.Char(readonly=True)
    headers = fields.Json(readonly=True)
    mapping = fields.Json(
        readonly=True, help="Import key (lead field) of each column, in column order."
    )
    duplicate_policy = fields.Selection(
        [
            ("skip", "Skip the row"),
            ("update", "Update the existing lead"),
            ("flag", "Create and flag as possible duplicate"),
        ],
        default="skip",
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, check_company=True)
    lead_user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    batch_size = fields.Integer(default=1000, readonly=True)
    total_rows = fields.Integer(readonly=True)
    processed_rows = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    created_count = fields.Integer("Created", readonly=True)
    updated_count = fields.Integer("Updated", readonly=True)
    skipped_count = fields.Integer("Skipped", readonly=True)
    flagged_count = fields.Integer("Flagged", readonly=True)
    rejected_count = fields.Integer("Rejected", readonly=True)
    rejected_file = fields.Binary("Rejected Rows", attachment=True, readonly=True)
    rejected_filename = fields.Char(readonly=True)
    rejection_ids = fields.One2many("crm.lead.import.rejection", "job_id", readonly=True)
    lead_count = fields.Integer(compute="_compute_lead_count")
    date_start = fields.Datetime("Started", readonly=True)
    date_end = fields.Datetime("Finished", readonly=True)
    error_message = fields.Text(readonly=True)

    @api.depends("processed_rows", "total_rows", "state")
    def _compute_progress(self):
        for job in self:
            if job.state == "done":
                job.progress = 100.0
            elif job.total_rows:
                job.progress = min(100.0, 100.0 * job.processed_rows / job.total_rows)
            else:
                job.progress = 0.0

    def _compute_lead_count(self):
        data = self.env["crm.lead"]._read_group(
            [("import_job_id", "in", self.ids)], ["import_job_id"], ["__count"]
        )
        counts = {job.id: count for job, count in data}
        for job in self:
            job.lead_count = counts.get(job.id, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action.update(
            domain=[("import_job_id", "=", self.id)],
            context={"active_test": False, "create": False},
        )
        return action

    def action_retry(self):
        """Put a failed job back in the queue; it resumes after its last batch."""
        self.filtered(lambda job: job.state == "failed").write(
            {"state": "queued", "error_message": False}
        )
        self._trigger_cron()

    @api.model
    def _trigger_cron(self):
        # sudo: ir.cron - only administrators may read crons; a rep queues its own
        # import and the trigger just wakes the cron up.
        self.env.ref("crm_leads.ir_cron_crm_lead_import").sudo()._trigger()

    # ------------------------------------------------------------
    # PROCESSING
    # ------------------------------------------------------------

    @api.model
    def _cron_process_jobs(self):
        # A commit per batch keeps the progress visible to the user and bounds
        # what a crash or a timeout loses to one batch (the job then resumes
        # after its last committed row). Never inside tests: they run in one
        # transaction that must stay rollbackable.
        commit = not (modules.module.current_test or config["test_enable"])
        jobs = self.search([("state", "in", ("queued", "running"))], order="id")
        for job in jobs:
            try:
                job._process(commit=commit)
            except Exception as exc:
                if not commit:
                    raise
                _logger.exception("Lead import job %s failed", job.id)
                self.env.cr.rollback()
                job.write({"state": "failed", "error_message": str(exc)})
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _process(self, commit=False):
        """Import the rows not processed yet, as the user who uploaded the file."""
        for job in self:
            job._with_import_env()._process_file(commit)

    def _with_import_env(self):
        """The job as its user, in its company, without mail noise per lead."""
        self.ensure_one()
        return (
            self.with_user(self.user_id)
            .with_company(self.company_id)
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                lang=self.user_id.lang,
            )
        )

    def _process_file(self, commit):
        self.ensure_one()
        self.write({"state": "running", "date_start": self.date_start or fields.Datetime.now()})
        cache = self._prepare_import_cache()
        data = self._get_file_data()
        try:
            for rows in lead_file_reader.batches(data, self.batch_size, skip=self.processed_rows):
                counts = self._import_batch(rows, cache)
                self.write(
                    {
                        "processed_rows": self.processed_rows + len(rows),
                        **{fname: self[fname] + counts[fname] for fname in counts},
                    }
                )
                self.env["ir.cron"]._notify_progress(
                    done=self.processed_rows,
                    remaining=max(self.total_rows - self.processed_rows, 0),
                )
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                # Keep memory flat: the cache holds the leads created by the batch.
                self.env.invalidate_all()
        except LeadFileError as exc:
            self.write({"state": "failed", "error_message": self._file_error_message(exc)})
            return
        del data
        self._finalize()

    def _get_file_data(self):
        # Read the attachment itself: the binary field would go through base64.
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", "file"),
            ],
            limit=1,
        )
        return attachment.raw or b""

    @api.model
    def _file_error_message(self, exc):
        messages = {
            "empty": self.env._("The file is empty."),
            "header_only": self.env._("The file has a header line but no rows to import."),
            "encoding": self.env._(
                "The file could not be read: it is neither UTF-8 nor GB18030 text. "
                "Save it as CSV UTF-8 or as an Excel workbook (.xlsx)."
            ),
            "xls": self.env._(
                "Old Excel files (.xls) are not supported: save the file as an Excel "
                "workbook (.xlsx) or as CSV."
            ),
            "binary": self.env._("This is not a spreadsheet: upload a CSV or XLSX file."),
            "not_spreadsheet": self.env._(
                "This is not a spreadsheet: upload a CSV or XLSX file (%(detail)s).",
                detail=exc.detail,
            ),
            "csv": self.env._("The CSV file is malformed: %(detail)s", detail=exc.detail),
        }
        return messages.get(exc.code) or self.env._("The file could not be read.")

    @api.model
    def _raise_file_error(self, exc):
        raise UserError(self._file_error_message(exc)) from exc

    def _prepare_import_cache(self):
        """What every batch needs, read once per job."""
        self.ensure_one()
        countries = {}
        rows = self.env.execute_query(SQL("SELECT id, code, name FROM res_country"))
        for country_id, code, names in rows:
            countries[code.casefold()] = country_id
            for name in (names or {}).values():
                countries.setdefault(_text_key(name), country_id)
        codes = {code.casefold(): country_id for country_id, code, _names in rows}
        for alias, code in COUNTRY_ALIASES.items():
            if code.casefold() in codes:
                countries[_text_key(alias)] = codes[code.casefold()]
        team = self.team_id
        common = {
            "company_id": self.company_id.id,
            "team_id": team.id,
            "user_id": self.lead_user_id.id,
            "source_id": self.source_id.id,
            "medium_id": self.medium_id.id,
            "campaign_id": self.campaign_id.id,
            "import_job_id": self.id,
        }
        # The stage is found once here rather than by crm lead by lead (one query
        # each). It goes through the context: a default, unlike a value, does
        # not make crm.lead.create() look for won stages lead by lead either.
        stage = self.env["crm.lead"]._stage_find(team_id=team.id, domain=[("fold", "=", False)])
        return {
            "mapping": list(self.mapping or []),
            "headers": list(self.headers or []),
            "countries": countries,
            "company_country": self.company_id.country_id,
            "country_records": {},
            "sources": {},
            "common": common,
            "stage_id": stage.id,
            "batch_matcher": hasattr(self.env["crm.lead"], "_crm_match_batch"),
        }

    # ------------------------------------------------------------
    # ONE BATCH
    # ------------------------------------------------------------

    def _import_batch(self, rows, cache):
        """Validate, deduplicate and create or update the leads of ``rows``.

        A constant number of queries whatever the batch size: one lookup of the
        sources, one of the existing duplicates, one INSERT of the new leads and
        one of the rejected rows (plus the writes of updated leads).
        """
        self.ensure_one()
        counts = dict.fromkeys(
            ("created_count", "updated_count", "skipped_count", "flagged_count", "rejected_count"),
            0,
        )
        rejections, candidates = [], []
        mapping = cache["mapping"]
        for line_number, cells in rows:
            values = {
                key: cells[index]
                for index, key in enumerate(mapping)
                if key and index < len(cells) and cells[index]
            }
            vals, keys, error = self._prepare_row_values(values, cache)
            if error:
                rejections.append(
                    {
                        "job_id": self.id,
                        "line_number": line_number,
                        "reason": error,
                        "values": cells,
                    }
                )
            else:
                candidates.append((vals, keys))
        counts["rejected_count"] = len(rejections)
        self._resolve_sources([vals for vals, _keys in candidates], cache)
        matches = self._match_existing(candidates)

        to_create, to_update, first_in_batch = [], {}, {}
        policy = self.duplicate_policy
        for (vals, keys), match in zip(candidates, matches, strict=True):
            earlier = next((first_in_batch[key] for key in keys if key in first_in_batch), None)
            for key in keys:
                first_in_batch.setdefault(key, vals)
            lead_ids, partner_ids = match["lead_ids"], match["partner_ids"]
            if not (lead_ids or partner_ids or earlier is not None):
                to_create.append(vals)
                counts["created_count"] += 1
            elif policy == "skip":
                counts["skipped_count"] += 1
            elif policy == "flag":
                vals["is_import_duplicate"] = True
                if partner_ids:
                    vals["partner_id"] = min(partner_ids)
                to_create.append(vals)
                counts["flagged_count"] += 1
            elif lead_ids:
                to_update.setdefault(min(lead_ids), []).append(vals)
            elif earlier is not None:
                # The same customer twice in the batch: the later row completes
                # the lead the earlier one is about to create.
                earlier.update(self._updatable_values(vals))
                first_in_batch.update(dict.fromkeys(keys, earlier))
                counts["updated_count"] += 1
            else:
                vals["partner_id"] = min(partner_ids)
                to_create.append(vals)
                counts["created_count"] += 1

        if to_update:
            writable = self.env["crm.lead"].browse(to_update)._filtered_access("write")
            for lead in writable:
                for vals in to_update.pop(lead.id):
                    lead.write(self._updatable_values(vals))
                    counts["updated_count"] += 1
            # Matches the user may not edit (another rep's lead) are left alone.
            counts["skipped_count"] += sum(len(v) for v in to_update.values())
        if to_create:
            self._create_leads(to_create, cache)
        if rejections:
            self.env["crm.lead.import.rejection"].create(rejections)
        return counts

    def _create_leads(self, vals_list, cache):
        """Create the new leads of a batch in one ``create``.

        Rows without a customer take the fast path: defaults read once for the
        batch, the stored keys and the predictive probability computed here from
        the row (the same functions as crm's computes, memoised), so that the
        ORM neither evaluates defaults nor recomputes and rewrites those fields
        lead by lead. The collision check per lead is skipped: the import has
        just applied its own duplicate policy to the whole batch. Rows linked to
        a customer (its address, language... are computed from it) go through
        a plain ``create``.
        """
        Lead = self.env["crm.lead"].with_context(
            default_stage_id=cache["stage_id"], crm_skip_collision_check=True
        )
        defaults = None
        # Runs of consecutive rows of one kind: the leads keep the file's order.
        for linked, run in itertools.groupby(vals_list, key=lambda v: bool(v.get("partner_id"))):
            run = list(run)
            if linked:
                Lead.create(run)
                continue
            if defaults is None:
                defaults = frozendict(Lead._add_missing_default_values({}))
            Lead.with_context(
                crm_lead_batch_defaults=defaults, crm_lead_precomputed=PRECOMPUTED_FIELDS
            ).create([self._prepare_fast_values(vals, defaults, cache) for vals in run])

    def _prepare_fast_values(self, vals, defaults, cache):
        """``vals`` completed with the stored computed fields of a lead without
        customer, as crm.lead's compute methods would set them."""
        Lead = self.env["crm.lead"]
        country_id = vals.get("country_id")
        lead_country = cache["country_records"].get(country_id) if country_id else None
        if country_id and lead_country is None:
            lead_country = cache["country_records"][country_id] = Lead.env["res.country"].browse(
                country_id
            )
        lead_country = lead_country or Lead.env["res.country"]
        key_country = lead_country or cache["company_country"]
        email = vals.get("email_from")
        normalized = email and email_normalize(email, strict=False) or False
        email_state = False
        if email:
            email_state = "incorrect"
            if any(mail_validation.mail_validate(address) for address in email_split(email)):
                email_state = "correct"
        domain_criterion = False
        if normalized:
            domain = normalized.rsplit("@", 1)[-1]
            # pylint: disable=protected-access
            blacklist = iap_tools._MAIL_DOMAIN_BLACKLIST
            domain_criterion = normalized if domain in blacklist else "@" + domain
        now = self.env.cr.now()
        vals.update(
            email_normalized=normalized,
            email_domain_criterion=domain_criterion,
            email_state=email_state,
            phone_state=Lead._crm_phone_state(vals.get("phone"), lead_country),
            phone_e164=Lead._crm_e164(vals.get("phone"), key_country),
            mobile_e164=Lead._crm_e164(vals.get("mobile"), key_country),
            company_name_key=normalize_company_name(vals.get("partner_name")) or False,
            company_name_core=core_company_name(vals.get("partner_name")) or False,
            date_last_stage_update=now,
            day_close=False,
            prorated_revenue=0.0,
            recurring_revenue_monthly=0.0,
            recurring_revenue_monthly_prorated=0.0,
            recurring_revenue_prorated=0.0,
        )
        if not (vals.get("expected_revenue") or vals.get("recurring_revenue")):
            probability = self._pls_probability({**defaults, **vals}, cache)
            if probability is not None:
                vals["probability"] = vals["automated_probability"] = probability
        return vals

    def _pls_probability(self, vals, cache):
        """Predictive lead scoring of a new lead, computed once per combination
        of the scoring variables (a handful per batch) on an unsaved lead."""
        pls = cache.setdefault("pls", {})
        if "fields" not in pls:
            pls["fields"] = ["stage_id", "team_id"] + self.env["crm.lead"]._pls_get_safe_fields()
        try:
            key = tuple(vals.get(fname) or False for fname in pls["fields"])
            probability = pls.get(key)
        except TypeError:  # an x2many variable (tags): let the ORM compute it
            return None
        if probability is None:
            lead = self.env["crm.lead"].new(dict(zip(pls["fields"], key, strict=True)))
            probability = pls[key] = lead._pls_get_naive_bayes_probabilities().get(lead.id, 0.0)
        return probability

    @api.model
    def _updatable_values(self, vals):
        return {fname: vals[fname] for fname in UPDATABLE_FIELDS if vals.get(fname)}

    def _prepare_row_values(self, values, cache):
        """``(vals, keys, error)`` for one row; ``error`` rejects the row."""
        for key, value in values.items():
            limit = lead_file_reader.MAX_LENGTHS.get(key)
            if limit and len(value) > limit:
                return (
                    None,
                    None,
                    self.env._(
                        "%(column)s is too long: %(length)s characters, at most %(max)s.",
                        column=self._column_label(key, cache),
                        length=len(value),
                        max=limit,
                    ),
                )
        name = values.get("name") or values.get("partner_name") or values.get("contact_name")
        if not name:
            return None, None, self.env._("Missing name: give a lead name, a company or a contact.")
        country = cache["company_country"]
        vals = dict(cache["common"], name=name)
        if values.get("country"):
            country_id = cache["countries"].get(_text_key(values["country"]))
            if not country_id:
                return (
                    None,
                    None,
                    self.env._("Unknown country: %(country)s", country=values["country"]),
                )
            vals["country_id"] = country_id
            country = cache["country_records"].get(country_id)
            if country is None:
                country = cache["country_records"][country_id] = self.env["res.country"].browse(
                    country_id
                )
        keys = []
        email = values.get("email_from")
        if email:
            normalized = email_normalize(email)
            if not normalized or not EMAIL_SHAPE.match(normalized):
                return None, None, self.env._("Invalid e-mail address: %(email)s", email=email)
            vals["email_from"] = email
            keys.append(("email", normalized))
        Lead = self.env["crm.lead"]
        for fname in ("phone", "mobile"):
            number = values.get(fname)
            if number:
                e164 = Lead._crm_e164(number, country)
                if not e164:
                    return None, None, self.env._("Invalid phone number: %(number)s", number=number)
                vals[fname] = number
                keys.append(("phone", e164))
        for fname in (
            "partner_name",
            "contact_name",
            "function",
            "website",
            "street",
            "city",
            "zip",
        ):
            if values.get(fname):
                vals[fname] = values[fname]
        if values.get("description"):
            vals["description"] = plaintext2html(values["description"])
        if values.get("source"):
            vals["source_id"] = values["source"]  # a name, resolved per batch
        if cache["batch_matcher"] and vals.get("partner_name"):
            name_key = normalize_company_name(vals["partner_name"])
            if name_key:
                keys.append(("company", name_key))
        return vals, keys, None

    @api.model
    def _column_label(self, key, cache):
        if key in cache["mapping"]:
            index = cache["mapping"].index(key)
            if index < len(cache["headers"]) and cache["headers"][index]:
                return cache["headers"][index]
        return key

    def _resolve_sources(self, vals_list, cache):
        """Turn source names of the rows into utm.source ids: one search, one create."""
        known = cache["sources"]
        names = {vals["source_id"] for vals in vals_list if isinstance(vals.get("source_id"), str)}
        missing = names - set(known)
        if missing:
            Source = self.env["utm.source"]
            for source in Source.search([("name", "in", list(missing))]):
                known[source.name] = source.id
            new_names = sorted(missing - set(known))
            if new_names:
                for source in Source.create([{"name": name} for name in new_names]):
                    known[source.name] = source.id
        for vals in vals_list:
            if isinstance(vals.get("source_id"), str):
                vals["source_id"] = known.get(vals["source_id"], cache["common"]["source_id"])

    def _match_existing(self, candidates):
        """Existing leads and partners sharing a key with each candidate row."""
        if not candidates:
            return []
        Lead = self.env["crm.lead"]
        if hasattr(Lead, "_crm_match_batch"):
            return Lead._crm_match_batch([vals for vals, _keys in candidates])
        return self._match_exact_keys([keys for _vals, keys in candidates])

    def _match_exact_keys(self, keys_list):
        """Fallback matcher: e-mail and E.164 numbers, one query per model."""
        results = [{"partner_ids": set(), "lead_ids": set()} for _keys in keys_list]
        by_email, by_phone = {}, {}
        for index, keys in enumerate(keys_list):
            for kind, value in keys:
                target = by_email if kind == "email" else by_phone if kind == "phone" else None
                if target is not None:
                    target.setdefault(value, []).append(index)
        if not (by_email or by_phone):
            return results
        for model, target in (("crm.lead", "lead_ids"), ("res.partner", "partner_ids")):
            self.env[model].flush_model(
                ["email_normalized", "phone_e164", "mobile_e164", "active", "company_id"]
            )
            query = SQL(
                """SELECT id, email_normalized, phone_e164, mobile_e164
                     FROM %(table)s
                    WHERE active
                      AND (company_id IS NULL OR company_id = %(company)s)
                      AND (email_normalized = ANY(%(emails)s::varchar[])
                           OR phone_e164 = ANY(%(phones)s::varchar[])
                           OR mobile_e164 = ANY(%(phones)s::varchar[]))""",
                table=SQL.identifier(self.env[model]._table),
                company=self.company_id.id,
                emails=list(by_email),
                phones=list(by_phone),
            )
            for record_id, email, phone, mobile in self.env.execute_query(query):
                for index in {
                    *by_email.get(email, ()),
                    *by_phone.get(phone, ()),
                    *by_phone.get(mobile, ()),
                }:
                    results[index][target].add(record_id)
        return results

    # ------------------------------------------------------------
    # OUTCOME
    # ------------------------------------------------------------

    def _finalize(self):
        self.ensure_one()
        vals = {"state": "done", "date_end": fields.Datetime.now()}
        if self.rejected_count:
            vals["rejected_file"] = base64.b64encode(self._build_rejected_xlsx())
            vals["rejected_filename"] = self.env._(
                "rejected_rows_%(name)s.xlsx", name=self.name.rsplit(".", 1)[0]
            )
        self.write(vals)
        self._notify_done()

    def _build_rejected_xlsx(self):
        """Every rejected row with its line number and reason, as an XLSX file.

        Cells are all written with ``write_string``: a value such as
        ``=HYPERLINK(...)`` from the file must stay text when the user opens it.
        """
        import xlsxwriter

        output = io.BytesIO()
        # constant_memory: rows go to a temporary file as they are written.
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = workbook.add_worksheet(self.env._("Rejected Rows"))
        bold = workbook.add_format({"bold": True})
        header = [self.env._("Line"), self.env._("Reason"), *(self.headers or [])]
        for col, title in enumerate(header):
            sheet.write_string(0, col, str(title), bold)
        Rejection = self.env["crm.lead.import.rejection"]
        domain = [("job_id", "=", self.id)]
        row, offset, chunk = 1, 0, 5000
        while True:
            rejections = Rejection.search_fetch(
                domain, ["line_number", "reason", "values"], offset=offset, limit=chunk
            )
            if not rejections:
                break
            for rejection in rejections:
                sheet.write_number(row, 0, rejection.line_number)
                sheet.write_string(row, 1, rejection.reason)
                for col, value in enumerate(rejection.values or [], start=2):
                    sheet.write_string(row, col, str(value))
                row += 1
            offset += chunk
            rejections.invalidate_recordset()
        workbook.close()
        return output.getvalue()

    def _notify_done(self):
        self.ensure_one()
        message = self.env._(
            "Lead import %(name)s finished: %(created)s created, %(updated)s updated, "
            "%(skipped)s skipped, %(flagged)s flagged as possible duplicates, "
            "%(rejected)s rejected.",
            name=self.name,
            created=self.created_count,
            updated=self.updated_count,
            skipped=self.skipped_count,
            flagged=self.flagged_count,
            rejected=self.rejected_count,
        )
        self.message_post(body=message)
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "warning" if self.rejected_count else "success",
                "title": self.env._("Lead import finished"),
                "message": message,
                "sticky": bool(self.rejected_count),
            },
        )
