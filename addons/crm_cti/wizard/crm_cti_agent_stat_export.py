# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.addons.crm_leads.tools.xlsx import text_safe_workbook

STAT_COLUMNS = [
    # (field, aggregate, number format)
    ("inbound_count", "sum", "0"),
    ("outbound_count", "sum", "0"),
    ("answered_count", "sum", "0"),
    ("answer_rate", "avg", "0.0"),
    ("wait_time", "avg", "0.0"),
    ("talk_time_avg", "avg", "0.0"),
    ("talk_time", "sum", "0.0"),
    ("signed_in_time", "sum", "0.00"),
    ("available_time", "sum", "0.00"),
]


class CrmCtiAgentStatExport(models.TransientModel):
    """Call-centre statistics as a spreadsheet: one row per agent and day."""

    _name = "crm.cti.agent.stat.export"
    _inherit = ["crm.xlsx.export.mixin"]
    _description = "Call Centre Statistics Export"

    user_ids = fields.Many2many(
        "res.users", string="Agents", help="Leave empty for every agent you may see."
    )

    def _xlsx_file_stem(self):
        return self.env._("call_statistics")

    def _get_rows(self):
        """(agent, day, {field: value}) per agent and day, within the reader's
        record rules (an agent exports their own figures)."""
        domain = [
            ("day", ">=", self.date_from),
            ("day", "<", self.date_to + relativedelta(days=1)),
        ]
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        groups = self.env["crm.cti.agent.stat"]._read_group(
            domain,
            ["user_id", "day:day"],
            [f"{fname}:{aggregate}" for fname, aggregate, _fmt in STAT_COLUMNS],
            order="user_id, day:day",
        )
        return [
            (user, day, dict(zip((col[0] for col in STAT_COLUMNS), values, strict=True)))
            for user, day, *values in groups
        ]

    def _build_xlsx(self):
        self.ensure_one()
        Stat = self.env["crm.cti.agent.stat"]
        output = io.BytesIO()
        # text cells go through write_string: an agent named "=cmd()" stays text
        workbook = text_safe_workbook(output)
        sheet = workbook.add_worksheet(self.env._("Call Statistics"))
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        formats = {fmt: workbook.add_format({"num_format": fmt}) for _f, _a, fmt in STAT_COLUMNS}
        titles = [self.env._("Agent"), self.env._("Day")] + [
            Stat._fields[fname]._description_string(self.env) for fname, _a, _f in STAT_COLUMNS
        ]
        for col, title in enumerate(titles):
            sheet.write_string(0, col, title, bold)
        for row, (user, day, values) in enumerate(self._get_rows(), start=1):
            sheet.write_string(row, 0, user.name or self.env._("Unassigned"))
            sheet.write_datetime(row, 1, fields.Datetime.to_datetime(day), date_format)
            # an average over no call is blank, not 0
            blank = set()
            if not values["inbound_count"]:
                blank |= {"answer_rate", "wait_time"}
            if not values["talk_time"]:
                blank.add("talk_time_avg")
            for col, (fname, _aggregate, fmt) in enumerate(STAT_COLUMNS, start=2):
                value = values[fname]
                if fname in blank or value is None or value is False:
                    sheet.write_blank(row, col, None)
                else:
                    sheet.write_number(row, col, value, formats[fmt])
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 12)
        sheet.set_column(2, len(titles) - 1, 14)
        sheet.freeze_panes(1, 2)
        workbook.close()
        return output.getvalue()
