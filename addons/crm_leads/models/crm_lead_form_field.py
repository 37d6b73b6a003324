# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Lead fields a public form may fill, with their default maximum length. Anything
# else (owner, stage, partner, team, probability, ...) can never be posted.
SAFE_LEAD_FIELDS = {
    "name": 128,
    "contact_name": 128,
    "partner_name": 128,
    "email_from": 254,
    "phone": 32,
    "mobile": 32,
    "function": 128,
    "website": 256,
    "street": 128,
    "street2": 128,
    "city": 128,
    "zip": 16,
    "country_id": 2,
    "description": 5000,
}
# Custom (x_) fields of these types may be asked as well.
SAFE_CUSTOM_TYPES = ("char", "text", "selection")
DEFAULT_CUSTOM_MAX_LENGTH = {"char": 256, "text": 5000, "selection": 64}
MAX_LENGTH_CEILING = 10000


class CrmLeadFormField(models.Model):
    """One question of a web-to-lead form.

    The lead field is chosen from a fixed whitelist (plus plain custom fields),
    by name: no access to ir.model.fields is needed to configure or post a form.
    """

    _name = "crm.lead.form.field"
    _description = "Web-to-Lead Form Field"
    _order = "form_id, sequence, id"

    form_id = fields.Many2one("crm.lead.form", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    field_name = fields.Selection(
        selection="_selection_field_name", string="Lead Field", required=True
    )
    label = fields.Char(translate=True, help="Label shown on the form; the field's name if empty.")
    required = fields.Boolean()
    max_length = fields.Integer(
        compute="_compute_max_length",
        store=True,
        readonly=False,
        help="Longer answers are refused.",
    )

    _sql_constraints = [
        ("field_uniq", "unique(form_id, field_name)", "A form asks each field only once."),
    ]

    @api.model
    def _selection_field_name(self):
        lead_fields = self.env["crm.lead"]._fields
        choices = [
            (name, lead_fields[name]._description_string(self.env))
            for name in lead_fields
            if self._is_safe_field_name(name)
        ]
        return sorted(choices, key=lambda choice: choice[1])

    @api.depends("field_name")
    def _compute_max_length(self):
        for line in self:
            field = line._lead_field()
            if line.field_name in SAFE_LEAD_FIELDS:
                line.max_length = SAFE_LEAD_FIELDS[line.field_name]
            else:
                line.max_length = DEFAULT_CUSTOM_MAX_LENGTH.get(field and field.type, 256)

    @api.constrains("field_name")
    def _check_field_name(self):
        for line in self:
            if not self._is_safe_field_name(line.field_name):
                raise ValidationError(
                    self.env._(
                        "The field %(field)s cannot be asked on a public form.",
                        field=line.field_name,
                    )
                )

    @api.constrains("max_length")
    def _check_max_length(self):
        for line in self:
            if not 0 < line.max_length <= MAX_LENGTH_CEILING:
                raise ValidationError(
                    self.env._(
                        "The maximum length must be between 1 and %(max)s.",
                        max=MAX_LENGTH_CEILING,
                    )
                )

    @api.model
    def _is_safe_field_name(self, name):
        field = self.env["crm.lead"]._fields.get(name or "")
        if not field:
            return False
        if name in SAFE_LEAD_FIELDS:
            return True
        return bool(
            field.manual
            and name.startswith("x_")
            and field.type in SAFE_CUSTOM_TYPES
            and field.store
            and not field.compute
            and not field.related
        )

    def _lead_field(self):
        """The crm.lead field object, or None if it disappeared (custom field
        deleted since): such a line is then ignored."""
        self.ensure_one()
        if not self._is_safe_field_name(self.field_name):
            return None
        return self.env["crm.lead"]._fields[self.field_name]

    def _get_label(self):
        self.ensure_one()
        field = self._lead_field()
        return self.label or (field._description_string(self.env) if field else "")

    def _get_input_widget(self):
        """Which HTML control the snippet uses for this field."""
        self.ensure_one()
        name, ftype = self.field_name, self._lead_field().type
        if name == "email_from":
            return "email"
        if name in ("phone", "mobile"):
            return "tel"
        if name == "website":
            return "url"
        if name == "country_id" or ftype == "selection":
            return "select"
        if ftype in ("text", "html"):
            return "textarea"
        return "text"

    def _get_input_options(self):
        """(value, label) pairs of a select control."""
        self.ensure_one()
        if self.field_name == "country_id":
            countries = self.env["res.country"].search([])
            return sorted(((c.code, c.name) for c in countries), key=lambda pair: pair[1])
        field = self._lead_field()
        if field.type == "selection":
            return list(field._description_selection(self.env))
        return []
