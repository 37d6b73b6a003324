# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import functools

from odoo import fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError


@functools.lru_cache(maxsize=8192)
def _format_number_cached(number, country_code, phone_code, force_format):
    try:
        return phone_validation.phone_format(
            number, country_code, phone_code, force_format=force_format, raise_exception=True
        )
    except UserError:
        return False


class CrmLead(models.Model):
    """Link from a lead to the file import that created it."""

    _inherit = "crm.lead"

    import_job_id = fields.Many2one(
        "crm.lead.import.job",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    is_import_duplicate = fields.Boolean(
        "Possible Duplicate",
        copy=False,
        help="Imported although a lead or customer with the same e-mail or phone "
        "already existed: check and merge it.",
    )

    def _phone_format_number(self, number, country, force_format="E164", raise_exception=False):
        """Memoised: a number is formatted up to six times while a lead is imported
        (validation, duplicate keys, E.164 keys, sanitized phone), and parsing is
        what an import of many leads spends most of its time on."""
        if not number or raise_exception or not country:
            return super()._phone_format_number(
                number, country, force_format=force_format, raise_exception=raise_exception
            )
        return _format_number_cached(number, country.code, country.phone_code, force_format)
