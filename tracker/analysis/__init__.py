"""The ALPR analysis engine: pure functions from text to :class:`~tracker.analysis.models.Finding`.

It knows ALPR and nothing about HTTP or SQL. The vocabulary lives in ``lexicon.yaml``.
"""

from tracker.analysis.engine import analyze_item, analyzer_version
from tracker.analysis.models import Finding

__all__ = ["Finding", "analyze_item", "analyzer_version"]
