# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import freeze_time, new_test_user, tagged

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceRouting(CrmServiceCommon):
    """The problem type names the team; the team gives the order to a member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tech3 = new_test_user(
            cls.env, login="service_tech3", name="Tech Zhou",
            groups="crm_service.group_crm_service_technician",
        )
        # Monday-Friday 8-17, Asia/Shanghai
        cls.calendar = cls.env["resource.calendar"].create({
            "name": "Service 5x8",
            "tz": "Asia/Shanghai",
            "attendance_ids": [
                (0, 0, {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 8,
                        "hour_to": 17, "day_period": "morning"})
                for day in range(5)
            ],
        })
        # Tuesday-Saturday: does not work on Mondays
        cls.calendar_tue_sat = cls.env["resource.calendar"].create({
            "name": "Service Tue-Sat",
            "tz": "Asia/Shanghai",
            "attendance_ids": [
                (0, 0, {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 8,
                        "hour_to": 17, "day_period": "morning"})
                for day in range(1, 6)
            ],
        })
        cls.employees = cls.env["hr.employee"].create([
            {"name": user.name, "user_id": user.id, "resource_calendar_id": cls.calendar.id}
            for user in (cls.tech, cls.tech2, cls.tech3)
        ])
        cls.team = cls.env["crm.service.team"].create({
            "name": "Repairs",
            "member_ids": [(6, 0, (cls.tech | cls.tech2 | cls.tech3).ids)],
            "resource_calendar_id": cls.calendar.id,
        })
        cls.problem_breakdown.team_id = cls.team
        cls.other_problem = cls.env["crm.service.problem.type"].create({"name": "Question"})

    def _load(self, user, count):
        """``count`` open orders of ``user`` in another team (the load counts them all)."""
        other = self.env["crm.service.team"].create({"name": "Other"})
        for _index in range(count):
            self._create_order(user=user, team_id=other.id)

    @freeze_time("2025-04-14 02:00:00")  # Monday 10:00 in Shanghai
    def test_team_from_problem_type_and_least_load(self):
        self._load(self.tech, 2)
        self._load(self.tech2, 1)
        order = self._create_order()
        self.assertEqual(order.team_id, self.team)
        self.assertEqual(order.user_id, self.tech3, "no open order yet")
        self.assertEqual(order.stage_type, "new")
        self.assertTrue(order.date_assigned)
        self.assertFalse(order.dispatch_ids, "routing is not a re-dispatch")
        # a batch spreads by load: tech3 1, tech2 1, tech 2 -> tech2 then tech3 ...
        batch = self.env["crm.service.order"].create([
            {"partner_id": self.partner.id, "problem_type_id": self.problem_breakdown.id}
            for _index in range(3)
        ])
        self.assertEqual(batch.mapped("user_id"), self.tech2 | self.tech3 | self.tech)
        self.assertEqual(batch[0].user_id, self.tech2)
        # no team on the problem type: stays unassigned for the supervisor
        unrouted = self._create_order(problem_type_id=self.other_problem.id)
        self.assertFalse(unrouted.team_id)
        self.assertFalse(unrouted.user_id)

    @freeze_time("2025-04-14 02:00:00")  # Monday 10:00 in Shanghai
    def test_least_load_skips_time_off(self):
        """tech3 has the least load but is on leave now; tech2 was on leave this
        morning only and is back."""
        self._load(self.tech, 2)
        self._load(self.tech2, 1)
        self.env["resource.calendar.leaves"].create([
            {
                "name": "Sick",
                "resource_id": self.employees[2].resource_id.id,
                "calendar_id": self.calendar.id,
                "date_from": "2025-04-14 00:00:00",
                "date_to": "2025-04-14 09:00:00",
            },
            {
                "name": "Doctor",
                "resource_id": self.employees[1].resource_id.id,
                "calendar_id": self.calendar.id,
                "date_from": "2025-04-14 00:00:00",
                "date_to": "2025-04-14 01:00:00",
            },
        ])
        order = self._create_order()
        self.assertEqual(order.user_id, self.tech2)

    @freeze_time("2025-04-14 02:00:00")  # Monday 10:00 in Shanghai
    def test_least_load_skips_who_does_not_work_today(self):
        self._load(self.tech, 2)
        self._load(self.tech2, 1)
        self.employees[2].resource_calendar_id = self.calendar_tue_sat
        self.assertEqual(self._create_order().user_id, self.tech2)

    @freeze_time("2025-04-19 02:00:00")  # Saturday 10:00 in Shanghai
    def test_weekend_nobody_works(self):
        """On the team's weekend only the Tuesday-Saturday technician is dispatched."""
        self.assertFalse(self._create_order().user_id)
        self.employees[0].resource_calendar_id = self.calendar_tue_sat
        self.assertEqual(self._create_order().user_id, self.tech)

    @freeze_time("2025-04-14 02:00:00")
    def test_round_robin(self):
        """Members in turn after the latest assigned, skipping who is on leave."""
        self.team.assignment_mode = "round_robin"
        members = list(self.team.member_ids)
        self.assertEqual(len(members), 3)
        self._create_order(user=members[0], team_id=self.team.id)
        got = []
        for _index in range(4):
            got.append(self._create_order().user_id)
        self.assertEqual(got, [members[1], members[2], members[0], members[1]])
        # a batch continues the rotation
        batch = self.env["crm.service.order"].create([
            {"partner_id": self.partner.id, "team_id": self.team.id} for _index in range(2)
        ])
        self.assertEqual(batch.mapped("user_id").ids, [members[2].id, members[0].id])
        # members[1] on leave: skipped
        employee = self.employees.filtered(lambda emp: emp.user_id == members[1])
        self.env["resource.calendar.leaves"].create({
            "name": "Leave",
            "resource_id": employee.resource_id.id,
            "date_from": "2025-04-13 16:00:00",
            "date_to": "2025-04-14 16:00:00",
        })
        self.assertEqual(self._create_order().user_id, members[2])

    @freeze_time("2025-04-14 02:00:00")
    def test_team_change_routes_unassigned(self):
        order = self._create_order(problem_type_id=self.other_problem.id)
        self.assertFalse(order.user_id)
        order.team_id = self.team
        self.assertTrue(order.user_id)
        self.assertIn(order.user_id, self.team.member_ids)
        self.assertFalse(order.dispatch_ids)
        # an order with a technician keeps them when moved
        other = self.env["crm.service.team"].create(
            {"name": "Night", "member_ids": [(6, 0, self.tech3.ids)]}
        )
        kept = order.user_id
        order.team_id = other
        self.assertEqual(order.user_id, kept)

    @freeze_time("2025-04-14 02:00:00")
    def test_agent_routes_to_a_team_not_theirs(self):
        """A technician of no team registers a breakdown: it goes to the repairs
        team although the agent may then no longer see it."""
        agent = new_test_user(
            self.env, login="service_agent", name="Agent Fang",
            groups="crm_service.group_crm_service_technician",
        )
        order = self.env["crm.service.order"].with_user(agent).create(
            {"partner_id": self.partner.id, "problem_type_id": self.problem_breakdown.id}
        )
        self.assertEqual(order.sudo().team_id, self.team)
        self.assertIn(order.sudo().user_id, self.team.member_ids)
