# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import BaseCase, tagged

from ..tools import text_match


@tagged("post_install", "-at_install", "crm_service")
class TestTextMatch(BaseCase):
    def test_chinese_bigrams(self):
        """Chinese has no spaces: runs become overlapping character bigrams."""
        self.assertEqual(text_match.tokenize("打印机卡纸"), ["打印", "印机", "机卡", "卡纸"])
        # Blanks only cut the runs: the same words written apart share their bigrams.
        self.assertEqual(text_match.tokenize("打印机 卡纸 清理"), ["打印", "印机", "卡纸", "清理"])
        self.assertEqual(text_match.tokenize("卡"), ["卡"])

    def test_latin_words(self):
        tokens = text_match.tokenize("The printer shows ERROR E102: paper-jam in tray 2!")
        self.assertEqual(tokens, ["printer", "shows", "error", "e102", "paper", "jam", "tray", "2"])

    def test_mixed_and_width_folding(self):
        """Full-width latin (common in Chinese input) folds to ASCII; duplicates go."""
        self.assertEqual(
            text_match.tokenize("ＨＰ打印机 hp 打印机"), ["hp", "打印", "印机"]
        )
        self.assertEqual(text_match.tokenize(""), [])
        self.assertEqual(text_match.tokenize(None), [])

    def test_overlap_and_score(self):
        query = text_match.tokenize("打印机卡纸")
        jam = text_match.tokenize("打印机 卡纸 清理")
        toner = text_match.tokenize("打印机 墨盒 更换")
        self.assertEqual(text_match.token_overlap(query, jam), 0.75)
        self.assertEqual(text_match.token_overlap(query, toner), 0.5)
        self.assertEqual(text_match.token_overlap([], jam), 0.0)
        self.assertGreater(
            text_match.match_score(query, jam), text_match.match_score(query, toner)
        )
        # Category and product weigh in on top of the text.
        self.assertEqual(text_match.match_score(query, [], same_category=True), 3.0)
        self.assertEqual(
            text_match.match_score(query, jam, same_category=True, same_product=True), 8.75
        )

    def test_query_terms_longest_first(self):
        tokens = text_match.tokenize("jam in tray 2 打印机卡纸 laserjet")
        self.assertEqual(text_match.query_terms(tokens, limit=3), ["laserjet", "tray", "jam"])
