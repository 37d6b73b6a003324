# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import itertools
import logging
import re
import unicodedata
from collections import defaultdict, namedtuple

from odoo import api, fields, models, modules
from odoo.addons.iap.tools import iap_tools
from odoo.addons.mail.tools import mail_validation
from odoo.exceptions import UserError
from odoo.tools import SQL, config, email_normalize, email_split, frozendict, plaintext2html

from ..tools import lead_file_reader
from ..tools.lead_file_reader import LeadFileError
from ..tools.normalize import core_company_name, normalize_company_name
from ..tools.xlsx import text_safe_workbook

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


# A row of the file that passed validation: lead values, duplicate keys
# [(kind, key)], line number and cells as read.
ImportRow = namedtuple("ImportRow", ["vals", "keys", "line_number", "cells"])


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
    rejection_ids = fields.One2many(
        "crm.lead.import.rejection",
        "job_id",
        domain=[("kind", "=", "rejected")],
        readonly=True,
    )
    skipped_row_ids = fields.One2many(
        "crm.lead.import.rejection",
        "job_id",
        string="Skipped Rows",
        domain=[("kind", "=", "skipped")],
        readonly=True,
        help="Duplicates left out, with the customer or lead each one matched.",
    )
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
        taken = []
        while job := self._take_next_job(taken):
            taken.append(job.id)
            try:
                job._process(commit=commit)
            except Exception as exc:
                if not commit:
                    raise
                _logger.exception("Lead import job %s failed", job.id)
                self.env.cr.rollback()
                if job._lock_job():
                    job.write({"state": "failed", "error_message": str(exc)})
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _take_next_job(self, taken_ids):
        """The oldest queued or running job no other runner holds, locked.

        Two runners (two cron workers, a manual run) never work on one job: each
        takes its job with ``FOR NO KEY UPDATE SKIP LOCKED`` and takes the lock
        again before each batch (see ``_lock_job``).
        """
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM %(table)s
                    WHERE state IN ('queued', 'running') AND id != ALL(%(taken)s)
                    ORDER BY id
                    LIMIT 1
                      FOR NO KEY UPDATE SKIP LOCKED""",
                table=SQL.identifier(self._table),
                taken=taken_ids,
            )
        )
        return self.browse(rows[0][0]) if rows else self.browse()

    def _lock_job(self, processed_rows=None):
        """Lock the job's row for this transaction; False if this runner must
        leave the job: another one holds it, or the job is no longer to be
        processed, or it went on since ``processed_rows`` (another runner
        imported rows meanwhile).

        The lock is what makes the job's progress safe: only its holder imports
        rows and writes the progress, and a user's write on the job (deleting
        it, a main attachment set by the chatter) waits for the end of the
        batch. A commit releases it, so it is taken again before each batch, as
        the first statement of the batch's transaction (a later one would see
        the concurrent update of a row it has not locked, and fail).
        """
        self.ensure_one()
        self.flush_recordset(["state", "processed_rows"])
        rows = self.env.execute_query(
            SQL(
                """SELECT state, processed_rows FROM %(table)s
                    WHERE id = %(id)s
                      FOR NO KEY UPDATE SKIP LOCKED""",
                table=SQL.identifier(self._table),
                id=self.id,
            )
        )
        if not rows:
            return False
        state, done = rows[0]
        if state not in ("queued", "running"):
            return False
        return processed_rows is None or (done or 0) == processed_rows

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
        if not self._lock_job():
            _logger.info("Lead import job %s is being processed by another runner", self.id)
            return
        self.write({"state": "running", "date_start": self.date_start or fields.Datetime.now()})
        cache = self._prepare_import_cache()
        data = self._get_file_data()
        done = self.processed_rows
        try:
            for rows in lead_file_reader.batches(data, self.batch_size, skip=done):
                if not self._lock_job(done):
                    # Taken over between two batches: the other runner goes on
                    # from the progress this one committed.
                    _logger.info("Lead import job %s was taken over at row %s", self.id, done)
                    return
                counts = self._import_batch(rows, cache)
                done += len(rows)
                self.write(
                    {
                        "processed_rows": done,
                        **{fname: self[fname] + counts[fname] for fname in counts},
                    }
                )
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=max(self.total_rows - done, 0)
                )
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                # Keep memory flat: the cache holds the leads created by the batch.
                self.env.invalidate_all()
        except LeadFileError as exc:
            # Raised while reading the next batch, maybe after a commit: lock again.
            if self._lock_job(done):
                self.write({"state": "failed", "error_message": self._file_error_message(exc)})
            return
        del data
        if self._lock_job(done):
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
        sources, one of the existing duplicates, one INSERT of the new leads, a
        read of the records skipped rows matched, and one INSERT of the rejected
        and skipped rows (plus the writes of updated leads).
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
                        "kind": "rejected",
                        "line_number": line_number,
                        "reason": error,
                        "values": cells,
                    }
                )
            else:
                candidates.append(ImportRow(vals, keys, line_number, cells))
        counts["rejected_count"] = len(rejections)
        self._resolve_sources([row.vals for row in candidates], cache)
        matches = self._match_existing(candidates)

        to_create, to_update, first_in_batch = [], {}, {}
        skips = []  # (row, match, earlier row, shared key, reason)
        policy = self.duplicate_policy
        for row, match in zip(candidates, matches, strict=True):
            vals, keys = row.vals, row.keys
            shared = next((key for key in keys if key in first_in_batch), None)
            earlier = first_in_batch[shared] if shared else None
            for key in keys:
                first_in_batch.setdefault(key, row)
            lead_ids, partner_ids = match["lead_ids"], match["partner_ids"]
            if not (lead_ids or partner_ids or earlier is not None):
                to_create.append(vals)
                counts["created_count"] += 1
            elif policy == "skip":
                skips.append((row, match, earlier, shared, "duplicate"))
            elif policy == "flag":
                vals["is_import_duplicate"] = True
                if partner_ids:
                    vals["partner_id"] = min(partner_ids)
                to_create.append(vals)
                counts["flagged_count"] += 1
            elif lead_ids:
                to_update.setdefault(min(lead_ids), []).append((row, match))
            elif earlier is not None:
                # The same customer twice in the batch: the later row completes
                # the lead the earlier one is about to create.
                earlier.vals.update(self._updatable_values(vals))
                first_in_batch.update(dict.fromkeys(keys, earlier))
                counts["updated_count"] += 1
            else:
                vals["partner_id"] = min(partner_ids)
                to_create.append(vals)
                counts["created_count"] += 1

        if to_update:
            writable = self.env["crm.lead"].browse(to_update)._filtered_access("write")
            for lead in writable:
                for row, _match in to_update.pop(lead.id):
                    lead.write(self._updatable_values(row.vals))
                    counts["updated_count"] += 1
            # Matches the user may not edit (another rep's lead) are left alone.
            for lead_id, pending in to_update.items():
                for row, match in pending:
                    only_lead = {**match, "partner_ids": set(), "lead_ids": {lead_id}}
                    skips.append((row, only_lead, None, None, "not_writable"))
        created = self._create_leads(to_create, cache) if to_create else {}
        counts["skipped_count"] = len(skips)
        skipped = self._prepare_skipped_rows(skips, created) if skips else []
        if rejections or skipped:
            self.env["crm.lead.import.rejection"].create(rejections + skipped)
        return counts

    def _prepare_skipped_rows(self, skips, created):
        """Values of the ``crm.lead.import.rejection`` rows of skipped duplicates.

        Each names the customer or lead it matched, preferring one the importing
        user may read; one they may not read is not named. A row repeating an
        earlier row of the file points at the lead created from that row, or at
        what that row matched. Two queries per model for the whole batch: the
        access check and the names.
        """
        options_list = []
        for _row, match, earlier, _shared, _reason in skips:
            options = [("res.partner", pid) for pid in sorted(match["partner_ids"])]
            options += [("crm.lead", lid) for lid in sorted(match["lead_ids"])]
            if not options and earlier is not None and id(earlier.vals) in created:
                options = [("crm.lead", created[id(earlier.vals)])]
            options_list.append(options)
        ids_by_model = defaultdict(set)
        for options in options_list:
            for model, record_id in options:
                ids_by_model[model].add(record_id)
        names = {}
        for model, ids in ids_by_model.items():
            readable = self.env[model].browse(ids)._filtered_access("read")
            names.update(((model, record.id), record.display_name) for record in readable)

        labels = {
            "email": self.env._("e-mail address"),
            "phone": self.env._("phone number"),
            "company": self.env._("company name"),
        }
        picks = {}  # id(row) -> (model, id) of what a skipped row matched
        values_list = []
        for (row, match, earlier, shared, reason), options in zip(skips, options_list, strict=True):
            pick = next((option for option in options if option in names), None)
            pick = pick or (options and options[0]) or (earlier and picks.get(id(earlier)))
            picks[id(row)] = pick
            if reason == "not_writable":
                text = self.env._("Matches a lead you may not update.")
            elif match["partner_ids"] or match["lead_ids"]:
                if pick[0] == "res.partner":
                    text = self.env._("Duplicate of an existing customer.")
                else:
                    text = self.env._("Duplicate of an existing lead.")
            else:
                text = self.env._(
                    "Duplicate of line %(line)s of the file.", line=earlier.line_number
                )
            kinds = match.get("keys", {}).get(pick) or ({shared[0]} if shared else set())
            if kinds:
                same = ", ".join(label for kind, label in labels.items() if kind in kinds)
                text = " ".join([text, self.env._("Same %(keys)s.", keys=same)])
            values_list.append(
                {
                    "job_id": self.id,
                    "kind": "skipped",
                    "line_number": row.line_number,
                    "values": row.cells,
                    "reason": text,
                    "match_model": pick and pick[0],
                    "match_res_id": pick and pick[1],
                    "match_name": pick and names.get(pick) or self._hidden_match_label(pick),
                }
            )
        return values_list

    @api.model
    def _hidden_match_label(self, pick):
        """How a matched record the importing user may not read is shown."""
        if not pick:
            return False
        if pick[0] == "crm.lead":
            return self.env._("a lead of another salesperson")
        return self.env._("a customer of another salesperson")

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

        Returns ``{id(vals): lead id}`` of the leads created.
        """
        Lead = self.env["crm.lead"].with_context(
            default_stage_id=cache["stage_id"], crm_skip_collision_check=True
        )
        defaults = None
        created = {}
        # Runs of consecutive rows of one kind: the leads keep the file's order.
        for linked, run in itertools.groupby(vals_list, key=lambda v: bool(v.get("partner_id"))):
            run = list(run)
            if linked:
                leads = Lead.create(run)
            else:
                if defaults is None:
                    defaults = frozendict(Lead._add_missing_default_values({}))
                leads = Lead.with_context(
                    crm_lead_batch_defaults=defaults, crm_lead_precomputed=PRECOMPUTED_FIELDS
                ).create([self._prepare_fast_values(vals, defaults, cache) for vals in run])
            created.update(zip(map(id, run), leads.ids, strict=True))
        return created

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
            return Lead._crm_match_batch([row.vals for row in candidates], with_keys=True)
        return self._match_exact_keys([row.keys for row in candidates])

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
        if self.rejected_count or self.skipped_count:
            base_name = self.name.rsplit(".", 1)[0]
            vals["rejected_file"] = base64.b64encode(self._build_rejected_xlsx())
            if self.rejected_count:
                vals["rejected_filename"] = self.env._(
                    "rejected_rows_%(name)s.xlsx", name=base_name
                )
            else:
                vals["rejected_filename"] = self.env._("skipped_rows_%(name)s.xlsx", name=base_name)
        self.write(vals)
        self._notify_done()

    def _build_rejected_xlsx(self):
        """Every rejected row with its line number and reason, and on a second
        sheet every skipped row with the record it duplicated, as an XLSX file.

        Cells are all written with ``write_string``: a value such as
        ``=HYPERLINK(...)`` from the file must stay text when the user opens it.
        """
        output = io.BytesIO()
        # constant_memory: rows go to a temporary file as they are written.
        workbook = text_safe_workbook(output, constant_memory=True)
        bold = workbook.add_format({"bold": True})
        headers = [str(title) for title in self.headers or []]
        rejected = workbook.add_worksheet(self.env._("Rejected Rows"))
        for col, title in enumerate([self.env._("Line"), self.env._("Reason"), *headers]):
            rejected.write_string(0, col, title, bold)
        for row, rejection in enumerate(self._iter_rejections("rejected"), start=1):
            rejected.write_number(row, 0, rejection.line_number)
            rejected.write_string(row, 1, rejection.reason)
            for col, value in enumerate(rejection.values or [], start=2):
                rejected.write_string(row, col, str(value))

        skipped = workbook.add_worksheet(self.env._("Skipped"))
        model_labels = dict(
            self.env["crm.lead.import.rejection"]
            ._fields["match_model"]
            ._description_selection(self.env)
        )
        titles = [
            self.env._("Line"),
            self.env._("Reason"),
            self.env._("Matched Type"),
            self.env._("Matched ID"),
            self.env._("Matched Record"),
            *headers,
        ]
        for col, title in enumerate(titles):
            skipped.write_string(0, col, title, bold)
        for row, line in enumerate(self._iter_rejections("skipped"), start=1):
            skipped.write_number(row, 0, line.line_number)
            skipped.write_string(row, 1, line.reason)
            if line.match_model:
                skipped.write_string(row, 2, model_labels.get(line.match_model, ""))
                skipped.write_number(row, 3, line.match_res_id)
                skipped.write_string(row, 4, line.match_name or "")
            for col, value in enumerate(line.values or [], start=5):
                skipped.write_string(row, col, str(value))
        workbook.close()
        return output.getvalue()

    def _iter_rejections(self, kind, chunk=5000):
        """The job's rejected or skipped rows, read by chunks (memory stays flat)."""
        Rejection = self.env["crm.lead.import.rejection"]
        domain = [("job_id", "=", self.id), ("kind", "=", kind)]
        fnames = ["line_number", "reason", "values", "match_model", "match_res_id", "match_name"]
        offset = 0
        while rejections := Rejection.search_fetch(domain, fnames, offset=offset, limit=chunk):
            yield from rejections
            offset += chunk
            rejections.invalidate_recordset()

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
