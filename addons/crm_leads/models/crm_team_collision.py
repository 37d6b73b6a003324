# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_collision_policy = fields.Selection(
        [
            ("warn", "Warn"),
            ("block", "Block"),
            ("approve", "Manager Approval"),
        ],
        string="Collision Policy",
        default="warn",
        required=True,
        help="What happens when a rep of this team saves a lead or customer that "
        "matches another rep's customer or lead (same e-mail or phone):\n"
        "- Warn: a banner names the owner, the record is saved.\n"
        "- Block: the record cannot be saved.\n"
        "- Manager Approval: the record is saved but flagged, and the team leader "
        "(or a sales manager) decides.",
    )
