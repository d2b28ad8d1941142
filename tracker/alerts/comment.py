"""How the public can weigh in on an agenda item, as the agenda itself says.

Instructions sit in the item ("Written comments on this item may be emailed to ...") or, more often, in
the agenda's header (public comment, eComment, email, Zoom). The item's own sentences come first, then
the header's; nothing is invented: when the agenda says nothing, there are no instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.contracts.reading import sentence

_CUE = re.compile(
    r"public comments?|e-?comments?|written comments?|comment cards?|speaker cards?|request to speak"
    r"|submit(?:ted)?\s+(?:a\s+|your\s+)?comments?|comments? (?:may|can|must|should) be"
    r"|address the (?:city\s+)?(?:council|board|commission)|participate (?:remotely|virtually|via|in person)"
    r"|\bzoom\b|teleconference",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://[^\s<>()\"']+")
#: How much of the document before the item counts as its header.
_HEADER_CHARS = 4000
_MAX_SENTENCES = 3


@dataclass(frozen=True)
class CommentInfo:
    """The agenda's words on commenting, and the addresses they give."""

    text: str
    emails: tuple[str, ...]
    urls: tuple[str, ...]

    def facts(self) -> dict[str, object]:
        """The alert facts: ``how_to_comment`` plus ``comment_emails`` and ``comment_urls`` when any."""
        found: dict[str, object] = {"how_to_comment": self.text}
        if self.emails:
            found["comment_emails"] = list(self.emails)
        if self.urls:
            found["comment_urls"] = list(self.urls)
        return found


def _sentences(text: str) -> list[str]:
    found: list[str] = []
    for cue in _CUE.finditer(text):
        words = sentence(text, cue.start(), cue.end())
        if words not in found:
            found.append(words)
    return found


def how_to_comment(document_text: str | None, item_start: int | None, item_text: str) -> CommentInfo | None:
    """The commenting instructions for the item at ``item_start`` of the document, or None if none are given."""
    found = _sentences(item_text)
    if document_text and item_start:
        found += [s for s in _sentences(document_text[: min(item_start, _HEADER_CHARS)]) if s not in found]
    if not found:
        return None
    text = " ".join(found[:_MAX_SENTENCES])
    emails = tuple(dict.fromkeys(m.group(0).rstrip(".") for m in _EMAIL.finditer(text)))
    urls = tuple(dict.fromkeys(m.group(0).rstrip(".,;") for m in _URL.finditer(text)))
    return CommentInfo(text, emails, urls)
