"""Language identification of article text with py3langid (its model ships with the package).

slant's own languages (:data:`PREFERRED`) get a prior boost: a news text in one of them that
the n-gram model finds close to a neighbour (Ukrainian/Russian, Spanish/Catalan, …) resolves
to the preferred one, while clearly other languages are still reported as themselves.
Codes are ISO 639-1.
"""

from __future__ import annotations

import logging
from functools import cache

logger = logging.getLogger(__name__)

PREFERRED = ("en", "ru", "de", "fr", "it", "pl", "uk", "es")
# Probability multiplier for preferred languages before renormalising.
PREFERRED_PRIOR = 4.0
# The model's label for text in no human language (code, numbers, markup).
NO_LANGUAGE = "zxx"
# Texts with fewer letters than this are too short to tell reliably.
MIN_LETTERS = 20
# Only the start of long texts is read: a few thousand characters settle the language.
SAMPLE_CHARS = 8000


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str | None) -> tuple[str | None, float]:
    """Return ``(ISO 639-1 code, confidence in [0, 1])``.

    ``(None, 0.0)`` for text too short to tell, or in no human language at all.
    """
    if not text:
        return None, 0.0
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None, 0.0
    ranking = _identifier().rank(sample)
    if ranking and ranking[0][0] == NO_LANGUAGE:
        return None, 0.0
    # The model also knows languages with only three-letter codes; slant speaks ISO 639-1.
    weighted = [
        (code, prob * (PREFERRED_PRIOR if code in PREFERRED else 1.0)) for code, prob in ranking if len(code) == 2
    ]
    total = sum(weight for _, weight in weighted) or 1.0
    code, weight = max(weighted, key=lambda pair: pair[1])
    confidence = weight / total
    logger.debug("language %s (%.3f)", code, confidence)
    return code, float(confidence)
