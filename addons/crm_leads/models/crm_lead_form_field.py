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
    _name = "crm.lead.form.field"
    _description = "Web-to-Lead Form Field"
    _order = "form_id, sequence, id"

    form_id = fields.Many2one("crm.lead.form", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    field_id = fields.Many2one(
        "ir.model.fields",
        string="Lead Field",
        required=True,
        ondelete="cascade",
        domain=lambda self: self._domain_field_id(),
    )
    field_name = fields.Char(related="field_id.name", string="Technical Name")
    label = fields.Char(translate=True, help="Label shown on the form; the field's name if empty.")
    required = fields.Boolean()
    max_length = fields.Integer(
        compute="_compute_max_length",
        store=True,
        readonly=False,
        help="Longer answers are refused.",
    )

    _sql_constraints = [
        ("field_uniq", "unique(form_id, field_id)", "A form asks each field only once."),
    ]

    @api.model
    def _domain_field_id(self):
        return [
            ("model", "=", "crm.lead"),
            "|",
            ("name", "in", list(SAFE_LEAD_FIELDS)),
            "&",
            "&",
            ("state", "=", "manual"),
            ("ttype", "in", list(SAFE_CUSTOM_TYPES)),
            "&",
            ("compute", "=", False),
            ("related", "=", False),
        ]

    @api.depends("field_id")
    def _compute_max_length(self):
        for line in self:
            field = line.field_id
            if field.name in SAFE_LEAD_FIELDS:
                line.max_length = SAFE_LEAD_FIELDS[field.name]
            else:
                line.max_length = DEFAULT_CUSTOM_MAX_LENGTH.get(field.ttype, 256)

    @api.constrains("field_id")
    def _check_field_id(self):
        for line in self:
            if not line._is_safe_field():
                raise ValidationError(
                    self.env._(
                        "The field %(field)s cannot be asked on a public form.",
                        field=line.field_id.field_description or line.field_id.name,
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

    def _is_safe_field(self):
        self.ensure_one()
        field = self.field_id
        if field.model != "crm.lead":
            return False
        if field.name in SAFE_LEAD_FIELDS:
            return True
        return (
            field.state == "manual"
            and field.ttype in SAFE_CUSTOM_TYPES
            and not field.compute
            and not field.related
            and field.name in self.env["crm.lead"]._fields
        )

    def _get_input_widget(self):
        """Which HTML control the snippet uses for this field."""
        self.ensure_one()
        name, ttype = self.field_id.name, self.field_id.ttype
        if name == "email_from":
            return "email"
        if name in ("phone", "mobile"):
            return "tel"
        if name == "website":
            return "url"
        if name == "country_id" or ttype == "selection":
            return "select"
        if ttype in ("text", "html"):
            return "textarea"
        return "text"

    def _get_input_options(self):
        """(value, label) pairs of a select control."""
        self.ensure_one()
        if self.field_id.name == "country_id":
            countries = self.env["res.country"].search([])
            return sorted(((c.code, c.name) for c in countries), key=lambda pair: pair[1])
        if self.field_id.ttype == "selection":
            field = self.env["crm.lead"]._fields[self.field_id.name]
            return list(field._description_selection(self.env))
        return []
