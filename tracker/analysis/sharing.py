"""Who may see the plate data: the sharing terms an item states.

Tags are coarse on purpose (``federal``, ``immigration``, ``out_of_state``, ``national``, ``statewide``,
``restricted``): they are what alerts filter on. The sentence that carries each tag is its evidence.
"""

from __future__ import annotations

import re

from tracker.analysis.models import Evidence

_SENTENCE_END = re.compile(r"[.;!?\n]")
_SHARING_CUE = re.compile(
    r"\b(?:shar(?:e|ed|es|ing)|access|network|look ?up|disclos\w*|transfer\w*|provid\w* (?:data|information)"
    r"|data[- ]sharing|interagency|mou)\b",
    re.I,
)
_TAGS: list[tuple[str, re.Pattern]] = [
    ("restricted", re.compile(
        r"\b(?:shall|will|may|must) not (?:be )?(?:shar|sell|disclos|provid|transfer)|\bno (?:data )?sharing"
        r"|prohibit\w* (?:the )?(?:shar|sale|disclos)|\bonly (?:be )?shared with|\bSB ?34\b|\bnot (?:be )?shared", re.I)),
    ("immigration", re.compile(
        r"\bICE\b|immigration and customs|\bimmigration\b|\bCBP\b|border patrol|customs and border", re.I)),
    ("federal", re.compile(
        r"\bfederal (?:agenc|law enforcement|partner|government)|\bDHS\b|homeland security|\bFBI\b|\bDEA\b"
        r"|\bATF\b|\bU\.?S\.? marshal|\bHSI\b|\bfederal\b", re.I)),
    ("out_of_state", re.compile(
        r"out[- ]of[- ]state|other states|outside (?:of )?(?:the )?(?:state|california|texas)|any state|all 50 states"
        r"|across state lines", re.I)),
    ("national", re.compile(r"national (?:lookup|look-up|network|database|search)|nationwide|\bnational\b", re.I)),
    ("statewide", re.compile(r"\bstatewide\b|state[- ]wide|within the state|in-state", re.I)),
]


def find_sharing(text: str) -> list[tuple[str, Evidence]]:
    """Sharing tags with the sentence that states each (first sentence per tag)."""
    found: dict[str, Evidence] = {}
    seen_sentences: set[int] = set()
    for cue in _SHARING_CUE.finditer(text):
        start, end = _sentence_around(text, cue.start())
        if start in seen_sentences:
            continue
        seen_sentences.add(start)
        body = text[start:end]
        for tag, pattern in _TAGS:
            if tag not in found and pattern.search(body):
                found[tag] = Evidence(start=start, end=end, text=body)
            if tag == "restricted" and tag in found and found[tag].start == start:
                break  # "will not be shared with federal agencies" restricts; it does not share
    return list(found.items())


def _sentence_around(text: str, offset: int) -> tuple[int, int]:
    """The sentence containing ``offset``, without surrounding white space."""
    start = max(text.rfind(c, 0, offset) for c in ".;!?\n") + 1
    after = _SENTENCE_END.search(text, offset)
    end = after.end() if after else len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
