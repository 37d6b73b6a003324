# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_order_count = fields.Integer(
        "Service Orders",
        compute="_compute_service_stats",
        groups="crm_service.group_crm_service_technician",
    )
    service_open_order_count = fields.Integer(
        "Open Service Orders",
        compute="_compute_service_stats",
        groups="crm_service.group_crm_service_technician",
    )
    service_last_date = fields.Datetime(
        "Last Service",
        compute="_compute_service_stats",
        groups="crm_service.group_crm_service_technician",
        help="When the latest service order of this customer was resolved.",
    )
    service_history_ids = fields.Many2many(
        "crm.service.order",
        compute="_compute_service_history_ids",
        groups="crm_service.group_crm_service_technician",
    )

    def _compute_service_stats(self):
        """Orders of the partner itself, plus, for a company, those of its contacts.

        One grouped query for the whole batch, within the reader's record rules.
        """
        data = self.env["crm.service.order"]._read_group(
            ["|", ("partner_id", "in", self.ids), ("commercial_partner_id", "in", self.ids)],
            ["partner_id", "commercial_partner_id", "is_closed_stage"],
            ["__count", "date_resolved:max"],
        )
        counts, open_counts, last_dates = defaultdict(int), defaultdict(int), {}

        def add(partner_id, count, is_closed, last_date):
            counts[partner_id] += count
            if not is_closed:
                open_counts[partner_id] += count
            if last_date and (partner_id not in last_dates or last_date > last_dates[partner_id]):
                last_dates[partner_id] = last_date

        for partner, commercial_partner, is_closed, count, last_date in data:
            add(partner.id, count, is_closed, last_date)
            if commercial_partner != partner:
                add(commercial_partner.id, count, is_closed, last_date)
        for partner in self:
            partner.service_order_count = counts[partner.id]
            partner.service_open_order_count = open_counts[partner.id]
            partner.service_last_date = last_dates.get(partner.id, False)

    def _compute_service_history_ids(self):
        """The customer's latest service orders (of the whole company), one search."""
        customers = self.commercial_partner_id
        orders = self.env["crm.service.order"].search(
            [("commercial_partner_id", "in", customers.ids)],
            order="date_request desc, id desc",
            limit=80 * len(customers) or 1,
        )
        by_customer = defaultdict(list)
        for order in orders:
            if len(by_customer[order.commercial_partner_id.id]) < 80:
                by_customer[order.commercial_partner_id.id].append(order.id)
        for partner in self:
            if partner.is_company or not partner.parent_id:
                ids = by_customer[partner.commercial_partner_id.id]
            else:
                ids = [
                    order.id
                    for order in orders.browse(by_customer[partner.commercial_partner_id.id])
                    if partner in (order.partner_id | order.contact_id)
                ]
            partner.service_history_ids = [fields.Command.set(ids)]

    def _crm_history_documents(self):
        """crm_leads' 360° contact history: the messages of the service orders too."""
        documents = super()._crm_history_documents()
        Order = self.env["crm.service.order"]
        if Order.has_access("read"):
            orders = Order.search([("commercial_partner_id", "in", self.commercial_partner_id.ids)])
            documents.append(("crm.service.order", orders.ids))
        return documents

    def action_view_service_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_service.crm_service_order_action"
        )
        action["domain"] = [
            "|", ("partner_id", "=", self.id), ("commercial_partner_id", "=", self.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
