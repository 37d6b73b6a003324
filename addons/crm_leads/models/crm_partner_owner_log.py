# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmPartnerOwnerLog(models.Model):
    """One row per change of a customer's owner, for reports and audits."""

    _name = "crm.partner.owner.log"
    _description = "Customer Ownership Change"
    _order = "date desc, id desc"
    _inherit = ["crm.parent.access.mixin"]
    _rec_name = "partner_id"
    _crm_access_parents = {"partner_id": "read"}

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    old_user_id = fields.Many2one("res.users", "Previous Owner", readonly=True, index=True)
    new_user_id = fields.Many2one("res.users", "New Owner", readonly=True, index=True)
    reason = fields.Selection(
        [
            ("create", "Created"),
            ("manual", "Reassigned"),
            ("claim", "Claimed from Pool"),
            ("pool", "Released to Pool"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    changed_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    date = fields.Datetime(readonly=True, default=fields.Datetime.now, index=True)
