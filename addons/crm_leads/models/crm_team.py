# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_assignment_member_id = fields.Many2one(
        "crm.team.member",
        string="Last Round-Robin Member",
        compute="_compute_crm_assignment_member_id",
        help="Member who received the team's latest lead; the assignment rules give "
        "the next one to the member served longest ago.",
    )

    def _compute_crm_assignment_member_id(self):
        # Derived from the leads, never stored: see _crm_assign_round_robin.
        _load, served = self.env["crm.lead"]._crm_assignment_history(self)
        for team in self:
            latest = max(
                (
                    (served[(member.user_id.id, team._origin.id)], member.id)
                    for member in team.crm_team_member_ids
                    if (member.user_id.id, team._origin.id) in served
                ),
                default=None,
            )
            team.crm_assignment_member_id = latest[1] if latest else False
