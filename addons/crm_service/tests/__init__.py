from . import test_res_partner, test_service_order, test_service_order_security, test_ui
from . import test_caller_card, test_service_stage
from . import test_aftercare, test_portal, test_rating, test_service_request_form
