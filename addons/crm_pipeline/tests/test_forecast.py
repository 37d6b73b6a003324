# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from datetime import date

from openpyxl import load_workbook

from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import CrmPipelineCommon


class CrmForecastCommon(CrmPipelineCommon):
    """Opportunities with hand-picked revenues; weighted = expected x probability / 100.

    Probabilities are written equal to the stage probabilities (10 / 40) so the figures
    hold whether or not the team makes probabilities follow the stage.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.formula_rep = new_test_user(
            cls.env, login="pipeline_formula_rep", name="=cmd()",
            groups="crm_pipeline.group_crm_pipeline_user",
        )
        cls.team.member_ids = [(4, cls.formula_rep.id)]

        def opportunity(name, user, stage, expected, deadline):
            return {
                "name": name,
                "type": "opportunity",
                "user_id": user.id,
                "team_id": cls.team.id,
                "stage_id": stage.id,
                "expected_revenue": expected,
                "probability": stage.crm_stage_probability,
                "date_deadline": deadline,
            }

        sun, zhou = cls.pipeline_rep, cls.pipeline_rep2
        new, qualified = cls.stage_new, cls.stage_qualified
        cls.forecast_leads = cls.env["crm.lead"].create([
            opportunity("A", sun, new, 10000, "2026-01-20"),  # weighted 1000
            opportunity("B", sun, qualified, 5000, "2026-01-31"),  # 2000
            opportunity("C", sun, qualified, 8000, "2026-02-10"),  # 3200
            opportunity("Won", sun, cls.stage_won, 7000, "2026-01-25"),  # won: left out
            opportunity("D", zhou, new, 20000, "2026-03-05"),  # 2000
            opportunity("E", zhou, qualified, 3000, "2026-04-02"),  # 1200
            opportunity("F", cls.formula_rep, qualified, 1000, "2026-02-01"),  # 400
        ])
        cls.forecast_leads.flush_recordset()

    def _export(self, granularity, date_from, date_to, team=None):
        wizard_form = Form(self.env["crm.forecast.export"])
        wizard_form.granularity = granularity
        wizard_form.date_from = date_from
        wizard_form.date_to = date_to
        wizard_form.team_id = team or self.env["crm.team"]
        wizard = wizard_form.save()
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "crm.forecast.export"), ("res_id", "=", wizard.id)]
        )
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        return load_workbook(io.BytesIO(attachment.raw)).active

    @staticmethod
    def _rows(sheet):
        return [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


@tagged("post_install", "-at_install", "crm_pipeline")
class TestWeightedForecast(CrmForecastCommon):
    def _forecast_domain(self):
        # sudo: ir.actions.act_window - only to read the action's domain
        action = self.env.ref("crm_pipeline.crm_lead_forecast_action").sudo()
        return safe_eval(action.domain) + [("team_id", "=", self.team.id)]

    def test_prorated_revenue_is_weighted_revenue(self):
        lead_c = self.forecast_leads.filtered(lambda lead: lead.name == "C")
        self.assertEqual(lead_c.prorated_revenue, 3200.0)
        lead_c.expected_revenue = 9000
        self.assertEqual(lead_c.prorated_revenue, 3600.0)

    @users("pipeline_manager")
    def test_forecast_by_month_and_stage(self):
        groups = self.env["crm.lead"]._read_group(
            self._forecast_domain(),
            ["date_deadline:month", "stage_id"],
            ["expected_revenue:sum", "prorated_revenue:sum"],
        )
        result = {(month, stage.id): (expected, weighted)
                  for month, stage, expected, weighted in groups}
        self.assertEqual(result, {
            (date(2026, 1, 1), self.stage_new.id): (10000.0, 1000.0),
            (date(2026, 1, 1), self.stage_qualified.id): (5000.0, 2000.0),
            (date(2026, 2, 1), self.stage_qualified.id): (9000.0, 3600.0),
            (date(2026, 3, 1), self.stage_new.id): (20000.0, 2000.0),
            (date(2026, 4, 1), self.stage_qualified.id): (3000.0, 1200.0),
        })

    @users("pipeline_manager")
    def test_forecast_by_quarter_and_rep(self):
        groups = self.env["crm.lead"]._read_group(
            self._forecast_domain(), ["date_deadline:quarter", "user_id"],
            ["prorated_revenue:sum"],
        )
        result = {(quarter, user.id): weighted for quarter, user, weighted in groups}
        self.assertEqual(result, {
            (date(2026, 1, 1), self.pipeline_rep.id): 6200.0,
            (date(2026, 1, 1), self.formula_rep.id): 400.0,
            (date(2026, 1, 1), self.pipeline_rep2.id): 2000.0,
            (date(2026, 4, 1), self.pipeline_rep2.id): 1200.0,
        })

    @users("pipeline_rep")
    def test_forecast_rep_sees_own_pipeline(self):
        groups = self.env["crm.lead"]._read_group(
            self._forecast_domain(), ["user_id"], ["prorated_revenue:sum"]
        )
        self.assertEqual([(user.id, weighted) for user, weighted in groups],
                         [(self.pipeline_rep.id, 6200.0)])

    def test_forecast_index(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'crm_lead_forecast_index'"
        )
        indexdef = self.env.cr.fetchone()[0]
        self.assertIn("(date_deadline, stage_id", indexdef)
        self.assertIn("WHERE (active AND ((type)::text = 'opportunity'::text))", indexdef)


@tagged("post_install", "-at_install", "crm_pipeline")
class TestForecastExport(CrmForecastCommon):
    @users("pipeline_manager")
    def test_export_by_month(self):
        sheet = self._export("month", "2026-01-01", "2026-03-31", self.team)
        self.assertEqual(
            [cell.value for cell in sheet[1]][:9],
            ["Salesperson", "2026-01", None, "2026-02", None, "2026-03", None, "Total", None],
        )
        self.assertEqual(
            [cell.value for cell in sheet[2]][1:9], ["Expected", "Weighted"] * 4
        )
        self.assertEqual(self._rows(sheet), [
            ["=cmd()", 0, 0, 1000, 400, 0, 0, 1000, 400],
            ["Rep Sun", 15000, 3000, 8000, 3200, 0, 0, 23000, 6200],
            ["Rep Zhou", 0, 0, 0, 0, 20000, 2000, 20000, 2000],
            ["Total", 15000, 3000, 9000, 3600, 20000, 2000, 44000, 8600],
        ])
        # the rep named like a formula is text, not a formula
        self.assertEqual(sheet["A3"].data_type, "s")
        self.assertEqual(sheet["A3"].value, "=cmd()")

    @users("pipeline_manager")
    def test_export_by_quarter_and_week(self):
        sheet = self._export("quarter", "2026-01-01", "2026-06-30", self.team)
        self.assertEqual(sheet["B1"].value, "Q1 2026")
        self.assertEqual(sheet["D1"].value, "Q2 2026")
        self.assertEqual(self._rows(sheet)[2], ["Rep Zhou", 20000, 2000, 3000, 1200, 23000, 3200])

        # Monday 2026-01-19 starts ISO week 4; Sunday 2026-02-01 still is week 5
        sheet = self._export("week", "2026-01-19", "2026-02-01", self.team)
        self.assertEqual(sheet["B1"].value, "W04 2026")
        self.assertEqual(sheet["D1"].value, "W05 2026")
        self.assertEqual(self._rows(sheet), [
            ["=cmd()", 0, 0, 1000, 400, 1000, 400],
            ["Rep Sun", 10000, 1000, 5000, 2000, 15000, 3000],
            ["Total", 10000, 1000, 6000, 2400, 16000, 3400],
        ])

    @users("pipeline_rep")
    def test_export_rep_sees_own_rows(self):
        sheet = self._export("month", "2026-01-01", "2026-03-31", self.team)
        self.assertEqual([row[0] for row in self._rows(sheet)], ["Rep Sun", "Total"])
        self.assertEqual(self._rows(sheet)[1][7:9], [23000, 6200])
