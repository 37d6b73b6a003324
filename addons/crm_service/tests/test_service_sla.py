# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from freezegun import freeze_time
from pytz import timezone, utc

from odoo import Command
from odoo.addons.crm_service.tools.working_time import WorkSchedule
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CrmServiceCommon

SHANGHAI = timezone("Asia/Shanghai")


def local(*args):
    """Naive UTC datetime of a wall-clock time in Shanghai (the calendar's zone)."""
    return SHANGHAI.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


@tagged("post_install", "-at_install", "crm_service")
class TestWorkSchedule(CrmServiceCommon):
    """The pure working-time arithmetic the SLA planner relies on."""

    def test_add_hours_and_hours_between(self):
        day = datetime(2025, 1, 13)  # Monday
        intervals = [
            (day.replace(day=d, hour=9), day.replace(day=d, hour=18)) for d in (13, 14, 17)
        ]
        schedule = WorkSchedule(intervals, datetime(2025, 1, 12), datetime(2025, 1, 19))
        # inside an interval, across a gap, exactly at an interval's end
        self.assertEqual(schedule.add_hours(day.replace(hour=10), 3), day.replace(hour=13))
        self.assertEqual(schedule.add_hours(day.replace(hour=16), 4), datetime(2025, 1, 14, 11))
        self.assertEqual(schedule.add_hours(day.replace(hour=9), 9), day.replace(hour=18))
        # 14th 18:00 + 1 h jumps the two days without work
        self.assertEqual(
            schedule.add_hours(datetime(2025, 1, 14, 18), 1), datetime(2025, 1, 17, 10)
        )
        # before a start outside working time: counts from the next opening
        self.assertEqual(schedule.add_hours(datetime(2025, 1, 12, 20), 2), day.replace(hour=11))
        # backwards: 2 h before the 17th 11:00 is 09:00 that day, not the 14th's evening
        self.assertEqual(
            schedule.add_hours(datetime(2025, 1, 17, 11), -2), datetime(2025, 1, 17, 9)
        )
        self.assertEqual(
            schedule.add_hours(datetime(2025, 1, 17, 10), -2), datetime(2025, 1, 14, 17)
        )
        self.assertIsNone(schedule.add_hours(datetime(2025, 1, 17, 10), 40))
        self.assertEqual(
            schedule.hours_between(datetime(2025, 1, 13, 17), datetime(2025, 1, 17, 10)), 11.0
        )


