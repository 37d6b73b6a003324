# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class CrmContactKeyMixin(models.AbstractModel):
    """Stored, indexed lookup keys for records that carry a phone and a mobile.

    Odoo's own ``phone_sanitized`` keeps only one of the two numbers and is not
    indexed on res.partner; caller-ID and duplicate checks need both, in one form.
    """

    _name = "crm.contact.key.mixin"
    _description = "Normalised phone keys"

    phone_e164 = fields.Char(
        "Phone (E.164)",
        compute="_compute_phone_keys",
        store=True,
        index="btree_not_null",
        help="Phone in international E.164 form, used to find this record "
        "whatever format a number is typed or received in.",
    )
    mobile_e164 = fields.Char(
        "Mobile (E.164)",
        compute="_compute_phone_keys",
        store=True,
        index="btree_not_null",
    )

    phone_lookup = fields.Char(
        "Phone (any format)",
        compute="_compute_phone_lookup",
        search="_search_phone_lookup",
        help="Search by phone or mobile typed in any format.",
    )

    @api.depends("phone", "mobile", "country_id")
    def _compute_phone_keys(self):
        company_country = self.env.company.country_id
        for record in self:
            country = record.country_id or company_country
            record.phone_e164 = record._crm_e164(record.phone, country)
            record.mobile_e164 = record._crm_e164(record.mobile, country)

    def _compute_phone_lookup(self):
        for record in self:
            record.phone_lookup = record.phone_e164 or record.mobile_e164

    def _search_phone_lookup(self, operator, value):
        if operator not in ("=", "ilike") or not isinstance(value, str):
            return [("id", "=", False)] if operator not in ("!=", "not ilike") else []
        country = self.env.company.country_id or self.env.ref("base.us")
        e164 = self._phone_format_number(value, country, force_format="E164")
        if not e164:
            # Not a full number: fall back on a substring of either key.
            digits = "".join(ch for ch in value if ch.isdigit())
            if not digits:
                return [("id", "=", False)]
            return ["|", ("phone_e164", "like", digits), ("mobile_e164", "like", digits)]
        return ["|", ("phone_e164", "=", e164), ("mobile_e164", "=", e164)]

    def _crm_e164(self, number, country):
        if not number:
            return False
        if not country:
            # Without any country only numbers already given with +CC can be parsed.
            country = self.env.ref("base.us")
        return self._phone_format_number(number, country, force_format="E164") or False

    @api.model
    def _crm_search_phone(self, number, country=None, limit=None):
        """Records whose phone or mobile is ``number`` in any format.

        One index probe per key column (BitmapOr), then record rules apply through
        the ORM, so the caller only gets what it may read.
        """
        country = country or self.env.company.country_id or self.env.ref("base.us")
        e164 = self._phone_format_number(number, country, force_format="E164")
        if not e164:
            return self.browse()
        self.flush_model(["phone_e164", "mobile_e164"])
        query = SQL(
            "SELECT id FROM %(table)s WHERE phone_e164 = %(n)s "
            "UNION SELECT id FROM %(table)s WHERE mobile_e164 = %(n)s",
            table=SQL.identifier(self._table),
            n=e164,
        )
        ids = [row[0] for row in self.env.execute_query(query)]
        return self.search([("id", "in", ids)], limit=limit)
