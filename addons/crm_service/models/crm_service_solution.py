# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html2plaintext

from ..tools import text_match

SQL_ZERO = SQL("0")


class CrmServiceSolution(models.Model):
    """A knowledge-base article: how a known problem is recognised and fixed.

    Technicians write drafts (their own), managers publish; published articles are
    suggested on open service orders of the same category, product or wording.
    """

    _name = "crm.service.solution"
    _description = "Service Solution Article"
    _inherit = ["mail.thread"]
    _order = "state desc, id desc"
    _check_company_auto = True

    name = fields.Char("Title", required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    problem_type_id = fields.Many2one(
        "crm.service.problem.type", "Category", index=True, tracking=True
    )
    product_ids = fields.Many2many(
        "product.product",
        "crm_service_solution_product_rel",
        "solution_id",
        "product_id",
        string="Products",
        check_company=True,
    )
    symptom = fields.Html(help="What the customer sees or reports.")
    body = fields.Html("Solution", help="How to fix it, step by step.")
    keywords = fields.Char(help="Extra words the article should be found by: error codes, "
                           "model numbers, the customer's own words.")
    author_id = fields.Many2one(
        "res.users", required=True, index=True, default=lambda self: self.env.user,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.company,
        help="Leave empty to share the article with every company.",
    )
    source_order_id = fields.Many2one(
        "crm.service.order", index="btree_not_null", readonly=True,
        check_company=True, copy=False,
    )
    # Orders the article was applied to; use_count is counted from it, so applying an
    # article never writes the article's row (no hot row under concurrent use).
    applied_order_ids = fields.Many2many(
        "crm.service.order",
        "crm_service_order_solution_applied_rel",
        "solution_id",
        "order_id",
        string="Applied On",
        readonly=True,
        copy=False,
    )
    use_count = fields.Integer("Times Applied", compute="_compute_use_count")
    search_text = fields.Text(
        compute="_compute_search_text", store=True, index="trigram",
        help="Normalised title, keywords, symptom and solution, for the suggestions.",
    )

    @api.depends("applied_order_ids")
    def _compute_use_count(self):
        counts = {}
        ids = self._origin.ids
        if ids:
            self.flush_model(["applied_order_ids"])
            rows = self.env.execute_query(SQL(
                "SELECT solution_id, COUNT(*) FROM crm_service_order_solution_applied_rel "
                "WHERE solution_id IN %s GROUP BY solution_id",
                tuple(ids),
            ))
            counts = dict(rows)
        for solution in self:
            solution.use_count = counts.get(solution._origin.id, 0)

    @api.depends("name", "keywords", "symptom", "body")
    def _compute_search_text(self):
        for solution in self:
            parts = [
                solution.name,
                solution.keywords,
                html2plaintext(solution.symptom or ""),
                html2plaintext(solution.body or ""),
            ]
            solution.search_text = text_match.normalize(" ".join(p for p in parts if p))

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def _check_publish_right(self, vals):
        """Only service managers publish or hand an article to another author; the
        record rules alone cannot say so (write rules look at the row before the
        write)."""
        if self.env.su or self.env.user.has_group("crm_service.group_crm_service_manager"):
            return
        if vals.get("state") == "published" or (
            vals.get("author_id") and vals["author_id"] != self.env.uid
        ):
            raise AccessError(
                self.env._("Only service managers can publish articles or change their author.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_publish_right(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_publish_right(vals)
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_publish(self):
        self._check_publish_right({"state": "published"})
        self.write({"state": "published"})
        return True

    def action_set_draft(self):
        self._check_publish_right({"state": "published"})  # same right: managers only
        self.write({"state": "draft"})
        return True

    def action_apply_to_order(self):
        """Button of the suggestion list on a service order (the order's id comes in
        the context): post the article on the order's chatter and count the use."""
        self.ensure_one()
        order_id = self.env.context.get("crm_service_order_id")
        if not order_id:
            raise UserError(self.env._("Open the article from a service order to apply it."))
        order = self.env["crm.service.order"].browse(order_id)
        order._service_apply_solution(self)
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _service_chatter_body(self):
        self.ensure_one()
        body = Markup("<p><b>%s</b> %s</p>") % (self.env._("Solution applied:"), self.name)
        if self.body:
            body += Markup(self.body)
        return body

    @api.model
    def _service_suggest(self, company, problem_type, product, text, limit=5, candidates=50):
        """Published articles best matching a category, a product and free text.

        One query picks at most ``candidates`` rows, cheaply pre-ranked in SQL (the
        category, the product and how many of the text's top terms the article holds,
        the ILIKEs served by the trigram index on search_text); Python then scores
        those few exactly with text_match. Record rules apply (``_search``), so other
        companies' articles and other people's drafts never come back.
        """
        tokens = text_match.tokenize(text)
        terms = text_match.query_terms(tokens)
        branches = []
        if problem_type:
            branches.append([("problem_type_id", "=", problem_type.id)])
        if product:
            branches.append([("product_ids", "in", product.ids)])
        branches.extend([("search_text", "ilike", term)] for term in terms)
        if not branches:
            return self.browse()
        domain = [
            ("state", "=", "published"),
            ("company_id", "in", [company.id, False]),
        ] + ["|"] * (len(branches) - 1)
        for branch in branches:
            domain += branch
        query = self._search(domain)
        table = query.table
        rank = [SQL_ZERO]
        if problem_type:
            rank.append(
                SQL("(CASE WHEN %s = %s THEN 3 ELSE 0 END)",
                    SQL.identifier(table, "problem_type_id"), problem_type.id)
            )
        if product:
            rank.append(
                SQL(
                    "(CASE WHEN EXISTS (SELECT 1 FROM crm_service_solution_product_rel r "
                    "WHERE r.solution_id = %s AND r.product_id IN %s) THEN 2 ELSE 0 END)",
                    SQL.identifier(table, "id"), tuple(product.ids),
                )
            )
        rank.extend(
            SQL("(CASE WHEN %s ILIKE %s THEN 1 ELSE 0 END)",
                SQL.identifier(table, "search_text"), "%" + term + "%")
            for term in terms
        )
        query.order = SQL("%s DESC, %s DESC", SQL(" + ").join(rank), SQL.identifier(table, "id"))
        query.limit = candidates
        found = self.browse(query.get_result_ids())
        scored = []
        for solution in found:
            score = text_match.match_score(
                tokens,
                text_match.tokenize(solution.search_text),
                same_category=bool(problem_type) and solution.problem_type_id == problem_type,
                same_product=bool(product) and bool(solution.product_ids & product),
            )
            if score > 0:
                scored.append((score, solution.id, solution))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        return self.browse([item[1] for item in scored[:limit]])
