# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# same keys as crm.service.order.priority
SLA_PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class CrmServiceSlaPolicy(models.Model):
    _name = "crm.service.sla.policy"
    _description = "Service SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_ids = fields.Many2many(
        "crm.service.team",
        "crm_service_sla_policy_team_rel",
        "policy_id",
        "team_id",
        string="Teams",
        check_company=True,
        help="Orders of these teams get this SLA; empty for every team.",
    )
    problem_type_ids = fields.Many2many(
        "crm.service.problem.type",
        "crm_service_sla_policy_problem_type_rel",
        "policy_id",
        "problem_type_id",
        string="Problem Categories",
        help="Orders of these categories get this SLA; empty for every category.",
    )
    priority = fields.Selection(
        SLA_PRIORITIES,
        string="Minimum Priority",
        default="0",
        required=True,
        help="Orders of this priority or a higher one get this SLA.",
    )
    target_type = fields.Selection(
        [("response", "Response"), ("resolution", "Resolution")],
        required=True,
        default="resolution",
        help="Response: the order must be assigned or started by the deadline. "
        "Resolution: it must be resolved by the deadline.",
    )
    target_hours = fields.Float(
        "Target (Working Hours)",
        required=True,
        default=8.0,
        help="Working hours on the team's calendar from the request to the deadline; "
        "time in waiting stages does not count.",
    )
    at_risk_ratio = fields.Float(
        "At Risk After",
        default=0.8,
        help="Share of the target after which the order shows as at risk (0.8 = 80%).",
    )
    manager_id = fields.Many2one(
        "res.users",
        "Service Manager",
        check_company=True,
        domain=[("share", "=", False)],
        help="Target of the 'service manager' escalation levels; empty for every "
        "service manager of the company.",
    )
    level_ids = fields.One2many(
        "crm.service.sla.level", "policy_id", "Escalation Levels", copy=True
    )
    level_count = fields.Integer(compute="_compute_level_count")

    _sql_constraints = [
        ("target_hours_positive", "CHECK(target_hours > 0)", "The SLA target must be positive."),
        (
            "at_risk_ratio_range",
            "CHECK(at_risk_ratio > 0 AND at_risk_ratio <= 1)",
            "The at-risk share must be between 0 and 1.",
        ),
    ]

    @api.depends("level_ids")
    def _compute_level_count(self):
        data = self.env["crm.service.sla.level"]._read_group(
            [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
        )
        counts = {policy.id: count for policy, count in data}
        for policy in self:
            policy.level_count = counts.get(policy.id, 0)

    def _matches(self, order):
        """Whether this policy applies to ``order`` (in memory, no query)."""
        self.ensure_one()
        return (
            self.company_id == order.company_id
            and (not self.team_ids or order.team_id in self.team_ids)
            and (not self.problem_type_ids or order.problem_type_id in self.problem_type_ids)
            and (order.priority or "0") >= self.priority
        )


class CrmServiceSlaLevel(models.Model):
    _name = "crm.service.sla.level"
    _description = "Service SLA Escalation Level"
    _order = "policy_id, offset_hours, sequence, id"

    policy_id = fields.Many2one(
        "crm.service.sla.policy", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    offset_hours = fields.Float(
        "Offset (Working Hours)",
        help="When the level fires, in working hours from the deadline: negative "
        "before it (-2 = two working hours before), 0 at the breach, positive after.",
    )
    target = fields.Selection(
        [
            ("assignee", "Assigned Technician"),
            ("team_leader", "Team Leader"),
            ("service_manager", "Service Manager"),
            ("user", "Specific User"),
        ],
        required=True,
        default="assignee",
        help="Who gets the activity. An order without technician goes to the team "
        "leader, a team without leader to the service manager.",
    )
    user_id = fields.Many2one("res.users", domain=[("share", "=", False)])
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False),
        domain=["|", ("res_model", "=", False), ("res_model", "=", "crm.service.order")],
    )
    summary = fields.Char(
        translate=True, help="Summary of the activity; the level's name if empty."
    )

    @api.constrains("target", "user_id")
    def _check_user_id(self):
        for level in self:
            if level.target == "user" and not level.user_id:
                raise ValidationError(
                    self.env._("Escalation level %(name)s needs a user.", name=level.name)
                )
