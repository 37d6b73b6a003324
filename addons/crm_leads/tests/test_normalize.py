# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import BaseCase, tagged

from ..tools.normalize import normalize_company_name


@tagged("post_install", "-at_install", "crm_leads")
class TestNormalizeCompanyName(BaseCase):
    def test_legal_suffixes_case_and_punctuation(self):
        key = normalize_company_name("Beijing ACME Co., Ltd.")
        self.assertEqual(key, "beijingacme")
        self.assertEqual(normalize_company_name("beijing  acme"), key)
        self.assertEqual(normalize_company_name("Beijing-Acme Limited"), key)

    def test_chinese_names(self):
        self.assertEqual(normalize_company_name("北京艾克米科技有限公司"), "北京艾克米科技")
        self.assertEqual(normalize_company_name("北京艾克米科技（有限公司）"), "北京艾克米科技")

    def test_empty(self):
        self.assertFalse(normalize_company_name(""))
        self.assertFalse(normalize_company_name(" ,. "))
        # A name that is only a suffix stays a name.
        self.assertEqual(normalize_company_name("Company"), "company")
