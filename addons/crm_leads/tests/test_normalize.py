# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import BaseCase, tagged

from ..tools.normalize import core_company_name, normalize_company_name


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


@tagged("post_install", "-at_install", "crm_leads")
class TestCoreCompanyName(BaseCase):
    def test_places_and_trades_left_out(self):
        self.assertEqual(core_company_name("Beijing Acme Technology Co., Ltd."), "acme")
        self.assertEqual(core_company_name("Acme Technologies"), "acme")
        self.assertEqual(core_company_name("北京艾克米科技有限公司"), "艾克米")

    def test_falls_back_on_the_key(self):
        # Nothing distinctive left: the whole key stands in.
        self.assertEqual(core_company_name("Trading Co., Ltd."), "trading")
        self.assertFalse(core_company_name(""))
