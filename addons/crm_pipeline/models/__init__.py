# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import crm_lead, crm_lead_stage_history, crm_stage
from . import crm_team, crm_stage_approval, crm_lead_stage_flow, crm_lead_stale
from . import crm_pipeline_lead_line, crm_lead_sale, res_partner, sale_order, account_move
from . import res_company, res_config_settings, sale_order_line
from . import crm_period_mixin, crm_sales_plan, crm_sales_plan_line
from . import crm_lead_forecast
from . import crm_expense_budget, hr_expense, hr_expense_sheet
from . import crm_lead_expense, res_partner_expense
from . import res_partner_caller_card
