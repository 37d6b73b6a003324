# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Service",
    "version": "18.0.2.0.0",
    "category": "Services/Service",
    "summary": "Service orders: customer requests by phone, e-mail, portal or walk-in, "
    "assigned to technicians and followed to completion",
    "description": """
After-sales service on the same customer master as sales. A customer's request (by
phone, e-mail, portal or at the counter) becomes a numbered service order with a
problem type and a priority; it is assigned to a technician, started and closed through
a guarded workflow, with a chatter for the exchanges. Technicians see their own and the
unassigned orders, service managers see all; every customer shows its service orders.
""",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_leads", "repair", "sale_stock", "account", "portal", "rating", "hr"],
    "data": [
        "security/crm_service_security.xml",
        "security/crm_service_portal_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/crm_service_problem_type_data.xml",
        "data/crm_service_stage_data.xml",
        "data/crm_service_portal_data.xml",
        "data/mail_template_data.xml",
        "wizard/crm_service_quality_fail_views.xml",
        "views/crm_service_order_views.xml",
        "views/crm_service_team_views.xml",
        "views/crm_service_stage_views.xml",
        "views/crm_service_problem_type_views.xml",
        "views/res_partner_views.xml",
        "views/crm_service_aftercare_views.xml",
        "views/crm_service_portal_templates.xml",
        "views/crm_service_request_templates.xml",
        "views/crm_service_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_service_team_demo.xml",
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
