"""Reading an office's list: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or XLSX, into a DataFrame
of stripped strings whose columns are the canonical names (the header of data/sites.csv).

Chinese and English header variants map to the canonical names without configuration;
columns that match nothing are reported, never silently dropped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

import charset_normalizer
import pandas as pd
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from loaders.errors import UnusableFile

CANONICAL_COLUMNS = (
    "external_id", "name", "alternate_name", "category", "organization", "description", "address",
    "district_code", "district", "street_code", "street", "community_code", "community", "lon", "lat",
    "location_precision", "phone", "website", "email", "hours", "hours_note", "min_age", "max_age",
    "eligibility", "languages", "accessibility", "fee_free", "fees", "status", "assured_date", "provenance",
    "service_area",
)

# Header variants seen in offices' lists. Keys are compared after _header_key().
SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": ("编号", "编码", "id", "机构编号", "站点编号", "唯一编号", "机构编码", "站点编码", "外部编号"),
    "name": ("名称", "机构名称", "站点名称", "服务点名称", "单位名称", "场所名称", "阵地名称", "机构"),
    "alternate_name": ("别名", "简称", "其他名称", "又名"),
    "category": ("类别", "服务类型", "类型", "分类", "机构类型", "服务类别", "站点类型"),
    "organization": ("主管部门", "主管单位", "所属部门", "所属系统", "部门"),
    "description": ("服务内容", "服务项目", "简介", "描述", "说明", "机构简介"),
    "address": ("地址", "详细地址", "所在地址", "机构地址", "服务地址", "地点"),
    "district_code": ("区代码", "区编码", "行政区划代码", "区划代码"),
    "district": ("所属区", "区", "行政区", "辖区", "所在区"),
    "street_code": ("街道代码", "街道编码"),
    "street": ("街道", "所属街道", "街道办", "所在街道"),
    "community_code": ("社区代码", "社区编码"),
    "community": ("社区", "所属社区", "所在社区", "居委会"),
    "lon": ("经度", "longitude", "lng", "long"),
    "lat": ("纬度", "latitude"),
    "location_precision": ("定位精度", "位置精度", "precision"),
    "phone": ("联系电话", "电话", "服务电话", "咨询电话", "联系方式", "电话号码", "phones", "telephone"),
    "website": ("网址", "网站", "官网", "url"),
    "email": ("邮箱", "电子邮箱", "e-mail", "mail"),
    "hours": ("开放时间", "服务时间", "营业时间", "办公时间", "opening_hours"),
    "hours_note": ("时间说明", "开放时间说明", "开放时间备注"),
    "min_age": ("最小年龄", "最低年龄", "年龄下限"),
    "max_age": ("最大年龄", "最高年龄", "年龄上限"),
    "eligibility": ("服务对象", "适用对象", "服务人群"),
    "languages": ("语言", "服务语言"),
    "accessibility": ("无障碍", "无障碍设施"),
    "fee_free": ("是否免费", "免费"),
    "fees": ("收费", "收费标准", "费用"),
    "status": ("状态", "运营状态", "开放状态"),
    "assured_date": ("核实日期", "更新日期", "最后核实日期", "核验日期", "核实时间", "verified"),
    "provenance": ("来源", "数据来源"),
    "service_area": ("服务范围", "服务区域", "服务辖区", "service_area_kind"),
}

_HEADER_NOISE = re.compile(r"[\s_\-*＊:：()（）\[\]【】]|必填|选填")


def _header_key(header: str) -> str:
    return _HEADER_NOISE.sub("", str(header).strip().lower())


HEADER_MAP: dict[str, str] = {}
for _canonical in CANONICAL_COLUMNS:
    HEADER_MAP[_header_key(_canonical)] = _canonical
for _canonical, _variants in SYNONYMS.items():
    for _variant in _variants:
        HEADER_MAP[_header_key(_variant)] = _canonical


@dataclass
class Table:
    """The rows as strings under canonical column names; `row_numbers[i]` is row i's Excel row."""

    frame: pd.DataFrame
    row_numbers: list[int]
    columns: dict[str, str] = field(default_factory=dict)  # file header -> canonical
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str = ""


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first, then strict UTF-8, then what charset-normalizer finds
    (GBK and GB2312 are read as GB18030, their superset)."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16"), "utf-16"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content[:200_000]).best()
    guess = (best.encoding if best else "").lower().replace("-", "").replace("_", "")
    candidates = ["big5", "gb18030"] if guess in ("big5", "cp950", "big5hkscs") else ["gb18030"]
    for encoding in candidates:
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnusableFile(_("the file’s text encoding is neither UTF-8 nor GBK/GB18030: save it as UTF-8 CSV or XLSX"))


