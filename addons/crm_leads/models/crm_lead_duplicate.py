# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import create_index

from ..tools.normalize import normalize_company_name


class CrmLead(models.Model):
    """Duplicate keys of leads: the company name, folded for comparison."""

    _inherit = "crm.lead"

    company_name_key = fields.Char(
        compute="_compute_company_name_key",
        store=True,
        index="trigram",
        help="Company name without case, punctuation or legal form, used to find "
        "the same customer typed another way.",
    )

    @api.depends("partner_name")
    def _compute_company_name_key(self):
        for lead in self:
            lead.company_name_key = normalize_company_name(lead.partner_name)

    def _auto_init(self):
        res = super()._auto_init()
        # Exact-key lookups (= ANY(array)) are btree probes; the trigram GIN
        # indexes Odoo puts on these columns serve the near-name search.
        create_index(
            self.env.cr,
            "crm_lead_email_normalized_btree_index",
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )
        create_index(
            self.env.cr,
            "crm_lead_company_name_key_btree_index",
            self._table,
            ["company_name_key"],
            where="company_name_key IS NOT NULL",
        )
        return res
