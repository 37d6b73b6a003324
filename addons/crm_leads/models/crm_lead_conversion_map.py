# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import html2plaintext

# Types a value may be copied between, besides identical types.
_TEXT_TYPES = {"char", "text", "html"}
_NUMBER_TYPES = {"integer", "float", "monetary"}
_UNMAPPABLE_TYPES = {"one2many", "binary", "properties", "properties_definition", "json"}
# Partner fields that shape the record rather than describe the customer.
_PROTECTED_TARGETS = {"parent_id", "is_company", "type", "commercial_partner_id", "active"}


class CrmLeadConversionMap(models.Model):
    """Which lead field fills which customer field when a lead is converted.

    Custom (``x_``) fields are mappable like any other; types must be compatible
    so a conversion never fails half-way on a bad value.
    """

    _name = "crm.lead.conversion.map"
    _description = "Lead Conversion Field Mapping"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    target = fields.Selection(
        [("company", "Customer Company"), ("contact", "Contact")],
        required=True,
        default="company",
        help="Partner created by the conversion that receives the value.",
    )
    source_field_id = fields.Many2one(
        "ir.model.fields",
        string="Lead Field",
        required=True,
        ondelete="cascade",
        domain="[('model', '=', 'crm.lead'), ('store', '=', True), "
        "('ttype', 'not in', ('one2many', 'binary', 'properties', 'json'))]",
    )
    target_field_id = fields.Many2one(
        "ir.model.fields",
        string="Customer Field",
        required=True,
        ondelete="cascade",
        domain="[('model', '=', 'res.partner'), ('readonly', '=', False), "
        "('ttype', 'not in', ('one2many', 'binary', 'properties', 'json'))]",
    )
    source_type = fields.Selection(related="source_field_id.ttype", string="Lead Field Type")
    target_type = fields.Selection(
        related="target_field_id.ttype", string="Customer Field Type"
    )

    _sql_constraints = [
        (
            "target_field_uniq",
            "unique(target, target_field_id)",
            "A customer field can only be filled by one lead field.",
        ),
    ]

    @api.constrains("source_field_id", "target_field_id")
    def _check_field_types(self):
        for mapping in self:
            source, target = mapping.source_field_id, mapping.target_field_id
            if source.model != "crm.lead" or target.model != "res.partner":
                raise ValidationError(
                    self.env._("A conversion mapping copies a lead field into a contact field.")
                )
            if target.name in _PROTECTED_TARGETS or target.readonly:
                raise ValidationError(
                    self.env._(
                        "The field %(target)s of the customer cannot be filled "
                        "by a conversion.",
                        target=target.field_description,
                    )
                )
            if not mapping._crm_types_compatible(source, target):
                raise ValidationError(
                    self.env._(
                        "The lead field %(lead_field)s (%(lead_type)s) cannot be copied "
                        "into the customer field %(target)s (%(target_type)s): "
                        "their types are not compatible.",
                        lead_field=source.field_description,
                        lead_type=source.ttype,
                        target=target.field_description,
                        target_type=target.ttype,
                    )
                )

    def _crm_types_compatible(self, source, target):
        src, tgt = source.ttype, target.ttype
        if src in _UNMAPPABLE_TYPES or tgt in _UNMAPPABLE_TYPES:
            return False
        if src in ("many2one", "many2many") or tgt in ("many2one", "many2many"):
            return src == tgt and source.relation == target.relation
        if src == "selection":
            if tgt in ("char", "text"):
                return True
            if tgt != "selection":
                return False
            src_keys = {sel.value for sel in source.selection_ids}
            tgt_keys = {sel.value for sel in target.selection_ids}
            return src_keys <= tgt_keys
        if src in _TEXT_TYPES:
            # Rich text only goes into rich text; plain text goes anywhere textual.
            return tgt in _TEXT_TYPES if src != "html" else tgt in ("html", "text")
        if src in _NUMBER_TYPES:
            return tgt in _NUMBER_TYPES and not (src != "integer" and tgt == "integer")
        return src == tgt

    def _crm_values_for(self, lead, target):
        """Values of ``lead`` for the partner role ``target`` (company/contact).

        Empty lead values are skipped so they never blank out a default.
        """
        values = {}
        for mapping in self.filtered(lambda m: m.target == target):
            source_name = mapping.source_field_id.name
            target_name = mapping.target_field_id.name
            if source_name not in lead._fields:
                continue
            value = lead[source_name]
            if not value and value != 0:
                continue
            source_type = mapping.source_field_id.ttype
            if source_type == "many2one":
                value = value.id
            elif source_type == "many2many":
                value = [Command.set(value.ids)]
            elif source_type == "html" and mapping.target_field_id.ttype != "html":
                value = html2plaintext(value)
            values[target_name] = value
        return values
