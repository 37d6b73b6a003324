# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import crm_cti_call, crm_cti_pbx, res_partner, res_users
from . import res_partner_caller_card
