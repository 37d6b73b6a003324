# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Telephony (CTI)",
    "version": "18.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "PBX connection and call log matched to customers and leads by phone number",
    "description": """
Call centre side of the CRM suite. A PBX record holds the secret the telephone
system authenticates with; every call is logged with its number normalised to
E.164 and matched, through the suite's indexed phone keys, to the customer and
the lead it came from. Agents carry an extension on their user.
""",
    "author": "CRM Suite contributors",
    "website": "https://github.com/crm-suite/crm-suite",
    "license": "LGPL-3",
    "depends": ["crm_leads", "phone_validation", "bus", "mail", "web"],
    "data": [
        "security/crm_cti_security.xml",
        "security/ir.model.access.csv",
        "security/crm_cti_agent_stat_security.xml",
        "data/crm_cti_data.xml",
        "wizard/crm_cti_pbx_token_views.xml",
        "views/crm_cti_pbx_views.xml",
        "views/crm_cti_event_views.xml",
        "views/crm_cti_call_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/crm_cti_menus.xml",
        "views/crm_cti_board_views.xml",
        "views/crm_cti_agent_stat_views.xml",
    ],
    "demo": [
        "demo/crm_cti_pbx_demo.xml",
        "demo/crm_cti_call_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_cti/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_cti/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
