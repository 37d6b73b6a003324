# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure helpers (no ORM) that turn what people type into comparable keys."""

import re
import unicodedata

# Legal-form suffixes ignored when comparing company names. Longest first, so that
# "co., ltd." goes before "co.".
LEGAL_SUFFIXES = sorted(
    [
        "有限责任公司", "股份有限公司", "有限公司", "集团公司", "集团", "公司", "分公司",
        "co ltd", "co., ltd.", "co.,ltd.", "co. ltd.", "company limited", "limited", "ltd",
        "ltd.", "inc", "inc.", "corp", "corp.", "corporation", "llc", "gmbh", "s.a.",
        "sarl", "s.r.l.", "b.v.", "plc", "co", "co.", "company",
    ],
    key=len,
    reverse=True,
)
_TRIM = " ,.;:()[]-&"
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_company_name(name):
    """'Beijing ACME Co., Ltd.' and 'beijing acme' give the same key.

    Case, width (full-width Chinese punctuation), spaces, punctuation and trailing
    legal suffixes are ignored. Returns False for an empty result.
    """
    if not name:
        return False
    # NFKC folds full-width forms: "（有限公司）" becomes "(有限公司)".
    text = unicodedata.normalize("NFKC", name).casefold().strip(_TRIM)
    changed = True
    while changed and text:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].strip(_TRIM)
                changed = True
                break
    key = _PUNCT.sub("", text)
    return key or False
