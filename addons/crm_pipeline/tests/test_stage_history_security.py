# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users

from .common import CrmPipelineCommon


@tagged("post_install", "-at_install", "crm_pipeline")
class TestStageHistorySecurity(CrmPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal_user = new_test_user(
            cls.env, login="pipeline_internal", name="Clerk Wu", groups="base.group_user"
        )
        cls.lead_rep = cls._create_opportunities(cls.pipeline_rep, 1)
        cls.lead_rep2 = cls._create_opportunities(cls.pipeline_rep2, 1)
        (cls.lead_rep | cls.lead_rep2).write({"stage_id": cls.stage_qualified.id})
        cls.history = cls.env["crm.lead.stage.history"].search(
            [("lead_id", "in", (cls.lead_rep | cls.lead_rep2).ids)]
        )

    @users("pipeline_rep")
    def test_user_reads_own_history_only(self):
        History = self.env["crm.lead.stage.history"]
        visible = History.search([("lead_id", "in", (self.lead_rep | self.lead_rep2).ids)])
        self.assertEqual(visible.lead_id, self.lead_rep)
        self.assertEqual(len(visible), 2)
        self.assertEqual(visible.stage_to_id, self.stage_new | self.stage_qualified)
        lead = self.lead_rep.with_env(self.env)
        self.assertEqual(lead.stage_history_count, 2)
        other = self.history.filtered(lambda h: h.lead_id == self.lead_rep2).with_env(self.env)
        with self.assertRaises(AccessError):
            other.read(["duration"])

    @users("pipeline_rep")
    def test_user_cannot_forge_history(self):
        History = self.env["crm.lead.stage.history"]
        with self.assertRaises(AccessError):
            History.create({
                "lead_id": self.lead_rep.id,
                "stage_to_id": self.stage_won.id,
                "date_to": "2025-01-01 00:00:00",
            })
        own = self.history.filtered(lambda h: h.lead_id == self.lead_rep).with_env(self.env)
        with self.assertRaises(AccessError):
            own.write({"duration": 0.0})
        with self.assertRaises(AccessError):
            own.unlink()

    @users("pipeline_manager")
    def test_manager_reads_all(self):
        visible = self.env["crm.lead.stage.history"].search(
            [("lead_id", "in", (self.lead_rep | self.lead_rep2).ids)]
        )
        self.assertEqual(visible, self.history)
        with self.assertRaises(AccessError):
            visible.unlink()

    @users("pipeline_internal")
    def test_internal_user_no_access(self):
        with self.assertRaises(AccessError):
            self.env["crm.lead.stage.history"].search([])

    @users("crm_rep")
    def test_salesman_without_pipeline_group_still_logs(self):
        """A crm_leads user outside the pipeline group moves leads; the system logs it."""
        lead = self.env["crm.lead"].create({
            "name": "Rep Li deal", "type": "opportunity", "user_id": self.rep.id,
            "team_id": self.team.id, "stage_id": self.stage_new.id,
        })
        lead.write({"stage_id": self.stage_qualified.id})
        with self.assertRaises(AccessError):
            self.env["crm.lead.stage.history"].search([])
        history = self.env["crm.lead.stage.history"].sudo().search([("lead_id", "=", lead.id)])
        self.assertEqual(history.stage_to_id, self.stage_new | self.stage_qualified)
        self.assertEqual(history.moved_by_id, self.rep)
