# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index


class CrmServiceOrder(models.Model):
    _inherit = "crm.service.order"

    def init(self):
        super().init()
        # least-load routing counts the open orders per technician at every request:
        # an index-only scan of the open ones (16 ms instead of 47 ms at 100,000)
        create_index(
            self.env.cr,
            "crm_service_order_open_user_index",
            self._table,
            ["user_id"],
            where="is_closed_stage IS NULL OR is_closed_stage = false",
        )

    def write(self, vals):
        result = super().write(vals)
        # moved to another team without a technician: the new team dispatches it
        if "team_id" in vals and not self.env.context.get("crm_service_routing"):
            self.filtered(lambda order: not order.user_id)._service_route()
        return result

    def _service_route(self):
        """Team from the problem type, then a technician of the team."""
        super()._service_route()
        # sudo: crm.service.order - routing is the desk's decision, not the creator's:
        # it may hand the order to a team and a technician out of the creator's reach
        # (a phone agent registering a request for another team). Only the team and
        # technician fields are written; the records stay inside this method.
        routing = self.sudo().with_context(crm_service_routing=True)
        by_team = defaultdict(lambda: routing.browse())
        for order in routing.filtered(lambda order: not order.team_id):
            if order.problem_type_id.team_id:
                by_team[order.problem_type_id.team_id] |= order
        for team, orders in by_team.items():
            orders.write({"team_id": team.id})
        todo = routing.filtered(
            lambda order: order.team_id and not order.user_id and not order.is_closed_stage
        )
        for team in todo.team_id:
            team._service_dispatch(todo.filtered(lambda order, team=team: order.team_id == team))
        return True


class CrmServiceTeam(models.Model):
    _inherit = "crm.service.team"

    def _service_dispatch(self, orders):
        """Give each of ``orders`` (of this team, without technician) to a member."""
        self.ensure_one()
        members = self._service_available_members(orders.company_id)
        if not members:
            return orders.browse()
        if self.assignment_mode == "round_robin":
            choices = self._service_pick_round_robin(members, len(orders))
        else:
            choices = self._service_pick_least_load(members, len(orders))
        by_user = defaultdict(lambda: orders.browse())
        for order, user in zip(orders, choices, strict=True):
            by_user[user] |= order
        for user, user_orders in by_user.items():
            user_orders.write({"user_id": user.id})
        return orders

    def _service_available_members(self, companies, now=None):
        """Members who may take an order now: in the orders' companies, working
        today on their own calendar (the team's when they have none) and not on
        time off at this moment (resource leaves, which validated hr time off
        creates). A member without a resource follows the team's calendar."""
        self.ensure_one()
        members = self.member_ids.filtered(
            lambda user: user.active and not user.share and companies <= user.company_ids
        )
        if not members:
            return members
        now = now or fields.Datetime.now()
        resource_of = {}
        for resource in members.resource_ids.filtered(
            lambda res: res.company_id == self.company_id or not res.company_id
        ):
            resource_of.setdefault(resource.user_id, resource)
        # group the resources by the calendar they work on, one interval batch each
        by_calendar = defaultdict(list)
        for user in members:
            resource = resource_of.get(user, self.env["resource.resource"])
            by_calendar[resource.calendar_id or self.resource_calendar_id].append(
                (user, resource)
            )
        available = members.browse()
        for calendar, pairs in by_calendar.items():
            start, end = self._service_today_bounds(now, calendar.tz)
            resources = self.env["resource.resource"].union(*(res for _user, res in pairs))
            intervals = calendar._work_intervals_batch(start, end, resources=resources)
            for user, resource in pairs:
                if intervals[resource.id]:
                    available |= user
        resources = self.env["resource.resource"].union(*resource_of.values())
        if resources and available:
            on_leave = self.env["resource.calendar.leaves"].search(
                [
                    ("resource_id", "in", resources.ids),
                    ("time_type", "=", "leave"),
                    ("date_from", "<=", now),
                    ("date_to", ">=", now),
                ]
            )
            available -= on_leave.resource_id.user_id
        return available

    @staticmethod
    def _service_today_bounds(now, tz_name):
        """Start and end of the calendar day of ``now`` (naive UTC) in ``tz_name``,
        as aware datetimes."""
        tz = pytz.timezone(tz_name or "UTC")
        local_day = pytz.utc.localize(now).astimezone(tz).date()
        start = tz.localize(datetime.combine(local_day, time.min))
        return start, tz.localize(datetime.combine(local_day + timedelta(days=1), time.min))

    def _service_pick_least_load(self, members, count):
        """The member with the fewest open orders (all teams), for each of ``count``
        orders in turn: one grouped query, then counted in memory."""
        # sudo: crm.service.order - the load counts every open order of the members,
        # including those the creator of the request may not read; only counts leave.
        data = (
            self.env["crm.service.order"]
            .sudo()
            ._read_group(
                [("user_id", "in", members.ids), ("is_closed_stage", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        load = {user.id: total for user, total in data}
        choices = []
        for _index in range(count):
            user = min(members, key=lambda member: (load.get(member.id, 0), member.id))
            load[user.id] = load.get(user.id, 0) + 1
            choices.append(user)
        return choices

    def _service_pick_round_robin(self, members, count):
        """The members in turn, starting after the one who got the team's latest order.

        Concurrency: no counter row on the team is updated (every create of the team
        would then queue on that row and fail on serialization under load). "Last"
        is read from the data, and each pick takes a transaction advisory lock on
        (team, member) with pg_try_advisory_xact_lock, skipping a member whose lock
        another transaction holds (SKIP LOCKED style): two requests created at the
        same moment go to two different technicians without waiting on each other;
        the lock ends with the transaction, and the next request again reads who was
        last from the committed orders.
        """
        ordered = self.member_ids & members  # the team's order of members
        # sudo: crm.service.order - who got the team's latest order, whatever the
        # creator may read; only that user is used.
        last = (
            self.env["crm.service.order"]
            .sudo()
            .search(
                [("team_id", "=", self.id), ("user_id", "in", ordered.ids)],
                order="date_assigned desc, id desc",
                limit=1,
            )
            .user_id
        )
        users = list(ordered)
        start = (users.index(last) + 1) if last in users else 0
        rotation = users[start:] + users[:start]
        choices = []
        position = 0
        for _index in range(count):
            chosen = None
            for offset in range(len(rotation)):
                user = rotation[(position + offset) % len(rotation)]
                if self._service_try_lock_member(user):
                    chosen, position = user, position + offset + 1
                    break
            if chosen is None:  # every member is being assigned elsewhere right now
                chosen, position = rotation[position % len(rotation)], position + 1
            choices.append(chosen)
        return choices

    def _service_try_lock_member(self, user):
        """Advisory lock on (team, member) for this transaction; re-entrant."""
        key = f"crm_service_round_robin:{self.id}:{user.id}"
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", key))
        return self.env.cr.fetchone()[0]
