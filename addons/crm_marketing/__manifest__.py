# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Marketing Campaigns",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Campaign channels, budgets and cost lines on Odoo's UTM campaigns, "
    "with cost per lead",
    "description": """
Marketing side of the CRM suite. Odoo's own utm.campaign gets a channel, a budget
and dated cost lines; the campaign shows what it cost, how many leads carry it and
the cost per lead. Cost figures are visible to the marketing groups only.
""",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": [
        "crm_leads",
        "utm",
        "mass_mailing",
        "mass_mailing_crm",
        "mass_mailing_sale",
        "sale",
    ],
    "data": [
        "security/crm_marketing_security.xml",
        "security/ir.model.access.csv",
        "views/crm_campaign_cost_views.xml",
        "views/utm_campaign_views.xml",
        "views/crm_marketing_menus.xml",
    ],
    "demo": [
        "demo/utm_campaign_demo.xml",
        "demo/crm_campaign_cost_demo.xml",
    ],
    "installable": True,
}
