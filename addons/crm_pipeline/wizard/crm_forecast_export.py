# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.crm_leads.tools.xlsx import text_safe_workbook, xlsx_download_action
from odoo.exceptions import ValidationError
from odoo.tools import date_utils

PERIOD_STEPS = {
    "week": relativedelta(weeks=1),
    "month": relativedelta(months=1),
    "quarter": relativedelta(months=3),
}


class CrmForecastExport(models.TransientModel):
    """Weighted forecast as a spreadsheet: one row per sales team and salesperson,
    two columns (expected, weighted) per period of the expected closing date."""

    _name = "crm.forecast.export"
    _description = "Weighted Forecast Export"

    granularity = fields.Selection(
        [("week", "Week"), ("month", "Month"), ("quarter", "Quarter")],
        required=True,
        default="month",
    )
    team_id = fields.Many2one("crm.team", "Sales Team", help="Leave empty for all teams.")
    date_from = fields.Date(
        required=True,
        default=lambda self: date_utils.start_of(fields.Date.context_today(self), "month"),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: date_utils.end_of(
            fields.Date.context_today(self) + relativedelta(months=2), "month"
        ),
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start date must be before the end date."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_export(self):
        self.ensure_one()
        return xlsx_download_action(self, self._get_file_name(), self._build_xlsx())

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_file_name(self):
        return self.env._(
            "weighted_forecast_%(date_from)s_%(date_to)s.xlsx",
            date_from=self.date_from,
            date_to=self.date_to,
        )

    def _get_domain(self):
        # crm.lead.forecast holds the open opportunities only (active, not leads)
        domain = [
            ("stage_id.is_won", "=", False),
            ("date_deadline", ">=", self.date_from),
            ("date_deadline", "<=", self.date_to),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        return domain

    def _get_periods(self):
        """Start dates of every period overlapping the date range, as read_group
        truncates them (weeks start on Monday)."""
        start = date_utils.start_of(self.date_from, self.granularity)
        periods = []
        while start <= self.date_to:
            periods.append(start)
            start += PERIOD_STEPS[self.granularity]
        return periods

    def _period_label(self, start):
        if self.granularity == "week":
            year, week, _weekday = start.isocalendar()
            return self.env._("W%(week)02d %(year)s", week=week, year=year)
        if self.granularity == "quarter":
            return self.env._(
                "Q%(quarter)s %(year)s", quarter=(start.month - 1) // 3 + 1, year=start.year
            )
        return start.strftime("%Y-%m")

    def _get_forecast_data(self):
        """{(team, user): {period start: (expected, weighted)}} in one grouped query,
        under the user's record rules (a salesperson gets their own pipeline only).

        Weeks are grouped by day and folded here into ISO weeks (Monday first): the
        ORM starts its weeks on the first day of the user's language.
        """
        granularity = "day" if self.granularity == "week" else self.granularity
        groups = self.env["crm.lead.forecast"]._read_group(
            self._get_domain(),
            ["team_id", "user_id", f"date_deadline:{granularity}"],
            ["expected_revenue:sum", "prorated_revenue:sum"],
        )
        data = {}
        for team, user, day, expected, weighted in groups:
            period = date_utils.start_of(day, self.granularity)
            sums = data.setdefault((team, user), {}).get(period, (0.0, 0.0))
            data[team, user][period] = (sums[0] + expected, sums[1] + weighted)
        return data

    def _build_xlsx(self):
        self.ensure_one()
        periods = self._get_periods()
        data = self._get_forecast_data()
        output = io.BytesIO()
        # Every text cell goes through write_string, and the workbook converts no
        # string either: a team or salesperson called "=cmd()" stays text.
        workbook = text_safe_workbook(output)
        sheet = workbook.add_worksheet(self.env._("Weighted Forecast"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
        sheet.write_string(0, 0, self.env._("Sales Team"), bold)
        sheet.write_string(0, 1, self.env._("Salesperson"), bold)
        for index, period in enumerate(periods + [None]):
            label = self._period_label(period) if period else self.env._("Total")
            col = 2 + 2 * index
            sheet.merge_range(0, col, 0, col + 1, "", bold)
            sheet.write_string(0, col, label, bold)
            sheet.write_string(1, col, self.env._("Expected"), bold)
            sheet.write_string(1, col + 1, self.env._("Weighted"), bold)
        keys = sorted(
            data,
            key=lambda key: (not key[0], key[0].name or "", not key[1], key[1].name or ""),
        )
        totals = [[0.0, 0.0] for _period in periods]
        total_col = 2 + 2 * len(periods)
        row = 2
        for team, user in keys:
            sheet.write_string(row, 0, team.name or self.env._("No Sales Team"))
            sheet.write_string(row, 1, user.name or self.env._("Unassigned"))
            row_total = [0.0, 0.0]
            for index, period in enumerate(periods):
                expected, weighted = data[team, user].get(period, (0.0, 0.0))
                sheet.write_number(row, 2 + 2 * index, expected, money)
                sheet.write_number(row, 3 + 2 * index, weighted, money)
                row_total[0] += expected
                row_total[1] += weighted
                totals[index][0] += expected
                totals[index][1] += weighted
            sheet.write_number(row, total_col, row_total[0], money_bold)
            sheet.write_number(row, total_col + 1, row_total[1], money_bold)
            row += 1
        sheet.write_string(row, 0, self.env._("Total"), bold)
        for index, (expected, weighted) in enumerate(totals):
            sheet.write_number(row, 2 + 2 * index, expected, money_bold)
            sheet.write_number(row, 3 + 2 * index, weighted, money_bold)
        sheet.write_number(row, total_col, sum(t[0] for t in totals), money_bold)
        sheet.write_number(row, total_col + 1, sum(t[1] for t in totals), money_bold)
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, total_col + 1, 14)
        sheet.freeze_panes(2, 2)
        workbook.close()
        return output.getvalue()