class CrmServiceSlaCommon(CrmServiceCommon):
    """A 9:00-18:00 Monday-Friday calendar in Shanghai, a team on it and a
    resolution policy of 16 working hours with a three-level chain."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the demo policies apply to every team: keep only this test's policies
        cls.env["crm.service.sla.policy"].search([]).action_archive()
        cls.calendar = cls._create_shanghai_calendar()
        cls.leader = new_test_user(
            cls.env,
            login="service_leader",
            name="Leader Zhou",
            groups="crm_service.group_crm_service_technician",
        )
        cls.team = cls.env["crm.service.team"].create(
            {
                "name": "SLA Team",
                "resource_calendar_id": cls.calendar.id,
                "leader_id": cls.leader.id,
                "member_ids": [Command.set([cls.tech.id, cls.tech2.id])],
            }
        )
        cls.policy = cls.env["crm.service.sla.policy"].create(
            {
                "name": "Resolution 16 h",
                "target_type": "resolution",
                "target_hours": 16,
                "at_risk_ratio": 0.8,
                "team_ids": [Command.set(cls.team.ids)],
                "manager_id": cls.service_manager.id,
                "level_ids": [
                    Command.create(
                        {
                            "name": "Remind technician",
                            "offset_hours": -2,
                            "target": "assignee",
                            "sequence": 1,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Breach: leader",
                            "offset_hours": 0,
                            "target": "team_leader",
                            "sequence": 2,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Manager 4 h later",
                            "offset_hours": 4,
                            "target": "service_manager",
                            "sequence": 3,
                        }
                    ),
                ],
            }
        )
        cls.level_tech, cls.level_leader, cls.level_manager = cls.policy.level_ids

    @classmethod
    def _create_sla_order(cls, **values):
        values.setdefault("priority", "1")
        return cls._create_order(user=values.pop("user", cls.tech), team_id=cls.team.id, **values)

    def _cron(self):
        self.env["crm.service.order.sla"]._cron_escalate()
        self.env.flush_all()


@tagged("post_install", "-at_install", "crm_service")
class TestServiceSla(CrmServiceSlaCommon):
    def test_deadline_across_weekend_and_holiday(self):
        # Monday 20 January is a public holiday (a leave without resource)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": local(2025, 1, 20, 0, 0),
                "date_to": local(2025, 1, 20, 23, 59),
            }
        )
        with freeze_time(local(2025, 1, 17, 16, 0)):  # Friday 16:00
            order = self._create_sla_order(date_request=local(2025, 1, 17, 16, 0))
        sla = order.sla_ids
        self.assertEqual(sla.policy_id, self.policy)
        # Fri 16-18 (2 h), no Sat/Sun, no holiday Monday, Tue 9 h, Wed 9-14 (5 h)
        self.assertEqual(sla.deadline, local(2025, 1, 22, 14, 0))
        # 80% of 16 h = 12.8 h: Fri 2 h + Tue 9 h + Wed 1.8 h
        self.assertEqual(sla.date_at_risk, local(2025, 1, 22, 10, 48))
        self.assertEqual(sla.status, "on_track")
        self.assertEqual(order.sla_deadline, sla.deadline)
        self.assertEqual(order.sla_status, "on_track")
        self.assertEqual(order.sla_color, 10)
        # first step the job looks at: the at-risk point
        self.assertEqual(sla.next_escalation_date, local(2025, 1, 22, 10, 48))
        self.assertEqual(sla.next_level_id, self.level_tech)

    def test_policy_filters(self):
        other_team = self.env["crm.service.team"].create(
            {"name": "No SLA team", "resource_calendar_id": self.calendar.id}
        )
        self.assertFalse(self._create_order(team_id=other_team.id).sla_ids)
        urgent_only = self.env["crm.service.sla.policy"].create(
            {"name": "Urgent", "target_type": "response", "target_hours": 1, "priority": "3"}
        )
        normal = self._create_sla_order()
        urgent = self._create_sla_order(priority="3")
        self.assertEqual(normal.sla_ids.policy_id, self.policy)
        self.assertEqual(urgent.sla_ids.policy_id, self.policy | urgent_only)
        # raising the priority later brings the urgent policy in, once
        normal.priority = "3"
        normal.priority = "3"
        self.assertEqual(normal.sla_ids.policy_id, self.policy | urgent_only)
        self.assertEqual(len(normal.sla_ids), 2)

    def test_pause_in_waiting_stage_moves_deadline(self):
        with freeze_time(local(2025, 1, 15, 10, 0)):  # Wednesday
            order = self._create_sla_order(date_request=local(2025, 1, 15, 10, 0))
        sla = order.sla_ids
        # Wed 10-18 (8 h) + Thu 9-17 (8 h)
        self.assertEqual(sla.deadline, local(2025, 1, 16, 17, 0))
        with freeze_time(local(2025, 1, 15, 11, 0)):
            order._service_set_stage_type("waiting_customer")
            self.env.flush_all()
        self.assertEqual(sla.paused_since, local(2025, 1, 15, 11, 0))
        self.assertFalse(sla.next_escalation_date, "no escalation while waiting")
        # the job passing by during the pause changes nothing
        with freeze_time(local(2025, 1, 16, 17, 30)):
            self._cron()
        self.assertFalse(sla.escalation_ids)
        with freeze_time(local(2025, 1, 16, 11, 0)):
            order._service_set_stage_type("in_progress")
            self.env.flush_all()
        # paused Wed 11-18 (7 h) + Thu 9-11 (2 h) = 9 working hours
        self.assertAlmostEqual(sla.paused_hours, 9.0)
        self.assertFalse(sla.paused_since)
        # Thu 17:00 + 9 h = Thu 17-18 (1 h) + Fri 9-17 (8 h)
        self.assertEqual(sla.deadline, local(2025, 1, 17, 17, 0))
        self.assertEqual(order.sla_deadline, local(2025, 1, 17, 17, 0))
        self.assertEqual(sla.next_level_id, self.level_tech)

    def test_escalation_levels_fire_once(self):
        with freeze_time(local(2025, 1, 15, 10, 0)):
            order = self._create_sla_order(date_request=local(2025, 1, 15, 10, 0))
        sla = order.sla_ids
        Activity = self.env["mail.activity"]

        def activities(user):
            return Activity.search(
                [
                    ("res_model", "=", "crm.service.order"),
                    ("res_id", "=", order.id),
                    ("user_id", "=", user.id),
                ]
            )

        # deadline Thu 17:00; at risk from Thu 13:48 (12.8 h)
        with freeze_time(local(2025, 1, 16, 14, 0)):
            self._cron()
        self.assertEqual(sla.status, "at_risk")
        self.assertEqual(order.sla_status, "at_risk")
        self.assertEqual(order.sla_color, 2)
        self.assertFalse(sla.escalation_ids)
        self.assertEqual(sla.next_escalation_date, local(2025, 1, 16, 15, 0))

        # level 1: two working hours before the deadline, to the technician
        with freeze_time(local(2025, 1, 16, 15, 30)):
            self._cron()
            self._cron()  # a second run (or worker) fires nothing more
        self.assertEqual(sla.escalation_ids.level_id, self.level_tech)
        self.assertEqual(sla.escalation_ids.user_id, self.tech)
        self.assertEqual(len(activities(self.tech)), 1)
        self.assertIn("Remind technician", order.message_ids[0].body)
        self.assertEqual(sla.next_level_id, self.level_leader)
        self.assertEqual(sla.next_escalation_date, local(2025, 1, 16, 17, 0))

        # level 2 at the breach, to the team leader
        with freeze_time(local(2025, 1, 16, 17, 30)):
            self._cron()
            self._cron()
        self.assertEqual(sla.status, "breached")
        self.assertEqual(order.sla_status, "breached")
        self.assertEqual(order.sla_color, 1)
        self.assertEqual(len(sla.escalation_ids), 2)
        self.assertEqual(len(activities(self.leader)), 1)
        # Thu 17:00 + 4 working hours = Thu 17-18 + Fri 9-12
        self.assertEqual(sla.next_escalation_date, local(2025, 1, 17, 12, 0))

        with freeze_time(local(2025, 1, 17, 11, 59)):
            self._cron()
        self.assertEqual(len(sla.escalation_ids), 2)
        with freeze_time(local(2025, 1, 17, 12, 30)):
            self._cron()
        with freeze_time(local(2025, 1, 20, 12, 30)):
            self._cron()
        self.assertEqual(
            sla.escalation_ids.level_id, self.level_tech | self.level_leader | self.level_manager
        )
        self.assertEqual(len(activities(self.service_manager)), 1)
        self.assertEqual(len(activities(self.tech)), 1)
        self.assertFalse(sla.next_escalation_date)
        self.assertEqual(order.sla_escalation_ids, sla.escalation_ids)

    def test_unique_level_per_sla(self):
        """A second worker inserting the same (sla, level) gets nothing back."""
        with freeze_time(local(2025, 1, 15, 10, 0)):
            order = self._create_sla_order(date_request=local(2025, 1, 15, 10, 0))
        Escalation = self.env["crm.service.order.sla.escalation"]
        now = local(2025, 1, 16, 15, 30)
        first = Escalation._sla_fire([(order.sla_ids, self.level_tech)], now)
        again = Escalation._sla_fire([(order.sla_ids, self.level_tech)], now)
        self.assertEqual(len(first), 1)
        self.assertFalse(again)
        self.assertEqual(len(order.sla_ids.escalation_ids), 1)

    def test_reached_on_resolve(self):
        response = self.env["crm.service.sla.policy"].create(
            {
                "name": "Response 2 h",
                "target_type": "response",
                "target_hours": 2,
                "team_ids": [Command.set(self.team.ids)],
            }
        )
        with freeze_time(local(2025, 1, 15, 10, 0)):
            order = self._create_sla_order(date_request=local(2025, 1, 15, 10, 0))
        resolution = order.sla_ids.filtered(lambda row: row.policy_id == self.policy)
        answer = order.sla_ids.filtered(lambda row: row.policy_id == response)
        with freeze_time(local(2025, 1, 15, 11, 0)):
            order._service_set_stage_type("in_progress")
            self.env.flush_all()
        self.assertEqual(answer.status, "reached")
        self.assertEqual(answer.date_reached, local(2025, 1, 15, 11, 0))
        self.assertFalse(answer.next_escalation_date)
        self.assertEqual(resolution.status, "on_track")
        self.assertEqual(order.sla_deadline, resolution.deadline)
        with freeze_time(local(2025, 1, 16, 9, 0)):
            order._service_set_stage_type("resolved")
            self.env.flush_all()
        self.assertEqual(resolution.status, "reached")
        self.assertEqual(resolution.date_reached, local(2025, 1, 16, 9, 0))
        self.assertFalse(resolution.next_escalation_date)
        self.assertEqual(order.sla_status, "reached")
        self.assertFalse(order.sla_deadline)
        # nothing escalates after the resolution
        with freeze_time(local(2025, 1, 20, 9, 0)):
            self._cron()
        self.assertFalse(order.sla_escalation_ids)

    def test_search_filters(self):
        with freeze_time(local(2025, 1, 15, 10, 0)):
            late = self._create_sla_order(date_request=local(2025, 1, 13, 9, 0))
            fine = self._create_sla_order(date_request=local(2025, 1, 15, 10, 0))
        Order = self.env["crm.service.order"]
        self.assertEqual(late.sla_status, "breached")
        self.assertIn(late, Order.search([("sla_status", "=", "breached")]))
        self.assertNotIn(fine, Order.search([("sla_status", "=", "breached")]))

    def test_other_company_invisible(self):
        company_b = self.env["res.company"].create({"name": "Shanghai Branch"})
        calendar_b = self.calendar.copy({"company_id": company_b.id})
        team_b = (
            self.env["crm.service.team"]
            .with_company(company_b)
            .create(
                {
                    "name": "Team B",
                    "company_id": company_b.id,
                    "resource_calendar_id": calendar_b.id,
                }
            )
        )
        self.env["crm.service.sla.policy"].create(
            {
                "name": "B policy",
                "company_id": company_b.id,
                "target_hours": 4,
                "level_ids": [Command.create({"name": "B breach", "target": "team_leader"})],
            }
        )
        partner_b = self.env["res.partner"].create(
            {"name": "B customer", "company_id": company_b.id}
        )
        order_b = (
            self.env["crm.service.order"]
            .with_company(company_b)
            .create({"partner_id": partner_b.id, "company_id": company_b.id, "team_id": team_b.id})
        )
        self.assertTrue(order_b.sla_ids)
        self.env.flush_all()
        as_manager = self.env(user=self.service_manager)
        self.assertFalse(
            as_manager["crm.service.order.sla"].search([("order_id", "=", order_b.id)])
        )
        self.assertFalse(
            as_manager["crm.service.sla.policy"].search([("company_id", "=", company_b.id)])
        )
        with self.assertRaises(AccessError):
            as_manager["crm.service.order.sla"].browse(order_b.sla_ids.ids).read(["deadline"])

    def test_technician_sees_own_order_sla_only(self):
        with freeze_time(local(2025, 1, 15, 10, 0)):
            mine = self._create_sla_order()
        as_tech = self.env(user=self.tech)
        rows = as_tech["crm.service.order.sla"].search([])
        self.assertIn(mine.sla_ids, rows)
        self.assertEqual(rows.order_id._filtered_access("read"), rows.order_id)
        with self.assertRaises(AccessError):
            as_tech["crm.service.order.sla"].browse(mine.sla_ids.ids).write({"deadline": False})


@tagged("post_install", "-at_install", "crm_service")
class TestServiceSlaQueries(CrmServiceSlaCommon):
    def _due_rows(self, count):
        with freeze_time(local(2025, 1, 15, 10, 0)):
            orders = self.env["crm.service.order"].create(
                [
                    {
                        "partner_id": self.partner.id,
                        "team_id": self.team.id,
                        "user_id": self.tech.id,
                        "priority": "1",
                        "date_request": local(2025, 1, 15, 10, 0),
                    }
                    for _i in range(count)
                ]
            )
        self.env.flush_all()
        return orders.sla_ids

    def _run_job(self, rows):
        # Thursday 15:30: the first level (2 h before the deadline) and the at-risk
        # point are due for every row. One level only: Odoo's create() inserts 100
        # rows per INSERT, so 150 activities would take a second statement.
        now = local(2025, 1, 16, 15, 30)
        with freeze_time(now):
            return rows._sla_process_due(now)

    def test_escalation_job_queries_constant(self):
        """The job's batch costs the same queries for 10 and 50 due rows."""
        Sla = self.env["crm.service.order.sla"]
        self._run_job(self._due_rows(3))  # warm the caches (activity types, groups...)
        self.env.flush_all()
        self.env.invalidate_all()

        rows10 = Sla.browse(self._due_rows(10).ids)
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        created = self._run_job(rows10)
        self.env.flush_all()
        count10 = self.cr.sql_log_count - count0
        self.assertEqual(len(created), 10)

        rows50 = Sla.browse(self._due_rows(50).ids)
        self.env.invalidate_all()
        # as many queries for 50 rows as for 10 (about 60: the log insert, the batch
        # note, the activities, their followers, the rows' and orders' updates)
        with self.assertQueryCount(count10):
            created = self._run_job(rows50)
            self.env.flush_all()
        self.assertEqual(len(created), 50)
        self.assertEqual(created.level_id, self.level_tech)
        self.assertEqual(set(rows50.mapped("status")), {"at_risk"})
        self.assertEqual(rows50.next_level_id, self.level_leader)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "crm.service.order"), ("res_id", "in", rows50.order_id.ids)]
        )
        self.assertEqual(len(activities), 50)
