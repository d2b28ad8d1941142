"""HTML → text with lxml, keeping the line structure that item splitting relies on.

Block elements end lines and table cells are separated by a tab, so a Granicus agenda row
``<td>4.</td><td>Approve ...</td>`` becomes the line ``"4.\\tApprove ..."``. Scripts, styles and the
``<head>`` are dropped; entities are decoded by the parser; whitespace inside a line is collapsed and
empty lines are dropped. The encoding comes from :mod:`tracker.text.encoding`. Markup nested deeper than
libxml2 accepts (it then gives up on the whole document) still yields its text, with tags stripped.
"""

from __future__ import annotations

import html as htmllib
import re

import lxml.etree
import lxml.html

from tracker.text.encoding import decode
from tracker.text.models import HTML_MIME, ExtractedText, Page

_DROPPED = ("script", "style", "noscript", "head", "template", "svg", "math", "iframe", "object", "select")
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section "
    "summary table tbody tfoot thead tr ul".split()
)
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"\s+")
# For markup libxml2 refuses (nested deeper than it allows): dropped elements, then any tag.
_DROPPED_ELEMENTS = re.compile(rf"<({'|'.join(_DROPPED)})\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def extract_html(data: bytes, content_type: str | None = None) -> ExtractedText:
    """The text of an HTML document as one page; ``content_type`` may carry the HTTP charset."""
    text, error = html_to_text(decode(data, content_type, html=True)[0])
    if not text:
        return ExtractedText.failure("empty", error or "the HTML has no visible text", HTML_MIME)
    return ExtractedText(pages=[Page(number=1, text=text)], status="ok", error=error, mime=HTML_MIME, page_count=1)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of ``markup`` (one line per block, tab-separated table cells, collapsed spaces),
    and a note when the markup was too deeply nested to parse and only its tags were stripped."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):  # lxml rejects documents with no elements at all
        return "", None
    if any(error.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        stripped = _TAG.sub("\n", _DROPPED_ELEMENTS.sub("\n", markup))
        return _tidy(htmllib.unescape(stripped)), "markup nested too deeply to parse: tags stripped"
    lxml.etree.strip_elements(root, *_DROPPED, with_tail=False)
    return _tidy("".join(_pieces(root))), None


def _pieces(root: lxml.etree._Element) -> list[str]:
    """Text nodes in document order (whitespace runs, form feeds included, made one space), with "\\n"
    around blocks and "\\t" before cells."""
    pieces: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS or tag == "br":
                pieces.append("\n")
            elif tag in _CELLS:
                pieces.append("\t")
            if element.text:
                pieces.append(_SPACES.sub(" ", element.text))
        else:
            if tag in _BLOCKS:
                pieces.append("\n")
            if element.tail:
                pieces.append(_SPACES.sub(" ", element.tail))
    return pieces


def _tidy(raw: str) -> str:
    """Strip each line and cell; drop empty cells and empty lines."""
    lines = []
    for line in raw.split("\n"):
        if cells := [cell for cell in (" ".join(raw_cell.split()) for raw_cell in line.split("\t")) if cell]:
            lines.append("\t".join(cells))
    return "\n".join(lines)
