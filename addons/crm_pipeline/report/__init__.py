# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import crm_stage_duration_report, crm_win_rate_report, crm_funnel_report
from . import crm_sales_activity_report
