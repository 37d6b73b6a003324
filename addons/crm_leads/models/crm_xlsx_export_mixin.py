# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.xlsx import xlsx_download_action


class CrmXlsxExportMixin(models.AbstractModel):
    """A spreadsheet export wizard over a period: the dates, their check and the
    download. The wizard gives ``_xlsx_file_stem()`` and ``_build_xlsx()``."""

    _name = "crm.xlsx.export.mixin"
    _description = "Spreadsheet Export over a Period"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(required=True, default=lambda self: fields.Date.context_today(self))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start date must be before the end date."))

    def action_export(self):
        self.ensure_one()
        filename = f"{self._xlsx_file_stem()}_{self.date_from}_{self.date_to}.xlsx"
        return xlsx_download_action(self, filename, self._build_xlsx())

    def _xlsx_file_stem(self):
        """The file name before the period, translated (e.g. "call_statistics")."""
        raise NotImplementedError

    def _build_xlsx(self):
        """The workbook's bytes."""
        raise NotImplementedError
