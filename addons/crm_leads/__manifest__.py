# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Leads and Customer Master",
    "version": "18.0.2.2.0",
    "category": "Sales/CRM",
    "summary": "One customer master: normalised phone and e-mail keys, lead capture, "
    "duplicate and rep-collision control",
    "description": """
The base of the CRM suite. It extends Odoo's own res.partner and crm.lead so that
every other addon finds a customer by any spelling of a phone number: numbers are
stored in E.164 form (national formats resolved with the record's or the company's
country) in indexed columns, next to the normalised e-mail Odoo already keeps.
""",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm", "contacts", "phone_validation", "mail", "base_import", "calendar", "utm"],
    "external_dependencies": {"python": ["phonenumbers", "xlsxwriter"]},
    "data": [
        "security/crm_leads_security.xml",
        "security/crm_lead_form_security.xml",
        "security/ir.model.access.csv",
        "security/crm_assignment_rule_security.xml",
        "security/crm_lead_import_job_security.xml",
        "security/res_partner_security.xml",
        "security/crm_company_relation_security.xml",
        "security/crm_collision_request_security.xml",
        "data/ir_cron_data.xml",
        "data/res_partner_data.xml",
        "data/crm_lead_form_data.xml",
        "wizard/crm_lead_import_views.xml",
        "views/crm_lead_import_job_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "wizard/crm_lead_convert_views.xml",
        "views/crm_assignment_rule_views.xml",
        "views/crm_lead_conversion_map_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_profile_views.xml",
        "views/crm_contact_policy_views.xml",
        "views/crm_partner_owner_log_views.xml",
        "views/res_config_settings_customer_pool_views.xml",
        "views/crm_lead_form_templates.xml",
        "views/crm_lead_form_views.xml",
        "views/crm_lead_duplicate_views.xml",
        "views/crm_collision_request_views.xml",
        "views/crm_leads_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_leads/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
