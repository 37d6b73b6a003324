# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCommon


@tagged("post_install", "-at_install", "crm_pipeline")
class TestStageProbability(CrmPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.crm_probability_mode = "stage"
        cls.team_predictive = cls.env["crm.team"].create(
            {"name": "Predictive Team", "member_ids": [(4, cls.pipeline_rep.id)]}
        )

    @users("pipeline_rep")
    def test_probability_follows_stage(self):
        lead = self.env["crm.lead"].create({
            "name": "Stage driven",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.pipeline_rep.id,
            "stage_id": self.stage_new.id,
            "expected_revenue": 1000,
        })
        self.assertEqual(lead.probability, 10.0)
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(lead.probability, 40.0)
        self.assertEqual(lead.prorated_revenue, 400.0)
        # a manual probability stays until the next stage change
        lead.probability = 55.0
        lead.write({"priority": "2"})
        self.assertEqual(lead.probability, 55.0)
        lead.write({"stage_id": self.stage_new.id})
        self.assertEqual(lead.probability, 10.0)

    @users("pipeline_rep")
    def test_form_statusbar_and_won(self):
        lead = self._create_opportunities(self.pipeline_rep, 1).with_env(self.env)
        with Form(lead) as form:
            form.stage_id = self.stage_qualified
        self.assertEqual(lead.probability, 40.0)
        # crm's own won handling: won stage means 100% and a closing date
        lead.write({"stage_id": self.stage_won.id})
        self.assertEqual(lead.probability, 100.0)
        self.assertTrue(lead.date_closed)
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(lead.probability, 40.0)

    @users("pipeline_rep")
    def test_lost_lead_keeps_zero(self):
        lead = self._create_opportunities(self.pipeline_rep, 1).with_env(self.env)
        lead.action_set_lost()
        self.assertEqual(lead.probability, 0.0)
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(lead.probability, 0.0, "an archived (lost) lead is not revived")

    @users("pipeline_rep")
    def test_predictive_team_untouched(self):
        lead = self.env["crm.lead"].create({
            "name": "Predictive",
            "type": "opportunity",
            "team_id": self.team_predictive.id,
            "user_id": self.pipeline_rep.id,
            "stage_id": self.stage_new.id,
        })
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertNotEqual(lead.probability, 40.0)
        self.assertEqual(lead.probability, lead.automated_probability)

    @users("pipeline_rep")
    def test_batch_write_mixed_teams(self):
        fixed = self._create_opportunities(self.pipeline_rep, 2)
        other = self.env["crm.lead"].create({
            "name": "Predictive",
            "type": "opportunity",
            "team_id": self.team_predictive.id,
            "user_id": self.pipeline_rep.id,
            "stage_id": self.stage_new.id,
        })
        leads = (fixed | other).with_env(self.env)
        leads.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(fixed.mapped("probability"), [40.0, 40.0])
        self.assertEqual(other.probability, other.automated_probability)
        self.assertEqual(leads.stage_id, self.stage_qualified)
        # moving to the fixed-probability team sets the stage probability too
        other.write({"team_id": self.team.id, "stage_id": self.stage_new.id})
        self.assertEqual(other.probability, 10.0)
