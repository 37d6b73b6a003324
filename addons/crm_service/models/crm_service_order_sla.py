# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SLA rows of a service order and their escalation chain.

One ``crm.service.order.sla`` row per order and matching policy holds the deadline
(working hours on the team's calendar), the at-risk point, the pause bookkeeping and
``next_escalation_date``: the next instant the scheduled job must look at the row
(at-risk point, breach, or the next escalation level, whichever comes first). Rows
are written on events only (creation, stage change) and by that job, which reads the
indexed range ``next_escalation_date <= now`` in batches.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models, modules
from odoo.tools import SQL, format_datetime

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("reached", "Reached"),
]
# worst first, for the order's summary status
STATUS_RANK = {"breached": 3, "at_risk": 2, "on_track": 1, "reached": 0}
# kanban colour index of each status (1 red, 2 orange, 10 green)
STATUS_COLOR = {"breached": 1, "at_risk": 2, "on_track": 10, "reached": 0}
# stage types at which a target counts as reached
REACHED_STAGE_TYPES = {
    "response": {
        "assigned",
        "in_progress",
        "waiting_parts",
        "waiting_customer",
        "resolved",
        "closed",
    },
    "resolution": {"resolved", "closed"},
}


class CrmServiceOrder(models.Model):
    _inherit = "crm.service.order"

    sla_ids = fields.One2many("crm.service.order.sla", "order_id", "SLAs")
    sla_escalation_ids = fields.One2many(
        "crm.service.order.sla.escalation", "order_id", "SLA Escalations"
    )
    sla_deadline = fields.Datetime(
        "SLA Deadline",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Earliest deadline of the SLAs not reached yet.",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        "SLA Status",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Worst status of the order's SLAs.",
    )
    sla_color = fields.Integer("SLA Colour", compute="_compute_sla_summary", store=True)

    @api.depends("sla_ids.deadline", "sla_ids.status", "sla_ids.paused_since", "stage_type")
    def _compute_sla_summary(self):
        for order in self:
            rows = order.sla_ids if order.stage_type != "cancelled" else order.sla_ids.browse()
            open_rows = rows.filtered(lambda row: row.status != "reached")
            order.sla_deadline = min(open_rows.mapped("deadline"), default=False)
            status = max(rows.mapped("status"), key=STATUS_RANK.get, default=False)
            order.sla_status = status
            order.sla_color = STATUS_COLOR.get(status, 0)

    # ------------------------------------------------------------
    # EVENTS (contract hooks)
    # ------------------------------------------------------------

    def _service_on_create(self):
        super()._service_on_create()
        self._sla_apply_policies()

    def _service_on_stage_change(self, old_stage_by_order):
        super()._service_on_stage_change(old_stage_by_order)
        # sudo: crm.service.order.sla - SLA rows are kept by the system; whoever may
        # move the order's stage moves its SLA clock
        rows = self.sudo().sla_ids
        if rows:
            rows._sla_on_stage_change(old_stage_by_order)

    def write(self, vals):
        res = super().write(vals)
        if {"team_id", "priority", "problem_type_id"} & set(vals):
            # a re-dispatch or an escalated priority may bring new policies in; the
            # SLAs already running stay as they are
            self.filtered(lambda order: not order.is_closed_stage)._sla_apply_policies()
        return res

    def _sla_apply_policies(self):
        """Create the SLA rows of the matching policies the orders have no row of
        yet (one policy search for the batch) and plan them."""
        # sudo: crm.service.sla.policy / crm.service.order.sla - policies are
        # configuration the creating technician may not read; rows are system-kept
        policies = (
            self.env["crm.service.sla.policy"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids)])
        )
        if not policies:
            return
        now = fields.Datetime.now()
        vals_list = []
        existing = {(row.order_id.id, row.policy_id.id) for row in self.sudo().sla_ids}
        for order in self:
            for policy in policies:
                if (order.id, policy.id) not in existing and policy._matches(order):
                    vals_list.append(
                        {
                            "order_id": order.id,
                            "policy_id": policy.id,
                            "calendar_id": order.team_id.resource_calendar_id.id
                            or order.company_id.resource_calendar_id.id,
                            "date_start": order.date_request or now,
                        }
                    )
        if not vals_list:
            return
        rows = self.env["crm.service.order.sla"].sudo().create(vals_list)
        rows._sla_plan_deadlines()
        # an order may be created already assigned, or in a waiting stage
        rows._sla_on_stage_change({}, now=now)


