# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import crm_service_order, crm_service_problem_type, res_partner, res_partner_caller_card
from . import crm_service_order_portal, crm_service_order_rating, crm_service_order_followup
from . import crm_service_order_quality, crm_service_problem_type_followup, crm_service_team_rating
