# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmServiceOrder(models.Model):
    """Customer portal: each order has its page under /my/service and an access
    token for the links of its notifications (portal.mixin). Who may open it is
    decided by the record rules (security/crm_service_portal_security.xml)."""

    _name = "crm.service.order"
    _inherit = ["portal.mixin", "crm.service.order"]
    # Customers who may read an order may write in its chatter (project's tasks
    # do the same); the order itself stays read-only to them.
    _mail_post_access = "read"

    def _compute_access_url(self):
        super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/service/{order.id}"

    def _service_newly_of_type(self, old_stage_by_order, stage_type):
        """Orders of ``self`` that just entered a stage of ``stage_type``."""
        return self.filtered(
            lambda order: order.stage_type == stage_type
            and old_stage_by_order.get(order.id, self.env["crm.service.stage"]).stage_type
            != stage_type
        )
