# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Phone keys of the numbers libphonenumber calls possible but not valid.

Before 18.0.1.3.0 a number got an E.164 key only if libphonenumber's metadata
listed its prefix. Keys are now given to every possible number; the keys already
stored do not change (a valid number gets the same key as before), so only the
rows with a number and no key are read again, in batches, and written with one
UPDATE per batch.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.crm_leads.tools.normalize import phone_key
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

BATCH_SIZE = 10000


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # National formats are read with the record's country, else its company's,
    # else the main company's, as the compute does with the user's company.
    default_code = env.company.country_id.code or "US"
    for table in ("res_partner", "crm_lead"):
        _recompute_phone_keys(cr, table, default_code)


def _recompute_phone_keys(cr, table, default_code):
    table_sql = SQL.identifier(table)
    # Only ids first: one scan of the table, then each batch reads its rows by
    # primary key, however few or many rows lack a key.
    cr.execute(
        SQL(
            """SELECT id FROM %(table)s
                WHERE (phone_e164 IS NULL AND phone IS NOT NULL AND phone != '')
                   OR (mobile_e164 IS NULL AND mobile IS NOT NULL AND mobile != '')
                ORDER BY id""",
            table=table_sql,
        )
    )
    ids = [row[0] for row in cr.fetchall()]
    updated = 0
    for start in range(0, len(ids), BATCH_SIZE):
        cr.execute(
            SQL(
                """SELECT rec.id, rec.phone, rec.mobile, rec.phone_e164, rec.mobile_e164,
                          COALESCE(country.code, company_country.code)
                     FROM %(table)s rec
                LEFT JOIN res_country country ON country.id = rec.country_id
                LEFT JOIN res_company company ON company.id = rec.company_id
                LEFT JOIN res_partner company_partner ON company_partner.id = company.partner_id
                LEFT JOIN res_country company_country
                       ON company_country.id = company_partner.country_id
                    WHERE rec.id = ANY(%(ids)s)""",
                table=table_sql,
                ids=ids[start : start + BATCH_SIZE],
            )
        )
        keyed_ids, phones, mobiles = [], [], []
        for record_id, phone, mobile, phone_e164, mobile_e164, code in cr.fetchall():
            code = code or default_code
            new_phone = phone_e164 or (phone and phone_key(phone, code)) or None
            new_mobile = mobile_e164 or (mobile and phone_key(mobile, code)) or None
            if (new_phone, new_mobile) != (phone_e164, mobile_e164):
                keyed_ids.append(record_id)
                phones.append(new_phone)
                mobiles.append(new_mobile)
        if keyed_ids:
            cr.execute(
                SQL(
                    """UPDATE %(table)s rec
                          SET phone_e164 = new.phone_e164, mobile_e164 = new.mobile_e164
                         FROM unnest(%(ids)s::int[], %(phones)s::varchar[], %(mobiles)s::varchar[])
                              AS new(id, phone_e164, mobile_e164)
                        WHERE rec.id = new.id""",
                    table=table_sql,
                    ids=keyed_ids,
                    phones=phones,
                    mobiles=mobiles,
                )
            )
            updated += len(keyed_ids)
    _logger.info("%s: phone keys of %s rows recomputed, %s newly keyed", table, len(ids), updated)
