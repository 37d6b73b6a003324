# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure helpers (no ORM) that turn what people type into comparable keys."""

import functools
import re
import unicodedata

import phonenumbers

# Legal-form suffixes ignored when comparing company names. Longest first, so that
# "co., ltd." goes before "co.".
LEGAL_SUFFIXES = sorted(
    [
        "有限责任公司",
        "股份有限公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "分公司",
        "co ltd",
        "co., ltd.",
        "co.,ltd.",
        "co. ltd.",
        "company limited",
        "limited",
        "ltd",
        "ltd.",
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "llc",
        "gmbh",
        "s.a.",
        "sarl",
        "s.r.l.",
        "b.v.",
        "plc",
        "co",
        "co.",
        "company",
    ],
    key=len,
    reverse=True,
)
_TRIM = " ,.;:()[]-&"
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


# Words that half of all company names share: places and trades. Two names that
# differ only by them are no nearer for it, and a trigram index cannot narrow a
# search on them, so the near-name key leaves them out.
GENERIC_WORDS = frozenset(
    """
    beijing shanghai guangzhou shenzhen tianjin chongqing hangzhou nanjing suzhou
    chengdu wuhan xian xiamen qingdao ningbo dongguan foshan hong kong hongkong china
    chinese international global asia trading trade technology technologies tech
    industrial industry industries group holding holdings service services solutions
    systems electronics electronic manufacturing logistics import export development
    consulting software network engineering materials equipment machinery products
    enterprise enterprises commercial company co corporation limited ltd inc
    """.split()
)
GENERIC_CN = sorted(
    """
    北京 上海 广州 深圳 天津 重庆 杭州 南京 苏州 成都 武汉 西安 厦门 青岛 宁波 东莞 佛山 香港
    中国 国际 环球 信息技术 科技 技术 贸易 商贸 实业 工业 集团 控股 服务 电子 制造 物流 进出口
    发展 咨询 软件 网络 工程 材料 设备 机械 产品 企业 商务
    """.split(),
    key=len,
    reverse=True,
)


def core_company_name(name):
    """The distinctive part of a company name, for near-name (trigram) matching.

    'Beijing Acme Technology Co., Ltd.' and '北京艾克米科技有限公司' give 'acme' and
    '艾克米'. Falls back on the full key when nothing distinctive would be left.
    """
    key = normalize_company_name(name)
    if not key:
        return False
    text = unicodedata.normalize("NFKC", name).casefold()
    words = [w for w in _PUNCT.split(text) if w and w not in GENERIC_WORDS]
    core = normalize_company_name(" ".join(words)) or ""
    changed = True
    while changed and core:
        changed = False
        for word in GENERIC_CN:
            if core.startswith(word) or core.endswith(word):
                stripped = core[len(word) :] if core.startswith(word) else core[: -len(word)]
                if not stripped:
                    break
                core, changed = stripped, True
                break
    return core if len(core) >= 2 else key


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


# Near names: a core of at least this many characters also matches cores one typo
# away (a character missing, added, changed or two swapped). Shorter cores, such as
# most Chinese brands of two or three characters, only match exactly: "华为" and
# "华丰" are two companies, not a typo.
FUZZY_MIN_LENGTH = 5


def name_variants(core):
    """The strings one deletion away from ``core``: two cores within one edit of
    each other share one of them, or one is a variant of the other.

    Mirrors the SQL function ``crm_leads_name_variants`` that the near-name index
    is built on; both must give the same strings.
    """
    if not core:
        return []
    return sorted({core[:i] + core[i + 1 :] for i in range(len(core))})


# ------------------------------------------------------------
# PHONE NUMBERS
# ------------------------------------------------------------

# E.164 numbers have at most 15 digits; a longer input, even with spaces,
# punctuation and an extension, is not a phone number and is not parsed.
PHONE_MAX_LENGTH = 64


def phone_key(number, country_code):
    """The E.164 key of a phone number typed in any format, or False.

    ``country_code`` (ISO 3166 alpha-2: the record's country, else the
    company's) reads national formats: "010 6243 6040" with "CN" gives
    "+861062436040". Every number that is *possible* for its country gets a
    key, that is every number whose length fits the country's numbering plan,
    even if libphonenumber does not know its prefix: its metadata lags the
    ranges operators open (a new Brussels exchange, a new block of Chinese
    mobiles), and a real customer without a key is never found by caller ID,
    phone search or the duplicate check. Odoo's ``phone_format`` refuses such
    numbers, so it is not used for keys.

    A subscriber number without its area code ("possible local only"), an
    unknown country prefix and text without digits get no key. For numbers
    libphonenumber calls valid, the key is the one ``phone_format(...,
    force_format="E164")`` gives, so keys stored before stay the same.
    """
    return phone_key_details(number, country_code)[0]


def phone_key_details(number, country_code):
    """``(key, valid)``: ``phone_key`` and whether libphonenumber also calls the
    number valid (its prefix is in the metadata, so it is a complete number)."""
    if not number:
        return False, False
    if not isinstance(number, str):
        number = str(number)
    return _phone_key_details(number.strip(), country_code or None)


@functools.lru_cache(maxsize=16384)
def _phone_key_details(number, region):
    # Memoised: a file import or a PBX replay sees the same numbers many times,
    # and parsing is the costly part of computing the keys.
    if not number or len(number) > PHONE_MAX_LENGTH:
        return False, False
    phone, reason = _parse_phone(number, region)
    if reason == phonenumbers.ValidationResult.TOO_LONG and not number.startswith("+"):
        # "0032 2..." or "32 2..." typed for "+32 2...", as phone_validation reads it.
        digits = number.lstrip("0") if number.startswith("00") else number
        phone, reason = _parse_phone(f"+{digits}", region)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        return False, False
    key = phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.E164)
    return key, phonenumbers.is_valid_number(phone)


def _parse_phone(number, region):
    """``(PhoneNumber, ValidationResult)``, or ``(None, None)`` for text."""
    try:
        phone = phonenumbers.parse(number, region)
        # Formatted internationally and parsed again, as phone_validation does,
        # so that the metadata patches Odoo applies shape the number the same way.
        international = phonenumbers.format_number(
            phone, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        phone = phonenumbers.parse(international, region)
    except phonenumbers.NumberParseException:
        return None, None
    return phone, phonenumbers.is_possible_number_with_reason(phone)
