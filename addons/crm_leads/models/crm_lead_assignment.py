# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import itertools
from collections import defaultdict
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CrmLead(models.Model):
    """Assignment rules: team by first matching rule, salesperson round-robin."""

    _inherit = "crm.lead"

    industry_id = fields.Many2one(
        "res.partner.industry",
        index="btree_not_null",
        help="Industry of the prospect, used by the assignment rules and copied "
        "to the customer company on conversion.",
    )
    assignment_rule_id = fields.Many2one(
        "crm.assignment.rule",
        string="Assigned by Rule",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Assignment rule that chose this lead's team and salesperson.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        ctx = self.env.context
        preset = ctx.get("default_user_id") or ctx.get("default_team_id")
        # Only leads created without any owner are candidates: a rep typing a lead
        # in the form gets it, an import or a web form without owner goes to the rules.
        unassigned = [
            not preset and not vals.get("user_id") and not vals.get("team_id")
            for vals in vals_list
        ]
        leads = super().create(vals_list)
        if any(unassigned) and not ctx.get("crm_skip_auto_assignment"):
            candidates = self.browse(
                [lead.id for lead, todo in zip(leads, unassigned, strict=True) if todo]
            )
            candidates = candidates.filtered(
                lambda lead: (lead.company_id or self.env.company).crm_auto_assignment
            )
            if candidates:
                candidates._crm_apply_assignment_rules()
        return leads

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_apply_assignment_rules(self):
        """Button / server action: (re)assign the selected leads by the rules."""
        if not self.env.user.has_group("crm_leads.group_crm_leads_manager"):
            raise AccessError(self.env._("Only sales managers can apply the assignment rules."))
        self.check_access("write")
        assigned = self._crm_apply_assignment_rules()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if assigned else "warning",
                "message": self.env._(
                    "%(assigned)s of %(total)s leads were assigned by the rules.",
                    assigned=len(assigned),
                    total=len(self),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _crm_apply_assignment_rules(self):
        """Give each lead the team of its first matching rule, then a salesperson
        of that team round-robin. Set-based: one rule search, one load query, and
        one write per (team, salesperson, rule) however many leads there are.

        :return: the leads a rule matched
        """
        leads = self.filtered("active")
        if not leads:
            return self.browse()
        companies = leads.company_id | self.env.company
        # sudo: crm.assignment.rule - routing configuration, read for whoever creates
        # the lead (web forms, imports); only ids leave this method
        rules = self.env["crm.assignment.rule"].sudo()._crm_rules_for_companies(companies)
        if not rules:
            return self.browse()
        lead_rule = {}
        team_lead_ids = defaultdict(list)
        for lead in leads:
            rule = next((rule for rule in rules if rule._crm_match(lead)), None)
            if rule:
                lead_rule[lead.id] = rule
                team_lead_ids[rule.team_id].append(lead.id)
        if not lead_rule:
            return self.browse()
        lead_user = self._crm_assign_round_robin(team_lead_ids)
        batches = defaultdict(list)
        for lead_id, rule in lead_rule.items():
            batches[(rule.team_id.id, lead_user.get(lead_id, False), rule.id)].append(lead_id)
        for (team_id, user_id, rule_id), lead_ids in batches.items():
            self.browse(lead_ids).write(
                {"team_id": team_id, "user_id": user_id, "assignment_rule_id": rule_id}
            )
        return self.browse(list(lead_rule))

    @api.model
    def _crm_assignment_history(self, teams, exclude_ids=()):
        """What the members of ``teams`` received in the last 30 days (Odoo's own
        30-day capacity window of a team member), read from the leads.

        :return: ``(load, served)``, both keyed by ``(user id, team id)``: the
            number of leads, and ``(latest date_open, latest id)`` of them
        """
        since = fields.Datetime.now() - timedelta(days=30)
        # sudo: crm.lead - a member's load counts leads the current user may not read;
        # only counts and dates leave this method
        groups = self.sudo().with_context(active_test=False)._read_group(
            [
                ("date_open", ">=", since),
                ("team_id", "in", teams.ids),
                ("user_id", "!=", False),
                ("id", "not in", list(exclude_ids)),
            ],
            ["user_id", "team_id"],
            ["__count", "date_open:max", "id:max"],
        )
        load, served = defaultdict(int), {}
        for user, team, count, last_date, last_id in groups:
            load[(user.id, team.id)] = count
            served[(user.id, team.id)] = (last_date, last_id)
        return load, served

    @api.model
    def _crm_assign_round_robin(self, team_lead_ids):
        """Salesperson for each lead, taking turns inside each team.

        A member takes leads while their leads of the last 30 days stay under
        ``assignment_max``; members who opted out or are full are skipped. The
        turn goes to the member served longest ago, as read from the leads
        themselves (latest ``date_open``, then latest id): no pointer is kept on
        the team, whose row every lead creation would then update, so that
        parallel creations (web forms, imports) would fail on it. Two parallel
        batches may start with the same member; the next ones even it out.

        :param dict team_lead_ids: {crm.team: [lead ids in assignment order]}
        :return: {lead id: user id or False when every member is full}
        """
        teams = self.env["crm.team"].concat(*team_lead_ids)
        members = teams.crm_team_member_ids.filtered(
            lambda m: not m.assignment_optout and m.assignment_max > 0 and m.user_id.active
        )
        result = {}
        if not members:
            return result
        all_lead_ids = [lead_id for ids in team_lead_ids.values() for lead_id in ids]
        load, served = self._crm_assignment_history(teams, all_lead_ids)
        never = (datetime.min, 0)
        turns = itertools.count(1)
        for team, lead_ids in team_lead_ids.items():
            ring = list(members.filtered(lambda m, t=team: m.crm_team_id == t).sorted("id"))
            for lead_id in lead_ids:
                free = [
                    (served.get((m.user_id.id, team.id), never), position, m)
                    for position, m in enumerate(ring)
                    if load[(m.user_id.id, team.id)] < m.assignment_max
                ]
                if not free:
                    break  # everyone is full: the remaining leads stay unassigned
                member = min(free, key=lambda entry: entry[:2])[2]
                key = (member.user_id.id, team.id)
                load[key] += 1
                served[key] = (datetime.max, next(turns))
                result[lead_id] = member.user_id.id
        return result
