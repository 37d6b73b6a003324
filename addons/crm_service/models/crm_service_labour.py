# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmServiceLabour(models.Model):
    """Time a technician spent on a service order, priced by a service product.

    Odoo's repair has no labour lines: these entries are sent to the service order's
    sale order beside the repair parts, so that one invoice carries both."""

    _name = "crm.service.labour"
    _description = "Service Labour"
    _inherit = ["crm.parent.access.mixin"]
    _crm_access_parents = {"order_id": "write"}
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "crm.service.order", "Service Order", required=True, index=True,
        ondelete="cascade", check_company=True,
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    repair_id = fields.Many2one(
        "repair.order", "Repair Order", index="btree_not_null", check_company=True,
        domain="[('crm_service_order_id', '=', order_id)]",
    )
    user_id = fields.Many2one(
        "res.users", "Technician", required=True, index=True, check_company=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    hours = fields.Float(required=True, default=1.0, digits=(16, 2))
    note = fields.Char("Work Done")
    product_id = fields.Many2one(
        "product.product", "Service Product", required=True, check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        default=lambda self: self._default_product_id(),
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_unit = fields.Monetary(
        "Hourly Rate", compute="_compute_price_unit", store=True, readonly=False,
        precompute=True,
    )
    price_subtotal = fields.Monetary("Amount", compute="_compute_price_subtotal", store=True)
    crm_warranty = fields.Boolean(
        "Warranty", compute="_compute_crm_warranty", store=True, readonly=False,
        precompute=True, help="Work done under warranty: invoiced at zero with its reason.",
    )
    crm_warranty_reason = fields.Char("Warranty Reason")
    sale_line_id = fields.Many2one(
        "sale.order.line", readonly=True, copy=False, index="btree_not_null"
    )

    _sql_constraints = [
        ("hours_positive", "CHECK(hours >= 0)", "Labour hours cannot be negative."),
    ]

    def _default_product_id(self):
        return self.env.ref(
            "crm_service.product_product_service_labour", raise_if_not_found=False
        )

    @api.depends("product_id")
    def _compute_price_unit(self):
        for labour in self:
            labour.price_unit = labour.product_id.lst_price

    @api.depends("hours", "price_unit", "crm_warranty")
    def _compute_price_subtotal(self):
        for labour in self:
            labour.price_subtotal = 0.0 if labour.crm_warranty else labour.hours * labour.price_unit

    @api.depends("order_id", "repair_id.under_warranty")
    def _compute_crm_warranty(self):
        today = fields.Date.context_today(self)
        for labour in self:
            order = labour.order_id
            end = order.warranty_end_date
            labour.crm_warranty = labour.repair_id.under_warranty or bool(end and end >= today)

    @api.constrains("product_id")
    def _check_product_id(self):
        if any(labour.product_id.type != "service" for labour in self):
            raise ValidationError(self.env._("Labour is priced by a service product."))

    def write(self, vals):
        res = super().write(vals)
        if {"hours", "price_unit", "crm_warranty", "crm_warranty_reason", "note"} & set(vals):
            self.filtered("sale_line_id")._service_update_sale_line()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        lines = self.sale_line_id.filtered(lambda line: line.qty_invoiced > 0)
        if lines:
            raise ValidationError(self.env._(
                "Invoiced labour cannot be deleted; issue a credit note first."))
        self.sale_line_id.filtered(lambda line: line.state == "sale").product_uom_qty = 0.0
        self.sale_line_id.filtered(lambda line: line.state != "sale").unlink()

    # ------------------------------------------------------------
    # Sale lines
    # ------------------------------------------------------------

    def _service_sale_line_name(self):
        self.ensure_one()
        name = self.env._(
            "%(product)s: %(technician)s, %(date)s",
            product=self.product_id.display_name,
            technician=self.user_id.name,
            date=fields.Date.to_string(self.date),
        )
        if self.note:
            name = f"{name}\n{self.note}"
        if self.crm_warranty:
            if self.crm_warranty_reason:
                name = self.env._(
                    "%(description)s\nUnder warranty: %(reason)s",
                    description=name, reason=self.crm_warranty_reason,
                )
            else:
                name = self.env._("%(description)s\nUnder warranty", description=name)
        return name

    def _service_prepare_sale_line_values(self, sale_order):
        self.ensure_one()
        return {
            "order_id": sale_order.id,
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": self.hours,
            "price_unit": 0.0 if self.crm_warranty else self.price_unit,
            "name": self._service_sale_line_name(),
        }

    def _service_update_sale_line(self):
        """Follow a labour change on its sale line: the quantity always (sale's
        qty_invoiced then invoices only the difference), price and text while the line
        is not invoiced yet."""
        for labour in self:
            line = labour.sale_line_id
            if line.order_id.state == "cancel":
                continue
            vals = {"product_uom_qty": labour.hours}
            if not line.qty_invoiced:
                vals.update({
                    "price_unit": 0.0 if labour.crm_warranty else labour.price_unit,
                    "technical_price_unit": 0.0 if labour.crm_warranty else labour.price_unit,
                    "name": labour._service_sale_line_name(),
                })
            line.write(vals)
        self._service_deliver_sale_line()

    def _service_deliver_sale_line(self):
        for labour in self:
            line = labour.sale_line_id
            if line.qty_delivered_method == "manual" and line.qty_delivered != labour.hours:
                line.qty_delivered = labour.hours
