"""What an analysed article adds up to: counts and densities per technique and category, the
most loaded paragraphs, genre, frames, what extraction removed, who says so (sourcing), and a
plain-language digest.

The digest and verdict are built only from the findings and :mod:`slant.doc.taxonomy` wording,
quoting the article's own words, so they never carry hand-written per-article content.
The result is a JSON-able dict; :mod:`slant.doc.document` stores it and the renderers show it.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from slant.components.attributions import REPORT_CONFIDENCE, attributions_of, load_lexicon
from slant.doc import taxonomy
from slant.doc.article import Article, Span, paragraph_index

log = logging.getLogger(__name__)

DIGEST_ITEMS = 5
QUOTES_PER_ITEM = 2
QUOTE_CHARS = 60
LOADED_PARAGRAPHS = 3

# Verdict thresholds: findings per 1,000 words, or share of paragraphs with a finding.
HEAVY_DENSITY, HEAVY_SHARE = 20.0, 0.5
MODERATE_DENSITY, MODERATE_SHARE = 6.0, 0.2


def findings_of(article: Article) -> list[Span]:
    """The article's technique findings with a known technique id, in text order."""
    known = []
    for span in article.layers.get("techniques", []):
        if taxonomy.is_technique(span.label):
            known.append(span)
        else:
            log.warning("%s: ignoring a finding with unknown technique %r", article.source, span.label)
    return known


def shorten(words: str, limit: int = QUOTE_CHARS) -> str:
    """One-line quote of at most about ``limit`` characters, cut at a word boundary with …"""
    flat = " ".join(words.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",;:.-–— ") + "…"


_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u2039\u203a"
_DOUBLE_QUOTE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"


def quote_of(words: str) -> str:
    """Span words ready to be put in quotation marks: shortened, without their own outer quote
    marks or trailing commas (a span often starts or stops at one of a pair)."""
    quote = shorten(words.strip().strip(_QUOTE_MARKS + ",;:").strip())
    if sum(quote.count(mark) for mark in _DOUBLE_QUOTE_MARKS) % 2:
        # A lone mark of a pair the span, the stripping or the shortening cut through:
        # “cultural capital” of… would read as a quotation closed after its second word.
        quote = " ".join("".join(ch for ch in quote if ch not in _DOUBLE_QUOTE_MARKS).split())
    return quote


def _focus_text(article: Article, span: Span) -> str:
    """The words a quote of ``span`` shows: its focus (the stretch the model is surest of, for a
    span joined from several) or else the whole span."""
    focus = span.attrs.get("focus")
    if focus:
        return article.text[focus[0] : focus[1]]
    return article.span_text(span)


def part_of(part: int, total: int, noun: str, verb_one: str, verb_many: str) -> str:
    """``"1 of 3 sentences cites"``, ``"2 of 3 sentences cite"``, ``"0 of 1 sentence cite"``: the
    noun agrees with the total, the verb with the part."""
    nouns = noun if total == 1 else f"{noun}s"
    return f"{part} of {total} {nouns} {verb_one if part == 1 else verb_many}"


def _informative(quote: str) -> bool:
    return sum(ch.isalnum() for ch in quote) >= 4


def _score(span: Span) -> float:
    return float(span.score) if span.score is not None else 0.5


def _paragraph_sets(article: Article, findings: list[Span]) -> dict[str, set[int]]:
    """Paragraph indices flagged per technique: from span findings and paragraph labels both."""
    flagged: dict[str, set[int]] = defaultdict(set)
    for span in findings:
        index = paragraph_index(article, span.start)
        if index is not None:
            flagged[span.label].add(index)
    for span in article.layers.get("paragraph_techniques", []):
        if taxonomy.is_technique(span.label):
            index = paragraph_index(article, span.start)
            if index is not None:
                flagged[span.label].add(index)
    return flagged


def _genre(article: Article) -> dict[str, Any] | None:
    genre = article.labels.get("genre")
    if not isinstance(genre, dict) or not genre.get("label"):
        return None
    out = {"label": genre["label"], "name": taxonomy.display_name(genre["label"]), "score": genre.get("score"),
           "uncertain": bool(genre.get("uncertain", False))}
    scores = genre.get("scores")
    if out["uncertain"] and isinstance(scores, dict):
        others = sorted(((float(v), k) for k, v in scores.items() if k != genre["label"]), reverse=True)
        if others:
            score, label = others[0]
            out["runner_up"] = {"label": label, "name": taxonomy.display_name(label), "score": round(score, 4)}
            if isinstance(out["score"], int | float) and score > out["score"]:
                # Scored higher, yet the label won: the language's offsets discount the runner-up
                # (satire) or raise the label (reporting in English). Documents from before 2.2
                # carry no offsets; there it was always a discount.
                offsets = genre.get("offsets")
                if not isinstance(offsets, dict) or offsets.get(label, 0) < 0:
                    out["runner_up"]["discounted"] = True
                if isinstance(offsets, dict) and offsets.get(genre["label"], 0) > 0:
                    out["raised"] = True
    return out


