# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CrmStageApproval(models.Model):
    """A salesperson's move of an opportunity into a gated stage, waiting for approval.

    Created by ``crm.lead`` create/write (never by hand). Approve moves the lead (the
    stage history row is an "Approved Move" linked here); reject, with a comment,
    leaves it where it is and logs a "Rejected Request" row in the stage history.
    Both are posted in the chatter of the request and of the opportunity.
    """

    _name = "crm.stage.approval"
    _description = "Stage Approval Request"
    _inherit = ["crm.approval.mixin", "crm.parent.access.mixin"]
    _crm_access_parents = {"lead_id": "read"}
    _order = "id desc"
    _check_company_auto = True
    _crm_approver_group = "crm_pipeline.group_crm_pipeline_manager"

    lead_id = fields.Many2one(
        "crm.lead", "Opportunity", required=True, readonly=True, index=True, ondelete="cascade"
    )
    stage_from_id = fields.Many2one("crm.stage", "From Stage", readonly=True)
    stage_to_id = fields.Many2one("crm.stage", "Requested Stage", required=True, readonly=True)
    date_request = fields.Datetime(
        "Requested On", required=True, readonly=True, default=fields.Datetime.now
    )
    comment = fields.Text(help="Why the move was approved or rejected (required to reject).")

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        # users write only the comment of pending requests they decide; the rest is
        # written by the system (sudo) when the request is filed or decided
        if not self.env.su and (set(vals) - {"comment"} or self.filtered(
            lambda request: request.state != "pending"
        )):
            if not self.env.user.has_group("crm_pipeline.group_crm_pipeline_manager"):
                raise AccessError(self.env._("Approval requests are changed by their approver."))
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_approve(self):
        self._check_can_decide()
        for request in self:
            # sudo: crm.lead - the approver (a team leader may not own the lead) applies
            # the move they approved; the gate lets superuser moves through
            request.lead_id.sudo().with_context(crm_stage_approval_id=request.id).write(
                {"stage_id": request.stage_to_id.id}
            )
        self._crm_close("approved")
        return True

    def action_reject(self):
        self._check_can_decide()
        if any(not request.comment for request in self):
            raise UserError(self.env._("Write in the comment why the move is rejected."))
        now = self.env.cr.now()
        # sudo: crm.lead, crm.lead.stage.history - the approver may not read every field
        # of the lead; the log is written by the system only
        entered = self.lead_id.sudo()._get_stage_entry_dates()
        self.env["crm.lead.stage.history"].sudo().create(
            [
                {
                    **request.lead_id.sudo()._prepare_stage_history_values(
                        request.lead_id.stage_id, entered[request.lead_id.id], now
                    ),
                    "stage_from_id": request.lead_id.stage_id.id,
                    "stage_to_id": request.stage_to_id.id,
                    "duration": 0.0,
                    "kind": "rejected",
                    "approval_id": request.id,
                    "comment": request.comment,
                }
                for request in self
            ]
        )
        self._crm_close("rejected")
        return True

    def action_open_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _crm_request(self, leads, stage):
        """File one pending request per lead for ``stage`` (none if one is pending) and
        give the approver a to-do."""
        # sudo: crm.stage.approval - reps read their requests, only the system files them
        Approval = self.sudo()
        pending = Approval.search(
            [("lead_id", "in", leads.ids), ("stage_to_id", "=", stage.id),
             ("state", "=", "pending")]
        )
        leads -= pending.lead_id
        if not leads:
            return pending.sudo(False)
        vals_list = []
        for lead in leads:
            approver = lead.team_id.user_id
            if not approver or approver == self.env.user:
                approver = self._crm_default_approver()
            vals_list.append(
                {
                    "name": self.env._(
                        "%(lead)s: %(stage_from)s → %(stage_to)s",
                        lead=lead.name,
                        stage_from=lead.stage_id.name or "-",
                        stage_to=stage.name,
                    ),
                    "lead_id": lead.id,
                    "stage_from_id": lead.stage_id.id,
                    "stage_to_id": stage.id,
                    "requesting_user_id": self.env.uid,
                    "approver_id": approver.id,
                    "team_id": lead.team_id.id,
                    "company_id": (lead.company_id or self.env.company).id,
                }
            )
        requests = Approval.create(vals_list)
        for request in requests:
            if request.approver_id:
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=request.approver_id.id,
                    summary=self.env._("Approve a stage move"),
                    note=self.env._(
                        "%(user)s asks to move %(lead)s to %(stage)s.",
                        user=self.env.user.name,
                        lead=request.lead_id.name,
                        stage=stage.name,
                    ),
                )
            # sudo: crm.lead - a system note in the chatter of the opportunity
            request.lead_id.sudo().message_post(
                body=self.env._(
                    "Move to %(stage)s requested by %(user)s, waiting for approval.",
                    stage=stage.name,
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return (requests | pending).sudo(False)

    def _crm_close(self, state):
        requests = super()._crm_close(state)
        for request in requests:
            if state == "approved":
                body = self.env._(
                    "Move to %(stage)s approved by %(user)s.",
                    stage=request.stage_to_id.name,
                    user=self.env.user.name,
                )
            else:
                body = self.env._(
                    "Move to %(stage)s rejected by %(user)s: %(comment)s",
                    stage=request.stage_to_id.name,
                    user=self.env.user.name,
                    comment=request.comment,
                )
            request.message_post(body=body, subtype_xmlid="mail.mt_note")
            request.lead_id.message_post(body=body, subtype_xmlid="mail.mt_note")
