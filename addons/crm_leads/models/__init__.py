from . import crm_contact_key_mixin
from . import res_partner
from . import crm_lead
from . import crm_lead_duplicate
from . import res_partner_duplicate
