# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Working-time arithmetic on a list of work intervals, without the ORM.

``resource.calendar._work_intervals_batch`` gives the working intervals of a calendar
(attendances minus leaves) for a range of dates; planning one deadline per call with
``plan_hours`` would query them again for every order. A :class:`WorkSchedule` is
built once from those intervals for many orders and answers each "start + N working
hours" or "working hours between two instants" by bisection over prefix sums.

All datetimes are naive UTC (as the ORM stores them).
"""

from bisect import bisect_left, bisect_right
from datetime import timedelta


class WorkSchedule:
    """Sorted, merged working intervals ``[(start, stop), ...]`` covering
    ``[cover_start, cover_end]``; outside that range answers are ``None``."""

    def __init__(self, intervals, cover_start, cover_end):
        merged = []
        for start, stop in sorted(intervals):
            if stop <= start:
                continue
            if merged and start <= merged[-1][1]:
                if stop > merged[-1][1]:
                    merged[-1][1] = stop
            else:
                merged.append([start, stop])
        self.starts = [start for start, _stop in merged]
        self.stops = [stop for _start, stop in merged]
        # cumulative[i]: working seconds before interval i
        self.cumulative = [0.0]
        for start, stop in merged:
            self.cumulative.append(self.cumulative[-1] + (stop - start).total_seconds())
        self.cover_start = cover_start
        self.cover_end = cover_end

    def _seconds_before(self, dt):
        """Working seconds between the first interval's start and ``dt``."""
        index = bisect_right(self.starts, dt) - 1
        if index < 0:
            return 0.0
        inside = min(dt, self.stops[index]) - self.starts[index]
        return self.cumulative[index] + inside.total_seconds()

    def covers(self, dt):
        return self.cover_start <= dt <= self.cover_end

    def hours_between(self, date_from, date_to):
        """Working hours from ``date_from`` to ``date_to`` (negative when reversed)."""
        if not (self.covers(date_from) and self.covers(date_to)):
            return None
        seconds = self._seconds_before(date_to) - self._seconds_before(date_from)
        return seconds / 3600.0

    def add_hours(self, dt, hours):
        """The instant ``hours`` working hours after ``dt`` (before it when negative).

        Counting starts at the next working instant: a request on Saturday with 2 h
        ends on Monday at opening + 2 h. Zero hours return ``dt`` itself. ``None``
        when the answer lies outside the covered range."""
        if not self.covers(dt):
            return None
        if not hours:
            return dt
        target = self._seconds_before(dt) + hours * 3600.0
        if target < 0.0 or target > self.cumulative[-1]:
            return None
        if hours > 0:
            # first interval whose end cumulative reaches the target
            index = bisect_left(self.cumulative, target, lo=1) - 1
        else:
            # last interval starting at or before the target: exactly at an opening,
            # the opening itself rather than the previous evening
            index = bisect_right(self.cumulative, target) - 1
        result = self.starts[index] + timedelta(seconds=target - self.cumulative[index])
        return result if self.covers(result) else None
