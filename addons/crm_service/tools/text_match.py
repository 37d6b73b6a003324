# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure helpers (no ORM) to match a service order's text against solution articles.

Chinese is written without spaces, so words cannot be split on blanks: every run of
CJK characters becomes its overlapping character bigrams ("打印机卡纸" gives 打印, 印机,
机卡, 卡纸), which is the usual dictionary-free way to index Chinese and matches
"打印机 卡纸" as well as "打印机卡纸". Latin text gives lowercase words (digits kept:
error codes such as "e102" are the best keys), without a few English stop words.
"""

import re
import unicodedata

# CJK Unified Ideographs (+ extension A and compatibility ideographs), kana, hangul.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_RE = re.compile(rf"[{_CJK}]")

STOP_WORDS = frozenset(
    """
    a an and are as at be but by can cannot do does for from has have how i if in into
    is it its no not of on or our so than that the then there this to was we were when
    what which will with you your
    """.split()
)


def normalize(text):
    """Lowercase, width-folded (full-width ＡＢＣ１ -> abc1) text."""
    return unicodedata.normalize("NFKC", text or "").lower()


def tokenize(text):
    """Ordered, de-duplicated tokens of ``text``: CJK bigrams and latin words.

    A lone CJK character between non-CJK text stays a one-character token, so that a
    single ideograph still matches.
    """
    tokens = []
    for run in _TOKEN_RE.findall(normalize(text)):
        if _CJK_RE.match(run):
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif len(run) > 1 and run not in STOP_WORDS:
            tokens.append(run)
        elif run.isdigit():
            tokens.append(run)
    return list(dict.fromkeys(tokens))


def token_overlap(query_tokens, doc_tokens):
    """Share of the query's tokens found in the document, between 0.0 and 1.0."""
    query = set(query_tokens)
    if not query:
        return 0.0
    return len(query & set(doc_tokens)) / len(query)


def query_terms(tokens, limit=8):
    """The tokens worth a database filter: longest first (more specific), at most
    ``limit``; ties keep their order in the text."""
    ranked = sorted(enumerate(tokens), key=lambda item: (-len(item[1]), item[0]))
    return [token for _index, token in ranked[:limit]]


def match_score(
    query_tokens,
    doc_tokens,
    same_category=False,
    same_product=False,
    category_weight=3.0,
    product_weight=2.0,
    text_weight=5.0,
):
    """Category match + product match + token overlap, as one comparable number."""
    return (
        (category_weight if same_category else 0.0)
        + (product_weight if same_product else 0.0)
        + text_weight * token_overlap(query_tokens, doc_tokens)
    )
