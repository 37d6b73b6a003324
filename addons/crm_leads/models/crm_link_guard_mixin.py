# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError

# Records a rep may only point at when they may read them: pointing at a customer
# makes crm's stored computes copy its e-mail, phone and address onto the new record.
GUARDED_MODELS = ("res.partner", "crm.lead")


class CrmLinkGuardMixin(models.AbstractModel):
    """Refuse to link a record to a customer or an opportunity its user may not read.

    Ids are sequential: without this check a rep who creates a lead with another
    rep's customer id gets that customer's e-mail, phone, name and address copied onto
    the lead by crm's computes (run as superuser), and can harvest the customer master
    by looping over ids. Create, write and the form's onchange all check the linked
    records as the user; superuser code (public forms, PBX events) is not checked here
    and must choose its links itself.
    """

    _name = "crm.link.guard.mixin"
    _description = "Links to readable customers and opportunities only"

    @api.model
    def _crm_guarded_link_fields(self):
        """Many2one fields a user sets that point at a customer or an opportunity."""
        return [
            name
            for name, field in self._fields.items()
            if field.type == "many2one"
            and field.comodel_name in GUARDED_MODELS
            and field.store
            and not (field.compute and field.readonly)
            and not field.related
        ]

    def _crm_check_links(self, vals_list):
        """Raise AccessError if a value of ``vals_list`` links to a record the user
        may not read (one access check per target model for the whole batch)."""
        if self.env.su:
            return
        targets = defaultdict(set)
        for fname in self._crm_guarded_link_fields():
            for vals in vals_list:
                value = vals.get(fname)
                if isinstance(value, dict):  # onchange may send {"id": ..., "display_name": ...}
                    value = value.get("id")
                if isinstance(value, models.BaseModel):
                    value = value.id
                if isinstance(value, int) and value:
                    targets[self._fields[fname].comodel_name].add(value)
        for model_name, ids in targets.items():
            records = self.env[model_name].browse(ids).exists()
            if len(records) != len(ids) or records._filtered_access("read") != records:
                raise AccessError(
                    self.env._(
                        "You cannot link this record to a customer or an opportunity "
                        "that you may not see."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_links([vals])
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        # the form computes the customer's e-mail, phone and address before saving:
        # refuse a changed link to a hidden record before it is read
        guarded = set(self._crm_guarded_link_fields())
        changed = {name: values.get(name) for name in field_names or () if name in guarded}
        if changed:
            self._crm_check_links([changed])
        return super().onchange(values, field_names, fields_spec)