def _read_csv(content: bytes) -> tuple[pd.DataFrame, list[int], str]:
    text, encoding = decode_text(content)
    if "\x00" in text:
        # pandas' parser silently cuts a cell at a NUL character: refuse instead, naming the line.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UnusableFile(
            _("line %(line)d contains a NUL character: the file is damaged or not a text CSV") % {"line": line}
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UnusableFile(_("the CSV cannot be read: %(reason)s") % {"reason": exc}) from exc
    return frame, [i + 2 for i in range(len(frame))], encoding


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(content: bytes, sheet: str | None) -> tuple[pd.DataFrame, list[int], str]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnusableFile(_("the XLSX file cannot be read: %(reason)s") % {"reason": exc}) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise UnusableFile(
                _("no sheet named “%(sheet)s”; the sheets are %(sheets)s")
                % {"sheet": sheet, "sheets": ", ".join(workbook.sheetnames)}
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[list[str]] = []
        numbers: list[int] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if header is None:
                if any(c.strip() for c in cells):
                    header = cells
                continue
            rows.append(cells)
            numbers.append(number)
    finally:
        workbook.close()
    if header is None:
        raise UnusableFile(_("the sheet is empty"))
    while header and not header[-1].strip():
        header.pop()
    width = len(header)
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in rows], columns=header, dtype=str)
    return frame, numbers, "xlsx"


def map_header(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """(file header -> canonical, unknown headers). Two headers meaning one column is unusable."""
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        canonical = HEADER_MAP.get(_header_key(header))
        if canonical is None:
            if str(header).strip() and not str(header).startswith("Unnamed:"):
                unknown.append(str(header))
            continue
        clash = [h for h, c in mapping.items() if c == canonical]
        if clash:
            raise UnusableFile(
                _("columns “%(first)s” and “%(second)s” both mean %(canonical)s: keep one")
                % {"first": clash[0], "second": header, "canonical": canonical}
            )
        mapping[str(header)] = canonical
    return mapping, unknown


def read_table(content: bytes, file_name: str, sheet: str | None = None) -> Table:
    if not content.strip():
        raise UnusableFile(_("the file is empty"))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(_("old .xls workbooks are not read: save the sheet as .xlsx or CSV (UTF-8)"))
    if content.startswith(b"PK\x03\x04"):
        frame, numbers, encoding = _read_xlsx(content, sheet)
    else:
        if sheet is not None:
            raise UnusableFile(_("--sheet applies to XLSX workbooks only; this file is CSV"))
        frame, numbers, encoding = _read_csv(content)
    mapping, unknown = map_header([str(c) for c in frame.columns])
    if "name" not in mapping.values():
        raise UnusableFile(
            _("no name column: the header needs “name” or 名称/机构名称 (found: %(found)s)")
            % {"found": ", ".join(str(c) for c in frame.columns)}
        )
    frame = frame[list(mapping)].rename(columns=mapping)
    frame = frame.apply(lambda column: column.str.strip())
    return Table(frame=frame, row_numbers=numbers, columns=mapping, unknown_columns=unknown, encoding=encoding)
