# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, is_html_empty

# Filled in on resolution, for the defect analysis (root cause, product, department).
RESOLUTION_FIELDS = ("root_cause_id", "department_id", "resolution")


class CrmServiceOrder(models.Model):
    _inherit = "crm.service.order"

    # Resolution
    root_cause_id = fields.Many2one(
        "crm.service.root.cause", index="btree_not_null", tracking=True
    )
    department_id = fields.Many2one(
        "hr.department", "Responsible Department", index="btree_not_null",
        check_company=True, tracking=True,
        help="Department responsible for the defect (production, supplier quality, "
        "installation...).",
    )
    resolution = fields.Html(help="What was found and what fixed it.")
    resolution_required = fields.Boolean(related="problem_type_id.resolution_required")
    # Knowledge base
    solution_suggestion_ids = fields.Many2many(
        "crm.service.solution",
        string="Suggested Solutions",
        compute="_compute_solution_suggestion_ids",
        help="Published articles matching the category, the equipment and the words "
        "of the description.",
    )
    solution_applied_ids = fields.Many2many(
        "crm.service.solution",
        "crm_service_order_solution_applied_rel",
        "order_id",
        "solution_id",
        string="Applied Solutions",
        copy=False,
    )
    solution_ids = fields.One2many("crm.service.solution", "source_order_id", "Articles")
    solution_count = fields.Integer("Articles Count", compute="_compute_solution_count")
    # Signature
    customer_signature = fields.Binary(
        attachment=True, copy=False,
        help="Signature of the customer, taken on screen when the work is done.",
    )
    signed_by = fields.Char(copy=False, help="Name of the person who signed.")
    date_signed = fields.Datetime("Signed On", copy=False, readonly=True)

    @api.depends("problem_type_id", "product_id", "description", "stage_type", "company_id")
    def _compute_solution_suggestion_ids(self):
        Solution = self.env["crm.service.solution"]
        for order in self:
            if order.stage_type in ("resolved", "closed", "cancelled"):
                order.solution_suggestion_ids = Solution
                continue
            order.solution_suggestion_ids = Solution._service_suggest(
                order.company_id,
                order.problem_type_id,
                order.product_id,
                order._service_description_text(),
            )

    def _compute_solution_count(self):
        data = self.env["crm.service.solution"]._read_group(
            [("source_order_id", "in", self.ids)], ["source_order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in data}
        for order in self:
            order.solution_count = counts.get(order.id, 0)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_signature_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._prepare_signature_values(vals)
        return super().write(vals)

    def _prepare_signature_values(self, vals):
        """Date the signature when one is given; removing it clears the date."""
        if "customer_signature" not in vals:
            return
        if vals["customer_signature"]:
            vals.setdefault("date_signed", fields.Datetime.now())
            if not vals.get("signed_by") and len(self) == 1 and not self.signed_by:
                vals["signed_by"] = (self.contact_id or self.partner_id).name
        else:
            vals.update(date_signed=False)

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _service_on_stage_change(self, old_stage_by_order):
        # Checked before the other capabilities react to the new stage (follow-up,
        # rating...): the error rolls the stage back and nothing else has run.
        resolved = self.filtered(
            lambda order: order.stage_type == "resolved"
            and getattr(old_stage_by_order.get(order.id), "stage_type", False) != "resolved"
        )
        resolved._check_resolution_fields()
        return super()._service_on_stage_change(old_stage_by_order)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_create_solution(self):
        """A draft article prefilled from this order's category, equipment, symptom
        and fix, opened in its form."""
        self.ensure_one()
        if self.stage_type not in ("resolved", "closed"):
            raise UserError(
                self.env._("Resolve service order %(name)s before turning it into an article.",
                           name=self.name)
            )
        solution = self.env["crm.service.solution"].create(self._prepare_solution_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.service.solution",
            "res_id": solution.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_solutions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_service.crm_service_solution_action"
        )
        action["domain"] = [("source_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_print_work_order(self):
        return self.env.ref("crm_service.action_report_service_order").report_action(self)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _service_description_text(self):
        self.ensure_one()
        if is_html_empty(self.description):
            return ""
        return html2plaintext(self.description)

    def _prepare_solution_values(self):
        self.ensure_one()
        title = self.problem_type_id.name or self.env._("Solution")
        if self.product_id:
            title = f"{title} - {self.product_id.display_name}"
        return {
            "name": title,
            "problem_type_id": self.problem_type_id.id,
            "product_ids": [fields.Command.set(self.product_id.ids)],
            "symptom": self.description,
            "body": self.resolution,
            "keywords": self.root_cause_id.name or False,
            "company_id": self.company_id.id,
            "source_order_id": self.id,
        }

    def _check_resolution_fields(self):
        """Refuse to resolve an order of a category that requires it whose root
        cause, department or resolution is missing, naming what to fill in."""
        for order in self.filtered("problem_type_id.resolution_required"):
            missing = [
                order._fields[fname].get_description(self.env)["string"]
                for fname in RESOLUTION_FIELDS
                if not order[fname] or (fname == "resolution" and is_html_empty(order[fname]))
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Before resolving service order %(name)s, fill in: %(fields)s.",
                        name=order.name,
                        fields=", ".join(missing),
                    )
                )

    def _service_apply_solution(self, solution):
        """Post the article on the chatter and link it (which counts the use)."""
        self.ensure_one()
        self.check_access("write")
        solution.check_access("read")
        self.write({"solution_applied_ids": [fields.Command.link(solution.id)]})
        self.message_post(body=solution._service_chatter_body(), subtype_xmlid="mail.mt_note")
        return True
