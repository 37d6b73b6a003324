# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Streaming readers for lead files (CSV and XLSX) and header recognition.

No ORM here: the import job feeds these generators one batch at a time, so a
100,000-row file never sits in memory as Python rows.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile

# Tried in this order: Excel on Windows writes UTF-8 with a BOM, Chinese
# Excel and WPS write GB18030 (a superset of GBK / GB2312).
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
DELIMITERS = ",;\t|"

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, .doc: not read


class LeadFileError(ValueError):
    """The file cannot be read as a table. ``code`` lets the caller translate."""

    def __init__(self, code, detail=""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


# Import keys and the headers (English and Chinese) that name them. Headers are
# compared after ``header_key``: case, width, spaces and punctuation ignored.
HEADER_SYNONYMS = {
    "name": [
        "name",
        "lead",
        "lead name",
        "lead title",
        "title",
        "subject",
        "opportunity",
        "名称",
        "线索",
        "线索名称",
        "商机",
        "商机名称",
        "主题",
        "标题",
    ],
    "partner_name": [
        "company",
        "company name",
        "organization",
        "organisation",
        "customer",
        "customer name",
        "account",
        "公司",
        "公司名称",
        "客户名称",
        "客户",
        "单位",
        "单位名称",
        "企业名称",
        "企业",
    ],
    "contact_name": [
        "contact",
        "contact name",
        "contact person",
        "full name",
        "person",
        "联系人",
        "姓名",
        "联系人姓名",
        "客户姓名",
    ],
    "email_from": [
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "邮箱",
        "电子邮件",
        "电子邮箱",
        "邮件",
        "邮箱地址",
    ],
    "phone": [
        "phone",
        "telephone",
        "tel",
        "phone number",
        "work phone",
        "office phone",
        "电话",
        "座机",
        "电话号码",
        "固定电话",
        "办公电话",
        "联系电话",
    ],
    "mobile": [
        "mobile",
        "mobile phone",
        "cell",
        "cell phone",
        "cellphone",
        "mobile number",
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
    ],
    "function": [
        "job title",
        "job position",
        "position",
        "function",
        "role",
        "职位",
        "职务",
        "岗位",
        "头衔",
    ],
    "website": ["website", "web site", "url", "web", "网站", "网址", "公司网站"],
    "street": ["street", "address", "street address", "地址", "街道", "详细地址"],
    "city": ["city", "town", "城市", "市"],
    "zip": ["zip", "zip code", "postal code", "postcode", "邮编", "邮政编码"],
    "country": ["country", "country code", "nation", "国家", "国家/地区", "国家地区"],
    "source": ["source", "lead source", "utm source", "来源", "线索来源", "渠道"],
    "description": [
        "notes",
        "note",
        "description",
        "comment",
        "comments",
        "remarks",
        "备注",
        "说明",
        "描述",
        "注释",
    ],
}

# Longest values accepted per key (characters); longer values reject the row.
MAX_LENGTHS = {
    "name": 255,
    "partner_name": 255,
    "contact_name": 255,
    "email_from": 254,
    "phone": 64,
    "mobile": 64,
    "function": 128,
    "website": 255,
    "street": 255,
    "city": 128,
    "zip": 24,
    "country": 64,
    "source": 128,
    "description": 10000,
}

_HEADER_PUNCT = re.compile(r"[\s_\-.:：*()（）/]+", re.UNICODE)


def header_key(header):
    """'E-mail *' and 'email', '电子邮件：' and '电子邮件' give the same key."""
    text = unicodedata.normalize("NFKC", str(header or "")).casefold()
    return _HEADER_PUNCT.sub("", text)


_SYNONYM_INDEX = {
    header_key(synonym): key for key, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms
}


def guess_mapping(headers):
    """Import key per column (or False), each key given to its first column."""
    mapping, used = [], set()
    for header in headers:
        key = _SYNONYM_INDEX.get(header_key(header))
        if key and key not in used:
            used.add(key)
            mapping.append(key)
        else:
            mapping.append(False)
    return mapping


def detect_format(data):
    if not data or not data.strip():
        raise LeadFileError("empty")
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        raise LeadFileError("xls")
    if b"\x00" in data[:4096]:
        # A text file (UTF-16 aside, which spreadsheets do not export by default)
        # never contains NUL bytes: this is a binary file.
        raise LeadFileError("binary")
    return "csv"


def decode_text(data):
    """Text of a CSV file, trying the encodings of ``ENCODINGS`` in turn."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.lstrip("\ufeff")
    raise LeadFileError("encoding")


def _guess_delimiter(text):
    """The separator used most in the header line (a comma if none)."""
    header = text[:4096].split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(counts, key=counts.get)
    return delimiter if counts[delimiter] else ","


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Phones typed in Excel come back as 13800138000.0.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _iter_csv(data):
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_guess_delimiter(text))
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise LeadFileError("csv", str(exc)) from exc


def _iter_xlsx(data):
    # Imported here so that a server without openpyxl still reads CSV files.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LeadFileError("not_spreadsheet", str(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def iter_rows(data):
    """Yield ``(line_number, cells)`` for every non-blank line, header included.

    Line numbers are those a user sees in the file (header = line 1). For a CSV
    with quoted line breaks it is the number of the record, close enough to
    find the row.
    """
    reader = _iter_xlsx(data) if detect_format(data) == "xlsx" else _iter_csv(data)
    for line_number, cells in enumerate(reader, start=1):
        if any(cells):
            yield line_number, cells


def read_header(data, preview_rows=0, count=True):
    """``(headers, preview, total_rows)`` where total counts the data rows.

    Without ``count`` reading stops after the preview (total is then at most
    ``preview_rows``). Raises ``LeadFileError`` for an empty file or a file
    with a header only.
    """
    rows = iter_rows(data)
    first = next(rows, None)
    if first is None:
        raise LeadFileError("empty")
    headers = [str(cell) for cell in first[1]]
    while headers and not headers[-1]:
        headers.pop()
    preview, total = [], 0
    for _line, cells in rows:
        total += 1
        if len(preview) < preview_rows:
            preview.append(cells[: len(headers)])
        elif not count:
            break
    if not total:
        raise LeadFileError("header_only")
    return headers, preview, total


def batches(data, batch_size, skip=0):
    """Lists of at most ``batch_size`` data rows ``(line_number, cells)``.

    The header line is left out; ``skip`` data rows are passed over first (a job
    resumed after an interruption).
    """
    rows = iter_rows(data)
    next(rows, None)
    batch = []
    for index, row in enumerate(rows):
        if index < skip:
            continue
        batch.append(row)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
