# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

from odoo import api, fields, models


class CrmServiceTeam(models.Model):
    _name = "crm.service.team"
    _description = "Service Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users",
        "Team Leader",
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_service_team_member_rel",
        "team_id",
        "user_id",
        "Technicians",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Working Hours",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time of the team: routing only picks technicians who work today, "
        "SLA deadlines count these hours.",
    )
    assignment_mode = fields.Selection(
        [
            ("least_load", "Least Load"),
            ("round_robin", "Round Robin"),
        ],
        required=True,
        default="least_load",
        help="Least Load: the technician with the fewest open orders who works today. "
        "Round Robin: the technicians in turn.",
    )
    stock_location_id = fields.Many2one(
        "stock.location",
        "Service Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        default=lambda self: self._default_stock_location_id(),
        help="Where the team's spare parts are reserved and issued from.",
    )
    order_ids = fields.One2many("crm.service.order", "team_id", "Service Orders")
    open_order_count = fields.Integer(compute="_compute_open_order_count")

    def _default_stock_location_id(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        return warehouse.lot_stock_id

    def _compute_open_order_count(self):
        data = self.env["crm.service.order"]._read_group(
            [("team_id", "in", self.ids), ("is_closed_stage", "=", False)],
            ["team_id"],
            ["__count"],
        )
        counts = {team.id: count for team, count in data}
        for team in self:
            team.open_order_count = counts.get(team.id, 0)

    # ------------------------------------------------------------
    # MAIL ALIAS
    # ------------------------------------------------------------

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("crm.service.order")
        if self.id:
            defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            values["alias_defaults"] = repr(defaults)
        return values

    @api.model_create_multi
    def create(self, vals_list):
        return super(CrmServiceTeam, self.with_context(mail_create_nosubscribe=True)).create(
            vals_list
        )

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_service.crm_service_order_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action
