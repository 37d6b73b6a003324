from . import test_forecast, test_stage_history, test_stage_history_security
from . import test_stage_approval, test_stage_approval_ui, test_stage_probability
from . import test_stale_opportunities
from . import test_lead_sale, test_receivables, test_form_query_count
from . import test_sales_plan
from . import test_sales_expense
from . import test_pipeline_analysis, test_stale_digest
from . import test_sales_activity_report
from . import test_caller_card
