# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields, models


class CrmServiceOrder(models.Model):
    """Follow-up visit: a resolved order gets an activity for its technician the
    number of days its problem category asks for."""

    _inherit = "crm.service.order"

    def _service_on_stage_change(self, old_stage_by_order):
        res = super()._service_on_stage_change(old_stage_by_order)
        self._service_newly_of_type(old_stage_by_order, "resolved")._service_schedule_followup()
        return res

    def _service_schedule_followup(self):
        for order in self:
            days = order.problem_type_id.followup_days
            if not days or not order.user_id:
                continue
            order.activity_schedule(
                "crm_service.mail_activity_type_service_followup",
                date_deadline=fields.Date.context_today(order) + timedelta(days=days),
                user_id=order.user_id.id,
                note=self.env._(
                    "Follow-up visit after the resolution of %(name)s.", name=order.name
                ),
            )
