# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLeadImportRejection(models.Model):
    """A row of an import file that did not become a lead, and why.

    Rejected rows could not be read (bad e-mail, unknown country...); skipped rows
    were duplicates of a customer or lead, of which the first is kept. Kept as rows
    (one INSERT per batch) rather than in memory, so that a job interrupted
    half-way still reports every row of its first batches.
    """

    _name = "crm.lead.import.rejection"
    _description = "Rejected or Skipped Import Row"
    _order = "job_id, line_number"

    job_id = fields.Many2one("crm.lead.import.job", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [("rejected", "Rejected"), ("skipped", "Skipped")],
        required=True,
        default="rejected",
    )
    line_number = fields.Integer(required=True, help="Line in the file, header = 1.")
    reason = fields.Char(required=True)
    values = fields.Json(help="Cells of the row as read from the file.")
    match_model = fields.Selection(
        [("res.partner", "Customer"), ("crm.lead", "Lead")],
        string="Matched Type",
        help="Kind of record a skipped row duplicated.",
    )
    match_res_id = fields.Many2oneReference("Matched ID", model_field="match_model")
    match_name = fields.Char(
        "Matched Record",
        help="The record a skipped row duplicated, named only if the importing user may read it.",
    )
    match_accessible = fields.Boolean(compute="_compute_match_accessible")

    @api.depends("match_model", "match_res_id")
    @api.depends_context("uid")
    def _compute_match_accessible(self):
        ids_by_model = defaultdict(set)
        for row in self:
            if row.match_model and row.match_res_id:
                ids_by_model[row.match_model].add(row.match_res_id)
        readable = {
            model: set(self.env[model].browse(ids).exists()._filtered_access("read").ids)
            for model, ids in ids_by_model.items()
        }
        for row in self:
            row.match_accessible = row.match_res_id in readable.get(row.match_model, ())

    def action_open_match(self):
        """Open the customer or lead a skipped row duplicated, if the user may."""
        self.ensure_one()
        record = self.env[self.match_model or "res.partner"].browse(self.match_res_id).exists()
        if not record:
            raise UserError(self.env._("The matched record no longer exists."))
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
