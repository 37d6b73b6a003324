# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmServiceTeam(models.Model):
    """Team satisfaction: the ratings of the team's orders (their parent is the
    team, see crm.service.order._rating_get_parent_field_name), averaged by
    rating.parent.mixin in one read_group over rating.rating."""

    _name = "crm.service.team"
    _inherit = ["rating.parent.mixin", "crm.service.team"]

    def action_view_service_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("rating.rating_rating_action")
        action["domain"] = [
            ("parent_res_model", "=", self._name),
            ("parent_res_id", "=", self.id),
            ("consumed", "=", True),
        ]
        return action
