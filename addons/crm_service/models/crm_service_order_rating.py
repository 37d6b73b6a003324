# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmServiceOrder(models.Model):
    """Satisfaction: a resolved order asks its customer for a rating by e-mail
    (Odoo's rating app); the ratings roll up to the service team."""

    _name = "crm.service.order"
    _inherit = ["rating.mixin", "crm.service.order"]

    def _rating_get_parent_field_name(self):
        return "team_id"

    def _service_on_stage_change(self, old_stage_by_order):
        res = super()._service_on_stage_change(old_stage_by_order)
        self._service_newly_of_type(old_stage_by_order, "resolved")._service_send_rating_request()
        return res

    def _service_send_rating_request(self):
        template = self.env.ref(
            "crm_service.mail_template_service_rating", raise_if_not_found=False
        )
        if not template:
            return
        for order in self:
            partner = order._rating_get_partner()
            if not partner.email:
                continue
            # Queued (no force_send): the stage change does not wait for the mail server.
            order.rating_send_request(template, lang=partner.lang, force_send=False)