def describe_genre(genre: dict[str, Any] | None, capitalised: bool = False) -> str:
    """The genre as a reader sees it: "reporting (72%)", or when the evidence is split
    "uncertain: reporting (45%) or opinion (38%)"; a runner-up the model scored higher but whose
    calls are discounted in the language (satire) reads "opinion (35%) or satire (55%, discounted)",
    and a label chosen over a higher score because its calls are raised in the language (reporting
    in English) "reporting (35%, raised) or opinion (48%)"."""
    if not genre:
        return "not classified"

    def named(entry: dict[str, Any]) -> str:
        name = entry["name"] if capitalised else entry["name"].lower()
        score = entry.get("score")
        marks = "".join(f", {mark}" for mark in ("raised", "discounted") if entry.get(mark))
        return f"{name} ({score:.0%}{marks})" if isinstance(score, int | float) else name

    if not genre.get("uncertain"):
        return named(genre)
    runner_up = genre.get("runner_up")
    guesses = named(genre) + (f" or {named(runner_up)}" if runner_up else "")
    return f"{'Uncertain' if capitalised else 'uncertain'}: {guesses}"


def _frames(article: Article) -> list[dict[str, Any]]:
    frames = article.labels.get("frames")
    if isinstance(frames, dict):
        frames = frames.get("labels")
    out = []
    for entry in frames or []:
        label = entry.get("label") if isinstance(entry, dict) else entry
        if not label:
            continue
        score = entry.get("score") if isinstance(entry, dict) else None
        out.append({"label": label, "name": taxonomy.display_name(label), "score": score})
    return out


def _digest(article: Article, findings: list[Span]) -> list[dict[str, Any]]:
    by_technique: dict[str, list[Span]] = defaultdict(list)
    for span in findings:
        by_technique[span.label].append(span)
    # Confidence × count: the sum of confidences ranks both strong and frequent techniques.
    ranked = sorted(by_technique.items(), key=lambda item: (-sum(_score(s) for s in item[1]), item[0]))
    items = []
    for technique_id, spans in ranked[:DIGEST_ITEMS]:
        technique = taxonomy.technique(technique_id)
        candidates = [quote_of(_focus_text(article, s)) for s in sorted(spans, key=lambda s: (-_score(s), s.start))]
        # Words like "of" or "a" say nothing on their own: quote them only when nothing better exists.
        ordered = [q for q in candidates if _informative(q)] + [q for q in candidates if q and not _informative(q)]
        quotes: list[str] = []
        for quote in ordered:
            if quote.casefold() not in (q.casefold() for q in quotes):
                quotes.append(quote)
            if len(quotes) == QUOTES_PER_ITEM:
                break
        quoted = " and ".join(f"\u201c{q}\u201d" for q in quotes)
        count = f", {len(spans)}\u00d7" if len(spans) > 1 else ""
        items.append(
            {
                "technique": technique_id,
                "category": technique.category,
                "count": len(spans),
                "weight": round(sum(_score(s) for s in spans), 4),
                "quotes": quotes,
                "text": f"{technique.digest} {quoted} ({technique.short}{count})",
            }
        )
    return items


def _verdict(summary: dict[str, Any], analysed: bool) -> str:
    parts = []
    count = summary["finding_count"]
    if not analysed:
        parts.append("Techniques not analysed")
    elif count == 0:
        parts.append("No persuasion techniques found")
    else:
        density, share = summary["per_1000_words"], summary["paragraph_share"]
        if density >= HEAVY_DENSITY or share >= HEAVY_SHARE:
            level = "Heavily loaded"
        elif density >= MODERATE_DENSITY or share >= MODERATE_SHARE:
            level = "Moderately loaded"
        else:
            level = "Lightly loaded"
        noun = "finding" if count == 1 else "findings"
        parts.append(
            f"{level}: {count} {noun} in {summary['paragraphs_with_findings']} of "
            f"{summary['paragraph_count']} paragraphs"
        )
    genre = summary["genre"]
    if genre:
        parts.append(("genre " if genre.get("uncertain") else "") + describe_genre(genre))
    if summary["frames"]:
        parts.append("frames: " + ", ".join(f["name"].lower() for f in summary["frames"][:3]))
    return "; ".join(parts) + "."


