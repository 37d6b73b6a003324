# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmServiceOrder(models.Model):
    """Quality check: a reviewer (the team leader unless set otherwise) checks
    each resolved order; passing closes it, failing reopens it with a reason."""

    _inherit = "crm.service.order"

    reviewer_id = fields.Many2one(
        "res.users",
        compute="_compute_reviewer_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain=[("share", "=", False)],
        help="Checks the work once the order is resolved. The team leader by default.",
    )
    quality_state = fields.Selection(
        [("pending", "To Check"), ("passed", "Passed"), ("failed", "Failed")],
        "Quality Check",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    quality_reason = fields.Text("Quality Failure Reason", readonly=True, copy=False, tracking=True)

    @api.depends("team_id.leader_id")
    def _compute_reviewer_id(self):
        for order in self:
            if not order.reviewer_id:
                order.reviewer_id = order.team_id.leader_id

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_quality_pass(self):
        self._service_check_quality_reviewer()
        for order in self:
            order.activity_feedback(
                ["crm_service.mail_activity_type_service_quality"],
                feedback=self.env._("Quality check passed."),
            )
        self.write({"quality_state": "passed", "quality_reason": False})
        self._service_set_stage_type("closed")
        return True

    def action_quality_fail(self):
        self._service_check_quality_reviewer()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_service.crm_service_quality_fail_action"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _service_on_stage_change(self, old_stage_by_order):
        res = super()._service_on_stage_change(old_stage_by_order)
        self._service_newly_of_type(old_stage_by_order, "resolved")._service_request_quality_check()
        return res

    def _service_request_quality_check(self):
        if not self:
            return
        self.write({"quality_state": "pending"})
        for order in self.filtered("reviewer_id"):
            order.activity_schedule(
                "crm_service.mail_activity_type_service_quality",
                user_id=order.reviewer_id.id,
                note=self.env._("Check the work done on %(name)s.", name=order.name),
            )

    def _service_check_quality_reviewer(self):
        """Only orders waiting for their check, by their reviewer or a manager."""
        is_manager = self.env.user.has_group("crm_service.group_crm_service_manager")
        for order in self:
            if order.quality_state != "pending":
                raise UserError(
                    self.env._(
                        "Service order %(name)s is not waiting for a quality check.",
                        name=order.name,
                    )
                )
            if not is_manager and order.reviewer_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Only the reviewer of %(name)s (%(reviewer)s) or a service manager "
                        "may record its quality check.",
                        name=order.name,
                        reviewer=order.reviewer_id.name or self.env._("none"),
                    )
                )

    def _service_quality_fail(self, reason):
        """Reopen the orders with ``reason`` written in their chatter."""
        self._service_check_quality_reviewer()
        for order in self:
            order.activity_feedback(
                ["crm_service.mail_activity_type_service_quality"],
                feedback=self.env._("Quality check failed."),
            )
        self.write({"quality_state": "failed", "quality_reason": reason})
        for order in self:
            order.message_post(
                body=self.env._("Quality check failed: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        self._service_set_stage_type("in_progress")
