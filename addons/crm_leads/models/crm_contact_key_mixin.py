# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, email_normalize

from ..tools.normalize import normalize_company_name, phone_key, phone_key_details


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
        region = self._crm_phone_region(self.env.company.country_id)
        e164, valid = phone_key_details(value, region)
        digits = "".join(ch for ch in value if ch.isdigit())
        domain = []
        if e164:
            domain = ["|", ("phone_e164", "=", e164), ("mobile_e164", "=", e164)]
        if digits and not valid:
            # Not known as a complete number, so perhaps a part of one ("6243
            # 6040" for "+86 10 6243 6040"): a substring of either key matches
            # too. A valid number stays an index probe.
            substring = ["|", ("phone_e164", "like", digits), ("mobile_e164", "like", digits)]
            domain = expression.OR([domain, substring]) if domain else substring
        return domain or [("id", "=", False)]

    @api.model
    def _crm_phone_region(self, country):
        """ISO code of the country (res.country) national formats are read with.
        Without a country, national numbers are read as American: only numbers
        given with their +CC can be trusted then."""
        return country.code if country else "US"

    @api.model
    def _crm_e164(self, number, country):
        """The phone key of ``number`` read with ``country`` (a res.country).

        The one way the suite turns a typed number into a key: stored keys,
        lookups, duplicate checks, the lead import, web forms and caller ID all
        come here (or to ``tools.normalize.phone_key``, which this wraps), so that
        a number looked up always meets the key stored for it. Possible numbers
        are keyed even when libphonenumber does not call them valid.
        """
        if not number:
            return False
        return phone_key(number, self._crm_phone_region(country)) or False

    @api.model
    def _crm_search_phone(self, number, country=None, limit=None):
        """Records whose phone or mobile is ``number`` in any format.

        One index probe per key column (BitmapOr), then record rules apply through
        the ORM, so the caller only gets what it may read.
        """
        e164 = self._crm_e164(number, country or self.env.company.country_id)
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

    # ------------------------------------------------------------
    # DUPLICATE MATCHING
    # ------------------------------------------------------------

    @api.model
    def _crm_match_keys(self, values, countries=None):
        """Comparable keys of one dict of lead-like values.

        Accepted keys: ``email_from`` (or ``email``), ``phone``, ``mobile``,
        ``partner_name`` (or an already normalised ``company_name_key``) and
        ``country_id`` (id or record) used to read national phone formats.
        """
        country = values.get("country_id")
        if isinstance(country, models.BaseModel):
            country = country[:1]
        elif country:
            if countries is not None and country in countries:
                country = countries[country]
            else:
                record = self.env["res.country"].browse(country)
                if countries is not None:
                    countries[country] = record
                country = record
        country = country or self.env.company.country_id
        phones = set()
        for fname in ("phone", "mobile"):
            e164 = self._crm_e164(values.get(fname), country)
            if e164:
                phones.add(e164)
        email = values.get("email_from") or values.get("email")
        name_key = values.get("company_name_key") or normalize_company_name(
            values.get("partner_name")
        )
        return {
            "email": email and email_normalize(email, strict=False) or False,
            "phones": phones,
            "name": name_key or False,
        }

    @api.model
    def _crm_match_batch(self, values_list, with_keys=False):
        """Exact-key matches of many lead-like dicts, in a constant number of queries.

        Returns one ``{"partner_ids": set(), "lead_ids": set()}`` per dict, in the
        same order: active partners and leads of the user's companies sharing the
        normalised e-mail, an E.164 number (phone or mobile, either column) or the
        normalised company name. The ids are NOT filtered by record rules: the
        caller browses them and applies ``_filtered_access("read")`` before showing
        anything (collision checks need the hidden ones too).

        With ``with_keys``, each result also has ``"keys"``: ``{(model, id): {kind,
        ...}}``, the kinds of key (``"email"``, ``"phone"``, ``"company"``) the
        record shares with the dict, to tell the user why it matched.
        """
        countries = {}
        keys_list = [self._crm_match_keys(values, countries) for values in values_list]
        results = [{"partner_ids": set(), "lead_ids": set()} for _values in values_list]
        by_email, by_phone, by_name = {}, {}, {}
        for index, keys in enumerate(keys_list):
            if keys["email"]:
                by_email.setdefault(keys["email"], []).append(index)
            for phone in keys["phones"]:
                by_phone.setdefault(phone, []).append(index)
            if keys["name"]:
                by_name.setdefault(keys["name"], []).append(index)
        if not (by_email or by_phone or by_name):
            return results
        key_fields = ["email_normalized", "phone_e164", "mobile_e164", "company_name_key"]
        self.env["res.partner"].flush_model(key_fields + ["active", "company_id"])
        self.env["crm.lead"].flush_model(key_fields + ["active", "company_id"])
        selects = [
            SQL(
                """SELECT %(model)s, id, email_normalized, phone_e164, mobile_e164,
                          company_name_key
                     FROM %(table)s
                    WHERE active
                      AND (company_id IS NULL OR company_id = ANY(%(companies)s))
                      AND (email_normalized = ANY(%(emails)s::varchar[])
                           OR phone_e164 = ANY(%(phones)s::varchar[])
                           OR mobile_e164 = ANY(%(phones)s::varchar[])
                           OR company_name_key = ANY(%(names)s::varchar[]))""",
                model=model,
                table=SQL.identifier(self.env[model]._table),
                companies=self.env.companies.ids,
                emails=list(by_email),
                phones=list(by_phone),
                names=list(by_name),
            )
            for model in ("res.partner", "crm.lead")
        ]
        rows = self.env.execute_query(SQL(" UNION ALL ").join(selects))
        for model, record_id, email, phone, mobile, name in rows:
            target = "partner_ids" if model == "res.partner" else "lead_ids"
            by_kind = {
                "email": by_email.get(email, ()),
                "phone": {*by_phone.get(phone, ()), *by_phone.get(mobile, ())},
                "company": by_name.get(name, ()),
            }
            for kind, indexes in by_kind.items():
                for index in indexes:
                    results[index][target].add(record_id)
                    if with_keys:
                        record_keys = results[index].setdefault("keys", {})
                        record_keys.setdefault((model, record_id), set()).add(kind)
        return results
