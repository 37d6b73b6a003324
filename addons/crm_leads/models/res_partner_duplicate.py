# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import create_index

from ..tools.normalize import normalize_company_name


class ResPartner(models.Model):
    """Duplicate keys of partners: indexed e-mail and folded company name."""

    _inherit = "res.partner"

    # Stored by mail.thread.blacklist but not indexed on res.partner.
    email_normalized = fields.Char(index="btree_not_null")
    company_name_key = fields.Char(
        compute="_compute_company_name_key",
        store=True,
        index="trigram",
        help="Name of the customer company (the partner itself or its parent) "
        "without case, punctuation or legal form.",
    )

    @api.depends("commercial_company_name")
    def _compute_company_name_key(self):
        for partner in self:
            partner.company_name_key = normalize_company_name(
                partner.commercial_company_name
            )

    def _auto_init(self):
        res = super()._auto_init()
        # Exact-key lookups use btree; the trigram GIN index serves near names.
        create_index(
            self.env.cr,
            "res_partner_company_name_key_btree_index",
            self._table,
            ["company_name_key"],
            where="company_name_key IS NOT NULL",
        )
        return res
