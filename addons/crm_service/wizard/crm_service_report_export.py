# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.addons.crm_leads.tools.xlsx import text_safe_workbook

EXPORT_COLUMNS = [
    # (field of crm.service.report, aggregate, number format)
    ("nbr", "sum", "0"),
    ("labour_hours", "sum", "0.00"),
    ("response_hours", "avg", "0.00"),
    ("resolution_hours", "avg", "0.00"),
    ("breached_count", "sum", "0"),
    ("sla_compliance", "avg", "0.0"),
    ("rating", "avg", "0.00"),
    ("satisfaction", "avg", "0.0"),
]


class CrmServiceReportExport(models.TransientModel):
    """The service analysis as a spreadsheet: one row per team and technician."""

    _name = "crm.service.report.export"
    _inherit = ["crm.xlsx.export.mixin"]
    _description = "Service Analysis Export"

    team_ids = fields.Many2many(
        "crm.service.team", string="Service Teams", help="Leave empty for every team you may see."
    )

    def _xlsx_file_stem(self):
        return self.env._("service_analysis")

    def _utc_bounds(self):
        """Requests from the first day's midnight to the last day's end, in the
        user's time zone, as naive UTC datetimes."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        start = tz.localize(datetime.combine(self.date_from, time.min))
        stop = tz.localize(datetime.combine(self.date_to + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _get_rows(self):
        """(team, technician, {field: value}) per team and technician, in one
        grouped query within the reader's record rules."""
        start, stop = self._utc_bounds()
        domain = [("date_request", ">=", start), ("date_request", "<", stop)]
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        groups = self.env["crm.service.report"]._read_group(
            domain,
            ["team_id", "user_id"],
            [f"{fname}:{aggregate}" for fname, aggregate, _fmt in EXPORT_COLUMNS],
            order="team_id, user_id",
        )
        return [
            (team, user, dict(zip((col[0] for col in EXPORT_COLUMNS), values, strict=True)))
            for team, user, *values in groups
        ]

    def _build_xlsx(self):
        self.ensure_one()
        Report = self.env["crm.service.report"]
        output = io.BytesIO()
        # text cells go through write_string: a technician named "=HYPERLINK()"
        # stays text in the spreadsheet
        workbook = text_safe_workbook(output)
        sheet = workbook.add_worksheet(self.env._("Service Analysis"))
        bold = workbook.add_format({"bold": True})
        formats = {fmt: workbook.add_format({"num_format": fmt}) for _f, _a, fmt in EXPORT_COLUMNS}
        titles = [self.env._("Service Team"), self.env._("Technician")] + [
            Report._fields[fname]._description_string(self.env) for fname, _a, _f in EXPORT_COLUMNS
        ]
        for col, title in enumerate(titles):
            sheet.write_string(0, col, title, bold)
        rows = self._get_rows()
        for row, (team, user, values) in enumerate(rows, start=1):
            sheet.write_string(row, 0, team.display_name or self.env._("No Team"))
            sheet.write_string(row, 1, user.display_name or self.env._("Unassigned"))
            for col, (fname, _aggregate, fmt) in enumerate(EXPORT_COLUMNS, start=2):
                value = values[fname]
                # an average over no order (none resolved, none rated) is blank, not 0
                if value is None or value is False:
                    sheet.write_blank(row, col, None)
                else:
                    sheet.write_number(row, col, value, formats[fmt])
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, len(titles) - 1, 16)
        sheet.freeze_panes(1, 2)
        workbook.close()
        return output.getvalue()
