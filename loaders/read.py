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
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError

import charset_normalizer
import pandas as pd
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from loaders.errors import UnusableFile
from loaders.limits import ParseLimits, excerpt
from resourcemap.spreadsheet import GUARDED

# What openpyxl raises on a damaged or hostile workbook. It has no exception hierarchy of its
# own, so a malformed part surfaces as whatever the code reading it tripped on; each of these
# is a file-level error ("the XLSX file cannot be read"), never a 500 or a traceback.
# DefusedXmlException: an entity declaration (external entity, billion laughs), refused by
# defusedxml, which openpyxl uses when it is installed.
XLSX_PARSE_ERRORS = (
    InvalidFileException, zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, IndexError,
    ValueError, TypeError, AttributeError, EOFError, OSError, ParseError, DefusedXmlException,
)

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
    try:
        if content.startswith(codecs.BOM_UTF8):
            return content[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return content.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:
        # A byte-order mark promises an encoding; a body in another one (a GBK list behind a
        # UTF-8 BOM, a UTF-16 file cut at an odd byte) is damaged, not something to guess at.
        raise UnusableFile(
            _("the file starts with a %(encoding)s byte-order mark but byte %(position)d is not %(encoding)s: "
              "the file is damaged or mixes encodings; save it again as UTF-8 CSV or XLSX")
            % {"encoding": exc.encoding.upper(),
               "position": exc.start + 1 + (len(codecs.BOM_UTF8) if exc.encoding == "utf-8" else 0)}
        ) from exc
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


def _scan_records(text: str, delimiter: str, limits: ParseLimits) -> int:
    """Counts the records (a quoted cell may hold line breaks) without keeping them, refusing a
    file with more than IMPORT_MAX_ROWS before pandas builds a frame of them (a million-row CSV
    held 200,000 rows in memory only to be refused). Returns the width of the last non-empty record."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # cell lengths are checked later
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records, last = 0, 0
    for record in reader:
        records += 1
        if records > limits.max_rows + 1:  # the header and max_rows rows
            raise _too_many_rows(limits)
        if record:
            last = len(record)
    return last


def _check_last_row(last_width: int, header_width: int, text: str) -> None:
    """Refuses a cut file whose last row is shorter than the header (a download or copy stopped
    half-way): pandas pads a short row with empty cells, which would blank the last site's
    fields."""
    if last_width and last_width < header_width:
        line = text.rstrip("\r\n").count("\n") + 1
        raise UnusableFile(
            _("the file looks cut: its last row (line %(line)d) has %(found)d of the header’s %(width)d columns; "
              "export the whole list again") % {"line": line, "found": last_width, "width": header_width}
        )


def _read_csv(content: bytes, limits: ParseLimits) -> tuple[pd.DataFrame, list[int], str]:
    text, encoding = decode_text(content)
    if "\x00" in text:
        # pandas' parser silently cuts a cell at a NUL character: refuse instead, naming the line.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UnusableFile(
            _("line %(line)d contains a NUL character: the file is damaged or not a text CSV") % {"line": line}
        )
    first_line = text[: text.find("\n")] if "\n" in text else text  # split() would copy the whole rest
    delimiter = max([",", "\t", ";"], key=first_line.count)
    try:
        last_width = _scan_records(text, delimiter, limits)
    except csv.Error:
        last_width = 0  # pandas' parser says what is wrong, below
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, nrows=limits.max_rows + 1,
        )
    except pd.errors.ParserError as exc:
        if "EOF inside string" in str(exc):  # pandas' C parser: the file ends inside a quoted field
            raise UnusableFile(
                _("the file looks cut: it ends inside a quoted field (%(reason)s); export the whole list again")
                % {"reason": excerpt(exc, 120)}
            ) from exc
        raise UnusableFile(_("the CSV cannot be read: %(reason)s") % {"reason": excerpt(exc, 200)}) from exc
    except (pd.errors.EmptyDataError, ValueError, OverflowError) as exc:
        raise UnusableFile(_("the CSV cannot be read: %(reason)s") % {"reason": excerpt(exc, 200)}) from exc
    numbers = [i + 2 for i in range(len(frame))]
    _check_size(len(frame), len(frame.columns), limits)
    _check_cell_lengths(frame, numbers, limits)
    _check_last_row(last_width, len(frame.columns), text)
    return frame, numbers, encoding


def _too_many_rows(limits: ParseLimits) -> UnusableFile:
    return UnusableFile(
        _("the file has more than %(max)d rows (IMPORT_MAX_ROWS): split it into smaller files")
        % {"max": limits.max_rows}
    )


def _too_many_cells(limits: ParseLimits) -> UnusableFile:
    return UnusableFile(
        _("the file has more than %(max)d cells (IMPORT_MAX_CELLS): split it into smaller files")
        % {"max": limits.max_cells}
    )


def _check_size(rows: int, columns: int, limits: ParseLimits) -> None:
    if columns > limits.max_columns:
        raise UnusableFile(
            _("the file has %(count)d columns; at most %(max)d are read (IMPORT_MAX_COLUMNS)")
            % {"count": columns, "max": limits.max_columns}
        )
    if rows > limits.max_rows:
        raise _too_many_rows(limits)
    if rows * columns > limits.max_cells:
        raise _too_many_cells(limits)


def _too_long(row: int, column: str, value: str, limits: ParseLimits) -> UnusableFile:
    return UnusableFile(
        _("row %(row)d, column %(column)s: a cell of %(length)d characters (at most %(max)d, "
          "IMPORT_MAX_CELL_CHARS): “%(value)s”")
        % {"row": row, "column": excerpt(column), "length": len(value), "max": limits.max_cell_chars,
           "value": excerpt(value)}
    )


def _check_cell_lengths(frame: pd.DataFrame, numbers: list[int], limits: ParseLimits) -> None:
    for column in frame.columns:
        if len(str(column)) > limits.max_cell_chars:
            raise _too_long(1, str(column), str(column), limits)
        lengths = frame[column].str.len()
        if len(lengths) and lengths.max() > limits.max_cell_chars:
            position = int(lengths.to_numpy().argmax())
            raise _too_long(numbers[position], str(column), frame[column].iloc[position], limits)


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


def _check_archive(content: bytes, limits: ParseLimits) -> None:
    """The archive's own member sizes, before anything is unpacked. Python's zipfile never
    inflates a member past its declared size (a lie ends in a CRC error), so these bound it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnusableFile(_("the XLSX file cannot be read: %(reason)s") % {"reason": excerpt(exc, 200)}) from exc
    if unpacked > limits.max_unpacked_bytes:
        raise UnusableFile(
            _("the XLSX file unpacks to %(size)d MB, more than %(max)d MB (IMPORT_MAX_UNPACKED_MB): "
              "save it as CSV or split it") % {"size": unpacked // 2**20, "max": limits.max_unpacked_bytes // 2**20}
        )


def _xlsx_rows(worksheet: object, limits: ParseLimits) -> tuple[list[str] | None, list[list[str]], list[int]]:
    # The declared dimension (<dimension ref="A1:XFD1048576"/>) is whatever the file claims:
    # ignore it, so rows are as wide as their last real cell and no padding is allocated.
    worksheet.reset_dimensions()  # type: ignore[attr-defined]
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    cells = 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if len(values) > limits.max_columns:
            if any(v is not None and str(v).strip() for v in values[limits.max_columns:]):
                raise UnusableFile(
                    _("row %(row)d has a value in column %(column)d; at most %(max)d columns are read "
                      "(IMPORT_MAX_COLUMNS)") % {"row": number, "column": len(values), "max": limits.max_columns}
                )
            values = values[: limits.max_columns]  # formatted but empty cells far to the right
        texts = [_cell_text(v) for v in values]
        for column, text in enumerate(texts, start=1):
            if len(text) > limits.max_cell_chars:
                name = header[column - 1] if header and column <= len(header) else str(column)
                raise _too_long(number, name, text, limits)
        if header is None:
            if any(c.strip() for c in texts):
                header = texts
            continue
        cells += len(texts)
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(limits)
        if cells > limits.max_cells:
            raise _too_many_cells(limits)
        rows.append(texts)
        numbers.append(number)
    return header, rows, numbers


def _read_xlsx(content: bytes, sheet: str | None, limits: ParseLimits) -> tuple[pd.DataFrame, list[int], str]:
    _check_archive(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except XLSX_PARSE_ERRORS as exc:
        raise UnusableFile(_("the XLSX file cannot be read: %(reason)s") % {"reason": excerpt(exc, 200)}) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise UnusableFile(
                _("no sheet named “%(sheet)s”; the sheets are %(sheets)s")
                % {"sheet": excerpt(sheet), "sheets": excerpt(", ".join(workbook.sheetnames), 400)}
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        header, rows, numbers = _xlsx_rows(worksheet, limits)
    except XLSX_PARSE_ERRORS as exc:
        raise UnusableFile(_("the XLSX file cannot be read: %(reason)s") % {"reason": excerpt(exc, 200)}) from exc
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
                % {"first": excerpt(clash[0]), "second": excerpt(header), "canonical": canonical}
            )
        mapping[str(header)] = canonical
    return mapping, unknown


def read_table(content: bytes, file_name: str, sheet: str | None = None, limits: ParseLimits | None = None) -> Table:
    limits = limits or ParseLimits.from_settings()
    if not content.strip():
        raise UnusableFile(_("the file is empty"))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(_("old .xls workbooks are not read: save the sheet as .xlsx or CSV (UTF-8)"))
    if content.startswith(b"PK\x03\x04"):
        frame, numbers, encoding = _read_xlsx(content, sheet, limits)
    else:
        if sheet is not None:
            raise UnusableFile(_("--sheet applies to XLSX workbooks only; this file is CSV"))
        frame, numbers, encoding = _read_csv(content, limits)
    mapping, unknown = map_header([str(c) for c in frame.columns])
    if "name" not in mapping.values():
        raise UnusableFile(
            _("no name column: the header needs “name” or 名称/机构名称 (found: %(found)s)")
            % {"found": excerpt(", ".join(str(c) for c in frame.columns), 400)}
        )
    frame = frame[list(mapping)].rename(columns=mapping)
    # Stripped, and without the apostrophe our exports put before a formula-like cell
    # (resourcemap.spreadsheet), so an exported list imports again unchanged.
    frame = frame.apply(lambda column: column.str.strip().str.replace(GUARDED, "", regex=True))
    return Table(frame=frame, row_numbers=numbers, columns=mapping, unknown_columns=unknown, encoding=encoding)
