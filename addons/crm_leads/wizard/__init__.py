from . import crm_lead_convert
