# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

# Hits older than this are useless for any sensible rate-limit window.
HIT_RETENTION = timedelta(days=1)


class CrmLeadFormHit(models.Model):
    """One submission attempt on a web-to-lead form, kept for rate limiting.

    Stored in the database (not in a worker's memory) so that the limit holds
    across several Odoo workers and servers.
    """

    _name = "crm.lead.form.hit"
    _description = "Web-to-Lead Form Submission Attempt"
    _log_access = True

    form_id = fields.Many2one("crm.lead.form", required=True, ondelete="cascade")
    remote_addr = fields.Char("Client Address", required=True)

    def _auto_init(self):
        res = super()._auto_init()
        # The rate-limit count filters on all three columns.
        tools.create_index(
            self._cr,
            "crm_lead_form_hit_form_addr_date_idx",
            self._table,
            ["form_id", "remote_addr", "create_date"],
        )
        return res

    @api.model
    def _window(self, minutes):
        return timedelta(minutes=minutes)

    @api.model
    def _cron_gc_hits(self):
        """Forget attempts older than the retention period."""
        # Plain DELETE: there can be many rows, nothing links to them and they
        # have no business logic on unlink.
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE create_date < %s",
                SQL.identifier(self._table),
                fields.Datetime.now() - HIT_RETENTION,
            )
        )
        self.invalidate_model()
