"""The cells of an .xlsx workbook, read straight from its XML (what a returned ledger needs, no
more): the sheets in the workbook's order, their rows one at a time, and each cell's value as a
spreadsheet shows it — shared or inline text, a number, a boolean, a date (a serial number whose
number format is a date's, in the workbook's 1900 or 1904 system), or a formula (never evaluated).

Why not openpyxl: loading a 100,000-row sheet cell by cell through its objects takes far longer
than the 5 s a returned ledger may take (issue 19). Here a row is a few XML elements, decoded only
when the ledger asks for a cell's value, and dropped once read, so memory stays flat.

The file is untrusted. Every part is read through one budget of unpacked bytes (a zip bomb stops
at it, whatever its parts declare), a part that declares a DTD is refused before anything in it
is parsed (no entity is ever defined, so none is expanded: a billion laughs has nothing to
laugh with), and a row or cell reference past Excel's last (XFD1048576) is refused.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser

from qtrack.i18n import _

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
PROPS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN = (MAIN + t for t in ("row", "c", "v", "f", "is", "t", "r"))
LAST_ROW, LAST_COLUMN = 1_048_576, 16_384  # XFD1048576, Excel's last cell
CHUNK = 1 << 16
MAX_PROLOG = 1 << 16  # the bytes before a part's first element: an XML declaration, perhaps a comment

# Number formats Excel knows by id alone (a file names them without spelling them out): the dates
# and times, including the Chinese locale's (27–36, 50–58: yyyy"年"m"月"d"日" and the like).
DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
           14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
           20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 49: "@"}
_QUOTED_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # "text" and [$-804], not [h]
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of a character XML cannot carry
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_ROOT = re.compile(rb"<[A-Za-z_:]")
EPOCHS = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}


class WorkbookError(Exception):
    """The file is not a workbook this module can read; the message says why (the caller puts
    it in a sentence naming the file)."""


@dataclass(frozen=True)
class Cell:
    """One cell, as the ledger reads it: data_type is 'f' for a formula (value: its text, '=…'),
    's' text, 'n' number, 'b' boolean, 'd' date, 'e' an error value (#N/A)."""

    value: object
    data_type: str
    number_format: str
    row: int
    column: int  # 1-based

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_COLUMNS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """A → 1, AA → 27 (memoised: a sheet repeats a handful of columns a million times)."""
    found = _COLUMNS.get(letters)
    if found is None:
        found = 0
        for ch in letters:
            found = found * 26 + ord(ch) - 64
        _COLUMNS[letters] = found
    return found


def unescape(text: str) -> str:
    """_x000D_ → a carriage return; _x005F_ escapes an underscore (ECMA-376 §22.9.2.19)."""
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def is_date_format(code: str) -> bool:
    code = _QUOTED_OR_LOCALE.sub("", code.split(";")[0])
    return _DATE_PART.search(code) is not None


class Book:
    """An open workbook: its worksheets (hidden ones too) in order, its custom properties."""

    def __init__(self, path, *, max_unpacked: int):
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise WorkbookError(str(exc)) from None
        self.budget = max_unpacked
        try:
            self._load()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the parts --------------------------------------------------------------------------

    def _load(self) -> None:
        package = self._rels("_rels/.rels", "")
        main = next((t for kind, t in package.values() if kind.endswith("/officeDocument")), "xl/workbook.xml")
        if main not in self.archive.NameToInfo:
            raise WorkbookError(_("no workbook part ({part})").format(part=main))
        rels = self._rels(posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels"),
                          posixpath.dirname(main))
        self.date1904 = False
        listed: list[tuple[str, str]] = []
        for _event, elem in self._parse(main):
            if elem.tag == MAIN + "workbookPr":
                self.date1904 = elem.get("date1904", "0").lower() in ("1", "true")
            elif elem.tag == MAIN + "sheet":
                kind, target = rels.get(elem.get(REL + "id"), ("", ""))
                if kind.endswith("/worksheet"):  # not a chart sheet: it has no cells
                    listed.append((elem.get("name", ""), target))
        self.epoch = EPOCHS[self.date1904]
        for title, target in listed:
            if target not in self.archive.NameToInfo:
                raise WorkbookError(_("the sheet {title} has no part ({part})").format(title=title, part=target or "-"))
        self.worksheets = [Sheet(self, title, target) for title, target in listed]
        by_kind = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        self.strings = self._strings(by_kind.get("sharedStrings"))
        self.formats = self._styles(by_kind.get("styles"))
        custom = next((t for kind, t in package.values() if kind.endswith("/custom-properties")), None)
        self.properties = self._properties(custom)

    def _rels(self, name: str, base: str) -> dict[str, tuple[str, str]]:
        """A relationships part: Id → (Type, the target's part name); empty if the part is absent."""
        if name not in self.archive.NameToInfo:
            return {}
        found = {}
        for _event, elem in self._parse(name):
            if elem.tag == PKG_REL + "Relationship" and elem.get("TargetMode") != "External":
                target = elem.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                found[elem.get("Id")] = (elem.get("Type", ""), target)
        return found

    def _strings(self, name: str | None) -> list[str]:
        strings: list[str] = []
        if name is None or name not in self.archive.NameToInfo:
            return strings
        table = None
        for event, elem in self._parse(name, ("start", "end")):
            if table is None:
                table = elem  # the first start: <sst>
            elif event == "end" and elem.tag == MAIN + "si":
                strings.append(_text(elem))
                del table[:]  # read: a cleared shell per string would still add up
        return strings

    def _styles(self, name: str | None) -> list[tuple[str, str]]:
        """Each cell style's (number format, what a number in it is: 'n', 'd' date or 't' elapsed time)."""
        if name is None or name not in self.archive.NameToInfo:
            return []
        custom: dict[int, str] = {}
        xfs: list[int] = []
        within = None
        for event, elem in self._parse(name, ("start", "end")):
            if event == "start":
                if elem.tag in (MAIN + "cellXfs", MAIN + "cellStyleXfs"):
                    within = elem.tag
                continue
            if elem.tag == MAIN + "numFmt":
                custom[_int(elem.get("numFmtId"))] = elem.get("formatCode", "")
            elif elem.tag == MAIN + "xf" and within == MAIN + "cellXfs":
                xfs.append(_int(elem.get("numFmtId", "0")))
            elif elem.tag == within:
                within = None
        formats = []
        for fmt in xfs:
            code = custom.get(fmt) or BUILTIN.get(fmt, "General")
            kind = "n"
            if is_date_format(code) or (fmt in DATE_IDS and fmt not in custom):
                kind = "t" if _ELAPSED.search(code.split(";")[0]) else "d"
            formats.append((code, kind))
        return formats

    def _properties(self, name: str | None) -> dict[str, str]:
        """The custom document properties: name → value as text."""
        if name is None or name not in self.archive.NameToInfo:
            return {}
        found = {}
        for _event, elem in self._parse(name):
            if elem.tag == PROPS + "property":
                found[elem.get("name", "")] = "".join(child.text or "" for child in elem)
        return found

    # -- reading XML safely -----------------------------------------------------------------

    def _parse(self, name: str, events=("end",), *, keep=None):
        """The (event, element) pairs of one part, its bytes counted against the budget; with
        `keep`, a sheet's bytes pass through it first (_Rows.only)."""
        parser = XMLPullParser(events)
        prolog = b""
        try:
            with self.archive.open(name) as stream:
                chunks = (self._counted(chunk) for chunk in iter(lambda: stream.read(CHUNK), b""))
                for chunk in (keep(chunks) if keep else chunks):
                    if prolog is not None:
                        prolog += chunk
                        prolog = _prolog_checked(name, prolog)
                    parser.feed(chunk)
                    yield from parser.read_events()
            parser.close()
            yield from parser.read_events()
        except ParseError as exc:
            raise WorkbookError(f"{name}: {exc}") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError) as exc:  # a bad CRC, a broken stream
            raise WorkbookError(f"{name}: {exc}") from None

    def _counted(self, chunk: bytes) -> bytes:
        self.budget -= len(chunk)
        if self.budget < 0:
            raise WorkbookError(_("unpacks beyond the bound (a zip bomb?)"))
        return chunk


