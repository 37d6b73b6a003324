# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Telephony helpers in plain Python (standard library only, no ORM).

The AMI bridge runs them in its own process, outside Odoo; the models call them to
originate calls and pause queue members.
"""

from . import ami, originate