VAGUE_EXAMPLES = 3
SOURCE_PHRASE_GAP = 40  # a source and its cue this close are quoted together ("Doctors report")
_NUMBER = re.compile(r"\d")


def reported(article: Article) -> list[tuple[Span, Span | None, Span | None]]:
    """The attributions a report counts and shows: those at or above REPORT_CONFIDENCE."""
    return [item for item in attributions_of(article) if (item[0].score or 0.0) >= REPORT_CONFIDENCE]


def source_phrase(article: Article, source: Span | None, cue: Span | None) -> str:
    """The words that say who says it, for quoting: source and cue together where they are
    close ("information comes in", "According to the latest reports"), else the one there is."""
    parts = [span for span in (source, cue) if span is not None]
    if not parts:
        return ""
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    if len(parts) == 2 and (max(source.start, cue.start) - min(source.end, cue.end)) > SOURCE_PHRASE_GAP:
        start, end = (source.start, source.end) if source is not None else (cue.start, cue.end)
    return shorten(" ".join(article.text[start:end].split()))


def _merged_ranges(spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The character ranges the spans cover, overlapping ones merged, in order."""
    merged: list[list[int]] = []
    for start, end in sorted((span.start, span.end) for span in spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _touches(ranges: list[tuple[int, int]], starts: list[int], span: Span) -> bool:
    """Whether ``span`` overlaps any of the merged, ordered ``ranges`` (``starts``: their starts)."""
    index = bisect.bisect_left(starts, span.end) - 1  # the last range starting before the span ends
    return index >= 0 and ranges[index][1] > span.start


def factual_sentences(article: Article) -> list[Span]:
    """Sentences that sound like a statement of fact: declarative (a full stop, not a question or
    exclamation), at least five words, with a number or an event or date word (lexicon kind
    ``event``), no opinion marker (kind ``opinion``), not the title, not a quotation."""
    lexicon = load_lexicon(article.language)
    if lexicon is None:
        return []
    title = article.title_span
    out = []
    for sentence in article.sentences:
        if title is not None and title.start <= sentence.start < title.end:
            continue
        words = article.span_text(sentence).strip()
        if len(words.split()) < 5 or words[:1] in "\"“„«'‘‹—–-":
            continue
        if not words.rstrip("\"”»’'›)").endswith("."):
            continue
        has_fact = bool(_NUMBER.search(words)) or any(True for _ in lexicon.finditer("event", words))
        if has_fact and not any(True for _ in lexicon.finditer("opinion", words)):
            out.append(sentence)
    return out


def _sourcing(article: Article) -> dict[str, Any] | None:
    """Who says so: attributed statements by kind of source, and factual-sounding sentences that
    no attribution covers, with a plain-words line; None where attributions were not analysed."""
    if "attributions" not in article.layers:
        return None
    items = reported(article)
    kinds = Counter(span.label for span, _, _ in items)
    by_type = Counter(span.attrs.get("source_type") for span, _, _ in items if span.attrs.get("source_type"))
    vague_sources: list[str] = []
    seen_phrases: set[str] = set()
    for span, source, cue in items:
        if span.label != "vague":
            continue
        phrase = source_phrase(article, source, cue)
        if phrase and phrase.casefold() not in seen_phrases:
            seen_phrases.add(phrase.casefold())
            vague_sources.append(phrase)
    covered = _merged_ranges(part for item in items for part in item if part is not None)
    covered_starts = [start for start, _ in covered]
    factual = factual_sentences(article)
    unattributed = [s for s in factual if not _touches(covered, covered_starts, s)]
    count = len(items)
    if count:
        if kinds["vague"]:
            if kinds["vague"] == count and count > 1:
                share = f"all {count} attributed statements rest"
            else:
                share = part_of(kinds["vague"], count, "attributed statement", "rests", "rest")
            shown = ", ".join(f"\u201c{v}\u201d" for v in vague_sources[:VAGUE_EXAMPLES])
            more = ", \u2026" if len(vague_sources) > VAGUE_EXAMPLES else ""
            line = f"{share} on vague sources: {shown}{more}"
        elif kinds["named"] == count:
            line = f"all {count} attributed statements name their source" if count > 1 else \
                "the one attributed statement names its source"
        else:
            line = part_of(kinds["named"], count, "attributed statement", "names its", "name their") + " source"
        if kinds["none"]:
            line += f"; {kinds['none']} report with no source at all" if kinds["none"] == 1 else \
                f"; {kinds['none']} reports with no source at all"
    else:
        line = "no attributed statements"
    if factual:
        line += "; " + part_of(len(unattributed), len(factual), "factual-sounding sentence", "cites", "cite") + " no source"
    return {
        "attributions": count,
        "named": kinds["named"],
        "vague": kinds["vague"],
        "none": kinds["none"],
        "by_type": dict(by_type.most_common()),
        "factual_sentences": len(factual),
        "unattributed_factual_sentences": len(unattributed),
        "vague_sources": vague_sources,
        "text": "Sourcing: " + line + ".",
    }


def summarize(article: Article) -> dict[str, Any]:
    """Counts, densities, loaded paragraphs, labels, removed leftovers, digest and verdict."""
    findings = findings_of(article)
    words = article.word_count
    paragraph_count = len(article.paragraphs)
    flagged = _paragraph_sets(article, findings)
    counts = Counter(span.label for span in findings)
    top_score: dict[str, float] = {}
    for span in findings:
        top_score[span.label] = max(top_score.get(span.label, 0.0), _score(span))

    def density(count: int) -> float:
        return round(count * 1000 / words, 2) if words else 0.0

    def share(paragraphs: set[int]) -> float:
        return round(len(paragraphs) / paragraph_count, 4) if paragraph_count else 0.0

    techniques = []
    for technique_id in sorted(set(counts) | set(flagged), key=lambda t: (-counts[t], -len(flagged[t]), t)):
        technique = taxonomy.technique(technique_id)
        techniques.append(
            {
                "technique": technique_id,
                "name": technique.name,
                "category": technique.category,
                "count": counts[technique_id],
                "paragraphs": len(flagged[technique_id]),
                "paragraph_share": share(flagged[technique_id]),
                "per_1000_words": density(counts[technique_id]),
                "top_confidence": round(top_score.get(technique_id, 0.0), 4),
            }
        )

    categories = []
    for category in taxonomy.CATEGORIES:
        members = [t for t in techniques if t["category"] == category.id]
        if not members:
            continue
        paragraphs = set().union(*(flagged[t["technique"]] for t in members))
        count = sum(t["count"] for t in members)
        categories.append(
            {
                "category": category.id,
                "name": category.name,
                "count": count,
                "paragraphs": len(paragraphs),
                "paragraph_share": share(paragraphs),
                "per_1000_words": density(count),
                "techniques": [t["technique"] for t in members],
            }
        )
    categories.sort(key=lambda c: (-c["count"], -c["paragraphs"]))

    by_paragraph: dict[int, list[Span]] = defaultdict(list)
    for span in findings:
        index = paragraph_index(article, span.start)
        if index is not None:
            by_paragraph[index].append(span)
    flagged_paragraphs = set().union(*flagged.values()) if flagged else set()
    loaded = sorted(by_paragraph.items(), key=lambda item: (-len(item[1]), -sum(_score(s) for s in item[1]), item[0]))
    loaded_paragraphs = [
        {
            "paragraph": index,
            "start": article.paragraphs[index].start,
            "end": article.paragraphs[index].end,
            "finding_count": len(spans),
            "score": round(sum(_score(s) for s in spans), 4),
            "techniques": sorted({s.label for s in spans}),
            "findings": [
                {"start": s.start, "end": s.end, "technique": s.label, "confidence": round(_score(s), 4)}
                for s in spans
            ],
        }
        for index, spans in loaded[:LOADED_PARAGRAPHS]
    ]

    summary: dict[str, Any] = {
        "language": article.language,
        "word_count": words,
        "paragraph_count": paragraph_count,
        "finding_count": len(findings),
        "paragraphs_with_findings": len(flagged_paragraphs),
        "paragraph_share": share(flagged_paragraphs),
        "per_1000_words": density(len(findings)),
        "techniques": techniques,
        "categories": categories,
        "loaded_paragraphs": loaded_paragraphs,
        "genre": _genre(article),
        "frames": _frames(article),
        "removed": {
            "count": len(article.removed),
            "reasons": dict(Counter(r.reason for r in article.removed).most_common()),
        },
    }
    digest = _digest(article, findings)
    summary["digest"] = digest
    summary["digest_text"] = "; ".join(item["text"] for item in digest) + ("." if digest else "")
    summary["verdict"] = _verdict(summary, analysed="techniques" in article.layers)
    sourcing = _sourcing(article)
    if sourcing is not None:
        summary["sourcing"] = sourcing
        summary["verdict"] += " " + sourcing["text"]
    return summary
