# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import crm_lead, crm_lead_stage_history, crm_stage
from . import crm_team, crm_stage_approval, crm_lead_stage_flow
