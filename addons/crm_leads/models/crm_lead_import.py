# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import functools

from odoo import api, fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError

from ..tools.normalize import phone_key_details


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
        what an import of many leads spends most of its time on.

        E.164 comes from the parse of the suite's phone keys: phone_format()
        gives exactly the key of a valid number and refuses the others, so the
        sanitized phone, the phone state and the keys parse a number once."""
        if not number or raise_exception or not country:
            return super()._phone_format_number(
                number, country, force_format=force_format, raise_exception=raise_exception
            )
        if force_format == "E164":
            key, valid = phone_key_details(number, country.code)
            return valid and key
        return _format_number_cached(number, country.code, country.phone_code, force_format)

    # ------------------------------------------------------------
    # BULK CREATE (lead import)
    # ------------------------------------------------------------

    @api.model
    def _add_missing_default_values(self, values):
        """Context ``crm_lead_batch_defaults``: the result of
        ``_add_missing_default_values({})`` taken once for a whole batch (the lead
        import), so that defaults are not evaluated again lead by lead."""
        defaults = self.env.context.get("crm_lead_batch_defaults")
        if defaults is not None:
            return {**defaults, **values}
        return super()._add_missing_default_values(values)

    @api.model_create_multi
    def create(self, vals_list):
        """Context ``crm_lead_precomputed``: names of stored computed fields whose
        value each dict already holds, computed by the caller exactly as the
        compute method would (the lead import, see
        ``crm.lead.import.job._prepare_fast_values``). The values go into the
        INSERT and are not computed again lead by lead, then written by UPDATE."""
        leads = super().create(vals_list)
        for fname in self.env.context.get("crm_lead_precomputed") or ():
            done = [lead.id for lead, vals in zip(leads, vals_list, strict=True) if fname in vals]
            self.env.remove_to_compute(self._fields[fname], leads.browse(done))
        return leads

    @api.model
    def _crm_phone_state(self, number, country):
        """``phone_state`` crm would compute for ``number`` on a lead of ``country``:
        'correct' when phone_validation's phone_parse() accepts it, that is when
        libphonenumber calls it valid (a lead without country: only numbers given
        with +CC). Read from the memoised parse of the phone keys."""
        if not number:
            return False
        _key, valid = phone_key_details(number, country.code or None)
        return "correct" if valid else "incorrect"
