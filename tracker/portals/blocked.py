"""Whether a fetched "portal page" is a wall instead: a bot challenge or an empty JavaScript shell.

Flock's portal host answers scripted visitors with a Cloudflare challenge ("Just a moment...", a
``/cdn-cgi/challenge-platform/`` script, "Enable JavaScript and cookies to continue"), often with HTTP 403
and a ``cf-mitigated: challenge`` header; a page fetched before its script ran is a root ``<div>`` and
scripts with no text. Neither says anything about the portal, so neither may read as "no portal fields"
(a layout problem) or as an empty portal: it is ``blocked``, with the reason and what to do instead. A page
that states portal facts is never blocked, whatever scripts it carries (real portals load analytics and,
on some hosts, Cloudflare's own beacon).
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

from tracker.portals.parser import parse_portal

#: What the error of a blocked page tells a person to do.
BLOCKED_ADVICE = ("the portal host refused a scripted visit: save the page from a browser and load it with "
                  "`alpr-tracker portals import FILE`, or follow the portal through the eyesonflock source")
_CHALLENGE_TITLE = re.compile(r"just a moment|attention required|checking your browser|security check|"
                              r"access denied|verify you are human|ddos protection", re.IGNORECASE)
_CHALLENGE_MARKUP = re.compile(r"challenge-platform|_cf_chl_opt|cf-chl-|cf_chl_|cf-turnstile|g-recaptcha|"
                               r"h-captcha|hcaptcha\.com|recaptcha/api|captcha-container", re.IGNORECASE)
_CHALLENGE_TEXT = re.compile(r"enable javascript and cookies to continue|verify (?:that )?you are (?:a )?human|"
                             r"complete the (?:security check|captcha)", re.IGNORECASE)
#: A page with less visible text than this and at least one script renders in the browser only.
_SHELL_TEXT_MAX = 200


def blocked_reason(body: bytes | str, cf_mitigated: str | None = None) -> str | None:
    """Why ``body`` is a wall and not a portal page, in words; None for a page that may be a portal.

    ``cf_mitigated`` is the response's ``cf-mitigated`` header, where there was a response.
    """
    if parse_portal(body).found:
        return None
    if (cf_mitigated or "").lower() == "challenge":
        return "a Cloudflare bot challenge (cf-mitigated: challenge)"
    try:
        root = lxml.html.document_fromstring(body)
    except (ParserError, ValueError):
        return None
    return _challenge(root) or _shell(root)


def _challenge(root: lxml.html.HtmlElement) -> str | None:
    title = " ".join((root.findtext(".//title") or "").split())
    if _CHALLENGE_TITLE.search(title):
        return f'a bot challenge page (title "{title}")'
    markup = " ".join(" ".join((element.get("src") or "", element.get("class") or "", element.get("id") or "",
                                (element.text or "") if element.tag == "script" else ""))
                      for element in root.iter() if isinstance(element.tag, str))
    found = _CHALLENGE_MARKUP.search(markup)
    if found:
        return f'a bot challenge page ("{found[0]}")'
    text = _CHALLENGE_TEXT.search(root.text_content())
    return f'a bot challenge page ("{text[0]}")' if text else None


def _shell(root: lxml.html.HtmlElement) -> str | None:
    scripts = len(root.xpath("//script"))
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    text = " ".join(root.text_content().split())
    if scripts and len(text) < _SHELL_TEXT_MAX:
        return (f"an empty JavaScript shell ({scripts} script{'s' * (scripts != 1)}, {len(text)} characters of text, no portal labels): "
                "the page renders only in a browser")
    return None
