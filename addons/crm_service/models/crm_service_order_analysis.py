# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Response and resolution times in working hours, for the service analysis.

Both are stored on the order when the event happens (the first move to a stage that
answers the customer, the resolution), on the team's working calendar with its
public holidays: never by a job that sweeps the orders."""

from odoo import api, fields, models

from .crm_service_order_sla import REACHED_STAGE_TYPES

RESPONSE_STAGE_TYPES = REACHED_STAGE_TYPES["response"]


class CrmServiceOrder(models.Model):
    _inherit = "crm.service.order"

    date_first_response = fields.Datetime(
        "First Response On",
        compute="_compute_date_first_response",
        store=True,
        copy=False,
        help="When the order was first assigned or started (kept when it is reopened).",
    )
    response_hours = fields.Float(
        "Response Time (Working Hours)",
        compute="_compute_work_hours",
        store=True,
        copy=False,
        aggregator="avg",
        help="Working hours of the team's calendar from the request to the first response.",
    )
    resolution_hours = fields.Float(
        "Resolution Time (Working Hours)",
        compute="_compute_work_hours",
        store=True,
        copy=False,
        aggregator="avg",
        help="Working hours of the team's calendar from the request to the resolution.",
    )

    @api.depends("stage_type")
    def _compute_date_first_response(self):
        now = fields.Datetime.now()
        for order in self:
            if not order.date_first_response and order.stage_type in RESPONSE_STAGE_TYPES:
                order.date_first_response = now

    @api.depends("date_request", "date_first_response", "date_resolved")
    def _compute_work_hours(self):
        """Both durations of the batch in one pass over each calendar's working
        intervals (attendances minus leaves, in the calendar's time zone)."""
        requests = []
        for order in self:
            calendar = order._service_analysis_calendar()
            requests.append((calendar, order.date_request, order.date_first_response))
            requests.append((calendar, order.date_request, order.date_resolved))
        hours = self.env["resource.calendar"]._crm_service_hours_between(requests)
        for index, order in enumerate(self):
            order.response_hours = hours[2 * index] if order.date_first_response else 0.0
            order.resolution_hours = hours[2 * index + 1] if order.date_resolved else 0.0

    def _service_analysis_calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    # ------------------------------------------------------------
    # EVENTS (contract hooks)
    # ------------------------------------------------------------

    def _service_on_create(self):
        super()._service_on_create()
        self._service_stamp_work_hours()

    def _service_on_stage_change(self, old_stage_by_order):
        super()._service_on_stage_change(old_stage_by_order)
        self._service_stamp_work_hours()

    def _service_stamp_work_hours(self):
        """The first response is the time of the move, not of a later flush."""
        self.mapped("date_first_response")
