# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCompanyRelation(models.Model):
    """A business link between two companies, visible from both sides."""

    _name = "crm.company.relation"
    _description = "Relation between Companies"
    _order = "id desc"
    _inherit = ["crm.parent.access.mixin"]
    _rec_name = "left_partner_id"
    # a rep relates a company they may edit to any company they may see
    _crm_access_parents = {"left_partner_id": "write", "right_partner_id": "read"}

    left_partner_id = fields.Many2one(
        "res.partner", "From", required=True, index=True, ondelete="cascade"
    )
    right_partner_id = fields.Many2one(
        "res.partner", "To", required=True, index=True, ondelete="cascade"
    )
    relation_type = fields.Selection(
        [
            ("supplier", "Upstream / Downstream"),
            ("partner", "Business Partner"),
            ("parent_brand", "Parent / Subsidiary Brand"),
        ],
        "Relation",
        required=True,
        default="partner",
        help="Upstream / Downstream: the first company supplies the second one.",
    )
    left_label = fields.Char("Relation (from)", compute="_compute_labels")
    right_label = fields.Char("Relation (to)", compute="_compute_labels")
    note = fields.Char()

    _sql_constraints = [
        (
            "relation_unique",
            "UNIQUE(left_partner_id, right_partner_id, relation_type)",
            "These two companies already have this relation.",
        ),
    ]

    @api.depends("relation_type")
    def _compute_labels(self):
        selection = {
            "supplier": (self.env._("Supplier of"), self.env._("Customer of")),
            "partner": (self.env._("Partner of"), self.env._("Partner of")),
            "parent_brand": (self.env._("Parent brand of"), self.env._("Subsidiary brand of")),
        }
        for relation in self:
            labels = selection.get(relation.relation_type, ("", ""))
            relation.left_label, relation.right_label = labels

    @api.constrains("left_partner_id", "right_partner_id")
    def _check_partners(self):
        for relation in self:
            if relation.left_partner_id == relation.right_partner_id:
                raise ValidationError(self.env._("A company cannot be related to itself."))
