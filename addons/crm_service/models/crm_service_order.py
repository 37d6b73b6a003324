# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_service_stage import CLOSED_STAGE_TYPES

PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]

# Stage types each button may leave from (the kanban lets a person drag freely).
TRANSITIONS = {
    "assigned": ("new",),
    "in_progress": ("new", "assigned", "waiting_parts", "waiting_customer"),
    "resolved": ("in_progress", "waiting_parts", "waiting_customer"),
    "closed": ("resolved",),
    "cancelled": ("new", "assigned", "in_progress", "waiting_parts", "waiting_customer"),
}


class CrmServiceOrder(models.Model):
    _name = "crm.service.order"
    _description = "Service Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.parent.access.mixin"]
    _crm_access_parents = {"partner_id": "read"}
    _order = "priority desc, date_request desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, copy=False, readonly=True, index="trigram", default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, check_company=True, tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Company"
    )
    contact_id = fields.Many2one(
        "res.partner",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        domain="[('is_company', '=', False), ('commercial_partner_id', '=', commercial_partner_id)]",
        help="The person who asked for service.",
    )
    partner_phone = fields.Char("Phone", related="partner_id.phone")
    partner_email = fields.Char("Email", related="partner_id.email")
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("portal", "Portal"),
            ("web", "Web Form"),
            ("counter", "Counter"),
        ],
        required=True,
        default="phone",
        index=True,
        help="How the customer asked for service.",
    )
    team_id = fields.Many2one(
        "crm.service.team", "Service Team", index=True, tracking=True, check_company=True
    )
    stage_id = fields.Many2one(
        "crm.service.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_id",
        domain="['|', ('team_ids', '=', False), ('team_ids', 'in', team_id)]",
    )
    stage_type = fields.Selection(
        related="stage_id.stage_type", store=True, index=True, string="Stage Type"
    )
    is_closed_stage = fields.Boolean(
        "Closed", compute="_compute_is_closed_stage", store=True, index=True
    )
    problem_type_id = fields.Many2one("crm.service.problem.type", index=True, tracking=True)
    priority = fields.Selection(PRIORITIES, default="1", index=True, tracking=True)
    product_id = fields.Many2one(
        "product.product", "Equipment", index="btree_not_null", check_company=True, tracking=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        "Serial Number",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('product_id', '=', product_id)]",
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty_end_date",
        store=True,
        readonly=False,
        help="End of the equipment's warranty, from its serial number.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Technician",
        index=True,
        tracking=True,
        check_company=True,
        domain=lambda self: self._domain_user_id(),
    )
    date_request = fields.Datetime(
        "Requested On", required=True, default=fields.Datetime.now, index=True
    )
    date_assigned = fields.Datetime(
        "Assigned On", compute="_compute_date_assigned", store=True, copy=False
    )
    date_resolved = fields.Datetime(
        "Resolved On", compute="_compute_date_resolved", store=True, copy=False
    )
    date_closed = fields.Datetime(
        "Closed On", compute="_compute_date_closed", store=True, copy=False
    )
    description = fields.Html()

    def _domain_user_id(self):
        group = self.env.ref("crm_service.group_crm_service_technician", raise_if_not_found=False)
        domain = [("share", "=", False)]
        if group:
            domain.append(("groups_id", "in", group.ids))
        return domain

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for order in self:
            partner = order.partner_id
            if order.contact_id.commercial_partner_id == partner.commercial_partner_id and partner:
                continue
            order.contact_id = partner if partner and not partner.is_company else False

    @api.depends("team_id")
    def _compute_stage_id(self):
        """A new order starts in its team's first *new* stage; moving to another team
        keeps the stage when that team uses it, else takes its stage of the same type."""
        todo = defaultdict(lambda: self.browse())
        for order in self:
            stage = order.stage_id
            if not stage or (stage.team_ids and order.team_id not in stage.team_ids):
                todo[stage.stage_type or "new"] |= order
        for stage_type, orders in todo.items():
            stages = orders._service_stages_by_team(stage_type)
            for order in orders:
                order.stage_id = stages[order.team_id]

    @api.depends("stage_type")
    def _compute_is_closed_stage(self):
        for order in self:
            order.is_closed_stage = order.stage_type in CLOSED_STAGE_TYPES

    @api.depends("lot_id.crm_warranty_end_date")
    def _compute_warranty_end_date(self):
        for order in self:
            if order.lot_id:
                order.warranty_end_date = order.lot_id.crm_warranty_end_date

    @api.depends("user_id")
    def _compute_date_assigned(self):
        now = fields.Datetime.now()
        for order in self:
            if not order.user_id:
                order.date_assigned = False
            elif not order.date_assigned:
                order.date_assigned = now

    @api.depends("stage_type")
    def _compute_date_resolved(self):
        now = fields.Datetime.now()
        for order in self:
            if order.stage_type not in ("resolved", "closed"):
                order.date_resolved = False
            elif not order.date_resolved:
                order.date_resolved = now

    @api.depends("stage_type")
    def _compute_date_closed(self):
        now = fields.Datetime.now()
        for order in self:
            if order.stage_type not in ("closed", "cancelled"):
                order.date_closed = False
            elif not order.date_closed:
                order.date_closed = now

    @api.model
    def _read_group_stage_id(self, stages, domain):
        """Every stage of the board's team (or all stages), empty ones included."""
        team_id = self.env.context.get("default_team_id")
        if not team_id:
            return stages.search([], order=stages._order)
        return stages.search(
            ["|", ("id", "in", stages.ids), "|", ("team_ids", "=", False), ("team_ids", "in", [team_id])],
            order=stages._order,
        )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("crm.service.order")
                    or "/"
                )
        orders = super().create(vals_list)
        orders._service_stamp_dates()
        orders._service_route()
        orders._service_on_create()
        return orders

    def write(self, vals):
        if "stage_id" not in vals and "team_id" not in vals:
            result = super().write(vals)
            if "user_id" in vals:
                self._service_stamp_dates()
            return result
        old_stage_by_order = {order.id: order.stage_id for order in self}
        result = super().write(vals)
        self._service_stamp_dates()
        changed = {
            order.id: old_stage_by_order[order.id]
            for order in self
            if order.stage_id != old_stage_by_order[order.id]
        }
        if changed:
            self.browse(list(changed))._service_on_stage_change(changed)
        return result

    # ------------------------------------------------------------
    # HOOKS (other capabilities override them and call super)
    # ------------------------------------------------------------

    def _service_route(self):
        """Choose the team and the technician of new orders (see routing)."""
        return True

    def _service_on_create(self):
        """Called once on the created orders, after routing."""
        return True

    def _service_on_stage_change(self, old_stage_by_order):
        """Called after the stage of these orders changed.

        :param dict old_stage_by_order: ``{order.id: previous crm.service.stage}``
        """
        return True

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_assign(self):
        """Move new orders to *assigned*; an order without technician goes to the user."""
        self._check_transition("assigned")
        self._take_unassigned()
        self._service_set_stage_type("assigned")
        return True

    def action_start(self):
        self._check_transition("in_progress")
        self._take_unassigned()
        self._service_set_stage_type("in_progress")
        return True

    def action_resolve(self):
        self._check_transition("resolved")
        self._service_set_stage_type("resolved")
        return True

    def action_close(self):
        self._check_transition("closed")
        self._service_set_stage_type("closed")
        return True

    def action_cancel(self):
        self._check_transition("cancelled")
        self._service_set_stage_type("cancelled")
        return True

    def action_reopen(self):
        """Back to work: *in progress* for an order with a technician, else *new*."""
        wrong = self.filtered(lambda order: not order.is_closed_stage)[:1]
        if wrong:
            raise UserError(
                self.env._(
                    "Service order %(name)s cannot be reopened: it is %(stage)s.",
                    name=wrong.name,
                    stage=wrong.stage_id.name,
                )
            )
        with_user = self.filtered("user_id")
        with_user._service_set_stage_type("in_progress")
        (self - with_user)._service_set_stage_type("new")
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_transition(self, stage_type):
        """Refuse the whole batch when one order may not move to ``stage_type``."""
        wrong = self.filtered(lambda order: order.stage_type not in TRANSITIONS[stage_type])[:1]
        if not wrong:
            return
        name, stage = wrong.name, wrong.stage_id.name
        if stage_type == "assigned":
            message = self.env._(
                "Service order %(name)s cannot be assigned: it is %(stage)s.",
                name=name, stage=stage,
            )
        elif stage_type == "in_progress":
            message = self.env._(
                "Service order %(name)s cannot be started: it is %(stage)s.",
                name=name, stage=stage,
            )
        elif stage_type == "resolved":
            message = self.env._(
                "Service order %(name)s cannot be resolved: it is %(stage)s. "
                "Start the work first.",
                name=name, stage=stage,
            )
        elif stage_type == "closed":
            message = self.env._(
                "Service order %(name)s cannot be closed: it is %(stage)s. Resolve it first.",
                name=name, stage=stage,
            )
        else:
            message = self.env._(
                "Service order %(name)s cannot be cancelled: it is %(stage)s.",
                name=name, stage=stage,
            )
        raise UserError(message)

    def _service_stages_by_team(self, stage_type):
        """``{team: first stage of that type}`` for the teams of these orders (the
        empty team included), in one search: a stage without teams serves every team."""
        stages = self.env["crm.service.stage"].search([("stage_type", "=", stage_type)])
        result = {}
        for team in [self.env["crm.service.team"], *self.team_id]:
            result[team] = next(
                (stage for stage in stages if not stage.team_ids or team in stage.team_ids),
                stages.browse(),
            )
        return result

    def _service_stage_of_type(self, stage_type):
        """First stage (by sequence) of ``stage_type`` used by the order's team."""
        self.ensure_one()
        return self._service_stages_by_team(stage_type)[self.team_id]

    def _service_set_stage_type(self, stage_type):
        """Move these orders to their team's stage of ``stage_type``."""
        if not self:
            return True
        stages = self._service_stages_by_team(stage_type)
        orders_by_stage = defaultdict(lambda: self.browse())
        for order in self:
            stage = stages[order.team_id]
            if not stage:
                raise UserError(
                    self.env._(
                        "No stage of type %(type)s is available for the team of %(name)s.",
                        type=dict(
                            self.env["crm.service.stage"]._fields["stage_type"]
                            ._description_selection(self.env)
                        )[stage_type],
                        name=order.name,
                    )
                )
            orders_by_stage[stage] |= order
        for stage, orders in orders_by_stage.items():
            orders.write({"stage_id": stage.id})
        return True

    def _service_stamp_dates(self):
        """Compute the assignment and closing dates now: they are the time of the
        move, not of a later flush."""
        self.mapped("date_assigned")
        self.mapped("date_resolved")
        self.mapped("date_closed")

    def _take_unassigned(self):
        unassigned = self.filtered(lambda order: not order.user_id)
        if unassigned:
            unassigned.user_id = self.env.user
