# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _crm_contact_partners(self):
        # attendees that are not internal users are the customers met
        return self.partner_ids.filtered(lambda p: p.partner_share)

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._crm_register_meetings()
        return events

    def write(self, vals):
        res = super().write(vals)
        if {"start", "partner_ids", "allday", "start_date"} & set(vals):
            self._crm_register_meetings()
        return res

    def _crm_register_meetings(self):
        """Meetings that already started are a contact on their start date;
        later ones are registered by the daily cron once they started."""
        now = fields.Datetime.now()
        started = self.filtered(lambda e: e.start and e.start <= now)
        for start, events in started.grouped(lambda e: e.start.date()).items():
            partners = events._crm_contact_partners()
            if partners:
                partners._crm_register_contact(start)

    @api.model
    def _crm_register_recent_meetings(self, days=1):
        now = fields.Datetime.now()
        events = self.sudo().search(
            [("start", ">", now - timedelta(days=days)), ("start", "<=", now)]
        )
        events._crm_register_meetings()
