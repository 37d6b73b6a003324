# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmServiceQualityFail(models.TransientModel):
    """Asks the reviewer why the work failed the quality check, then reopens."""

    _name = "crm.service.quality.fail"
    _description = "Service Order Quality Check Failure"

    order_ids = fields.Many2many("crm.service.order", string="Service Orders", required=True)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "order_ids" in fields_list
            and self.env.context.get("active_model") == "crm.service.order"
            and self.env.context.get("active_ids")
        ):
            res["order_ids"] = [fields.Command.set(self.env.context["active_ids"])]
        return res

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Please say why the work failed the quality check."))
        self.order_ids._service_quality_fail(reason)
        return {"type": "ir.actions.act_window_close"}
