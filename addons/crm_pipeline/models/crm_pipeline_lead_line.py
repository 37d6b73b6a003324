# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models


class CrmPipelineLeadLine(models.Model):
    _name = "crm.pipeline.lead.line"
    _description = "Opportunity Product Line"
    _inherit = ["crm.parent.access.mixin"]
    _order = "lead_id, sequence, id"
    # a line changes the expected revenue: editing it needs write access to the opportunity
    _crm_access_parents = {"lead_id": "write"}
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="lead_id.company_currency")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain=[("sale_ok", "=", True)],
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_qty = fields.Float(
        string="Quantity", digits="Product Unit of Measure", default=1.0, required=True
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_price_subtotal", store=True
    )
    # Stock figures of the product in the opportunity's warehouse, in the product's unit
    product_stock_uom_id = fields.Many2one(related="product_id.uom_id", string="Stock Unit")
    qty_available = fields.Float(
        string="On Hand", compute="_compute_stock_quantities", digits="Product Unit of Measure"
    )
    free_qty = fields.Float(
        string="Free", compute="_compute_stock_quantities", digits="Product Unit of Measure"
    )
    virtual_available = fields.Float(
        string="Forecast", compute="_compute_stock_quantities", digits="Product Unit of Measure"
    )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id", "product_uom_id")
    def _compute_price_unit(self):
        for line in self:
            product = line.product_id
            if not product:
                line.price_unit = 0.0
                continue
            uom = line.product_uom_id or product.uom_id
            line.price_unit = product.uom_id._compute_price(product.lst_price, uom)

    @api.depends("product_uom_qty", "price_unit")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.product_uom_qty * line.price_unit

    @api.depends("product_id", "lead_id.warehouse_id")
    @api.depends_context("allowed_company_ids")
    def _compute_stock_quantities(self):
        """One call of stock's own computation per warehouse for all the products of
        the lines in that warehouse, whatever the number of lines."""
        lines_by_warehouse = defaultdict(lambda: self.browse())
        for line in self:
            lines_by_warehouse[line.lead_id.warehouse_id._origin] |= line
        for warehouse, lines in lines_by_warehouse.items():
            products = lines.product_id._origin.filtered("is_storable")
            quantities = {}
            if products:
                quantities = products.with_context(
                    warehouse_id=warehouse.id
                )._compute_quantities_dict(None, None, None)
            for line in lines:
                figures = quantities.get(line.product_id._origin.id, {})
                line.qty_available = figures.get("qty_available", 0.0)
                line.free_qty = figures.get("free_qty", 0.0)
                line.virtual_available = figures.get("virtual_available", 0.0)

    def _prepare_sale_order_line_values(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "product_uom_qty": self.product_uom_qty,
            "product_uom": self.product_uom_id.id,
            "price_unit": self.price_unit,
        }
