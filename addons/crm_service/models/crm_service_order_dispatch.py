# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmServiceOrderDispatch(models.Model):
    """A technician changed by hand on a service order (routing is not logged)."""

    _name = "crm.service.order.dispatch"
    _description = "Service Order Re-dispatch"
    _inherit = ["crm.parent.access.mixin"]
    # the order's own rules (technician/team, its customer, its company) decide
    _crm_access_parents = {"order_id": "write"}
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "crm.service.order", "Service Order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    from_user_id = fields.Many2one("res.users", "From Technician")
    to_user_id = fields.Many2one("res.users", "To Technician")
    user_id = fields.Many2one(
        "res.users", "Dispatched By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    reason = fields.Char()


class CrmServiceOrder(models.Model):
    _inherit = "crm.service.order"

    dispatch_ids = fields.One2many(
        "crm.service.order.dispatch", "order_id", "Re-dispatches", readonly=True
    )

    def write(self, vals):
        if "user_id" not in vals or self.env.context.get("crm_service_routing"):
            return super().write(vals)
        before = {order.id: order.user_id for order in self}
        result = super().write(vals)
        reason = self.env.context.get("crm_service_dispatch_reason") or False
        logs = [
            {
                "order_id": order.id,
                "user_id": self.env.uid,
                "from_user_id": before[order.id].id,
                "to_user_id": order.user_id.id,
                "reason": reason,
            }
            for order in self
            if order.user_id != before[order.id]
        ]
        if logs:
            # sudo: crm.service.order.dispatch - the log records what the user just
            # did, even when they handed the order out of their own reach.
            self.env["crm.service.order.dispatch"].sudo().create(logs)
            self.invalidate_recordset(["dispatch_ids"])
        return result
