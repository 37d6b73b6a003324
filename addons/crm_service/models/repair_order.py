# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    crm_service_order_id = fields.Many2one(
        "crm.service.order",
        "Service Order",
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
        help="The service request this repair works for: its parts and labour are "
        "invoiced through the service order's sale order.",
    )

    @api.model
    def default_get(self, fields_list):
        # Only default_crm_service_order_id travels in the context: default_product_id
        # or default_lot_id would leak into the stock moves and move lines the repair
        # creates (that is why Odoo itself uses default_repair_lot_id).
        res = super().default_get(fields_list)
        if res.get("crm_service_order_id"):
            order = self.env["crm.service.order"].browse(res["crm_service_order_id"])
            for fname, value in order._service_prepare_repair_values().items():
                if fname in fields_list and value:
                    res[fname] = value
        return res

    @api.model_create_multi
    def create(self, vals_list):
        # a repair created for a service order takes its parts from the team's
        # service location, whatever the operation type's default is
        for vals in vals_list:
            if vals.get("crm_service_order_id"):
                order = self.env["crm.service.order"].browse(vals["crm_service_order_id"])
                defaults = order._service_prepare_repair_values()
                for fname in (
                    "partner_id", "picking_type_id", "location_id", "recycle_location_id",
                    "under_warranty",
                ):
                    if fname in defaults:
                        vals.setdefault(fname, defaults[fname])
        return super().create(vals_list)

    # ------------------------------------------------------------
    # Parts availability follows the service order
    # ------------------------------------------------------------

    def _action_repair_confirm(self):
        res = super()._action_repair_confirm()
        self._crm_service_check_parts()
        return res

    def action_repair_cancel(self):
        res = super().action_repair_cancel()
        self._crm_service_check_parts()
        return res

    def action_repair_done(self):
        res = super().action_repair_done()
        self._crm_service_check_parts()
        return res

    def _crm_service_check_parts(self):
        # sudo: crm.service.order - repairs are run by Inventory users who need not be
        # technicians; the parts status of the order follows them all the same
        orders = self.sudo().crm_service_order_id
        if orders:
            orders._service_check_parts()

    def _update_sale_order_line_price(self):
        # Repair prices every part by the document's under_warranty; the part's own
        # choice (crm_warranty, recomputed from it) then decides line by line.
        res = super()._update_sale_order_line_price()
        self.move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.sale_line_id
        )._crm_update_warranty_sale_line()
        return res
