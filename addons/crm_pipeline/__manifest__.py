# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Pipeline",
    "version": "18.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Stage history with durations, fixed stage probabilities for forecasts",
    "description": """
Sales pipeline discipline on top of Odoo's own opportunities. Every stage move of an
opportunity is logged (from stage, to stage, who moved it, when, and how many days it
stayed in the previous stage), so managers see where deals get stuck. Each stage carries
a fixed win probability that weighted forecasts are built on.
Sales expenses are Odoo's own expenses (hr_expense), linked to an opportunity and a
customer, with a budget per salesperson and period: hr_expense already has the manager
approval, the receipts, the journal entries and the reimbursement, so none of that is
rebuilt here.
""",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_leads", "sale_crm", "sale_stock", "account", "hr_expense"],
    "data": [
        "security/crm_pipeline_security.xml",
        "security/ir.model.access.csv",
        "security/crm_sales_plan_security.xml",
        "security/crm_stage_approval_security.xml",
        "security/crm_pipeline_lead_line_security.xml",
        "security/crm_lead_forecast_security.xml",
        "security/crm_expense_security.xml",
        "security/crm_sales_activity_report_security.xml",
        "security/crm_pipeline_report_security.xml",
        "data/ir_cron_data.xml",
        "data/crm_stale_digest_templates.xml",
        "views/crm_lead_stage_history_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_pipeline_lead_line_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_stage_approval_views.xml",
        "views/crm_team_views.xml",
        "views/crm_stage_analysis_views.xml",
        "views/crm_sales_plan_views.xml",
        "views/hr_expense_views.xml",
        "views/crm_expense_budget_views.xml",
        "views/crm_lead_expense_views.xml",
        "report/crm_lead_forecast_views.xml",
        "report/crm_sales_activity_report_views.xml",
        "report/crm_stage_duration_report_views.xml",
        "report/crm_win_rate_report_views.xml",
        "report/crm_funnel_report_views.xml",
        "wizard/crm_forecast_export_views.xml",
        "views/crm_pipeline_menus.xml",
    ],
    "demo": [
        "demo/crm_stage_demo.xml",
        "demo/crm_pipeline_stage_demo.xml",
        "demo/crm_lead_stage_history_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_pipeline/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_pipeline/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