class CrmServiceOrderSla(models.Model):
    _name = "crm.service.order.sla"
    _description = "Service Order SLA"
    _inherit = ["crm.parent.access.mixin"]
    _crm_access_parents = {"order_id": "read"}
    _order = "deadline, id"
    _rec_name = "policy_id"

    order_id = fields.Many2one(
        "crm.service.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    policy_id = fields.Many2one(
        "crm.service.sla.policy", required=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    target_type = fields.Selection(related="policy_id.target_type")
    calendar_id = fields.Many2one(
        "resource.calendar",
        "Working Calendar",
        readonly=True,
        help="The calendar the deadline counts on: the team's when the SLA started.",
    )
    date_start = fields.Datetime("Started On", required=True, readonly=True)
    deadline = fields.Datetime(readonly=True)
    date_at_risk = fields.Datetime("At Risk On", readonly=True)
    date_reached = fields.Datetime("Reached On", readonly=True)
    status = fields.Selection(SLA_STATUSES, required=True, default="on_track", readonly=True)
    paused_since = fields.Datetime(readonly=True)
    paused_hours = fields.Float(
        "Paused (Working Hours)",
        readonly=True,
        help="Working hours spent in waiting stages; the deadline moved by as much.",
    )
    next_escalation_date = fields.Datetime(
        readonly=True,
        index="btree_not_null",
        help="When the escalation job next looks at this SLA: the at-risk point, the "
        "breach or the next level, whichever comes first.",
    )
    next_level_id = fields.Many2one("crm.service.sla.level", readonly=True)
    escalation_ids = fields.One2many("crm.service.order.sla.escalation", "sla_id", "Escalations")

    _sql_constraints = [
        (
            "order_policy_uniq",
            "unique(order_id, policy_id)",
            "An order has one row per SLA policy.",
        ),
    ]

    # ------------------------------------------------------------
    # PLANNING
    # ------------------------------------------------------------

    def _sla_plan_deadlines(self):
        """Deadline and at-risk point from the start, batched per calendar."""
        requests = []
        for row in self:
            policy = row.policy_id
            requests.append((row.calendar_id, row.date_start, policy.target_hours))
            requests.append(
                (row.calendar_id, row.date_start, policy.target_hours * policy.at_risk_ratio)
            )
        planned = self.env["resource.calendar"]._crm_service_plan(requests)
        self._sla_write_each(
            {
                row.id: {"deadline": planned[2 * index], "date_at_risk": planned[2 * index + 1]}
                for index, row in enumerate(self)
            }
        )

    def _sla_levels(self):
        """``{policy id: [(level id, offset, sequence)]}`` of the rows' policies, read
        once: the loops over thousands of rows then touch plain tuples."""
        return {
            policy.id: [
                (level.id, level.offset_hours, level.sequence) for level in policy.level_ids
            ]
            for policy in self.policy_id
        }

    def _sla_level_dates(self, levels=None):
        """``{(row id, level id): datetime}`` of every level of the rows' policies,
        planned in working hours from each deadline (one batch)."""
        levels = levels if levels is not None else self._sla_levels()
        keys, requests = [], []
        for row in self:
            if not row.deadline:
                continue
            calendar, deadline = row.calendar_id, row.deadline
            for level_id, offset, _sequence in levels[row.policy_id.id]:
                keys.append((row.id, level_id))
                requests.append((calendar, deadline, offset))
        planned = self.env["resource.calendar"]._crm_service_plan(requests)
        return dict(zip(keys, planned, strict=True))

    def _sla_fired_levels(self):
        """``{row id: set of level ids already escalated}`` in one query."""
        if not self:
            return {}
        data = self.env["crm.service.order.sla.escalation"]._read_group(
            [("sla_id", "in", self.ids)], ["sla_id"], ["level_id:array_agg"]
        )
        return {row.id: set(level_ids) for row, level_ids in data}

    def _sla_status_at(self, now):
        self.ensure_one()
        if self.date_reached:
            return "reached"
        if self.deadline and now >= self.deadline:
            return "breached"
        if self.date_at_risk and now >= self.date_at_risk:
            return "at_risk"
        return "on_track"

    def _sla_schedule(self, now, level_dates=None, fired=None):
        """Status as of ``now``, next level and next date the job must look at.

        Reached rows stop; paused rows and those of cancelled orders keep their
        status and wait for the next event."""
        running = self.filtered(
            lambda row: not row.date_reached
            and not row.paused_since
            and row.order_id.stage_type != "cancelled"
        )
        levels = self._sla_levels()
        if level_dates is None:
            level_dates = running._sla_level_dates(levels)
        if fired is None:
            fired = running._sla_fired_levels()
        running_ids = set(running._ids)  # a recordset's ``in`` scans its ids
        updates = {}
        for row in self:
            if row.id not in running_ids:
                vals = {"next_escalation_date": False, "next_level_id": False}
                if row.date_reached:
                    vals["status"] = "reached"
                updates[row.id] = vals
                continue
            status = row._sla_status_at(now)
            done = fired.get(row.id, set())
            pending = [
                (level_dates[row.id, level_id], offset, sequence, level_id)
                for level_id, offset, sequence in levels[row.policy_id.id]
                if level_id not in done and level_dates.get((row.id, level_id))
            ]
            next_date, _offset, _sequence, next_level = min(pending, default=(False, 0, 0, False))
            steps = [next_date] if next_date else []
            if status == "on_track" and row.date_at_risk:
                steps.append(row.date_at_risk)
            if status in ("on_track", "at_risk") and row.deadline:
                steps.append(row.deadline)
            updates[row.id] = {
                "status": status,
                "next_level_id": next_level,
                "next_escalation_date": min(steps, default=False),
            }
        self._sla_write_each(updates)

    def _sla_write_each(self, vals_by_id):
        """Write different values on each row in a few statements.

        ``write()`` row by row costs its checks and cache work thousands of times
        a batch (9 s for 5,000 rows); these rows are system-kept and the values plain
        columns (dates, selections, ids), so the changed ones go to the ORM's
        multi-row UPDATE and the cache and the dependent computes (the order's SLA
        summary) are told afterwards."""
        changes = {}
        for row in self:
            vals = vals_by_id.get(row.id)
            if not vals:
                continue
            diff = {}
            for fname, value in vals.items():
                field = self._fields[fname]
                cache_value = field.convert_to_cache(value, row)
                current = row[fname]
                if isinstance(current, models.BaseModel):
                    current = current.id
                if (cache_value or False) != (current or False):
                    diff[fname] = field.convert_to_column_update(cache_value, row)
            if diff:
                changes[row.id] = diff
        if not changes:
            return
        rows = self.browse(list(changes))
        fnames = sorted(set().union(*changes.values()))
        self.flush_model()
        rows._write_multi([changes[row_id] for row_id in rows._ids])
        rows.invalidate_recordset(fnames)
        rows.modified(fnames)

    # ------------------------------------------------------------
    # EVENTS
    # ------------------------------------------------------------

    def _sla_on_stage_change(self, old_stage_by_order, now=None):
        """Reach, reopen, pause or resume the rows for their orders' new stage."""
        now = now or fields.Datetime.now()
        to_pause, to_resume = [], []
        for row in self:
            order = row.order_id
            if order.stage_type == "cancelled":
                continue
            if order.stage_type in REACHED_STAGE_TYPES[row.policy_id.target_type]:
                if not row.date_reached:
                    if row.paused_since:
                        to_resume.append(row.id)
                    row.date_reached = now
                continue
            if row.date_reached:
                # reopened: the clock runs again towards the same deadline
                row.date_reached = False
            if order.stage_id.sla_paused and not row.paused_since:
                to_pause.append(row.id)
            elif not order.stage_id.sla_paused and row.paused_since:
                to_resume.append(row.id)
        self.browse(to_resume)._sla_resume(now)
        for row in self.browse(to_pause):
            row.paused_since = now
        self._sla_schedule(now)

    def _sla_resume(self, now):
        """Move each deadline by the working time spent paused (rows not breached yet;
        a breached SLA stays breached)."""
        rows = self.filtered("paused_since")
        hours = self.env["resource.calendar"]._crm_service_hours_between(
            [(row.calendar_id, row.paused_since, now) for row in rows]
        )
        requests = []
        for row, paused in zip(rows, hours, strict=True):
            requests.append((row.calendar_id, row.deadline, paused))
            requests.append((row.calendar_id, row.date_at_risk, paused))
        planned = self.env["resource.calendar"]._crm_service_plan(requests)
        for index, (row, paused) in enumerate(zip(rows, hours, strict=True)):
            row.paused_hours += paused
            if row.status != "breached" and planned[2 * index]:
                row.deadline = planned[2 * index]
                row.date_at_risk = planned[2 * index + 1] or row.date_at_risk
            row.paused_since = False

    # ------------------------------------------------------------
    # ESCALATION JOB
    # ------------------------------------------------------------

    @api.model
    def _cron_escalate(self, batch=1000, now=None, commit=True):
        """Fire the due escalation levels and refresh the due statuses.

        Reads the indexed range ``next_escalation_date <= now`` ``batch`` rows at a
        time; each batch costs the same number of queries whatever its size. Returns
        the number of escalations fired."""
        now = now or fields.Datetime.now()
        seen = set()
        fired = 0
        while True:
            rows = self.search(
                [("next_escalation_date", "<=", now)],
                order="next_escalation_date, id",
                limit=batch,
            )
            # a processed row always leaves the range (its next date is later than
            # now, or empty); stop rather than loop should one ever stay
            rows = rows.filtered(lambda row: row.id not in seen)
            if not rows:
                break
            seen.update(rows.ids)
            fired += len(rows._sla_process_due(now))
            if commit and not modules.module.current_test:
                # one transaction per batch, as crm's lead assignment: a long backlog
                # must not hold row locks for its whole run, and a batch done stays done
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return fired

    def _sla_process_due(self, now):
        """One batch of the job: fire every due, not yet fired level of the rows,
        then set their status and next date."""
        self = self.with_prefetch()  # the batch as prefetch set, however it was built
        rows = self.filtered(lambda row: not row.date_reached and not row.paused_since)
        # prefetch what the loops read, a query per relation for the batch
        rows.mapped("policy_id.level_ids")
        rows.mapped("order_id.team_id.leader_id")
        levels = rows._sla_levels()
        level_dates = rows._sla_level_dates(levels)
        fired = rows._sla_fired_levels()
        Level = self.env["crm.service.sla.level"]
        due = []
        for row in rows:
            done = fired.get(row.id, set())
            for level_id, _offset, _sequence in levels[row.policy_id.id]:
                when = level_dates.get((row.id, level_id))
                if when and when <= now and level_id not in done:
                    due.append((row, Level.browse(level_id)))
        created = self.env["crm.service.order.sla.escalation"]._sla_fire(due, now)
        for escalation in created:
            fired.setdefault(escalation.sla_id.id, set()).add(escalation.level_id.id)
        # levels fired by a concurrent worker count as fired too
        for row, level in due:
            fired.setdefault(row.id, set()).add(level.id)
        self._sla_schedule(now, level_dates=level_dates, fired=fired)
        return created

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _sla_format_deadline(self):
        self.ensure_one()
        tz = self.calendar_id.tz or "UTC"
        return format_datetime(self.env, self.deadline, tz=tz, dt_format="short")


class CrmServiceOrderSlaEscalation(models.Model):
    _name = "crm.service.order.sla.escalation"
    _description = "Service Order SLA Escalation"
    _inherit = ["crm.parent.access.mixin"]
    _crm_access_parents = {"order_id": "read"}
    _order = "date desc, id desc"
    _rec_name = "level_id"

    sla_id = fields.Many2one(
        "crm.service.order.sla", "SLA", required=True, index=True, ondelete="cascade", readonly=True
    )
    level_id = fields.Many2one(
        "crm.service.sla.level", required=True, ondelete="cascade", readonly=True
    )
    order_id = fields.Many2one(related="sla_id.order_id", store=True, index=True)
    policy_id = fields.Many2one(related="sla_id.policy_id")
    company_id = fields.Many2one(related="sla_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Escalated To", readonly=True)

    _sql_constraints = [
        (
            "sla_level_uniq",
            "unique(sla_id, level_id)",
            "Each escalation level fires once per SLA.",
        ),
    ]

    def _sla_fire(self, due, now):
        """Log, announce and assign the ``(sla row, level)`` pairs of ``due``.

        The log is inserted with ``ON CONFLICT DO NOTHING`` on the unique
        ``(sla_id, level_id)`` pair: when two workers run the job at once, each
        pair is won by exactly one of them, and only the winner posts and assigns."""
        if not due:
            return self.browse()
        targets = self._sla_targets(due)
        self.env["crm.service.order.sla"].flush_model()
        values = [
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                row.id,
                level.id,
                row.order_id.id,
                row.company_id.id,
                now,
                targets[row.id, level.id][:1].id or None,
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
            for row, level in due
        ]
        result = self.env.execute_query(
            SQL(
                """INSERT INTO %s (sla_id, level_id, order_id, company_id, date, user_id,
                                   create_uid, create_date, write_uid, write_date)
                   VALUES %s
                   ON CONFLICT (sla_id, level_id) DO NOTHING
                   RETURNING id""",
                SQL.identifier(self._table),
                SQL(", ").join(values),
            )
        )
        self.env["crm.service.order.sla"].invalidate_model(["escalation_ids"])
        self.env["crm.service.order"].invalidate_model(["sla_escalation_ids"])
        created = self.browse([row_id for (row_id,) in result])
        if created:
            created._sla_announce(targets)
        return created

    def _sla_targets(self, due):
        """``{(row id, level id): res.users}`` the escalation goes to. An order
        without technician goes to its team leader, a team without leader to the
        service managers of the order's company."""
        managers = defaultdict(lambda: self.env["res.users"])
        group = self.env.ref("crm_service.group_crm_service_manager", raise_if_not_found=False)
        if group:
            users = self.env["res.users"].search(
                [("groups_id", "in", group.ids), ("share", "=", False)], order="id"
            )
            for user in users:
                for company in user.company_ids:
                    managers[company.id] |= user
        targets = {}
        for row, level in due:
            order = row.order_id
            company_managers = row.policy_id.manager_id or managers[order.company_id.id]
            leader = order.team_id.leader_id
            if level.target == "user":
                users = level.user_id
            elif level.target == "assignee":
                users = order.user_id or leader or company_managers
            elif level.target == "team_leader":
                users = leader or company_managers
            else:
                users = company_managers
            targets[row.id, level.id] = users
        return targets

    def _sla_announce(self, targets):
        """One chatter note per order and one activity per target user, in batch."""
        bodies = defaultdict(list)
        activities = []
        today = fields.Date.context_today(self)
        for escalation in self:
            row, level, order = escalation.sla_id, escalation.level_id, escalation.order_id
            users = targets[row.id, level.id]
            bodies[order.id].append(
                self.env._(
                    "SLA %(policy)s, escalation %(level)s to %(users)s (deadline %(deadline)s).",
                    policy=row.policy_id.name,
                    level=level.name,
                    users=", ".join(users.mapped("name")) or "-",
                    deadline=row._sla_format_deadline(),
                )
            )
            for user in users:
                activities.append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id("crm.service.order"),
                        "res_id": order.id,
                        "activity_type_id": level.activity_type_id.id
                        or self.env["ir.model.data"]._xmlid_to_res_id(
                            "mail.mail_activity_data_todo"
                        ),
                        "summary": level.summary or level.name,
                        "user_id": user.id,
                        "date_deadline": today,
                    }
                )
        orders = self.env["crm.service.order"].browse(list(bodies))
        orders._message_log_batch(
            {
                order_id: Markup("<br/>").join(Markup("%s") % line for line in lines)
                for order_id, lines in bodies.items()
            }
        )
        if activities:
            # quick update: no assignation e-mail per activity (the chatter note and
            # the activity itself tell the target); keeps the job set-based
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activities
            )
