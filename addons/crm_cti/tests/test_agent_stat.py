# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import zipfile
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from odoo.tests import tagged, users

from .common import CrmCtiCommon

STAT_FIELDS = [
    "inbound_count:sum",
    "outbound_count:sum",
    "answered_count:sum",
    "answer_rate:avg",
    "wait_time:avg",
    "talk_time_avg:avg",
    "talk_time:sum",
    "signed_in_time:sum",
    "available_time:sum",
]


@tagged("post_install", "-at_install", "crm_cti")
class TestAgentStat(CrmCtiCommon):
    """Statistics per agent and day on a small fixed dataset.

    Agent Liu works in Beijing (UTC+8): 2026-03-02 local runs from
    2026-03-01 16:00 to 2026-03-02 16:00 UTC. Agent Ma's day is UTC's.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent.tz = "Asia/Shanghai"
        cls.agent2.tz = "UTC"
        # an agent named like a formula stays text in the export
        cls.agent2.name = '=HYPERLINK("http://x")'
        cls.env["crm.cti.call"].create(
            [
                # (direction, ring UTC, seconds to answer or None, seconds to end)
                cls._call(cls.agent, "in", datetime(2026, 3, 1, 23, 0), 10, 70),  # 07:00 local
                cls._call(cls.agent, "in", datetime(2026, 3, 2, 1, 0), 10, 130),
                cls._call(cls.agent, "in", datetime(2026, 3, 2, 2, 0), 20, 320),
                cls._call(cls.agent, "in", datetime(2026, 3, 2, 3, 0), None, 30),  # missed
                cls._call(cls.agent, "out", datetime(2026, 3, 2, 4, 0), 5, 65),
                cls._call(cls.agent2, "in", datetime(2026, 3, 2, 10, 0), None, 40),
            ]
        )
        Log = cls.env["crm.cti.agent.status.log"]
        Log.create(
            [
                cls._log(
                    cls.agent, "available", datetime(2026, 3, 2, 0, 30), datetime(2026, 3, 2, 2, 30)
                ),
                cls._log(
                    cls.agent, "busy", datetime(2026, 3, 2, 2, 30), datetime(2026, 3, 2, 3, 0)
                ),
                cls._log(cls.agent, "acw", datetime(2026, 3, 2, 3, 0), datetime(2026, 3, 2, 3, 30)),
                # 23:00 to 01:00 local: one hour on each day
                cls._log(
                    cls.agent, "available", datetime(2026, 3, 2, 15, 0), datetime(2026, 3, 2, 17, 0)
                ),
                cls._log(
                    cls.agent2, "away", datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 9, 45)
                ),
            ]
        )

    @classmethod
    def _call(cls, agent, direction, ring, answer_after, end_after):
        return {
            "number": "010-6243-6040",
            "direction": direction,
            "user_id": agent.id,
            "pbx_id": cls.pbx.id,
            "date_ring": ring,
            "date_answer": ring + timedelta(seconds=answer_after) if answer_after else False,
            "date_end": ring + timedelta(seconds=end_after),
        }

    @classmethod
    def _log(cls, agent, status, start, end):
        return {
            "user_id": agent.id,
            "company_id": cls.env.company.id,
            "status": status,
            "date_start": start,
            "date_end": end,
        }

    def _stats(self):
        groups = self.env["crm.cti.agent.stat"]._read_group(
            self._domain(), ["user_id", "day:day"], STAT_FIELDS, order="user_id, day:day"
        )
        return {(user, day): [round(value, 2) for value in values] for user, day, *values in groups}

    def _domain(self):
        # demo data may hold calls of other agents
        return [("user_id", "in", (self.agent | self.agent2).ids)]

    @users("cti_manager")
    def test_figures_per_agent_and_day(self):
        stats = self._stats()
        liu = self.agent
        self.assertEqual(
            stats[liu, date(2026, 3, 2)],
            # 4 in, 1 out, 3 answered, 75 %, wait (10+10+20+30)/4, talk over the 4
            # answered calls (60+120+300+60)/4 s, 540 s = 9 min; signed in 2 h +
            # 0.5 + 0.5 + 1 h before midnight, available 2 + 1 h
            [4, 1, 3, 75.0, 17.5, 135.0, 9.0, 4.0, 3.0],
        )
        self.assertEqual(stats[liu, date(2026, 3, 3)], [0, 0, 0, 0, 0, 0, 0, 1.0, 1.0])
        self.assertEqual(
            stats[self.agent2, date(2026, 3, 2)], [1, 0, 0, 0.0, 40.0, 0, 0.0, 0.75, 0.0]
        )
        self.assertEqual(len(stats), 3)

    @users("cti_manager")
    def test_totals_are_not_averages_of_averages(self):
        [(rate, wait, calls)] = self.env["crm.cti.agent.stat"]._read_group(
            self._domain(), [], ["answer_rate:avg", "wait_time:avg", "inbound_count:sum"]
        )
        self.assertEqual(calls, 5)
        self.assertAlmostEqual(rate, 60.0)  # 3 of 5 inbound calls
        self.assertAlmostEqual(wait, 22.0)  # (10+10+20+30+40)/5

    @users("cti_agent")
    def test_agent_sees_own_figures(self):
        stats = self._stats()
        self.assertEqual({user for user, _day in stats}, {self.agent})

    @users("cti_manager")
    def test_xlsx_export(self):
        wizard = self.env["crm.cti.agent.stat.export"].create(
            {
                "date_from": "2026-03-01",
                "date_to": "2026-03-03",
                "user_ids": [(6, 0, (self.agent | self.agent2).ids)],
            }
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = load_workbook(io.BytesIO(attachment.raw)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][:4], ["Agent", "Day", "Inbound Calls", "Outbound Calls"])
        by_agent = {(row[0], row[1].date()): row[2:] for row in rows[1:]}
        self.assertEqual(by_agent["Agent Liu", date(2026, 3, 2)], [4, 1, 3, 75, 17.5, 135, 9, 4, 3])
        self.assertEqual(
            by_agent[self.agent2.name, date(2026, 3, 2)], [1, 0, 0, 0, 40, None, 0, 0.75, 0]
        )
        # averages of a day without the calls they are taken over are blank
        self.assertEqual(
            by_agent["Agent Liu", date(2026, 3, 3)], [0, 0, 0, None, None, None, 0, 1, 1]
        )
        # the agent named like a formula is text, never a formula
        cell = next(
            row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == self.agent2.name
        )
        self.assertEqual(cell.data_type, "s")
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as xlsx:
            self.assertNotIn(b"<f>", xlsx.read("xl/worksheets/sheet1.xml"))
        # one agent only
        wizard.user_ids = self.agent
        self.assertEqual({user for user, _day, _values in wizard._get_rows()}, {self.agent})
