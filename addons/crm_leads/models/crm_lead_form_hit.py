# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Hits older than this are useless for any sensible rate-limit window.
HIT_RETENTION = timedelta(days=1)
# Submissions turned into leads per cron call; Odoo calls it again at once while
# some remain (progress API), committing in between.
PROCESS_BATCH = 200
# A submission whose lead cannot be created is tried again after 5, 10, 20, 40
# minutes, then waits for a manager (Retry button of the form).
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=5)


class CrmLeadFormHit(models.Model):
    """One submission attempt on a web-to-lead form, kept for rate limiting, and
    the queue of accepted submissions waiting for their lead.

    Stored in the database (not in a worker's memory) so that the limit holds
    across several Odoo workers and servers.

    Why a queue: a lead is an expensive record (duplicate and collision checks,
    assignment rules, tracking, followers). Created in the visitor's request, one
    post cost 42 queries and 50 ms of server time, and 120 visitors posting one
    form 30 at a time on 2 workers waited 0.9 s at the median, 7.5 s at p95 and
    12 s at worst (tests/concurrency/run.py), retries on the form's counter
    included. The request now only validates the answers and inserts this row
    (22 queries, 15 ms, no UPDATE of any shared row): 0.44 s at the median and
    0.71 s at p95 on the same machine minutes later. A cron creates the leads in
    batches, about 50 a second.
    Nothing is lost: a submission stays here until its lead exists, and one whose
    lead cannot be created keeps its error, is tried again and is shown on its
    form. The visitor's answer never depends on what the database holds.
    The lead exists within about a minute of the post (see ``_register_hit``).
    """

    _name = "crm.lead.form.hit"
    _description = "Web-to-Lead Form Submission Attempt"
    _log_access = True

    form_id = fields.Many2one("crm.lead.form", required=True, ondelete="cascade")
    remote_addr = fields.Char("Client Address", required=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Lead Created"), ("failed", "Failed")],
        readonly=True,
        help="Empty for attempts that carried no valid submission (rate limit, "
        "honeypot, invalid answers).",
    )
    payload = fields.Json(
        "Answers", readonly=True, help="The visitor's answers until the lead is created."
    )
    lead_id = fields.Many2one("crm.lead", readonly=True, ondelete="set null")
    attempt_count = fields.Integer("Attempts", readonly=True)
    date_retry = fields.Datetime("Next Attempt", readonly=True)
    error = fields.Text(readonly=True, help="Why the last attempt to create the lead failed.")

    def _auto_init(self):
        res = super()._auto_init()
        # The rate-limit count filters on all three columns.
        tools.create_index(
            self._cr,
            "crm_lead_form_hit_form_addr_date_idx",
            self._table,
            ["form_id", "remote_addr", "create_date"],
        )
        # The queue: few rows at any time among many attempts.
        tools.create_index(
            self._cr,
            "crm_lead_form_hit_queue_idx",
            self._table,
            ["form_id", "id"],
            where="state IN ('pending', 'failed')",
        )
        return res

    @api.model
    def _window(self, minutes):
        return timedelta(minutes=minutes)

    @api.model
    def _domain_due(self):
        return [
            "|",
            ("state", "=", "pending"),
            "&",
            "&",
            ("state", "=", "failed"),
            ("attempt_count", "<", MAX_ATTEMPTS),
            ("date_retry", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _cron_gc_hits(self):
        """Forget attempts older than the retention period (never a submission
        still waiting for its lead)."""
        # Plain DELETE: there can be many rows, nothing links to them and they
        # have no business logic on unlink.
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE create_date < %s AND state IS DISTINCT FROM 'pending' "
                "AND state IS DISTINCT FROM 'failed'",
                SQL.identifier(self._table),
                fields.Datetime.now() - HIT_RETENTION,
            )
        )
        self.invalidate_model()

    @api.model
    def _cron_process_submissions(self, limit=PROCESS_BATCH):
        """Create the leads of the submissions due, oldest first."""
        domain = self._domain_due()
        hits = self.search(domain, order="id", limit=limit)
        hits._create_leads()
        remaining = self.search_count(domain) if len(hits) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(hits), remaining=remaining)

    def _create_leads(self):
        """Create the lead of each submission in ``self``, form by form, as the
        web-to-lead technical user (record rules and collision checks apply as
        in a request, and a collision never refuses the lead: see
        ``_crm_check_collisions``).

        A batch is created at once; if it fails, its submissions are created one
        by one so that a single bad one does not hold back the others.
        """
        if not self:
            return
        # Lock the rows: a second processor (another server's cron) skips them
        # instead of creating the same leads twice.
        locked = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE id = ANY(%s) AND state IN ('pending', 'failed') "
                "FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                self.ids,
            )
        )
        hits = self.browse(row[0] for row in locked)
        robot = self.env.ref("crm_leads.user_crm_lead_form_robot")
        for form, form_hits in hits.grouped("form_id").items():
            form_hits._create_form_leads(form.with_user(robot))
        failed = hits.filtered(lambda hit: hit.state == "failed" and hit.date_retry)
        if failed:
            self.env.ref("crm_leads.ir_cron_crm_lead_form_submissions")._trigger(
                min(failed.mapped("date_retry"))
            )

    def _create_form_leads(self, form):
        """``form`` carries the technical user's environment."""
        if len(self) > 1:
            try:
                with self.env.cr.savepoint():
                    self._create_form_leads_batch(form)
                return
            except Exception:  # noqa: BLE001 - retried one by one just below
                _logger.info(
                    "Web-to-lead form %s: batch of %s failed, creating one by one",
                    form.id,
                    len(self),
                )
        for hit in self:
            try:
                with self.env.cr.savepoint():
                    hit._create_form_leads_batch(form)
            except Exception as error:  # noqa: BLE001 - kept, shown on the form and retried
                _logger.warning(
                    "Web-to-lead form %s: submission %s not turned into a lead: %s",
                    form.id,
                    hit.id,
                    error,
                )
                hit._mark_failed(error)

    def _create_form_leads_batch(self, form):
        Lead = (
            form.env["crm.lead"]
            .with_company(form.company_id)
            .with_context(mail_create_nosubscribe=True, crm_collision_keep=True)
        )
        vals_list = []
        for hit in self:
            values, errors = form._prepare_lead_values(hit.payload or {})
            if errors:
                # The form's questions changed since the post: let a manager see it.
                raise ValueError("; ".join(f"{name}: {msg}" for name, msg in errors.items()))
            vals_list.append(values)
        leads = Lead.create(vals_list)
        for hit, lead in zip(self, leads, strict=True):
            hit.write(
                {
                    "state": "done",
                    "lead_id": lead.id,
                    "payload": False,
                    "error": False,
                    "date_retry": False,
                }
            )

    def _mark_failed(self, error):
        self.ensure_one()
        attempts = self.attempt_count + 1
        self.write(
            {
                "state": "failed",
                "attempt_count": attempts,
                "error": f"{type(error).__name__}: {error}",
                "date_retry": fields.Datetime.now() + RETRY_DELAY * 2 ** (attempts - 1)
                if attempts < MAX_ATTEMPTS
                else False,
            }
        )

    def _retry(self):
        """Try the failed submissions again at once (a manager's decision)."""
        failed = self.filtered(lambda hit: hit.state == "failed")
        failed.write({"attempt_count": 0, "date_retry": fields.Datetime.now()})
        if failed:
            self.env.ref("crm_leads.ir_cron_crm_lead_form_submissions")._trigger()
        return failed
