# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_pipeline")
class TestStageApprovalUi(HttpCase):
    def test_kanban_drag_into_gated_stage(self):
        rep = new_test_user(
            self.env, login="tour_pipeline_rep", name="Tour Rep",
            groups="crm_pipeline.group_crm_pipeline_user",
        )
        manager = new_test_user(
            self.env, login="tour_pipeline_manager", name="Tour Manager",
            groups="crm_pipeline.group_crm_pipeline_manager",
        )
        team = self.env["crm.team"].create(
            {"name": "Tour Team", "user_id": manager.id, "member_ids": [(4, rep.id)]}
        )
        Stage = self.env["crm.stage"]
        # global stages: the kanban shows them even when empty
        stage_open = Stage.create({"name": "Tour Open", "sequence": 0})
        stage_gate = Stage.create(
            {"name": "Tour Gate", "sequence": 0, "crm_requires_approval": True}
        )
        lead = self.env["crm.lead"].create({
            "name": "Tour Gated Deal",
            "type": "opportunity",
            "user_id": rep.id,
            "team_id": team.id,
            "stage_id": stage_open.id,
        })
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline",
            "crm_pipeline_stage_approval_request",
            login="tour_pipeline_rep",
        )
        self.assertEqual(lead.stage_id, stage_open)
        approval = self.env["crm.stage.approval"].search([("lead_id", "=", lead.id)])
        self.assertEqual(approval.state, "pending")
        self.assertEqual(approval.approver_id, manager)
        approval.with_user(manager).action_approve()
        self.assertEqual(lead.stage_id, stage_gate)
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline",
            "crm_pipeline_stage_approval_done",
            login="tour_pipeline_rep",
        )
