"""Function words, for telling prose from lists of names and headlines.

Our own lists for the six supported languages (``slant/data/leftovers_stopwords.txt``), joined
with jusText's for the inflected forms ours lack; jusText's lists for other languages are used
only to guess the language of a page that matches none of ours.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import lru_cache
from importlib import resources

from slant.errors import SlantError

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _own_stopwords() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    current: set[str] | None = None
    data = resources.files("slant").joinpath("data/leftovers_stopwords.txt").read_text(encoding="utf-8")
    for raw in data.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = lists.setdefault(line[1:-1], set())
            continue
        if current is None:
            raise SlantError("slant/data/leftovers_stopwords.txt has words before its first [language] header")
        current.update(line.split())
    return {code: frozenset(words) for code, words in lists.items()}


def language_stopwords(code: str | None) -> frozenset[str]:
    """The function words of one supported language (ISO 639-1); empty for any other."""
    return _own_stopwords().get(code or "", frozenset())


@lru_cache(maxsize=1)
def any_language_stopwords() -> frozenset[str]:
    """The function words of all six supported languages together."""
    return frozenset().union(*_own_stopwords().values())


@lru_cache(maxsize=1)
def _extra_stopwords() -> dict[str, frozenset[str]]:
    """jusText's stop lists (installed with trafilatura), for pages outside our six languages."""
    try:
        import justext  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - trafilatura brings it along
        log.debug("justext not installed; only the six built-in stop lists are used")
        return {}
    out: dict[str, frozenset[str]] = {}
    for name in justext.get_stoplists():
        words = frozenset(word.lower() for word in justext.get_stoplist(name))
        # Very long lists (thousands of inflected forms) would win every guess; their most
        # frequent words are not knowable here, so they are left out of the guessing.
        if len(words) <= 1500:
            out[name] = words
    return out


_JUSTEXT_NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French", "it": "Italian", "pl": "Polish"}


@lru_cache(maxsize=8)
def _full_stopwords(code: str) -> frozenset[str]:
    """Our list for ``code`` joined with jusText's (which has the inflected forms ours lacks)."""
    words = set(_own_stopwords().get(code, frozenset()))
    try:
        import justext  # type: ignore[import-untyped]

        words.update(w.lower() for w in justext.get_stoplist(_JUSTEXT_NAMES[code]))
    except (ImportError, KeyError, ValueError):
        log.debug("no jusText stop list for %s; using the built-in one", code)
    return frozenset(words)


def guess_stopwords(token_counts: Counter[str], language: str | None) -> tuple[str | None, frozenset[str]]:
    """The stop list for ``language``, or else the one that covers most of ``token_counts``.

    Returns the list's name (an ISO 639-1 code, or a jusText language name) and its words;
    ``(None, frozenset())`` when no list fits the text.
    """
    own = _own_stopwords()
    if language in own:
        return language, _full_stopwords(language)
    total = sum(token_counts.values())
    if not total:
        return None, frozenset()

    def coverage(words: frozenset[str]) -> float:
        return sum(count for token, count in token_counts.items() if token in words) / total

    best_code, best_cover = max(((code, coverage(words)) for code, words in own.items()), key=lambda kv: kv[1])
    if best_cover >= 0.12:
        return best_code, _full_stopwords(best_code)
    extra = _extra_stopwords()
    if extra:
        name, cover = max(((name, coverage(words)) for name, words in extra.items()), key=lambda kv: kv[1])
        if cover > best_cover and cover >= 0.08:
            return name, extra[name]
    if best_cover >= 0.06:
        return best_code, _full_stopwords(best_code)
    return None, frozenset()
