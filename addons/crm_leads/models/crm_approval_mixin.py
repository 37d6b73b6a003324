# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CrmApprovalMixin(models.AbstractModel):
    """A request that a rep files and a team leader or manager approves or rejects.

    Shared by collision requests (crm_leads) and stage-gate requests
    (crm_pipeline): who asked, who decides (the team leader, else a manager of
    ``_crm_approver_group``), the decision with its comment, and the approver's
    to-do closed when decided. Models add their subject and what approving or
    rejecting does.
    """

    _name = "crm.approval.mixin"
    _description = "Approval Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # Group whose members decide any request, and are the approvers of last resort.
    _crm_approver_group = "crm_leads.group_crm_leads_manager"

    name = fields.Char(required=True, readonly=True)
    requesting_user_id = fields.Many2one(
        "res.users", "Requested By", required=True, readonly=True, index=True
    )
    approver_id = fields.Many2one("res.users", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
    )
    decision_user_id = fields.Many2one("res.users", "Decided By", readonly=True)
    date_decision = fields.Datetime("Decided On", readonly=True)
    comment = fields.Text(help="Why the request was approved or rejected.")

    @api.model
    def _crm_default_approver(self):
        # sudo: res.groups - reps may not read group members
        managers = self.env.ref(self._crm_approver_group).sudo().users
        return managers.filtered(lambda user: user.active and not user.share)[:1]

    def _check_can_decide(self):
        is_manager = self.env.user.has_group(self._crm_approver_group)
        for request in self:
            if request.state != "pending":
                raise UserError(self.env._("This request has already been decided."))
            if not is_manager and request.approver_id != self.env.user:
                raise AccessError(
                    self.env._("Only the team leader or a sales manager can decide this request.")
                )

    def _crm_close(self, state):
        """Record the decision and close the approver's to-do."""
        # sudo: the request model - _check_can_decide vetted the user (a team
        # leader may not be a manager); only the decision is written
        requests = self.sudo()
        requests.write(
            {"state": state, "decision_user_id": self.env.uid, "date_decision": self.env.cr.now()}
        )
        requests.activity_feedback(["mail.mail_activity_data_todo"])
        return requests
