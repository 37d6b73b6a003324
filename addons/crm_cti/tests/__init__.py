# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_ami_bridge,
    test_ami_tools,
    test_call_matching,
    test_cti_security,
    test_dial_status,
    test_endpoint,
    test_events,
    test_websocket,
    test_extension,
    test_originate_http,
)
from . import test_caller_card
from . import test_screen_pop
from . import test_agent_stat
from . import test_ui
