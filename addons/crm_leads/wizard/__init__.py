from . import crm_lead_convert
from . import crm_lead_import_column
from . import crm_lead_import
