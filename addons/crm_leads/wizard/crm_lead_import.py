# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import lead_file_reader
from ..tools.lead_file_reader import LeadFileError

# Files up to this many rows are imported at once; larger ones by the cron.
SYNC_ROW_LIMIT = 2000
PREVIEW_ROWS = 5


class CrmLeadImport(models.TransientModel):
    """Upload a CSV or XLSX file of leads, check the column mapping, import."""

    _name = "crm.lead.import"
    _description = "Import Leads"

    file = fields.Binary(required=True)
    filename = fields.Char()
    column_ids = fields.One2many(
        "crm.lead.import.column",
        "wizard_id",
        string="Columns",
        compute="_compute_column_ids",
        store=True,
        readonly=False,
    )
    preview_html = fields.Html("Preview", compute="_compute_preview_html", sanitize=False)
    duplicate_policy = fields.Selection(
        [
            ("skip", "Skip the row"),
            ("update", "Update the existing lead"),
            ("flag", "Create and flag as possible duplicate"),
        ],
        string="Duplicates",
        default="skip",
        required=True,
        help="What to do with a row whose e-mail or phone is already on a lead or a "
        "customer, or on an earlier row of the file.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        default=lambda self: self.env["crm.team"]._get_default_team_id(),
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Owner of the imported leads; leave empty for unassigned leads.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source_id = fields.Many2one("utm.source", help="Used for rows without a Source column value.")
    medium_id = fields.Many2one("utm.medium")
    campaign_id = fields.Many2one("utm.campaign")
    batch_size = fields.Integer(default=1000)

    @api.depends("file")
    def _compute_column_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            headers, preview = wizard._read_preview()
            if headers:
                for index, (header, key) in enumerate(
                    zip(headers, lead_file_reader.guess_mapping(headers), strict=True)
                ):
                    commands.append(
                        Command.create(
                            {
                                "column_index": index,
                                "header": header,
                                "field_key": key,
                                "sample": preview[0][index]
                                if preview and index < len(preview[0])
                                else False,
                            }
                        )
                    )
            wizard.column_ids = commands

    @api.depends("file")
    def _compute_preview_html(self):
        for wizard in self:
            if not wizard.file:
                wizard.preview_html = False
                continue
            try:
                headers, preview = wizard._read_preview(raise_error=True)
            except UserError as exc:
                wizard.preview_html = (
                    Markup('<div class="alert alert-danger" role="alert">%s</div>') % exc.args[0]
                )
                continue
            head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
            body = Markup("").join(
                Markup("<tr>%s</tr>")
                % Markup("").join(Markup("<td>%s</td>") % cell for cell in row)
                for row in preview
            )
            wizard.preview_html = Markup(
                '<table class="table table-sm table-bordered o_crm_leads_import_preview">'
                "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
            ) % (head, body)

    def _read_preview(self, raise_error=False):
        self.ensure_one()
        if not self.file:
            return [], []
        try:
            headers, preview, _total = lead_file_reader.read_header(
                self._get_data(), preview_rows=PREVIEW_ROWS, count=False
            )
        except LeadFileError as exc:
            if raise_error:
                self.env["crm.lead.import.job"]._raise_file_error(exc)
            return [], []
        return headers, preview

    def _get_data(self):
        # The web client reads with bin_size: ask for the content itself.
        wizard = self.with_context(bin_size=False, bin_size_file=False)
        return base64.b64decode(wizard.file or b"")

    def _get_mapping(self, headers):
        """Import key per column, from the mapping lines or guessed from headers."""
        if not self.column_ids:
            return lead_file_reader.guess_mapping(headers)
        mapping = [False] * len(headers)
        labels = dict(self.env["crm.lead.import.column"]._fields["field_key"].selection)
        seen = {}
        for column in self.column_ids.sorted("column_index"):
            if not column.field_key or column.column_index >= len(headers):
                continue
            if column.field_key in seen:
                raise UserError(
                    self.env._(
                        "Columns %(first)s and %(second)s are both mapped to %(field)s.",
                        first=seen[column.field_key],
                        second=column.header,
                        field=labels[column.field_key],
                    )
                )
            seen[column.field_key] = column.header
            mapping[column.column_index] = column.field_key
        return mapping

    def action_import(self):
        """Create the import job; run it now for a small file, else queue it."""
        self.ensure_one()
        Job = self.env["crm.lead.import.job"]
        data = self._get_data()
        try:
            headers, _preview, total = lead_file_reader.read_header(data)
        except LeadFileError as exc:
            Job._raise_file_error(exc)
        mapping = self._get_mapping(headers)
        if not {"name", "partner_name", "contact_name"} & set(mapping):
            raise UserError(
                self.env._(
                    "Map at least one column to Lead Name, Company or Contact: a lead needs a name."
                )
            )
        job = Job.create(
            {
                "name": self.filename or self.env._("Lead import"),
                "file": base64.b64encode(data),
                "filename": self.filename,
                "headers": headers,
                "mapping": mapping,
                "duplicate_policy": self.duplicate_policy,
                "company_id": self.company_id.id,
                "team_id": self.team_id.id,
                "lead_user_id": self.user_id.id,
                "source_id": self.source_id.id,
                "medium_id": self.medium_id.id,
                "campaign_id": self.campaign_id.id,
                "batch_size": max(self.batch_size, 1),
                "total_rows": total,
            }
        )
        if total <= SYNC_ROW_LIMIT:
            job._process()
        else:
            job._trigger_cron()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lead Import"),
            "res_model": job._name,
            "res_id": job.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
