# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import CrmPipelineCommon

NOW = datetime(2025, 1, 12, 0, 0)


@tagged("post_install", "-at_install", "crm_pipeline")
class TestPipelineAnalysis(CrmPipelineCommon):
    """Time in stage, stage conversion, win rate and funnel on a hand-computed data
    set (all times at midnight unless stated, "now" is January 12th):

    ===  =====  ====  ======  =========================================  ======
    lead owner  team  source  stage moves                                result
    ===  =====  ====  ======  =========================================  ======
    L1   rep    A     Web     New 01 -> Qualified 03 -> Won 08           won
    L2   rep    A     Web     New 01 -> Qualified 05, lost 06            lost
    L3   rep2   A     Phone   New 02 -> Won 03 (skips Qualified)         won
    L4   rep2   A     Phone   New 02                                     open
    L5   rep2   A     -       New 04 -> Qualified 04 12:00, lost 10      lost
    L6   rep    A     Web     created in Qualified 10                    open
    L7   rep    A     Phone   New 05 -> Won 06                           won
    L8   rep2   B     Web     New 06 -> Qualified 07, lost 07            lost
    L9   -      A     -       New 11                                     open
    ===  =====  ====  ======  =========================================  ======

    Team B is led by rep (not a member of it), team A has no leader.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Pipeline Test Team B", "user_id": cls.pipeline_rep.id}
        )
        cls.source_web = cls.env["utm.source"].create({"name": "Analysis Web"})
        cls.source_phone = cls.env["utm.source"].create({"name": "Analysis Phone"})
        rep, rep2 = cls.pipeline_rep, cls.pipeline_rep2
        new, qualified, won = cls.stage_new, cls.stage_qualified, cls.stage_won
        specs = [
            # name, owner, team, source, [(day, hour, stage)], lost (day, hour)
            ("L1", rep, cls.team, cls.source_web, [(1, 0, new), (3, 0, qualified), (8, 0, won)], None),
            ("L2", rep, cls.team, cls.source_web, [(1, 0, new), (5, 0, qualified)], (6, 0)),
            ("L3", rep2, cls.team, cls.source_phone, [(2, 0, new), (3, 0, won)], None),
            ("L4", rep2, cls.team, cls.source_phone, [(2, 0, new)], None),
            ("L5", rep2, cls.team, None, [(4, 0, new), (4, 12, qualified)], (10, 0)),
            ("L6", rep, cls.team, cls.source_web, [(10, 0, qualified)], None),
            ("L7", rep, cls.team, cls.source_phone, [(5, 0, new), (6, 0, won)], None),
            ("L8", rep2, cls.team_b, cls.source_web, [(6, 0, new), (7, 0, qualified)], (7, 0)),
            ("L9", cls.env["res.users"], cls.team, None, [(11, 0, new)], None),
        ]
        cls.leads = {}
        steps = []
        for name, _owner, _team, _source, moves, lost in specs:
            for index, (day, hour, stage) in enumerate(moves):
                steps.append((day, hour, 0 if index == 0 else 1, name, stage))
            if lost:
                steps.append((lost[0], lost[1], 2, name, None))
        values = {spec[0]: spec for spec in specs}
        # replay every step in time order, each under its own clock
        for day, hour, kind, name, stage in sorted(steps, key=lambda step: step[:3]):
            with cls._mock_now_cls(datetime(2025, 1, day, hour, 0)):
                if kind == 0:
                    _name, owner, team, source, _moves, _lost = values[name]
                    cls.leads[name] = cls.env["crm.lead"].create({
                        "name": f"Analysis {name}",
                        "type": "opportunity",
                        "user_id": owner.id,
                        "team_id": team.id,
                        "source_id": source.id if source else False,
                        "stage_id": stage.id,
                    })
                elif kind == 1:
                    cls.leads[name].write({"stage_id": stage.id})
                else:
                    cls.leads[name].action_set_lost()
                cls.env.flush_all()
        cls.all_leads = cls.env["crm.lead"].with_context(active_test=False).browse(
            lead.id for lead in cls.leads.values()
        )

    @classmethod
    def _mock_now_cls(cls, dt):
        return cls._mock_now(cls, dt)

    def _ids(self, *names):
        return {self.leads[name].id for name in names}

    # ------------------------------------------------------------
    # Time in stage
    # ------------------------------------------------------------

    def _durations(self, groupby, domain=()):
        """{group: (count, average days)} of the time-in-stage report at NOW."""
        with self._mock_now(NOW):
            data = self.env["crm.stage.duration.report"]._read_group(
                [("lead_id", "in", self.all_leads.ids), *domain],
                groupby,
                ["__count", "duration:avg"],
            )
        return {
            tuple(group.id if hasattr(group, "id") else group for group in row[:-2]): row[-2:]
            for row in data
        }

    def assertDurations(self, result, expected):
        self.assertEqual(set(result), set(expected))
        for key, (count, average) in expected.items():
            self.assertEqual(result[key][0], count, key)
            self.assertAlmostEqual(result[key][1], average, places=6, msg=key)

    def test_time_in_stage_by_stage(self):
        """Finished stays come from the history (the stage left); the stays in progress
        of the open opportunities (L4 and L9 in New, L6 in Qualified) run up to now.
        Won (L1, L3, L7) and lost (L2, L5, L8) ones have no stay in progress."""
        new, qualified = self.stage_new.id, self.stage_qualified.id
        # New: finished L1 2, L2 4, L3 1, L5 0.5, L7 1, L8 1; in progress L4 10, L9 1
        # Qualified: finished L1 5; in progress L6 2
        self.assertDurations(
            self._durations(["stage_id"]),
            {(new,): (8, 20.5 / 8), (qualified,): (2, 3.5)},
        )
        self.assertDurations(
            self._durations(["stage_id", "is_current"]),
            {
                (new, False): (6, 9.5 / 6),
                (new, True): (2, 5.5),
                (qualified, False): (1, 5.0),
                (qualified, True): (1, 2.0),
            },
        )

    def test_time_in_stage_by_rep_and_team(self):
        new, qualified = self.stage_new.id, self.stage_qualified.id
        rep, rep2 = self.pipeline_rep.id, self.pipeline_rep2.id
        self.assertDurations(
            self._durations(["stage_id", "user_id"]),
            {
                (new, rep): (3, 7 / 3),  # L1 2, L2 4, L7 1
                (new, rep2): (4, 12.5 / 4),  # L3 1, L5 0.5, L8 1, L4 10
                (new, False): (1, 1.0),  # L9
                (qualified, rep): (2, 3.5),  # L1 5, L6 2
            },
        )
        self.assertDurations(
            self._durations(["team_id"], [("stage_id", "=", new)]),
            {(self.team.id,): (7, 19.5 / 7), (self.team_b.id,): (1, 1.0)},
        )

    def test_time_in_stage_in_progress(self):
        """A stay in progress counts from crm's last stage update, the history aside
        (opportunities older than it included); a rejected approval request is no stay
        and does not restart the stay in progress."""
        lead = self.leads["L4"]
        history = self.env["crm.lead.stage.history"].search([("lead_id", "=", lead.id)])
        history.unlink()
        with self._mock_now(NOW):
            # the stay in progress runs up to the transaction's clock: read it there
            row = self.env["crm.stage.duration.report"].search([("lead_id", "=", lead.id)])
            self.assertTrue(row.is_current)
            self.assertEqual(row.date_from, datetime(2025, 1, 2))
            self.assertAlmostEqual(row.duration, 10.0)

        lead = self.leads["L9"]
        self.env["crm.lead.stage.history"].sudo().create({
            "lead_id": lead.id,
            "stage_from_id": self.stage_new.id,
            "stage_to_id": self.stage_qualified.id,
            "date_from": datetime(2025, 1, 11),
            "date_to": datetime(2025, 1, 11, 12, 0),
            "duration": 0.5,
            "kind": "rejected",
        })
        with self._mock_now(NOW):
            rows = self.env["crm.stage.duration.report"].search([("lead_id", "=", lead.id)])
            self.assertEqual(len(rows), 1, "the rejected request is no stay")
            self.assertEqual(rows.date_from, datetime(2025, 1, 11))
            self.assertAlmostEqual(rows.duration, 1.0)

    # ------------------------------------------------------------
    # Stage conversion (stage history pivot)
    # ------------------------------------------------------------

    def test_stage_conversion(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pipeline.crm_lead_stage_history_action_conversion"
        )
        data = self.env["crm.lead.stage.history"]._read_group(
            [("lead_id", "in", self.all_leads.ids), *ast.literal_eval(action["domain"])],
            ["stage_from_id", "stage_to_id"],
            ["__count", "duration:avg"],
        )
        result = {(frm.id, to.id): (count, avg) for frm, to, count, avg in data}
        new, qualified, won = self.stage_new.id, self.stage_qualified.id, self.stage_won.id
        self.assertEqual(set(result), {(new, qualified), (new, won), (qualified, won)})
        self.assertEqual(result[new, qualified][0], 4)  # L1, L2, L5, L8
        self.assertAlmostEqual(result[new, qualified][1], (2 + 4 + 0.5 + 1) / 4)
        self.assertEqual(result[new, won][0], 2)  # L3, L7
        self.assertAlmostEqual(result[new, won][1], 1.0)
        self.assertEqual(result[qualified, won][0], 1)  # L1
        self.assertAlmostEqual(result[qualified, won][1], 5.0)

    # ------------------------------------------------------------
    # Win rate
    # ------------------------------------------------------------

    def _win_rates(self, groupby):
        data = self.env["crm.win.rate.report"]._read_group(
            [("lead_id", "in", self.all_leads.ids)],
            [groupby],
            ["won_count:sum", "lost_count:sum", "win_rate:avg"],
        )
        return {group.id: (won, lost, rate) for group, won, lost, rate in data}

    def assertWinRates(self, result, expected):
        self.assertEqual(set(result), set(expected))
        for key, (won, lost, rate) in expected.items():
            self.assertEqual(result[key][:2], (won, lost), key)
            self.assertAlmostEqual(result[key][2], rate, places=6, msg=key)

    def test_win_rate(self):
        """Closed: won L1, L3, L7; lost L2, L5, L8. Open L4, L6, L9 are left out."""
        report = self.env["crm.win.rate.report"].search([("lead_id", "in", self.all_leads.ids)])
        self.assertEqual(set(report.lead_id.ids), self._ids("L1", "L2", "L3", "L5", "L7", "L8"))
        self.assertWinRates(
            self._win_rates("user_id"),
            {
                self.pipeline_rep.id: (2, 1, 200 / 3),  # L1, L7 won, L2 lost
                self.pipeline_rep2.id: (1, 2, 100 / 3),  # L3 won, L5, L8 lost
            },
        )
        self.assertWinRates(
            self._win_rates("team_id"),
            {self.team.id: (3, 2, 60.0), self.team_b.id: (0, 1, 0.0)},
        )
        self.assertWinRates(
            self._win_rates("source_id"),
            {
                self.source_web.id: (1, 2, 100 / 3),  # L1 won, L2, L8 lost
                self.source_phone.id: (2, 0, 100.0),  # L3, L7
                False: (0, 1, 0.0),  # L5
            },
        )
        # the rate of a total is not the average of the groups' rates
        [(won, lost, rate)] = self.env["crm.win.rate.report"]._read_group(
            [("lead_id", "in", self.all_leads.ids)], [], ["won_count:sum", "lost_count:sum", "win_rate:avg"]
        )
        self.assertEqual((won, lost), (3, 3))
        self.assertAlmostEqual(rate, 50.0)

    def test_win_rate_read_group_default_aggregator(self):
        """The pivot and the graph ask for the field's own aggregator: an average."""
        data = self.env["crm.win.rate.report"].read_group(
            [("lead_id", "in", self.all_leads.ids)],
            ["win_rate", "won_count", "lost_count"],
            ["team_id"],
            lazy=False,
        )
        by_team = {row["team_id"][0]: row for row in data}
        self.assertAlmostEqual(by_team[self.team.id]["win_rate"], 60.0)
        self.assertEqual(by_team[self.team.id]["won_count"], 3)
        self.assertEqual(by_team[self.team.id]["lost_count"], 2)
        self.assertEqual(by_team[self.team.id]["__count"], 5)

    # ------------------------------------------------------------
    # Funnel
    # ------------------------------------------------------------

    def _funnel(self, domain=()):
        data = self.env["crm.funnel.report"]._read_group(
            [
                ("lead_id", "in", self.all_leads.ids),
                ("stage_id", "in", (self.stage_new | self.stage_qualified | self.stage_won).ids),
                *domain,
            ],
            ["stage_id"],
            ["__count", "conversion_rate:avg"],
        )
        return [(stage, count, rate) for stage, count, rate in data]

    def test_funnel(self):
        """Team A's eight opportunities; furthest stage: Won for L1, L3 (which skipped
        Qualified) and L7, Qualified for L2, L5 (lost there) and L6, New for L4, L9.
        L8 belongs to team B, whose pipeline has none of team A's stages."""
        funnel = self._funnel()
        self.assertEqual(
            [stage for stage, _count, _rate in funnel],
            [self.stage_new, self.stage_qualified, self.stage_won],
            "stages in pipeline order",
        )
        (_n, new_count, new_rate), (_q, qual_count, qual_rate), (_w, won_count, won_rate) = funnel
        self.assertEqual((new_count, qual_count, won_count), (8, 6, 3))
        self.assertAlmostEqual(new_rate, 75.0)  # 6 of 8 went further than New
        self.assertAlmostEqual(qual_rate, 50.0)  # 3 of 6 went further than Qualified
        self.assertFalse(won_rate, "nothing lies beyond a won stage")
        reached_qualified = self.env["crm.funnel.report"].search(
            [("lead_id", "in", self.all_leads.ids), ("stage_id", "=", self.stage_qualified.id)]
        )
        self.assertEqual(set(reached_qualified.lead_id.ids), self._ids("L1", "L2", "L3", "L5", "L6", "L7"))
        self.assertEqual(
            {row.lead_id.id: row.lead_state for row in reached_qualified},
            {
                self.leads["L1"].id: "won", self.leads["L2"].id: "lost", self.leads["L3"].id: "won",
                self.leads["L5"].id: "lost", self.leads["L6"].id: "open", self.leads["L7"].id: "won",
            },
        )
        # by rep: rep has L1, L2, L6, L7; rep2 has L3, L4, L5
        funnel = self._funnel([("user_id", "=", self.pipeline_rep2.id)])
        self.assertEqual([count for _stage, count, _rate in funnel], [3, 2, 1])

    def test_funnel_moved_back(self):
        """An opportunity moved back to an earlier stage still reached the stage it
        left: New -> Qualified -> New counts in Qualified and moved on from New."""
        with self._mock_now(datetime(2025, 1, 1)):
            lead = self._create_opportunities(self.pipeline_rep, 1)
        with self._mock_now(datetime(2025, 1, 2)):
            lead.stage_id = self.stage_qualified
        with self._mock_now(datetime(2025, 1, 3)):
            lead.stage_id = self.stage_new
        rows = self.env["crm.funnel.report"].search(
            [("lead_id", "=", lead.id), ("stage_id", "in", (self.stage_new | self.stage_qualified | self.stage_won).ids)]
        )
        self.assertEqual(
            {row.stage_id: row.conversion_rate for row in rows},
            {self.stage_new: 100.0, self.stage_qualified: 0.0},
        )

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    @users("pipeline_rep")
    def test_reports_rep_sees_own(self):
        """A salesperson sees the rows of their own and unassigned opportunities, plus
        those of the team they lead (team B: L8); never rep2's other ones."""
        visible = self._ids("L1", "L2", "L6", "L7", "L8", "L9")
        for model in ("crm.stage.duration.report", "crm.win.rate.report", "crm.funnel.report"):
            with self._mock_now(NOW):
                rows = self.env[model].search([("lead_id", "in", self.all_leads.ids)])
            self.assertTrue(rows, model)
            self.assertLessEqual(set(rows.lead_id.ids), visible, model)
        rates = self._win_rates("user_id")
        self.assertWinRates(
            rates,
            {self.pipeline_rep.id: (2, 1, 200 / 3), self.pipeline_rep2.id: (0, 1, 0.0)},
        )
        with self._mock_now(NOW):
            self.assertEqual(
                set(self.env["crm.stage.duration.report"].search(
                    [("lead_id", "in", self.all_leads.ids)]
                ).lead_id.ids),
                visible,
            )

    @users("pipeline_rep2")
    def test_reports_rep2_sees_own(self):
        rows = self.env["crm.win.rate.report"].search([("lead_id", "in", self.all_leads.ids)])
        self.assertEqual(set(rows.lead_id.ids), self._ids("L3", "L5", "L8"))
        funnel = self._funnel()
        # L3, L4, L5 and the unassigned L9
        self.assertEqual([count for _stage, count, _rate in funnel], [4, 2, 1])

    @users("pipeline_manager")
    def test_reports_manager_sees_all(self):
        self.assertWinRates(
            self._win_rates("user_id"),
            {self.pipeline_rep.id: (2, 1, 200 / 3), self.pipeline_rep2.id: (1, 2, 100 / 3)},
        )
        self.assertEqual([count for _stage, count, _rate in self._funnel()], [8, 6, 3])
        self.assertEqual(len(self._durations(["lead_id"])), 9)

    @users("crm_rep")
    def test_reports_need_pipeline_group(self):
        for model in ("crm.stage.duration.report", "crm.win.rate.report", "crm.funnel.report"):
            with self.assertRaises(AccessError):
                self.env[model].search([])
