# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    crm_service_problem_type,
    crm_service_stage,
    crm_service_team,
    crm_service_order,
    res_partner,
    res_partner_caller_card,
    stock_lot,
)
from . import crm_service_order_portal, crm_service_order_rating, crm_service_order_followup
from . import crm_service_order_quality, crm_service_problem_type_followup, crm_service_team_rating
