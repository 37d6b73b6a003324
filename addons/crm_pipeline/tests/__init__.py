from . import test_stage_history, test_stage_history_security
