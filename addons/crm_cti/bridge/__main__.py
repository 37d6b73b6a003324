# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``python3 <addons>/crm_cti/bridge --ami-host ... --odoo-url ...``"""

import sys

if __package__:
    from .ami_bridge import main
else:  # python3 <addons>/crm_cti/bridge: this folder is sys.path[0]
    from ami_bridge import main

if __name__ == "__main__":
    sys.exit(main())
