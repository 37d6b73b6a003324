# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_order_count = fields.Integer(
        "Service Orders",
        compute="_compute_service_order_count",
        groups="crm_service.group_crm_service_technician",
    )

    def _compute_service_order_count(self):
        """Orders of the partner itself, plus, for a company, those of its contacts.

        One grouped query for the whole batch, within the reader's record rules.
        """
        data = self.env["crm.service.order"]._read_group(
            ["|", ("partner_id", "in", self.ids), ("commercial_partner_id", "in", self.ids)],
            ["partner_id", "commercial_partner_id"],
            ["__count"],
        )
        counts = defaultdict(int)
        for partner, commercial_partner, count in data:
            counts[partner.id] += count
            if commercial_partner != partner:
                counts[commercial_partner.id] += count
        for partner in self:
            partner.service_order_count = counts[partner.id]

    def action_view_service_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_service.crm_service_order_action"
        )
        action["domain"] = [
            "|", ("partner_id", "=", self.id), ("commercial_partner_id", "=", self.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
