# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Service",
    "version": "18.0.2.0.0",
    "category": "Services/Service",
    "summary": "After-sales service desk: requests from every channel, routing, SLA "
    "escalation chains, parts and labour through Odoo's repair app, invoicing, portal, "
    "satisfaction and knowledge base",
    "description": """
After-sales service on the same customer master as sales. A request (phone, e-mail
alias per team, portal, public web form, counter) becomes a numbered service order
routed by its category to a service team and, by least load or round robin on the
team's working calendar and time off, to a technician; stages per team on a dispatch
board; SLA deadlines on the working calendar with a configurable escalation chain.

Parts and billable work go through Odoo's own repair app (repair.order consumes parts
as real stock moves with lots and serials and quotes through a sale.order, which Odoo
invoices) rather than a parallel stock or invoice model; this addon adds labour lines
and a per-line warranty to it. Satisfaction uses Odoo's rating, the portal Odoo's
portal, time off Odoo's resource leaves and departments hr.department (hence hr).
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
        "security/crm_service_repair_security.xml",
        "security/crm_service_report_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/crm_service_problem_type_data.xml",
        "data/crm_service_stage_data.xml",
        "data/crm_service_sla_data.xml",
        "data/crm_service_problem_type_knowledge_data.xml",
        "data/crm_service_portal_data.xml",
        "data/mail_template_data.xml",
        "data/product_product_data.xml",
        "wizard/crm_service_quality_fail_views.xml",
        "wizard/crm_service_report_export_views.xml",
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
        "report/crm_service_report_views.xml",
        "views/crm_service_menus.xml",
        "views/crm_service_sla_menus.xml",
        "views/crm_service_knowledge_menus.xml",
        "views/crm_service_report_menus.xml",
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
