# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    res_users,
    crm_cti_agent_status_log,
    crm_cti_call,
    crm_cti_disposition,
    crm_cti_event,
    crm_cti_pbx,
    mail_activity,
    res_partner,
)
from . import res_partner_caller_card
