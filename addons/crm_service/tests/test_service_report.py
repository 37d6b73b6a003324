# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import zipfile
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree
from openpyxl import load_workbook
from pytz import timezone, utc

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged, users, warmup
from odoo.tools.safe_eval import safe_eval

from .common import CrmServiceCommon

SHANGHAI = timezone("Asia/Shanghai")


def local(*args):
    """Naive UTC datetime of a wall-clock time in Shanghai (the calendar's zone)."""
    return SHANGHAI.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


class CrmServiceReportCommon(CrmServiceCommon):
    """Two teams on a 9:00-18:00 Monday-Friday calendar in Shanghai (9 working
    hours a day, no break), technician Chen in team A, Liu in team B, and a
    4-working-hour resolution SLA on team A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the demo policies apply to every team: keep only this test's policy
        cls.env["crm.service.sla.policy"].search([]).action_archive()
        cls.calendar = cls._create_shanghai_calendar()
        cls.team_a = cls.env["crm.service.team"].create(
            {
                "name": "Team A",
                "resource_calendar_id": cls.calendar.id,
                "member_ids": [Command.set(cls.tech.ids)],
            }
        )
        cls.team_b = cls.env["crm.service.team"].create(
            {
                "name": "Team B",
                "resource_calendar_id": cls.calendar.id,
                "member_ids": [Command.set(cls.tech2.ids)],
            }
        )
        cls.policy = cls.env["crm.service.sla.policy"].create(
            {
                "name": "Resolution 4 h",
                "target_type": "resolution",
                "target_hours": 4,
                "team_ids": [Command.set(cls.team_a.ids)],
                "manager_id": cls.service_manager.id,
                "level_ids": [
                    Command.create(
                        {"name": "Breach: technician", "offset_hours": 0, "target": "assignee"}
                    ),
                    Command.create(
                        {
                            "name": "Manager 2 h later",
                            "offset_hours": 2,
                            "target": "service_manager",
                            "sequence": 20,
                        }
                    ),
                ],
            }
        )
        cls.level_breach, cls.level_manager = cls.policy.level_ids

    @classmethod
    def _order_at(cls, when, team, user, **values):
        with freeze_time(when):
            return cls._create_order(user=user, team_id=team.id, date_request=when, **values)

    @staticmethod
    def _move(order, when, action):
        with freeze_time(when):
            getattr(order, action)()
            order.flush_recordset()


@tagged("post_install", "-at_install", "crm_service")
class TestServiceWorkingHours(CrmServiceReportCommon):
    """Response and resolution times in working hours, stored on the event."""

    def test_friday_evening_to_monday_morning(self):
        """Requested Friday 17:00, started Monday 9:30, resolved Monday 10:00 on a
        9-18 calendar: 1 h on Friday + 0.5 h (response), + 1 h (resolution)."""
        order = self._order_at(local(2025, 1, 10, 17), self.team_a, self.tech)
        self.assertFalse(order.date_first_response)
        self.assertEqual(order.response_hours, 0.0)
        self._move(order, local(2025, 1, 13, 9, 30), "action_start")
        self.assertEqual(order.date_first_response, local(2025, 1, 13, 9, 30))
        self.assertAlmostEqual(order.response_hours, 1.5)
        self.assertEqual(order.resolution_hours, 0.0)
        self._move(order, local(2025, 1, 13, 10), "action_resolve")
        self.assertEqual(order.date_resolved, local(2025, 1, 13, 10))
        self.assertAlmostEqual(order.resolution_hours, 2.0)
        # the same figure as Odoo's own count on the calendar, leaves included
        self.assertAlmostEqual(
            self.calendar.get_work_hours_count(
                utc.localize(order.date_request), utc.localize(order.date_resolved)
            ),
            2.0,
        )
        # closing keeps it; the first response stays when the order goes on
        self._move(order, local(2025, 1, 14, 9), "action_close")
        self.assertAlmostEqual(order.resolution_hours, 2.0)
        self.assertAlmostEqual(order.response_hours, 1.5)

    def test_public_holiday_and_reopen(self):
        """Monday is a public holiday: Friday 17:00 to Tuesday 10:00 is 2 h. A
        reopened order has no resolution time until it is resolved again."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": local(2025, 1, 13, 0),
                "date_to": local(2025, 1, 13, 23, 59, 59),
            }
        )
        order = self._order_at(local(2025, 1, 10, 17), self.team_a, self.tech)
        self._move(order, local(2025, 1, 14, 9, 30), "action_start")
        self.assertAlmostEqual(order.response_hours, 1.5)
        self._move(order, local(2025, 1, 14, 10), "action_resolve")
        self.assertAlmostEqual(order.resolution_hours, 2.0)
        self._move(order, local(2025, 1, 14, 11), "action_reopen")
        self.assertFalse(order.date_resolved)
        self.assertEqual(order.resolution_hours, 0.0)
        report = self.env["crm.service.report"].search([("order_id", "=", order.id)])
        self.assertFalse(report.resolution_hours)
        self.assertEqual(report.resolved_count, 0)
        self._move(order, local(2025, 1, 14, 15), "action_resolve")
        # Friday 1 h + Tuesday 9:00-15:00 6 h
        self.assertAlmostEqual(order.resolution_hours, 7.0)
        self.assertAlmostEqual(order.response_hours, 1.5)


