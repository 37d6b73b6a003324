# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import test_res_partner, test_service_order, test_service_order_security, test_ui
from . import test_caller_card, test_service_stage, test_routing, test_team_security
from . import test_mail_gateway, test_performance
from . import test_service_sla
from . import test_knowledge, test_text_match, test_work_order_report, test_work_order_report_parts
from . import test_aftercare, test_portal, test_rating, test_service_request_form
from . import test_service_repair, test_service_invoice
from . import test_service_report
from . import test_demo
from . import test_repair_form_location
