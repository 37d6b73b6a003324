# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Service",
    "version": "18.0.2.0.0",
    "category": "Services/Service",
    "summary": "Service orders: customer requests by phone, e-mail, portal or walk-in, "
    "assigned to technicians and followed to completion",
    "description": """
After-sales service on the same customer master as sales. A request (phone, e-mail
alias per team, portal, web form, counter) becomes a numbered service order routed by
its problem type to a service team and, by least load or round robin on the team's
working calendar and time off, to a technician; stages per team on a dispatch board,
re-dispatches logged, the customer's 360 degree form showing its service history.
Parts and billable work go through Odoo's own repair, stock and sale apps.
""",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_leads", "repair", "sale_stock", "account", "portal", "rating", "hr"],
    "data": [
        "security/crm_service_security.xml",
        "security/crm_service_sla_security.xml",
        "security/crm_service_knowledge_security.xml",
        "security/crm_service_portal_security.xml",
        "security/ir.model.access.csv",
        "security/crm_service_repair_security.xml",
        "data/ir_sequence_data.xml",
        "data/crm_service_problem_type_data.xml",
        "data/crm_service_stage_data.xml",
        "data/crm_service_sla_data.xml",
        "data/crm_service_problem_type_knowledge_data.xml",
        "data/crm_service_portal_data.xml",
        "data/mail_template_data.xml",
        "data/product_product_data.xml",
        "wizard/crm_service_quality_fail_views.xml",
        "views/crm_service_order_views.xml",
        "views/crm_service_team_views.xml",
        "views/crm_service_stage_views.xml",
        "views/crm_service_problem_type_views.xml",
        "views/crm_service_labour_views.xml",
        "views/crm_service_order_repair_views.xml",
        "views/repair_order_views.xml",
        "views/repair_order_location_views.xml",
        "views/res_partner_views.xml",
        "views/crm_service_sla_policy_views.xml",
        "views/crm_service_order_sla_views.xml",
        "views/crm_service_solution_views.xml",
        "views/crm_service_root_cause_views.xml",
        "views/crm_service_order_knowledge_views.xml",
        "views/crm_service_aftercare_views.xml",
        "views/crm_service_portal_templates.xml",
        "views/crm_service_request_templates.xml",
        "report/crm_service_order_report.xml",
        "report/crm_service_order_templates.xml",
        "report/repair_templates_repair_order.xml",
        "views/crm_service_menus.xml",
        "views/crm_service_sla_menus.xml",
        "views/crm_service_knowledge_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_service_product_demo.xml",
        "demo/crm_service_team_demo.xml",
        "demo/crm_service_sla_demo.xml",
        "demo/crm_service_knowledge_demo.xml",
        "demo/crm_service_order_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_service/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
