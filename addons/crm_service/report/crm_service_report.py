# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.crm_service_order import PRIORITIES
from ..models.crm_service_stage import STAGE_TYPES

CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("web", "Web Form"),
    ("counter", "Counter"),
]


class CrmServiceReport(models.Model):
    """Service analysis: one row per service order.

    Workload (orders, labour hours), SLA compliance, response and resolution times
    in working hours, satisfaction and defects (root cause, product, department),
    grouped by team, technician, category or period in the pivot and the graph.
    Averages are SQL ``avg()`` over the rows where they apply (``NULL`` elsewhere:
    an unrated order does not count as a 0 rating), never averages of averages.
    The row's id is its order's id; a user reads the rows of the orders they may
    read (the order's own record rules, see ``order_readable``).
    """

    _name = "crm.service.report"
    _description = "Service Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_request desc, id desc"
    # flushed before the view is read
    _depends = {
        "crm.service.order": [
            "name",
            "company_id",
            "team_id",
            "user_id",
            "problem_type_id",
            "product_id",
            "root_cause_id",
            "department_id",
            "commercial_partner_id",
            "channel",
            "priority",
            "stage_id",
            "stage_type",
            "is_closed_stage",
            "date_request",
            "date_resolved",
            "date_first_response",
            "response_hours",
            "resolution_hours",
            "rating_last_value",
        ],
        "crm.service.labour": ["order_id", "hours"],
        "crm.service.order.sla": ["order_id", "status", "date_reached", "deadline"],
    }

    order_id = fields.Many2one("crm.service.order", "Service Order", readonly=True)
    name = fields.Char("Reference", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.service.team", "Service Team", readonly=True)
    user_id = fields.Many2one("res.users", "Technician", readonly=True)
    problem_type_id = fields.Many2one("crm.service.problem.type", "Category", readonly=True)
    product_id = fields.Many2one("product.product", "Equipment", readonly=True)
    root_cause_id = fields.Many2one("crm.service.root.cause", readonly=True)
    department_id = fields.Many2one("hr.department", "Responsible Department", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    stage_id = fields.Many2one("crm.service.stage", readonly=True)
    stage_type = fields.Selection(STAGE_TYPES, readonly=True)
    date_request = fields.Datetime("Requested On", readonly=True)
    date_resolved = fields.Datetime("Resolved On", readonly=True)
    nbr = fields.Integer("# Orders", readonly=True)
    open_count = fields.Integer("# Open", readonly=True)
    resolved_count = fields.Integer("# Resolved", readonly=True, help="Orders resolved or closed.")
    sla_count = fields.Integer("# With SLA", readonly=True)
    breached_count = fields.Integer(
        "# SLA Breached",
        readonly=True,
        help="Orders with an SLA breached: past its deadline, or reached after it.",
    )
    in_time_count = fields.Integer(
        "# SLA Met", readonly=True, help="Orders whose SLAs were all reached in time."
    )
    sla_compliance = fields.Float(
        "SLA Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the decided orders (SLAs all met, or one breached) that met them.",
    )
    response_hours = fields.Float(
        "Response Time (Working Hours)",
        readonly=True,
        aggregator="avg",
        help="Average over the orders that had a response.",
    )
    resolution_hours = fields.Float(
        "Resolution Time (Working Hours)",
        readonly=True,
        aggregator="avg",
        help="Average over the resolved orders.",
    )
    labour_hours = fields.Float(readonly=True)
    rating = fields.Float(
        "Average Rating", readonly=True, aggregator="avg", help="Over the rated orders (1 to 5)."
    )
    satisfaction = fields.Float(
        "Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the rated orders whose customer was satisfied.",
    )
    rated_count = fields.Integer("# Rated", readonly=True)
    order_readable = fields.Boolean(
        compute="_compute_order_readable", search="_search_order_readable"
    )

    @property
    def _table_query(self):
        return SQL("%s %s", self._select(), self._from())

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT o.id AS id,
                   o.id AS order_id,
                   o.name AS name,
                   o.company_id AS company_id,
                   o.team_id AS team_id,
                   o.user_id AS user_id,
                   o.problem_type_id AS problem_type_id,
                   o.product_id AS product_id,
                   o.root_cause_id AS root_cause_id,
                   o.department_id AS department_id,
                   o.commercial_partner_id AS partner_id,
                   o.channel AS channel,
                   o.priority AS priority,
                   o.stage_id AS stage_id,
                   o.stage_type AS stage_type,
                   o.date_request AS date_request,
                   o.date_resolved AS date_resolved,
                   1 AS nbr,
                   (NOT COALESCE(o.is_closed_stage, FALSE))::int AS open_count,
                   (o.stage_type IN ('resolved', 'closed'))::int AS resolved_count,
                   (sla.order_id IS NOT NULL)::int AS sla_count,
                   COALESCE(sla.breached, FALSE)::int AS breached_count,
                   COALESCE(sla.in_time AND NOT sla.breached, FALSE)::int AS in_time_count,
                   CASE WHEN sla.breached THEN 0.0
                        WHEN sla.in_time THEN 100.0 END AS sla_compliance,
                   CASE WHEN o.date_first_response IS NOT NULL
                        THEN o.response_hours END AS response_hours,
                   CASE WHEN o.date_resolved IS NOT NULL
                        THEN o.resolution_hours END AS resolution_hours,
                   COALESCE(labour.hours, 0.0) AS labour_hours,
                   CASE WHEN o.rating_last_value > 0
                        THEN o.rating_last_value END AS rating,
                   CASE WHEN o.rating_last_value > 0
                        THEN CASE WHEN o.rating_last_value >= %(satisfied)s
                                  THEN 100.0 ELSE 0.0 END END AS satisfaction,
                   (COALESCE(o.rating_last_value, 0) > 0)::int AS rated_count
            """,
            satisfied=RATING_LIMIT_SATISFIED,
        )

    @api.model
    def _from(self):
        # Labour and SLA rows are aggregated once per order in a grouped sub-select
        # joined on the order, not by a correlated query per row. The SLAs of a
        # cancelled order are left out, as in the order's own SLA summary.
        return SQL(
            """
              FROM crm_service_order o
              LEFT JOIN (
                    SELECT labour.order_id, SUM(labour.hours) AS hours
                      FROM crm_service_labour labour
                     GROUP BY labour.order_id
              ) labour ON labour.order_id = o.id
              LEFT JOIN (
                    SELECT sla.order_id,
                           bool_or(sla.status = 'breached'
                                   OR COALESCE(sla.date_reached > sla.deadline, FALSE))
                               AS breached,
                           bool_and(sla.date_reached IS NOT NULL
                                    AND (sla.deadline IS NULL
                                         OR sla.date_reached <= sla.deadline)) AS in_time
                      FROM crm_service_order_sla sla
                     GROUP BY sla.order_id
              ) sla ON sla.order_id = o.id AND o.stage_type IS DISTINCT FROM 'cancelled'
            """
        )

    @api.depends_context("uid")
    def _compute_order_readable(self):
        # the access check computes this as superuser (filtered_domain on sudo
        # records): ask the order's rules as the user themselves
        orders = self.order_id.with_env(self.env(su=False))
        readable = set(orders._filtered_access("read")._ids)
        for row in self:
            row.order_readable = row.order_id.id in readable

    def _search_order_readable(self, operator, value):
        """Rows of the orders the user may read, whatever the order's rules are
        (technician and team, reviewer, customer, company): record rules are
        evaluated as superuser, so the orders are searched as the user themselves."""
        if operator not in ("=", "!="):
            raise UserError(self.env._("Access fields are searched with = or != only."))
        orders = self.env["crm.service.order"].with_env(self.env(su=False))._search([])
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", orders)]
