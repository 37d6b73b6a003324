# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    crm_service_problem_type,
    crm_service_stage,
    crm_service_team,
    crm_service_order,
    crm_service_order_routing,
    crm_service_order_dispatch,
    crm_service_order_mail,
    res_partner,
    res_partner_caller_card,
    stock_lot,
)
from . import resource_calendar_sla, crm_service_sla_policy, crm_service_order_sla
from . import crm_service_root_cause, crm_service_solution, crm_service_order_knowledge
from . import crm_service_problem_type_knowledge
from . import crm_service_order_portal, crm_service_order_rating, crm_service_order_followup
from . import crm_service_order_quality, crm_service_team_rating
from . import crm_service_labour, crm_service_order_repair, repair_order, stock_move
from . import crm_service_order_analysis, crm_service_order_sla_analysis
