# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from collections import defaultdict
from datetime import timedelta

from pytz import utc

from odoo import models

from ..tools.working_time import WorkSchedule


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _crm_service_schedule(self, date_from, date_to):
        """Working intervals of this calendar (public holidays and other leaves
        without resource removed) between two naive UTC datetimes, as a
        :class:`WorkSchedule`: two queries whatever the number of orders planned."""
        self.ensure_one()
        intervals = self._work_intervals_batch(utc.localize(date_from), utc.localize(date_to))[
            False
        ]
        return WorkSchedule(
            [
                (
                    start.astimezone(utc).replace(tzinfo=None),
                    stop.astimezone(utc).replace(tzinfo=None),
                )
                for start, stop, _meta in intervals
            ],
            date_from,
            date_to,
        )

    def _crm_service_plan(self, requests):
        """Plan many ``(calendar, datetime, hours)`` requests at once.

        Returns the list of naive UTC datetimes ``hours`` working hours after (or,
        when negative, before) each datetime, ``None`` where the calendar has no
        working time within two years. The intervals are fetched once per calendar
        for the span of all its requests, and again with a wider margin only for the
        requests that fell outside it."""
        results = [None] * len(requests)
        pending = defaultdict(list)
        for index, (calendar, dt, hours) in enumerate(requests):
            if not calendar or not dt:
                continue
            if not hours:
                results[index] = dt
                continue
            pending[calendar].append(index)
        for calendar, indexes in pending.items():
            longest = max(abs(requests[i][2]) for i in indexes)
            # a 40 h week gives about 6 working hours per calendar day: start with
            # room for that, widen when holidays leave too little
            margin = timedelta(days=7 + math.ceil(longest / 4.0))
            for _attempt in range(4):
                dates = [requests[i][1] for i in indexes]
                schedule = calendar._crm_service_schedule(min(dates) - margin, max(dates) + margin)
                left = []
                for i in indexes:
                    planned = schedule.add_hours(requests[i][1], requests[i][2])
                    if planned is None:
                        left.append(i)
                    else:
                        results[i] = planned
                indexes = left
                if not indexes or margin > timedelta(days=730):
                    break
                margin *= 4
        return results

    def _crm_service_hours_between(self, requests):
        """Working hours of each ``(calendar, date_from, date_to)``, batched per
        calendar like :meth:`_crm_service_plan`."""
        results = [0.0] * len(requests)
        by_calendar = defaultdict(list)
        for index, (calendar, date_from, date_to) in enumerate(requests):
            if calendar and date_from and date_to and date_to > date_from:
                by_calendar[calendar].append(index)
        for calendar, indexes in by_calendar.items():
            schedule = calendar._crm_service_schedule(
                min(requests[i][1] for i in indexes), max(requests[i][2] for i in indexes)
            )
            for i in indexes:
                results[i] = schedule.hours_between(requests[i][1], requests[i][2]) or 0.0
        return results
