# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _crm_caller_card_sections(self):
        """Open service orders of the caller's customer and a *New Service
        Request* button, for users who work on service orders."""
        sections = super()._crm_caller_card_sections()
        Order = self.env["crm.service.order"]
        if not Order.has_access("read"):
            return sections
        may_create = Order.has_access("create")
        per_customer = self._crm_caller_card_records(
            "crm.service.order",
            [("is_closed_stage", "=", False)],
            "priority desc, date_request desc, id desc",
        )
        for partner in self:
            orders, count = per_customer.get(partner.commercial_partner_id.id, (Order, 0))
            if not count and not may_create:
                continue
            sections[partner.id].append(
                {
                    "key": "service_orders",
                    "title": self.env._("Open Service Orders (%(count)s)", count=count),
                    "lines": [
                        {
                            "label": order.name,
                            "value": order.stage_id.name or "",
                            "res_model": "crm.service.order",
                            "res_id": order.id,
                        }
                        for order in orders
                    ],
                    "actions": [
                        {
                            "label": self.env._("New Service Request"),
                            "action": "action_crm_new_service_request",
                        }
                    ]
                    if may_create
                    else [],
                }
            )
        return sections

    def action_crm_new_service_request(self):
        """A new service order of this caller's customer, taken on the phone: the
        caller is its contact when it is a person."""
        self.ensure_one()
        self.env["crm.service.order"].check_access("create")
        customer = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Service Request"),
            "res_model": "crm.service.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": customer.id,
                "default_contact_id": False if self.is_company else self.id,
                "default_channel": "phone",
            },
        }
