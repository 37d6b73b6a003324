# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmCollisionRequest(models.Model):
    """A rep asks to keep a lead or customer that collides with another rep's.

    Approve: the record keeps its owner and loses the pending flag.
    Reject: a lead is reassigned to the rep owning the matching record (the
    prospect stays in the company's pipeline, with the right rep); a customer is
    archived, being a duplicate of the existing one (merge it from there).
    """

    _name = "crm.collision.request"
    _description = "Collision Approval Request"
    _inherit = ["crm.approval.mixin", "crm.parent.access.mixin"]
    _crm_access_parents = {"lead_id": "read", "partner_id": "read"}
    _order = "id desc"
    _check_company_auto = True

    lead_id = fields.Many2one("crm.lead", readonly=True, index="btree_not_null", ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", readonly=True, index="btree_not_null", ondelete="cascade"
    )
    owner_user_id = fields.Many2one(
        "res.users",
        "Owning Rep",
        required=True,
        readonly=True,
        index=True,
        help="Rep who owns the matching customer or lead.",
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _crm_create_for(self, record, colliding_users):
        """File a request for ``record`` (lead or partner) and tell the approver."""
        team = record._crm_collision_team()
        approver = team.user_id or self._crm_default_approver()
        owner = colliding_users[:1]
        values = {
            "name": self.env._(
                "%(record)s collides with %(owner)s",
                record=record.display_name,
                owner=owner.name,
            ),
            "requesting_user_id": self.env.user.id,
            "owner_user_id": owner.id,
            "approver_id": approver.id,
            "team_id": team.id,
            "company_id": (record.company_id or self.env.company).id,
            "lead_id" if record._name == "crm.lead" else "partner_id": record.id,
        }
        # sudo: crm.collision.request - reps may read their requests but not
        # create or decide them; the rep files it and schedules the approver's
        # to-do here, nothing else is done with elevated rights.
        request = self.sudo().create(values)
        if approver:
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=approver.id,
                summary=self.env._("Approve or reject a collision"),
                note=self.env._(
                    "%(rep)s saved %(record)s, which matches a customer of %(owner)s.",
                    rep=self.env.user.name,
                    record=record.display_name,
                    owner=owner.name,
                ),
            )
        return request.sudo(False)

    def _crm_target(self):
        self.ensure_one()
        return self.lead_id or self.partner_id

    def action_approve(self):
        self._check_can_decide()
        for request in self:
            # sudo: crm.lead/res.partner - a team leader may decide without write
            # access to the rep's record; only the pending flag is cleared.
            request._crm_target().sudo().with_context(crm_skip_collision_check=True).write(
                {"crm_collision_pending": False}
            )
        self._crm_close("approved")
        return True

    def action_reject(self):
        self._check_can_decide()
        for request in self:
            target = request._crm_target().sudo().with_context(crm_skip_collision_check=True)
            # sudo: same as approve; the decision is the manager's, the write
            # only applies it (reassign the lead, archive the duplicate customer).
            if target._name == "crm.lead":
                target.write({"crm_collision_pending": False, "user_id": request.owner_user_id.id})
            else:
                target.write({"crm_collision_pending": False, "active": False})
        self._crm_close("rejected")
        return True
