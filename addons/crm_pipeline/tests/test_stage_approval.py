# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCommon


@tagged("post_install", "-at_install", "crm_pipeline")
class TestStageApproval(CrmPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_leader = cls.pipeline_rep2
        cls.team.user_id = cls.team_leader
        cls.stage_gate = cls.env["crm.stage"].create({
            "name": "T Negotiation",
            "sequence": 2,
            "team_id": cls.team.id,
            "crm_stage_probability": 80,
            "crm_requires_approval": True,
        })
        cls.lead = cls._create_opportunities(cls.pipeline_rep, 1)

    def _approvals(self, lead):
        return self.env["crm.stage.approval"].sudo().search([("lead_id", "=", lead.id)])

    def _history(self, lead):
        return self.env["crm.lead.stage.history"].sudo().search(
            [("lead_id", "=", lead.id)], order="date_to, id"
        )

    @users("pipeline_rep")
    def test_write_by_rep_files_request(self):
        lead = self.lead.with_env(self.env)
        lead.write({"stage_id": self.stage_gate.id, "priority": "2"})
        self.assertEqual(lead.stage_id, self.stage_new, "the lead stays where it was")
        self.assertEqual(lead.priority, "2", "the other values are written")
        approval = self._approvals(lead)
        self.assertEqual(len(approval), 1)
        self.assertEqual(approval.state, "pending")
        self.assertEqual(approval.stage_from_id, self.stage_new)
        self.assertEqual(approval.stage_to_id, self.stage_gate)
        self.assertEqual(approval.requesting_user_id, self.pipeline_rep)
        self.assertEqual(approval.approver_id, self.team_leader)
        activity = approval.activity_ids
        self.assertEqual(activity.user_id, self.team_leader)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        # no move logged: only the creation row
        self.assertEqual(self._history(lead).stage_to_id, self.stage_new)
        # the rep was told, on the bus
        sent = [
            values for values in self.env.cr.precommit.data.get("bus.bus.values", [])
            if "Approval requested" in values["message"]
        ]
        self.assertEqual(len(sent), 1)
        self.assertIn(f'"res.partner",{self.pipeline_rep.partner_id.id}]', sent[0]["channel"])
        # trying again does not duplicate the pending request
        lead.write({"stage_id": self.stage_gate.id})
        self.assertEqual(len(self._approvals(lead)), 1)
        # the rep sees their request
        self.assertEqual(self.env["crm.stage.approval"].search([("lead_id", "=", lead.id)]), approval)

    @users("pipeline_rep")
    def test_form_statusbar_files_request(self):
        lead = self.lead.with_env(self.env)
        with Form(lead) as form:
            form.stage_id = self.stage_gate
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertEqual(self._approvals(lead).stage_to_id, self.stage_gate)

    @users("pipeline_rep")
    def test_create_in_gated_stage(self):
        lead = self.env["crm.lead"].create({
            "name": "Straight to negotiation",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.pipeline_rep.id,
            "stage_id": self.stage_gate.id,
        })
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertEqual(self._approvals(lead).stage_to_id, self.stage_gate)
        # kanban quick create in the gated column
        lead2 = self.env["crm.lead"].with_context(default_stage_id=self.stage_gate.id).create(
            {"name": "Quick", "type": "opportunity", "team_id": self.team.id}
        )
        self.assertEqual(lead2.stage_id, self.stage_new)
        self.assertEqual(self._approvals(lead2).stage_from_id, self.stage_new)

    @users("pipeline_rep")
    def test_import_files_request(self):
        result = self.env["crm.lead"].load(
            ["name", "type", "team_id/.id", "stage_id/.id"],
            [["Imported deal", "opportunity", str(self.team.id), str(self.stage_gate.id)]],
        )
        self.assertFalse(result["messages"], result["messages"])
        lead = self.env["crm.lead"].browse(result["ids"])
        self.assertEqual(lead.stage_id, self.stage_new)
        self.assertEqual(self._approvals(lead).state, "pending")
        # importing an update of an existing lead is a write: same gate
        self.env["crm.lead"].load(
            ["id", "stage_id/.id"],
            [[self._xmlid(self.lead), str(self.stage_gate.id)]],
        )
        self.assertEqual(self.lead.stage_id, self.stage_new)
        self.assertEqual(self._approvals(self.lead).stage_to_id, self.stage_gate)

    def _xmlid(self, record):
        self.env["ir.model.data"].sudo().create({
            "module": "__import__", "name": f"lead_{record.id}",
            "model": record._name, "res_id": record.id,
        })
        return f"__import__.lead_{record.id}"

    @users("pipeline_manager")
    def test_manager_moves_directly(self):
        lead = self.lead.with_env(self.env)
        lead.write({"stage_id": self.stage_gate.id})
        self.assertEqual(lead.stage_id, self.stage_gate)
        self.assertFalse(self._approvals(lead))
        self.assertEqual(self._history(lead)[-1].kind, "move")

    def test_approve(self):
        self.lead.with_user(self.pipeline_rep).write({"stage_id": self.stage_gate.id})
        approval = self._approvals(self.lead)
        # the rep cannot approve their own request
        with self.assertRaises(AccessError):
            approval.with_user(self.pipeline_rep).action_approve()
        with self.assertRaises(AccessError):
            approval.with_user(self.pipeline_rep).write({"state": "approved"})
        approval.with_user(self.team_leader).action_approve()
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.decision_user_id, self.team_leader)
        self.assertEqual(self.lead.stage_id, self.stage_gate)
        last = self._history(self.lead)[-1]
        self.assertEqual(last.kind, "approved")
        self.assertEqual(last.approval_id, approval)
        self.assertEqual(last.stage_from_id, self.stage_new)
        self.assertEqual(last.stage_to_id, self.stage_gate)
        self.assertEqual(last.moved_by_id, self.team_leader)
        self.assertFalse(approval.activity_ids, "the approver's to-do is done")
        self.assertIn("approved", self.lead.message_ids[0].body)
        with self.assertRaises(UserError):
            approval.with_user(self.pipeline_manager).action_approve()

    def test_reject(self):
        self.lead.with_user(self.pipeline_rep).write({"stage_id": self.stage_gate.id})
        approval = self._approvals(self.lead).with_user(self.pipeline_manager)
        with self.assertRaises(UserError):
            approval.action_reject()  # a comment is required
        approval.comment = "No budget confirmed yet"
        approval.action_reject()
        self.assertEqual(approval.state, "rejected")
        self.assertEqual(self.lead.stage_id, self.stage_new)
        history = self._history(self.lead)
        rejected = history.filtered(lambda row: row.kind == "rejected")
        self.assertEqual(rejected.stage_from_id, self.stage_new)
        self.assertEqual(rejected.stage_to_id, self.stage_gate)
        self.assertEqual(rejected.comment, "No budget confirmed yet")
        self.assertEqual(rejected.duration, 0.0)
        self.assertIn("No budget confirmed yet", self.lead.message_ids[0].body)
        # the rejection is not a move: the next move measures from the creation
        creation = history.filtered(lambda row: row.kind == "move")
        self.assertEqual(
            self.lead._get_stage_entry_dates()[self.lead.id], creation.date_to
        )

    def test_default_approver_without_leader(self):
        self.team.user_id = False
        self.lead.with_user(self.pipeline_rep).write({"stage_id": self.stage_gate.id})
        approver = self._approvals(self.lead).approver_id
        self.assertTrue(approver.has_group("crm_pipeline.group_crm_pipeline_manager"))

    @users("pipeline_rep")
    def test_required_fields(self):
        self.stage_qualified.sudo().crm_required_field_names = "partner_id, expected_revenue"
        lead = self.lead.with_env(self.env)
        with self.assertRaisesRegex(UserError, "Customer, Expected Revenue"):
            lead.write({"stage_id": self.stage_qualified.id})
        with self.assertRaisesRegex(UserError, "Customer"):
            lead.write({"stage_id": self.stage_qualified.id, "expected_revenue": 500})
        # a customer of the rep's own: another rep's may not be linked (crm.link.guard.mixin)
        customer = self.env["res.partner"].sudo().create(
            {"name": "Qualified Customer", "is_company": True, "user_id": self.env.uid}
        )
        lead.write({
            "stage_id": self.stage_qualified.id,
            "expected_revenue": 500,
            "partner_id": customer.id,
        })
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_required_fields_before_request(self):
        self.stage_gate.crm_required_field_names = "expected_revenue"
        with self.assertRaisesRegex(UserError, "Expected Revenue"):
            self.lead.with_user(self.pipeline_rep).write({"stage_id": self.stage_gate.id})
        self.assertFalse(self._approvals(self.lead))

    def test_required_fields_validated(self):
        with self.assertRaisesRegex(ValidationError, "no_such_field"):
            self.stage_gate.crm_required_field_names = "partner_id, no_such_field"
