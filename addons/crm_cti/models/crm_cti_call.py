# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import uuid
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)

# Numbers a PBX sends for a withheld caller ID: the call pops as unknown.
ANONYMOUS_NUMBERS = {"anonymous", "withheld", "private", "restricted", "unknown", "unavailable"}
MISSED_OUTCOMES = ("missed", "voicemail")
END_CAUSES = ("busy", "failed", "voicemail")


class CrmCtiCall(models.Model):
    """One telephone call, as the PBX reported it or an agent logged it.

    The caller is identified once, when the call is created: its number is
    normalised to E.164 with the PBX's (else the company's) country and looked up
    in the suite's indexed phone keys of customers and leads.

    The call's state is a function of the times stored on it (first ring, first
    answer, first hang-up, last hold/unhold), each kept as the earliest (or latest)
    one reported, so PBX events may come twice or out of order and end the same.
    """

    _name = "crm.cti.call"
    _description = "Phone Call"
    _order = "date_ring desc, id desc"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.parent.access.mixin"]
    _rec_name = "number"
    _crm_access_parents = {"partner_id": "read", "lead_id": "read"}
    _check_company_auto = True

    pbx_id = fields.Many2one(
        "crm.cti.pbx",
        string="PBX",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    pbx_call_ref = fields.Char(
        "PBX Call Reference",
        copy=False,
        help="Identifier the PBX gives the call; a repeated event with the same "
        "reference updates the call instead of logging it twice.",
    )
    direction = fields.Selection(
        [("in", "Incoming"), ("out", "Outgoing")],
        required=True,
        default="in",
    )
    number = fields.Char(help="The other party's number, as the PBX or the agent gave it.")
    number_e164 = fields.Char(
        "Number (E.164)",
        compute="_compute_number_e164",
        store=True,
        precompute=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        ondelete="set null",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead/Opportunity",
        index="btree_not_null",
        ondelete="set null",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        domain="[('share', '=', False)]",
    )
    ringing_user_ids = fields.Many2many(
        "res.users",
        "crm_cti_call_ringing_user_rel",
        "call_id",
        "user_id",
        string="Rang At",
        help="Every agent whose extension rang for this call.",
    )
    extension = fields.Char(help="Extension that rang or dialled, as the PBX reported it.")
    date_ring = fields.Datetime("Rang", required=True, index=True, default=fields.Datetime.now)
    date_answer = fields.Datetime("Answered")
    date_end = fields.Datetime("Ended")
    date_hold = fields.Datetime("Last Put On Hold", copy=False)
    date_unhold = fields.Datetime("Last Taken Off Hold", copy=False)
    date_transfer = fields.Datetime("Last Transferred", copy=False)
    end_cause = fields.Char(copy=False, help="Why the call ended, as the PBX said (busy, ...).")
    wait_time = fields.Integer(
        "Waiting Time (s)",
        compute="_compute_times",
        store=True,
        precompute=True,
        aggregator="avg",
        help="From the first ring to the answer, or to the end of an unanswered call.",
    )
    talk_time = fields.Integer(
        "Talking Time (s)",
        compute="_compute_times",
        store=True,
        precompute=True,
        aggregator="sum",
    )
    state = fields.Selection(
        [
            ("ringing", "Ringing"),
            ("answered", "In progress"),
            ("held", "On hold"),
            ("ended", "Ended"),
        ],
        compute="_compute_state",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
    )
    outcome = fields.Selection(
        [
            ("answered", "Answered"),
            ("missed", "Missed"),
            ("busy", "Busy"),
            ("failed", "Failed"),
            ("voicemail", "Voicemail"),
        ],
        compute="_compute_outcome",
        store=True,
        precompute=True,
        readonly=False,
        index="btree_not_null",
    )
    # Stored on the call, so the call's record rules decide who reads it.
    recording_url = fields.Char("Recording", copy=False)
    disposition_id = fields.Many2one("crm.cti.disposition", ondelete="restrict")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "pbx_call_ref_uniq",
            "UNIQUE(pbx_id, pbx_call_ref)",
            "This PBX already reported a call with this reference.",
        ),
        (
            "date_end_after_ring",
            "CHECK(date_end IS NULL OR date_end >= date_ring)",
            "A call cannot end before it rang.",
        ),
    ]

    @api.depends("number", "company_id", "pbx_id")
    def _compute_number_e164(self):
        for call in self:
            country = call.pbx_id.country_id or call.company_id.country_id
            call.number_e164 = call._cti_e164(call.number, country)

    @api.depends("date_ring", "date_answer", "date_end")
    def _compute_times(self):
        for call in self:
            ring, answer, end = call.date_ring, call.date_answer, call.date_end
            wait_until = answer or end
            call.wait_time = (
                max(int((wait_until - ring).total_seconds()), 0) if ring and wait_until else 0
            )
            call.talk_time = max(int((end - answer).total_seconds()), 0) if answer and end else 0

    @api.depends("date_answer", "date_end", "date_hold", "date_unhold")
    def _compute_state(self):
        for call in self:
            if call.date_end:
                call.state = "ended"
            elif call.date_answer:
                held = call.date_hold and (
                    not call.date_unhold or call.date_hold > call.date_unhold
                )
                call.state = "held" if held else "answered"
            else:
                call.state = call.state if call.state in ("ringing", "ended") else "ringing"

    @api.depends("date_answer", "date_end", "end_cause")
    def _compute_outcome(self):
        for call in self:
            if not call.date_end:
                call.outcome = call.outcome if call.outcome == "failed" else False
            elif call.end_cause == "voicemail":
                call.outcome = "voicemail"
            elif call.date_answer:
                call.outcome = "answered"
            elif call.end_cause in END_CAUSES:
                call.outcome = call.end_cause
            else:
                call.outcome = "missed"

    @api.model
    def _crm_parent_condition(self, env, fname, mode):
        # The PBX technical user reads every customer and lead of its company (its
        # only rules on them are the multi-company ones, which the call's own
        # company rule applies already): skip the parent probe at every event.
        if env.user.has_group("crm_cti.group_crm_cti_robot"):
            return None
        return super()._crm_parent_condition(env, fname, mode)

    @api.model_create_multi
    def create(self, vals_list):
        self._cti_identify(vals_list)
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_create_lead(self):
        """Open a new lead prefilled from an unidentified caller."""
        self.ensure_one()
        lead = self.env["crm.lead"].create(
            {
                "name": self.env._(
                    "Call from %(number)s", number=self.number or self.env._("unknown number")
                ),
                "type": "lead",
                "phone": self.number_e164 or self.number,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id or self.env.uid,
                "company_id": self.company_id.id,
            }
        )
        self.lead_id = lead
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def action_cti_dial(self, number, res_model=False, res_id=False):
        """Click-to-dial: log the outbound call, then ask the PBX to place it.

        The call is created (and flushed) first, with a fresh reference passed to
        the PBX as its call id, so that the PBX's later events find this call.

        When the PBX is unreachable or refuses, the agent gets a UserError (the
        contract of the web client), which rolls this transaction back. The failed
        attempt must stay in the call log, so it is written again, as failed, from
        a cursor of its own (as Odoo's own logs survive a failing request) after
        this transaction's row was released by rolling back to a savepoint
        (returning a warning instead of raising would keep the row, but every
        client of the method would then have to tell success from failure).
        """
        user = self.env.user
        if not number or not isinstance(number, str) or len(number) > 64:
            raise UserError(self.env._("There is no number to dial."))
        if not user.cti_extension:
            raise UserError(
                self.env._("Set your phone extension in your preferences before dialling.")
            )
        # the first telephone system of the company that can place calls
        pbxs = self.env["crm.cti.pbx"].search([("company_id", "=", self.env.company.id)])
        pbx = pbxs.filtered(lambda p: p.originate_url or p.ami_host)[:1] or pbxs[:1]
        if not pbx:
            raise UserError(self.env._("No telephone system is configured for your company."))
        vals = {
            "direction": "out",
            "number": number.strip(),
            "user_id": user.id,
            "extension": user.cti_extension,
            "pbx_id": pbx.id,
            "pbx_call_ref": f"crm-{uuid.uuid4().hex}",
            "company_id": self.env.company.id,
            "ringing_user_ids": [fields.Command.link(user.id)],
        }
        if res_model in ("res.partner", "crm.lead") and isinstance(res_id, int) and res_id:
            record = self.env[res_model].browse(res_id).exists()
            if record and record.has_access("read"):
                vals["partner_id" if res_model == "res.partner" else "lead_id"] = record.id
                if res_model == "crm.lead" and record.partner_id.has_access("read"):
                    vals["partner_id"] = record.partner_id.id
        try:
            with self.env.cr.savepoint():
                call = self.with_context(
                    mail_create_nolog=True, mail_create_nosubscribe=True
                ).create(vals)
                call.flush_recordset()
                pbx._cti_originate(call)
        except UserError:
            # the savepoint released the row (its reference is unique): log it
            # again, failed, where the coming rollback cannot reach it
            self.env.invalidate_all()
            self._cti_log_failed_dial(vals)
            raise
        return {"call_id": call.id}

    @api.model
    def _cti_log_failed_dial(self, vals):
        """Keep a failed dial attempt in the log although the request fails."""
        now = fields.Datetime.now()
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            env["crm.cti.call"].with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True
            ).create(dict(vals, date_ring=now, date_end=now, end_cause="failed", outcome="failed"))

    # ------------------------------------------------------------
    # BUSINESS: identification
    # ------------------------------------------------------------

    @api.model
    def _cti_e164(self, number, country):
        """The customer master's phone key of ``number``, read with ``country``
        (a res.country, or a res.company for its country): computed exactly as the
        keys stored on customers and leads, so possible numbers missing from
        libphonenumber's metadata match too. Withheld numbers have none."""
        if isinstance(country, models.BaseModel) and country._name == "res.company":
            country = country.country_id
        if not number or number.strip().lower() in ANONYMOUS_NUMBERS:
            return False
        return self.env["crm.contact.key.mixin"]._crm_e164(number, country)

    @api.model
    def _cti_identify(self, vals_list, as_pbx=False):
        """Fill ``partner_id``, ``lead_id`` and ``user_id`` of new calls in place.

        Set-based: one grouped lookup per model and company for the whole batch,
        not one per call, so a PBX replaying a hundred events stays cheap. Values
        given explicitly are kept. Lookups run with the caller's rights, except for
        PBX events (``as_pbx``) which look the phone keys up in their company.
        """
        companies = self.env["res.company"].browse(
            {vals.get("company_id") or self.env.company.id for vals in vals_list}
        )
        pbxs = self.env["crm.cti.pbx"].browse(
            {vals["pbx_id"] for vals in vals_list if vals.get("pbx_id")}
        )
        numbers = defaultdict(set)  # company id -> E.164 numbers to look up
        extensions = defaultdict(set)  # company id -> extensions to resolve
        prepared = []
        for vals in vals_list:
            company = companies.browse(vals.get("company_id") or self.env.company.id)
            pbx = pbxs.browse(vals.get("pbx_id") or ())
            e164 = self._cti_e164(vals.get("number"), pbx.country_id or company.country_id)
            prepared.append((vals, company.id, e164))
            if e164 and ("partner_id" not in vals or "lead_id" not in vals):
                numbers[company.id].add(e164)
            if vals.get("extension") and "user_id" not in vals:
                extensions[company.id].add(vals["extension"])

        partners, leads, agents = {}, {}, {}
        for company_id, keys in numbers.items():
            partners[company_id] = self._cti_match_phone("res.partner", keys, company_id, as_pbx)
            leads[company_id] = self._cti_match_phone("crm.lead", keys, company_id, as_pbx)
        for company_id, exts in extensions.items():
            agents[company_id] = self._cti_match_extension(exts, company_id)

        for vals, company_id, e164 in prepared:
            lead = leads.get(company_id, {}).get(e164)
            if "lead_id" not in vals and lead:
                vals["lead_id"] = lead.id
            if "partner_id" not in vals:
                partner = partners.get(company_id, {}).get(e164) or (lead and lead.partner_id)
                if partner:
                    vals["partner_id"] = partner.id
            agent = agents.get(company_id, {}).get(vals.get("extension"))
            if "user_id" not in vals and agent:
                vals["user_id"] = agent.id

    @api.model
    def _cti_match_phone(self, model, e164_numbers, company_id, as_pbx=False):
        """Map each E.164 number to the record of ``model`` it belongs to.

        Same keys as ``_crm_search_phone`` of the customer master (phone or mobile
        in E.164, both indexed), probed for all numbers at once. When several
        records share a number, a partner matches by seniority (the company
        record usually came first), a lead by recency. Only records of
        ``company_id`` (or shared ones) ever match.
        """
        Model = self.env[model]
        if as_pbx:
            # sudo: res.partner/crm.lead - a PBX event has no user whose rights
            # apply; the phone keys of the PBX's own company are probed and only
            # the matching ids leave (the call then links them as the PBX user)
            Model = Model.sudo()
        order = "id desc" if model == "crm.lead" else "id"
        records = Model.search(
            [
                "|",
                ("phone_e164", "in", list(e164_numbers)),
                ("mobile_e164", "in", list(e164_numbers)),
                ("company_id", "in", [company_id, False]),
            ],
            order=order,
        )
        matches = {}
        for record in records:
            for key in (record.phone_e164, record.mobile_e164):
                if key in e164_numbers:
                    matches.setdefault(key, record.with_env(self.env))
        return matches

    @api.model
    def _cti_match_extension(self, extensions, company_id):
        users = self.env["res.users"].search(
            [("cti_extension", "in", list(extensions)), ("company_id", "=", company_id)]
        )
        return {user.cti_extension: user for user in users}

    # ------------------------------------------------------------
    # BUSINESS: after the call
    # ------------------------------------------------------------

    def _cti_after_end(self, previous_outcomes):
        """Side effects of calls whose outcome was set or changed in this
        transaction: last-contact date, history note, call-back activities.

        ``previous_outcomes``: {call id: outcome before}. Idempotent: a call whose
        outcome did not change does nothing.
        """
        for call in self:
            before = previous_outcomes.get(call.id)
            if call.outcome == before or not call.outcome:
                continue
            if before in MISSED_OUTCOMES and call.outcome == "answered":
                # the answer was reported after the hang-up: not missed after all
                call._cti_activities().unlink()
            if call.outcome == "answered" and call.partner_id:
                call.partner_id._crm_register_contact(call.date_answer)
            if call.direction == "in" and call.outcome in MISSED_OUTCOMES:
                call._cti_schedule_callback()
            elif call.direction == "out" and call.outcome == "answered":
                call._cti_close_callbacks()
            if not before:
                call._cti_post_history_note()

    def _cti_activities(self):
        # sudo: mail.activity - call-back activities belong to the customer's owner;
        # the PBX user and the agents manage them only through these calls
        return self.env["mail.activity"].sudo().search([("cti_call_id", "in", self.ids)])

    def _cti_callback_domain(self):
        self.ensure_one()
        activity_type = self.env.ref("crm_cti.mail_activity_type_cti_callback")
        return [
            ("activity_type_id", "=", activity_type.id),
            ("cti_call_id.number_e164", "=", self.number_e164),
            ("cti_call_id.company_id", "=", self.company_id.id),
        ]

    def _cti_callback_target(self):
        """(record, user) the call-back activity of a missed call goes to: the
        customer (or lead) and its owner, else the call and its agents."""
        self.ensure_one()
        user = (
            self.partner_id.commercial_partner_id.user_id
            or self.partner_id.user_id
            or self.lead_id.user_id
            or self.user_id
            or self.ringing_user_ids[:1]
        )
        if user and (user.share or not user.active or self.company_id not in user.company_ids):
            user = self.user_id or self.ringing_user_ids[:1]
        record = self.partner_id or self.lead_id or self
        return record, user

    def _cti_schedule_callback(self):
        """One call-back activity per number: a second missed call from the same
        number while the first call-back is open adds nothing."""
        self.ensure_one()
        if not self.number_e164:
            return  # withheld number: nobody to call back
        Activity = self.env["mail.activity"].sudo()  # sudo: see _cti_activities
        if Activity.search_count(self._cti_callback_domain(), limit=1):
            return
        record, user = self._cti_callback_target()
        if not user:
            return
        name = record.display_name if record != self else self.number
        activity_type = self.env.ref("crm_cti.mail_activity_type_cti_callback")
        # quick update: no assignment e-mail for every missed call
        Activity.with_context(mail_activity_quick_update=True).create(
            {
                "activity_type_id": activity_type.id,
                "res_model_id": self.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "user_id": user.id,
                "summary": self.env._("Call back %(name)s", name=name),
                "note": self.env._(
                    "Missed call from %(number)s.", number=self.number or self.number_e164
                ),
                "date_deadline": fields.Date.context_today(self),
                "cti_call_id": self.id,
            }
        )

    def _cti_close_callbacks(self):
        """An answered outbound call to a number closes its open call-backs."""
        self.ensure_one()
        if not self.number_e164:
            return
        activities = self.env["mail.activity"].sudo().search(self._cti_callback_domain())
        if activities:
            # sudo: see _cti_activities; done as the agent who called back
            activities.with_user(self.user_id or self.env.user).sudo().action_feedback(
                feedback=self.env._("Called back."),
            )

    def _cti_post_history_note(self):
        """A note on the call: the customer's 360° history lists the calls'
        messages (res.partner._crm_history_documents)."""
        self.ensure_one()
        outcome = dict(self._fields["outcome"]._description_selection(self.env)).get(
            self.outcome, ""
        )
        direction = dict(self._fields["direction"]._description_selection(self.env)).get(
            self.direction, ""
        )
        body = self.env._(
            "%(direction)s call %(number)s: %(outcome)s, waited %(wait)s s, talked %(talk)s s",
            direction=direction,
            number=self.number or self.env._("unknown number"),
            outcome=outcome,
            wait=self.wait_time,
            talk=self.talk_time,
        )
        # logged, not posted: nobody is notified, and the PBX user has no e-mail
        self._message_log(
            body=body,
            author_id=(self.user_id.partner_id or self.env.user.partner_id).id,
            message_type="comment",
        )

    # ------------------------------------------------------------
    # BUSINESS: bus
    # ------------------------------------------------------------

    def _cti_ringing_payload(self):
        self.ensure_one()
        return {
            "call_id": self.id,
            "number": self.number or False,
            "number_e164": self.number_e164 or False,
            "direction": self.direction,
            "extension": self.extension or False,
            "partner_id": self.partner_id.id or False,
            "lead_id": self.lead_id.id or False,
        }

    def _cti_notify_ringing(self, users):
        self.ensure_one()
        for user in users:
            user._bus_send("crm_cti/ringing", self._cti_ringing_payload())

    def _cti_notify_answered(self):
        self.ensure_one()
        self.ringing_user_ids._bus_send(
            "crm_cti/answered", {"call_id": self.id, "user_id": self.user_id.id or False}
        )

    def _cti_notify_ended(self):
        self.ensure_one()
        (self.ringing_user_ids | self.user_id)._bus_send("crm_cti/ended", {"call_id": self.id})

    # ------------------------------------------------------------
    # BUSINESS: PBX events
    # ------------------------------------------------------------

    @api.model
    def _cti_claim(self, pbx, event):
        """The call of ``event`` (located by its PBX reference) and whether it was
        created now. Race-safe: the row is inserted with ON CONFLICT DO NOTHING on
        the (pbx_id, pbx_call_ref) unique index, so two posts creating the same call
        at once end with one call (the later one waits, gets a serialization
        failure that Odoo retries, and finds the row)."""
        now = fields.Datetime.now()
        query = SQL(
            """INSERT INTO crm_cti_call
                   (pbx_id, pbx_call_ref, company_id, direction, date_ring, state,
                    wait_time, talk_time, create_uid, write_uid, create_date, write_date)
            VALUES (%(pbx)s, %(ref)s, %(company)s, %(direction)s, %(ring)s, 'ringing',
                    0, 0, %(uid)s, %(uid)s, %(now)s, %(now)s)
            ON CONFLICT (pbx_id, pbx_call_ref) DO NOTHING
            RETURNING id""",
            pbx=pbx.id,
            ref=event["call_id"],
            company=pbx.company_id.id,
            direction=event["direction"],
            ring=event["time"],
            uid=self.env.uid,
            now=now,
        )
        # a concurrent post of the same new call makes this a serialization
        # failure, which Odoo retries: expected, so not logged as a bad query
        with mute_logger("odoo.sql_db"):
            rows = self.env.execute_query(query)
        if rows:
            return self.browse(rows[0][0]), True
        self.flush_model(["pbx_id", "pbx_call_ref"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM crm_cti_call WHERE pbx_id = %s AND pbx_call_ref = %s",
                pbx.id,
                event["call_id"],
            )
        )
        return self.browse(rows[0][0]), False

    @api.model
    def _cti_apply_event(self, pbx, event):
        """Apply one validated event to its call; returns (call, status).

        Every time is merged as the earliest (ring, answer, end) or the latest
        (hold, unhold) seen, so the state derived from them does not depend on the
        order the events came in. Unknown extensions are kept on the call.
        """
        call, created = self._cti_claim(pbx, event)
        if created:
            # a new call: the ORM fills its number, key and matches (first event's)
            call.invalidate_recordset()
            number = event.get("to") if event["direction"] == "out" else event.get("from")
            vals = {
                "number": number or False,
                "extension": event.get("extension") or False,
                "company_id": pbx.company_id.id,
                "pbx_id": pbx.id,
            }
            self._cti_identify([vals], as_pbx=True)
            vals.pop("user_id", None)  # agents are set below, by event type
            vals.pop("company_id")
            vals.pop("pbx_id")
            call.write(vals)
        before = {
            "state": call.state,
            "outcome": call.outcome,
            "user": call.user_id,
            "ringing": call.ringing_user_ids,
        }
        agent = self.env["res.users"]
        extension = (
            event.get("transfer_to") if event["event"] == "transferred" else event.get("extension")
        )
        if extension:
            agent = self._cti_match_extension({extension}, pbx.company_id.id).get(extension, agent)
        stamp = event["time"]
        vals = {}
        number = event.get("to") if call.direction == "out" else event.get("from")
        if number and not call.number:
            # the first events did not give the number: identify the caller now,
            # as if this event had come first
            vals = {"number": number, "company_id": pbx.company_id.id, "pbx_id": pbx.id}
            if call.partner_id:
                vals["partner_id"] = call.partner_id.id
            if call.lead_id:
                vals["lead_id"] = call.lead_id.id
            vals["user_id"] = False
            self._cti_identify([vals], as_pbx=True)
            for fname in ("company_id", "pbx_id", "user_id"):
                vals.pop(fname)
        if stamp < call.date_ring:
            vals["date_ring"] = stamp
        kind = event["event"]
        applied = created
        if kind == "ringing":
            if agent and agent not in call.ringing_user_ids:
                vals["ringing_user_ids"] = [fields.Command.link(agent.id)]
                if not call.user_id and not call.date_answer:
                    vals["user_id"] = agent.id
        elif kind == "answered":
            if not call.date_answer or stamp < call.date_answer:
                vals["date_answer"] = stamp
                # the first answer's agent, unless a later transfer moved the call
                if agent and not (call.date_transfer and call.date_transfer >= stamp):
                    vals["user_id"] = agent.id
                    if extension:
                        vals["extension"] = extension
        elif kind == "held":
            if not call.date_hold or stamp > call.date_hold:
                vals["date_hold"] = stamp
        elif kind == "unheld":
            if not call.date_unhold or stamp > call.date_unhold:
                vals["date_unhold"] = stamp
        elif kind == "transferred":
            # the latest transfer's agent holds the call
            if agent and (not call.date_transfer or stamp >= call.date_transfer):
                vals["date_transfer"] = stamp
                vals["user_id"] = agent.id
                vals["extension"] = extension
            if agent and agent not in call.ringing_user_ids:
                vals["ringing_user_ids"] = [fields.Command.link(agent.id)]
        elif kind == "hangup":
            if not call.date_end or stamp < call.date_end:
                vals["date_end"] = max(stamp, vals.get("date_ring", call.date_ring))
            cause = (event.get("cause") or "").lower()
            if cause in END_CAUSES and not call.end_cause:
                vals["end_cause"] = cause
        elif kind == "recording":
            if call.recording_url != event["recording_url"]:
                vals["recording_url"] = event["recording_url"]
        if vals:
            call.write(vals)
            applied = True
        if extension and not agent:
            status = "recorded"  # unknown extension: kept on the event, no agent
        else:
            status = "applied" if applied else "recorded"
        if created and not vals.get("user_id") and kind != "ringing" and agent:
            call.user_id = agent
        self._cti_after_event(call, kind, agent, before)
        return call, status

    @api.model
    def _cti_after_event(self, call, kind, agent, before):
        """Bus notifications and after-call work of the changes one event made."""
        if kind in ("ringing", "transferred") and agent and call.state == "ringing":
            if agent not in before["ringing"]:
                call._cti_notify_ringing(agent)
        elif kind == "transferred" and agent and agent != before["user"]:
            call._cti_notify_ringing(agent)
        if call.state in ("answered", "held") and before["state"] == "ringing":
            call._cti_notify_answered()
            call.user_id._cti_notify_status()
        if call.state == "ended" and before["state"] != "ended":
            call._cti_notify_ended()
            if before["state"] in ("answered", "held"):
                call.user_id._cti_notify_status()
        if call.outcome != before["outcome"]:
            call._cti_after_end({call.id: before["outcome"]})
