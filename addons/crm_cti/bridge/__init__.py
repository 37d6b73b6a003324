# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Asterisk AMI bridge: its own process, standard library only.

Odoo never imports it (the addon's ``__init__`` does not list it); start it with
``python3 <addons>/crm_cti/bridge --help`` (see readme/CONFIGURE.md).
"""
