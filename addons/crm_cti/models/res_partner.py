# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cti_call_count = fields.Integer(
        "Calls",
        compute="_compute_cti_call_count",
        groups="crm_cti.group_crm_cti_agent",
    )

    def _compute_cti_call_count(self):
        data = self.env["crm.cti.call"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in data}
        for partner in self:
            partner.cti_call_count = counts.get(partner.id, 0)

    def _crm_history_documents(self):
        """The calls' notes belong to the customer's history too (for those who
        may read calls)."""
        documents = super()._crm_history_documents()
        Call = self.env["crm.cti.call"]
        if not Call.has_access("read"):
            return documents
        family_ids = next((ids for model, ids in documents if model == "res.partner"), self.ids)
        calls = Call.search([("partner_id", "in", family_ids)])
        return documents + [("crm.cti.call", calls.ids)]

    def action_view_cti_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_cti.crm_cti_call_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_number": self.phone or self.mobile,
            "default_direction": "out",
        }
        return action
