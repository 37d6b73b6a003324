# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CRM Telephony (CTI)",
    "version": "18.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "PBX events, caller-ID screen-pop on the ringing agent's screen, "
    "click-to-dial, agent status, call log and statistics",
    "description": """
Call centre side of the CRM suite. The PBX posts call events (ringing, answered,
held, transferred, hangup, recording) to a versioned JSON endpoint, authenticated
by a hashed token and an optional HMAC signature; events are idempotent and may
arrive out of order. The caller is found through crm_leads' indexed E.164 keys and
the card pops up, over Odoo's bus, only in the browser of the agent whose extension
rings. Click-to-dial originates through a generic HTTP provider or the Asterisk
Manager Interface; an AMI bridge (standard library, its own process) follows
Asterisk calls for PBXs that do not post events. A lookup endpoint lets the PBX ring
the customer's own rep first. Agents sign in and set their status from the systray;
missed calls leave one call-back activity per number; statistics per agent and day.
No OCA module fits: connector-telephony has only base_phone for 18.0 and asks the
PBX for the channel on click; Enterprise voip is a SIP phone without PBX events.
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
