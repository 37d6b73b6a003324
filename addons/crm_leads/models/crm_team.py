# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_assignment_member_id = fields.Many2one(
        "crm.team.member",
        string="Last Round-Robin Member",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="Member who received the last lead given out by the assignment rules; "
        "the next lead goes to the member after them.",
    )
