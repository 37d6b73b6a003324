# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo's command line started from a file, for run.py.

With ``python -m odoo`` the multi-process server restarts its gevent (websocket)
process as ``python .../odoo/__main__.py gevent``, which cannot import, and then
tries again every second: a CPU drain during a load test. From this file the
gevent process starts like the workers.
"""

from odoo.cli.command import main

if __name__ == "__main__":
    main()