@tagged("post_install", "-at_install", "crm_service")
class TestServiceReport(CrmServiceReportCommon):
    """Figures computed by hand on a small data set, read back through
    read_group on the analysis, its access, and the XLSX export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Labour = cls.env["crm.service.labour"]
        # O1, team A, Chen: Friday 17:00 -> started Monday 9:30 (1.5 h) -> resolved
        # Monday 10:00 (2 h), SLA (4 h: Monday 12:00) met; 1.5 + 0.5 h labour; rated 5
        cls.order1 = cls._order_at(local(2025, 1, 10, 17), cls.team_a, cls.tech)
        cls._move(cls.order1, local(2025, 1, 13, 9, 30), "action_start")
        cls._move(cls.order1, local(2025, 1, 13, 10), "action_resolve")
        Labour.create(
            [
                {"order_id": cls.order1.id, "user_id": cls.tech.id, "hours": 1.5},
                {"order_id": cls.order1.id, "user_id": cls.tech.id, "hours": 0.5},
            ]
        )
        token = cls.order1._rating_get_access_token()
        cls.order1.rating_apply(5, token=token)
        # O2, team A, Chen: Monday 9:00 -> started 10:00 (1 h) -> resolved Tuesday
        # 12:00 (9 + 3 = 12 h), SLA (Monday 13:00) reached late: breached; 3 h labour
        cls.order2 = cls._order_at(local(2025, 1, 13, 9), cls.team_a, cls.tech)
        cls._move(cls.order2, local(2025, 1, 13, 10), "action_start")
        # the job at 15:30 fires both levels (13:00 and 15:00) of O2's SLA
        with freeze_time(local(2025, 1, 13, 15, 30)):
            cls.env["crm.service.order.sla"]._cron_escalate(now=local(2025, 1, 13, 15, 30))
        cls._move(cls.order2, local(2025, 1, 14, 12), "action_resolve")
        Labour.create({"order_id": cls.order2.id, "user_id": cls.tech.id, "hours": 3})
        # O3, team B, Liu: Monday 14:00 -> started 15:00 (1 h), still open, no SLA;
        # 2 h labour
        cls.order3 = cls._order_at(local(2025, 1, 13, 14), cls.team_b, cls.tech2)
        cls._move(cls.order3, local(2025, 1, 13, 15), "action_start")
        Labour.create({"order_id": cls.order3.id, "user_id": cls.tech2.id, "hours": 2})
        cls.orders = cls.order1 | cls.order2 | cls.order3
        # created as superuser: a company created by a user joins their companies
        cls.company_b = cls.env["res.company"].create({"name": "Guangzhou Branch"})
        cls.order_company_b = cls._create_order(company_id=cls.company_b.id)
        cls.env.flush_all()

    def _domain(self):
        return [("order_id", "in", self.orders.ids)]

    def _figures(self, groupby):
        aggregates = [
            "nbr:sum",
            "open_count:sum",
            "resolved_count:sum",
            "labour_hours:sum",
            "response_hours:avg",
            "resolution_hours:avg",
            "sla_count:sum",
            "breached_count:sum",
            "in_time_count:sum",
            "sla_compliance:avg",
            "rating:avg",
            "satisfaction:avg",
            "rated_count:sum",
        ]
        names = [agg.split(":")[0] for agg in aggregates]
        size = len(groupby)
        groups = self.env["crm.service.report"]._read_group(self._domain(), groupby, aggregates)
        return {
            tuple(group[:size]): dict(zip(names, group[size:], strict=True)) for group in groups
        }

    def test_sla_rows(self):
        self.assertEqual(self.order1.sla_ids.outcome, "met")
        self.assertEqual(self.order2.sla_ids.outcome, "missed")
        # the row's status says only that the target was reached
        self.assertEqual(self.order2.sla_ids.status, "reached")
        self.assertFalse(self.order3.sla_ids)
        [(policy, met, missed)] = self.env["crm.service.order.sla"]._read_group(
            [("order_id", "in", self.orders.ids)],
            ["policy_id"],
            ["met_count:sum", "missed_count:sum"],
        )
        self.assertEqual((policy, met, missed), (self.policy, 1, 1))

    @users("service_manager")
    def test_escalations_per_policy_and_level(self):
        Escalation = self.env["crm.service.order.sla.escalation"]
        domain = [("order_id", "in", self.orders.ids)]
        self.assertEqual(
            dict(Escalation._read_group(domain, ["level_id"], ["__count"])),
            {self.level_breach: 1, self.level_manager: 1},
        )
        self.assertEqual(
            Escalation._read_group(domain, ["policy_id", "team_id"], ["__count"]),
            [(self.policy, self.team_a, 2)],
        )
        self.assertEqual(
            Escalation.search(domain).mapped("user_id"), self.tech | self.service_manager
        )

    @users("service_tech2")
    def test_escalations_of_other_teams_hidden(self):
        self.assertFalse(
            self.env["crm.service.order.sla.escalation"].search(
                [("order_id", "in", self.orders.ids)]
            )
        )
        self.assertFalse(
            self.env["crm.service.order.sla"].search([("order_id", "in", self.orders.ids)])
        )

    @users("service_manager")
    def test_figures_per_team_and_technician(self):
        figures = self._figures(["team_id", "user_id"])
        self.assertEqual(set(figures), {(self.team_a, self.tech), (self.team_b, self.tech2)})
        chen = figures[self.team_a, self.tech]
        self.assertEqual(chen["nbr"], 2)
        self.assertEqual(chen["open_count"], 0)
        self.assertEqual(chen["resolved_count"], 2)
        self.assertAlmostEqual(chen["labour_hours"], 5.0)
        self.assertAlmostEqual(chen["response_hours"], 1.25)  # (1.5 + 1) / 2
        self.assertAlmostEqual(chen["resolution_hours"], 7.0)  # (2 + 12) / 2
        self.assertEqual(chen["sla_count"], 2)
        self.assertEqual(chen["breached_count"], 1)
        self.assertEqual(chen["in_time_count"], 1)
        self.assertAlmostEqual(chen["sla_compliance"], 50.0)
        # the unrated order is not a 0 rating
        self.assertAlmostEqual(chen["rating"], 5.0)
        self.assertAlmostEqual(chen["satisfaction"], 100.0)
        self.assertEqual(chen["rated_count"], 1)
        liu = figures[self.team_b, self.tech2]
        self.assertEqual((liu["nbr"], liu["open_count"], liu["resolved_count"]), (1, 1, 0))
        self.assertAlmostEqual(liu["labour_hours"], 2.0)
        self.assertAlmostEqual(liu["response_hours"], 1.0)
        # averages over no resolved, SLA-bound or rated order are empty, not 0
        self.assertIs(liu["resolution_hours"], False)
        self.assertIs(liu["sla_compliance"], False)
        self.assertIs(liu["rating"], False)
        self.assertEqual((liu["sla_count"], liu["breached_count"]), (0, 0))

    @users("service_manager")
    def test_totals_are_not_averages_of_averages(self):
        [total] = self._figures([]).values()
        self.assertEqual(total["nbr"], 3)
        self.assertAlmostEqual(total["labour_hours"], 7.0)
        self.assertAlmostEqual(total["response_hours"], 3.5 / 3)
        self.assertAlmostEqual(total["resolution_hours"], 7.0)
        self.assertAlmostEqual(total["sla_compliance"], 50.0)

    @users("service_manager")
    def test_defects_and_period(self):
        root_cause = self.env["crm.service.root.cause"].sudo().create({"name": "Worn roller"})
        department = self.env["hr.department"].sudo().create({"name": "Production"})
        product = self.env["product.product"].sudo().create({"name": "Printer P1"})
        (self.order1 | self.order2).sudo().write(
            {
                "root_cause_id": root_cause.id,
                "department_id": department.id,
                "product_id": product.id,
            }
        )
        figures = self._figures(["root_cause_id", "department_id", "product_id"])
        self.assertEqual(figures[root_cause, department, product]["nbr"], 2)
        self.assertEqual(
            figures[root_cause.browse(), department.browse(), product.browse()]["nbr"], 1
        )
        by_month = self._figures(["date_request:month", "problem_type_id"])
        self.assertEqual(
            {
                (fields.Date.to_date(month), category): values["nbr"]
                for (month, category), values in by_month.items()
            },
            {(date(2025, 1, 1), self.problem_breakdown): 3},
        )

    @users("service_tech")
    def test_technician_sees_own_and_team_rows(self):
        rows = self.env["crm.service.report"].search(self._domain())
        self.assertEqual(rows.order_id, self.order1 | self.order2)
        self.assertEqual(set(self._figures(["team_id"])), {(self.team_a,)})

    @users("service_tech2")
    def test_other_team_technician(self):
        rows = self.env["crm.service.report"].search(self._domain())
        self.assertEqual(rows.order_id, self.order3)
        [total] = self._figures([]).values()
        self.assertEqual(total["nbr"], 1)
        self.assertAlmostEqual(total["labour_hours"], 2.0)
        # by id too, the way an attacker reads: the access check computes the rule
        # field as superuser, and must still answer for this technician
        Report = self.env["crm.service.report"]
        self.assertTrue(Report.browse(self.order3.id).has_access("read"))
        self.assertFalse(Report.browse(self.order1.id).has_access("read"))
        with self.assertRaises(AccessError):
            Report.browse(self.order1.id).read(["nbr"])

    @users("service_manager")
    def test_manager_sees_all_but_not_other_company(self):
        self.assertEqual(
            self.env["crm.service.report"].search(self._domain()).order_id, self.orders
        )
        self.assertFalse(
            self.env["crm.service.report"].search([("order_id", "=", self.order_company_b.id)])
        )

    def _export(self, **values):
        wizard = self.env["crm.service.report.export"].create(
            {"date_from": "2025-01-10", "date_to": "2025-01-14", **values}
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return load_workbook(io.BytesIO(attachment.raw)).active, attachment

    @users("service_manager")
    def test_xlsx_export(self):
        self.tech2.sudo().name = '=HYPERLINK("x")'
        sheet, attachment = self._export()
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][:4], ["Service Team", "Technician", "# Orders", "Labour Hours"])
        by_tech = {(row[0], row[1]): row[2:] for row in rows[1:]}
        self.assertEqual(by_tech["Team A", "Tech Chen"], [2, 5, 1.25, 7, 1, 50, 5, 100])
        self.assertEqual(by_tech["Team B", '=HYPERLINK("x")'], [1, 2, 1, None, 0, None, None, None])
        # the technician named like a formula is text, never a formula
        cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "Team B")
        self.assertEqual(cell.data_type, "s")
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as xlsx:
            self.assertNotIn(b"<f>", xlsx.read("xl/worksheets/sheet1.xml"))
        # one team; a period without orders
        sheet, _attachment = self._export(team_ids=[Command.set(self.team_b.ids)])
        self.assertEqual([row[0].value for row in sheet.iter_rows(min_row=2)], ["Team B"])
        sheet, _attachment = self._export(date_from="2025-02-01", date_to="2025-02-28")
        self.assertEqual(sheet.max_row, 1)

    @users("service_manager")
    def test_export_period(self):
        """crm_leads' export mixin: the file is named after its period, and a period
        that ends before it starts is refused with a clear message."""
        _sheet, attachment = self._export()
        self.assertEqual(attachment.name, "service_analysis_2025-01-10_2025-01-14.xlsx")
        with self.assertRaisesRegex(ValidationError, "start date must be before the end date"):
            self.env["crm.service.report.export"].create(
                {"date_from": "2025-01-14", "date_to": "2025-01-10"}
            )

    @users("service_tech")
    def test_xlsx_export_technician_rows(self):
        sheet, _attachment = self._export()
        self.assertEqual(
            [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)],
            [("Team A", "Tech Chen")],
        )

    @users("service_manager")
    @warmup
    def test_export_query_count(self):
        """As many queries for 2 rows as for 7 (8 in community: the wizard and its
        teams, the current user and company for the rules, one grouped read on the
        analysis with the order's rules inlined in it, then the teams', the
        technicians' and their partners' names, one query each for all rows)."""
        wizard = self.env["crm.service.report.export"].create(
            {"date_from": "2025-01-10", "date_to": "2025-01-14"}
        )
        self.env.invalidate_all()
        with self.assertQueryCount(service_manager=8):
            wizard._build_xlsx()
        extra = [
            new_test_user(
                self.env(su=True),
                login=f"service_tech_extra{index}",
                name=f"Tech Extra {index}",
                groups="crm_service.group_crm_service_technician",
            )
            for index in range(5)
        ]
        for user in extra:
            self._order_at(local(2025, 1, 13, 11), self.team_b.sudo(), user.sudo())
        self.env.flush_all()
        self.assertEqual(len(wizard._get_rows()), 7)
        self.env.invalidate_all()
        with self.assertQueryCount(service_manager=8):
            wizard._build_xlsx()

    @users("service_tech")
    def test_views_and_filters(self):
        """The analysis actions open as a technician; every filter of the search
        views runs."""
        for xmlid in (
            "crm_service.crm_service_report_action",
            "crm_service.crm_service_order_sla_action_analysis",
            "crm_service.crm_service_order_sla_escalation_action",
        ):
            action = self.env["ir.actions.act_window"].sudo()._for_xml_id(xmlid)
            model = self.env[action["res_model"]]
            views = model.get_views(
                [(False, mode) for mode in action["view_mode"].split(",")] + [(False, "search")]
            )
            search = etree.fromstring(views["views"]["search"]["arch"])
            context = {
                "context_today": lambda: date(2025, 1, 15),
                "relativedelta": relativedelta,
                "uid": self.env.uid,
                "datetime": datetime,
            }
            for node in search.iter("filter"):
                if node.get("domain"):
                    model.search(safe_eval(node.get("domain"), context))
                if node.get("context"):
                    groupby = safe_eval(node.get("context"))["group_by"]
                    model._read_group([], [groupby], ["__count"])
        self.assertEqual(
            self.env["crm.service.report"].search_count(
                safe_eval(
                    "[('date_request', '>=', (context_today() - relativedelta(months=1))"
                    ".strftime('%Y-%m-01')), ('date_request', '<', context_today()"
                    ".strftime('%Y-%m-01'))]",
                    {"context_today": lambda: date(2025, 2, 3), "relativedelta": relativedelta},
                )
                + self._domain()
            ),
            2,  # O1 and O2: O3 is team B's
        )