def _prolog_checked(name: str, prolog: bytes) -> bytes | None:
    """None once the part's first element has begun with no DTD before it; the bytes so far
    while it has not; a refusal for a DTD (it could define entities) or an encoding other than
    UTF-8's family (in which the check could not see one)."""
    if prolog[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in prolog[:4]:
        raise WorkbookError(_("{part}: not UTF-8 XML").format(part=name))
    root = _ROOT.search(prolog)
    head = prolog[:root.start()] if root else prolog
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise WorkbookError(_("{part}: declares a DTD; refused (entities are never expanded)").format(part=name))
    if root:
        return None
    if len(prolog) > MAX_PROLOG:
        raise WorkbookError(_("{part}: no XML element in its first {size:,} bytes").format(part=name, size=MAX_PROLOG))
    return prolog


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise WorkbookError(_("{text!r} is not a whole number").format(text=text)) from None


def _text(elem) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t> joined (phonetic
    guides, <rPh>, are not part of it)."""
    own = elem.find(TEXT)
    if own is not None:
        return unescape(own.text or "")
    return unescape("".join(run.findtext(TEXT, "") for run in elem.iter(RUN)))


class Sheet:
    def __init__(self, book: Book, title: str, part: str):
        self.book, self.title, self.part = book, title, part

    def rows(self, min_row: int = 1, max_col: int = LAST_COLUMN, *, only_filled: set[int] | None = None):
        """The sheet's rows from min_row, one Row at a time, in file order; rows the file does
        not hold (empty ones) are not yielded. A Row is only valid until the next is asked for.

        With only_filled (columns, 1-based), rows where none of those columns holds anything
        may be left out unparsed (_Skipper): a returned ledger's 100,000 rows are mostly so."""
        data = None
        number = 0
        keep = _Skipper(only_filled).only if only_filled else None
        for event, elem in self.book._parse(self.part, ("start", "end"), keep=keep):
            if event == "start":
                if elem.tag == MAIN + "sheetData":
                    data = elem
                continue
            if elem.tag != ROW:
                continue
            stated = elem.get("r")
            number = _int(stated) if stated is not None else number + 1
            if not 1 <= number <= LAST_ROW:
                raise WorkbookError(_("{title}: row {number} is beyond Excel's last row ({last:,})").format(
                    title=self.title, number=number, last=LAST_ROW))
            if number >= min_row:
                yield Row(self, number, elem, max_col)
            elem.clear()
            if data is not None:
                del data[:]  # the rows read: kept, even cleared, they would add up over a million rows


class _Skipper:
    """Leaves out of a sheet's bytes the rows in which no cell of the given columns has content,
    before the XML parser sees them: parsing every element of a 100 MB sheet takes seconds, a
    search for the few rows that matter a fraction of one.

    It only ever leaves out what it can prove empty: a row is kept if any of its cells is in one
    of the columns with a child (<v>, <is>, <f>), or does not begin with a plain r="A1" (so its
    column is not certain). Where the bytes could hide markup from the search — a comment,
    CDATA, a processing instruction, a prefixed element, a row without its number — every byte
    from there on goes to the parser unfiltered (after a stand-in for the last row left out, so
    that rows without a number are still counted from the right one)."""

    def __init__(self, columns: set[int]):
        letters = b"|".join(column_letter(c).encode() for c in sorted(columns))
        self.kept = re.compile(rb'<c\sr="(?:' + letters + rb')[0-9]+"[^<]*<(?!/c>|c[\s/>]|/row>)'
                               rb'|<c(?=[\s/>])(?!\sr="[A-Z]{1,3}[0-9]+")')
        self.unsure = re.compile(rb'<[!?]|<[A-Za-z_][\w.-]*:|<row(?!\sr="[0-9]+")')

    def only(self, chunks):
        buffer, rows, last = b"", False, None
        for chunk in chunks:
            buffer += chunk
            if not rows:  # before the first row: the sheet's head, parsed whole
                start = buffer.find(b"<row")
                if start < 0:
                    head = max(0, len(buffer) - 8)  # "<row" may be cut at the chunk's end
                    yield buffer[:head]
                    buffer = buffer[head:]
                    continue
                yield buffer[:start]
                buffer, rows = buffer[start:], True
            end = buffer.find(b"</sheetData")
            cut = end if end >= 0 else buffer.rfind(b"<row")  # the rows before it are whole
            if cut <= 0:
                continue
            whole, buffer = buffer[:cut], buffer[cut:]
            if self.unsure.search(whole):
                yield (b'<row r="%d"/>' % last if last else b"") + whole + buffer
                yield from chunks  # the rest, unfiltered
                return
            yield self._kept(whole)
            found = re.match(rb'<row\sr="([0-9]+)"', whole[whole.rfind(b"<row"):])
            last = int(found[1]) if found else last
            if end >= 0:
                yield buffer
                yield from chunks
                return
        yield buffer

    def _kept(self, whole: bytes) -> bytes:
        """The rows of `whole` (complete rows only) with a cell that matters."""
        out, upto = [], 0
        for hit in self.kept.finditer(whole):
            if hit.start() < upto:
                continue  # in a row already kept
            start = whole.rfind(b"<row", 0, hit.start())
            end = whole.find(b"<row", hit.end())
            end = len(whole) if end < 0 else end
            out.append(whole[start:end])
            upto = end
        return b"".join(out)


class Row:
    """One row's cells, decoded when asked for."""

    __slots__ = ("sheet", "number", "filled")

    def __init__(self, sheet: Sheet, number: int, elem, max_col: int):
        self.sheet, self.number = sheet, number
        self.filled: dict[int, object] = {}  # column (1-based) → its <c> element, for cells with content
        column = 0
        for c in elem:
            stated = c.get("r")
            if stated is None:
                column += 1
            else:
                found = _REF.fullmatch(stated)
                if found is None:
                    raise WorkbookError(_("{title}: {ref!r} is not a cell reference").format(title=self.sheet.title, ref=stated))
                column = column_index(found[1])
                if int(found[2]) != number:
                    raise WorkbookError(_("{title}!{ref}: a cell of row {row} in row {number}").format(
                        title=self.sheet.title, ref=stated, row=found[2], number=number))
            if column > LAST_COLUMN:
                raise WorkbookError(_("{title}: column {column:,} is beyond Excel's last (XFD)").format(
                    title=self.sheet.title, column=column))
            if len(c) and column <= max_col:  # a cell with no <v>, <is> or <f> holds nothing (a style, at most)
                self.filled[column] = c

    def value(self, column: int):
        """The value of the cell in `column` (1-based), None if it is empty."""
        c = self.filled.get(column)
        return None if c is None else self._decode(c, column)[0]

    def cell(self, column: int) -> Cell:
        c = self.filled.get(column)
        if c is None:
            return Cell(None, "n", "General", self.number, column)
        value, kind = self._decode(c, column)
        style = self.sheet.book.formats
        index = int(c.get("s", "0") or 0)
        fmt = style[index][0] if 0 <= index < len(style) else "General"
        return Cell(value, kind, fmt, self.number, column)

    def cells(self, width: int) -> list[Cell]:
        """Columns 1 … width, empty ones included."""
        return [self.cell(column) for column in range(1, width + 1)]

    def _decode(self, c, column: int) -> tuple[object, str]:
        formula = c.find(FORMULA)
        if formula is not None:
            return "=" + (formula.text or ""), "f"  # never evaluated; its cached value is not trusted either
        kind = c.get("t", "n")
        if kind == "inlineStr":
            inline = c.find(INLINE)
            return (None, "n") if inline is None else (_text(inline), "s")
        text = c.findtext(VALUE) or None
        if text is None:
            return None, "n"
        if kind == "s":
            strings = self.sheet.book.strings
            index = _int(text)
            if not 0 <= index < len(strings):
                raise WorkbookError(_("{title}!{cell}: shared string {index} is not in the table").format(
                    title=self.sheet.title, cell=f"{column_letter(column)}{self.number}", index=index))
            return strings[index], "s"
        if kind == "str":
            return unescape(text), "s"
        if kind == "b":
            return text.strip() in ("1", "true"), "b"
        if kind == "e":
            return text, "e"
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip()), "d"
            except ValueError:
                return text, "e"
        number = _number(text)
        styles = self.sheet.book.formats
        index = int(c.get("s", "0") or 0)
        if 0 <= index < len(styles) and styles[index][1] != "n" and isinstance(number, (int, float)):
            return _serial(number, self.sheet.book, elapsed=styles[index][1] == "t")
        return number, "n"


def _number(text: str):
    """A <v> as openpyxl casts it: a float if written with a point or an exponent, else an int."""
    text = text.strip()
    try:
        return float(text) if any(ch in text for ch in ".eEnN") else int(text)
    except ValueError:
        return text  # not a number at all: the ledger refuses it as text


def _serial(number: float, book: Book, *, elapsed: bool):
    """A serial number in a date's format: the date (and time) it stands for; a date past the
    calendar's ends is an error value, as a spreadsheet shows ####."""
    if elapsed:
        try:
            return dt.timedelta(days=number), "d"
        except (OverflowError, ValueError):
            return "#VALUE!", "e"
    if not book.date1904 and 0 < number < 60:
        number += 1  # Lotus 1-2-3's 29 February 1900, which Excel keeps: serials before it are a day off
    try:
        return book.epoch + dt.timedelta(days=number), "d"
    except (OverflowError, ValueError):
        return "#VALUE!", "e"
