"""Documents in the formats offices receive, made from a text in the tests themselves: through
LibreOffice headless (.docx, .pdf, .html, .doc, and an official-looking PDF with a running header
and — N — page numbers), and by hand (.ofd laid out as a 红头文件, .mhtml, a GBK page, small .docx
files with Word's own numbering and a 任务分工表)."""

from __future__ import annotations

import html
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
INSTALL = "apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils"


def soffice(target: str, files: list[Path], outdir: Path, *, text_in: bool = False) -> None:
    """Convert files with LibreOffice headless (a profile of its own, so runs never share a lock)."""
    command = [SOFFICE, f"-env:UserInstallation={(outdir / '.profile').as_uri()}", "--headless", "--norestore"]
    if text_in:
        command.append("--infilter=Text (encoded):UTF8,LF,,,")
    subprocess.run([*command, "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


def official_fodt(text: str, header: str) -> str:
    """A flat ODT laid out as a 红头文件: A4, 16 pt CJK serif, justified, two-character first-line
    indent, a running header, and — N — in the footer."""
    body = "\n".join(f'<text:p text:style-name="Standard">{html.escape(line.strip())}</text:p>'
                     for line in text.splitlines())
    return OFFICIAL_FODT.replace("HEADER", html.escape(header)).replace("BODY", body)


OFFICIAL_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="1.1cm" fo:line-height="0.99cm"/>
  <style:text-properties style:font-name="Noto Serif CJK SC" fo:font-size="16pt" style:font-name-asian="Noto Serif CJK SC"
   style:font-size-asian="16pt"/>
 </style:style>
 <style:style style:name="Edge" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:text-indent="0cm"/>
  <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
  fo:margin-top="2.5cm" fo:margin-bottom="2cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
 <style:header><text:p text:style-name="Edge">HEADER</text:p></style:header>
 <style:footer><text:p text:style-name="Edge">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
BODY
</office:text></office:body></office:document>"""


def ofd(text: str, *, per_char: bool = False, per_line: int = 28, lines_per_page: int = 22) -> bytes:
    """An OFD laid out as a 红头文件 (28 characters a line, 22 lines a page, two-character indent,
    — N — at the foot), each line one TextObject with DeltaX steps, or (per_char) one object per
    character scaled by a CTM, as some writers make them. Objects are written in reverse order, so
    that only reading by position gets the text right."""
    size, left, top = 5.6, 28.0, 37.0
    rows: list[tuple[int, float, str] | None] = []  # (indent in characters, text) per printed line
    for paragraph in text.splitlines():
        paragraph = paragraph.strip()
        if not paragraph:
            rows.append(None)
            continue
        first = per_line - 2
        rows.append((2, paragraph[:first]))
        rows += [(0, paragraph[i:i + per_line]) for i in range(first, len(paragraph), per_line)]
    pages = [rows[i:i + lines_per_page] for i in range(0, len(rows), lines_per_page)] or [[]]
    files = {"OFD.xml": OFD_XML, "Doc_0/Document.xml": _document_xml(len(pages))}
    for n, page in enumerate(pages):
        objects = []
        for row, line in enumerate(page):
            if line:
                y = top + row * size * 1.6
                objects += _objects(line[1], left + line[0] * size, y, size, per_char)
        objects += _objects(f"— {n + 1} —", 95.0, 280.0, 4.2, per_char)
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = _page_xml(reversed(objects))
    return _zip(files)


def _objects(line: str, x: float, y: float, size: float, per_char: bool) -> list[str]:
    if not per_char:
        steps = " ".join([f"{size:.2f}"] * (len(line) - 1))
        return [f'<ofd:TextObject ID="1" Boundary="{x:.2f} {y:.2f} {len(line) * size:.2f} {size:.2f}" Font="1" '
                f'Size="{size}"><ofd:TextCode X="0" Y="{size * 0.88:.2f}" DeltaX="{steps}">{html.escape(line)}'
                "</ofd:TextCode></ofd:TextObject>"]
    scale = 0.05  # the writer's own units: 20 to the millimetre
    return [f'<ofd:TextObject ID="1" Boundary="{x + i * size:.4f} {y:.4f} {size} {size}" Size="{size / scale:.4f}" '
            f'CTM="{scale} 0 0 {scale} 0 0" Font="1"><ofd:TextCode X="0" Y="{size * 0.88 / scale:.4f}">'
            f"{html.escape(ch)}</ofd:TextCode></ofd:TextObject>" for i, ch in enumerate(line) if not ch.isspace()]


OFD_XML = ('<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" '
           'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>'
           "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")


def _document_xml(pages: int) -> str:
    listed = "".join(f'<ofd:Page ID="{n + 2}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(pages))
    return ('<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
            "<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            f"</ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>")


def _page_xml(objects) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
            f'<ofd:Layer ID="1">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def _zip(files: dict[str, str | bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body_xml: str, numbering_xml: str | None = None) -> bytes:
    """A minimal .docx around a body of w:p / w:tbl elements."""
    files = {"[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
             "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{body_xml}'
                                  "</w:body></w:document>"}
    if numbering_xml:
        files["word/numbering.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W_NS}>{numbering_xml}</w:numbering>'
    return _zip(files)


def w_p(text: str, num: tuple[int, int] | None = None) -> str:
    """A paragraph; num = (list id, level) numbers it automatically."""
    props = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{props}<w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>"


def w_table(rows: list[list[str]]) -> str:
    cells = lambda row: "".join(f"<w:tc>{w_p(c)}</w:tc>" for c in row)  # noqa: E731
    return "<w:tbl>" + "".join(f"<w:tr>{cells(r)}</w:tr>" for r in rows) + "</w:tbl>"


def mhtml(page: bytes, charset: str) -> bytes:
    """A page saved as one MIME file, as a browser's 'save as single file' does (quoted-printable)."""
    import quopri
    return (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: http://example.gov.cn/art.html\r\n"
            b"Subject: page\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
            b'\ttype="text/html";\r\n\tboundary="----=_B"\r\n\r\n\r\n------=_B\r\n'
            b"Content-Type: text/html; charset=" + charset.encode() + b"\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            b"Content-Location: http://example.gov.cn/art.html\r\n\r\n" + quopri.encodestring(page) +
            b"\r\n------=_B--\r\n")


def gov_page(text: str, charset: str = "gb2312") -> bytes:
    """A government site's article page around the text: navigation, a script, a footer, entities,
    <br> inside paragraphs, in the page's declared charset."""
    paragraphs = "".join(f"<p style='text-indent:2em'>{html.escape(line.strip())}</p>\n" if line.strip() else "<p>&nbsp;</p>\n"
                         for line in text.splitlines())
    page = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            "<title>政策文件</title><style>p{margin:0}</style><script>var nav = '首页 > 政策';</script></head><body>"
            "<nav><a href='/'>首页</a> &gt; <a>政策文件</a></nav><div class='article'>" + paragraphs +
            "</div><script>document.write('<p>1. 浏览次数</p>')</script><footer>版权所有 &copy; 某省人民政府</footer>"
            "</body></html>")
    return page.encode("gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset)


def pdf(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF file of the given objects (numbered from 1), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_pages(count: int, content: bytes = b"") -> bytes:
    """A PDF of count pages sharing one content stream (in Helvetica: ASCII text only)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               stream(content)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * count
    return pdf(objects)


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' +
                  b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                           for i in range(1, 10)) + b"]>\n")
