# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


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
    partner_phone = fields.Char("Phone", related="partner_id.phone")
    partner_email = fields.Char("Email", related="partner_id.email")
    request_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("portal", "Portal"),
            ("walk_in", "Walk-in"),
        ],
        required=True,
        default="phone",
        help="How the customer asked for service.",
    )
    problem_type_id = fields.Many2one("crm.service.problem.type", index=True, tracking=True)
    priority = fields.Selection(PRIORITIES, default="0", index=True, tracking=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("assigned", "Assigned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="new",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
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
    date_done = fields.Datetime("Done On", readonly=True, copy=False)
    description = fields.Html()

    def _domain_user_id(self):
        group = self.env.ref("crm_service.group_crm_service_technician", raise_if_not_found=False)
        domain = [("share", "=", False)]
        if group:
            domain.append(("groups_id", "in", group.ids))
        return domain

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
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_assign(self):
        """Mark new orders as assigned; an order without technician goes to the user."""
        wrong = self._filter_state_not_in(["new"])
        if wrong:
            raise UserError(
                self.env._(
                    "Service order %(name)s cannot be assigned: it is %(state)s.",
                    name=wrong.name,
                    state=wrong._get_state_label(),
                )
            )
        self._take_unassigned()
        self.write({"state": "assigned"})
        return True

    def action_start(self):
        wrong = self._filter_state_not_in(["new", "assigned"])
        if wrong:
            raise UserError(
                self.env._(
                    "Service order %(name)s cannot be started: it is %(state)s.",
                    name=wrong.name,
                    state=wrong._get_state_label(),
                )
            )
        self._take_unassigned()
        self.write({"state": "in_progress"})
        return True

    def action_done(self):
        wrong = self._filter_state_not_in(["in_progress"])
        if wrong:
            raise UserError(
                self.env._(
                    "Service order %(name)s cannot be marked as done: it is %(state)s. "
                    "Start the work first.",
                    name=wrong.name,
                    state=wrong._get_state_label(),
                )
            )
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        wrong = self._filter_state_not_in(["new", "assigned", "in_progress"])
        if wrong:
            raise UserError(
                self.env._(
                    "Service order %(name)s cannot be cancelled: it is %(state)s.",
                    name=wrong.name,
                    state=wrong._get_state_label(),
                )
            )
        self.write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _filter_state_not_in(self, states):
        """First order of ``self`` whose state forbids the transition, if any."""
        return self.filtered(lambda order: order.state not in states)[:1]

    def _get_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _take_unassigned(self):
        unassigned = self.filtered(lambda order: not order.user_id)
        if unassigned:
            unassigned.user_id = self.env.user
