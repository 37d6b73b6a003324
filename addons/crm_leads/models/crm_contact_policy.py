# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression

CUSTOMER_TYPES = [
    ("potential", "Potential"),
    ("normal", "Normal"),
    ("vip", "VIP"),
    ("agent", "Agent"),
    ("partner", "Partner"),
    ("invalid", "Invalid"),
]
LEVELS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]


class CrmContactPolicy(models.Model):
    """How often an owned customer must be contacted, and when it goes dormant.

    The most specific active policy wins: one matching both the customer type
    and the value level, then the type only, then the level only, then a
    policy with neither (the company default).
    """

    _name = "crm.contact.policy"
    _description = "Customer Contact Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    customer_type = fields.Selection(
        CUSTOMER_TYPES, help="Leave empty to apply to every customer type."
    )
    value_level = fields.Selection(LEVELS, help="Leave empty to apply to every value level.")
    revisit_days = fields.Integer(
        "Revisit Every (days)",
        default=30,
        help="The owner gets an activity when a customer was not contacted for "
        "this many days. 0 disables revisit reminders.",
    )
    dormant_days = fields.Integer(
        default=90,
        help="A customer not contacted for this many days is dormant: its owner "
        "is warned. 0 disables dormancy.",
    )
    grace_days = fields.Integer(
        default=15,
        help="Days after the dormancy warning before the customer is released to the public pool.",
    )

    _sql_constraints = [
        (
            "days_positive",
            "CHECK(revisit_days >= 0 AND dormant_days >= 0 AND grace_days >= 0)",
            "Policy days cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        policies._recompute_partner_dates()
        return policies

    def write(self, vals):
        domain_before = self._partner_domain()
        res = super().write(vals)
        if {"active", "company_id", "customer_type", "value_level", "sequence"} & set(vals):
            self._recompute_partner_dates(domain_before)
        elif {"revisit_days", "dormant_days", "grace_days"} & set(vals):
            self._recompute_partner_dates()
        return res

    def unlink(self):
        domain = self._partner_domain()
        res = super().unlink()
        self.env["res.partner"]._crm_recompute_contact_dates(domain)
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _partner_domain(self):
        """Domain of the customers whose dates may depend on these policies."""
        domains = []
        for policy in self.with_context(active_test=False):
            domain = []
            if policy.customer_type:
                domain.append(("crm_customer_type", "=", policy.customer_type))
            if policy.value_level:
                domain.append(("crm_value_level", "=", policy.value_level))
            domains.append(domain or [(1, "=", 1)])
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _recompute_partner_dates(self, extra_domain=None):
        domain = self._partner_domain()
        if extra_domain:
            domain = expression.OR([domain, extra_domain])
        self.env["res.partner"]._crm_recompute_contact_dates(domain)

    @api.model
    def _crm_policy_for(self, partners):
        """Map each partner to its policy (or an empty recordset), in one query."""
        # sudo: crm.contact.policy - configuration read to compute dates of any user's customers
        policies = self.sudo().search([])
        result = {}
        for partner in partners:
            company = partner.company_id or self.env.company
            candidates = policies.filtered(
                lambda p, company=company: not p.company_id or p.company_id == company
            )
            best, best_score = self.browse(), -1
            for policy in candidates:
                if policy.customer_type and policy.customer_type != partner.crm_customer_type:
                    continue
                if policy.value_level and policy.value_level != partner.crm_value_level:
                    continue
                score = (2 if policy.customer_type else 0) + (1 if policy.value_level else 0)
                if score > best_score:
                    best, best_score = policy, score
            result[partner.id] = best
        return result
