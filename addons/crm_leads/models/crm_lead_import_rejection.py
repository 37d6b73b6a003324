# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLeadImportRejection(models.Model):
    """A row of an import file that did not become a lead, and why.

    Kept as rows (one INSERT per batch) rather than in memory, so that a job
    interrupted half-way still reports every rejected row of its first batches.
    """

    _name = "crm.lead.import.rejection"
    _description = "Rejected Import Row"
    _order = "job_id, line_number"

    job_id = fields.Many2one("crm.lead.import.job", required=True, index=True, ondelete="cascade")
    line_number = fields.Integer(required=True, help="Line in the file, header = 1.")
    reason = fields.Char(required=True)
    values = fields.Json(help="Cells of the row as read from the file.")
