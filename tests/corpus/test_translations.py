"""Translations: an article and its translation on another site are paired (relation
``translation``, the aligned sentences in order as evidence); a report of the same event written
independently in the other language is not; numbers that disagree keep two sentences apart.
Groups: the pairs' connected articles, with the original and what each copy changed.

The fast tests give the search sentence vectors made here (a translation's sentence gets its
original's vector, slightly moved); the slow one runs the real multilingual sentence encoder."""

from __future__ import annotations

import numpy as np
import pytest

from slant.corpus import translations
from slant.corpus.groups import find_groups
from slant.corpus.syndication import find_syndication
from slant.doc.article import Metadata

from .test_syndication import BODY, LEAD, ORIGINAL, SAME_EVENT, TITLE, analysis

GERMAN = [  # ORIGINAL's first five paragraphs, translated sentence by sentence
    "Hochwasserschutz versagt, als der Fluss Tamsin einen Rekordstand von 7,4 Metern erreicht",
    "Die Hochwasserbarriere von Port Ellery hat am frühen Dienstag versagt, nachdem der Fluss Tamsin auf einen "
    "Rekordstand von 7,4 Metern gestiegen war, und 1.200 Bewohner mussten ihre Häuser verlassen. Einsatzkräfte "
    "arbeiteten die ganze Nacht, um die Bruchstelle abzustützen.",
    "Bürgermeisterin Helena Brandt sagte, die 2019 für 48 Millionen Euro fertiggestellte Barriere sei für einen "
    "Pegel von 7 Metern ausgelegt gewesen. Sie versprach eine unabhängige Untersuchung darüber, wie diese Grenze "
    "gewählt wurde.",
    "Die regionale Wasserbehörde teilte mit, im Einzugsgebiet seien in 48 Stunden 210 Millimeter Regen gefallen, "
    "mehr als das Doppelte des Monatsmittels. Ihr Chefingenieur Tomasz Weller nannte die Bedingungen "
    "außergewöhnlich.",
    "Drei Schulen und der Hauptbahnhof blieben am Dienstagmorgen geschlossen. Die Züge zwischen Port Ellery und "
    "Linden wurden bis auf Weiteres durch Busse ersetzt.",
]
GERMAN_SAME_EVENT = [  # the same facts in German, written independently: its own order and angle
    "Nacht in der Turnhalle: Wie Port Ellery die Flut erlebt",
    "Auf Feldbetten des Roten Kreuzes haben viele Familien aus dem Alten Hafen die Nacht verbracht. \"Das Wasser "
    "kam durch den Boden, innerhalb von Minuten\", erzählt eine Rentnerin, die seit 40 Jahren dort wohnt.",
    "Nach Angaben der Wasserbehörde fielen binnen 48 Stunden 210 Millimeter Regen. Die Bahnstrecke nach Linden "
    "ist gesperrt, Busse fahren als Ersatz.",
    "Kritiker hatten seit Jahren gewarnt, dass die 48 Millionen Euro teure Anlage nur für 7 Meter gebaut sei. "
    "Bürgermeisterin Brandt kündigte nun eine Untersuchung an.",
    "Rund 1.200 Menschen mussten ihre Wohnungen verlassen, als der Tamsin auf 7,4 Meter stieg.",
]
ENGLISH = [TITLE, LEAD, *BODY[:3]]


def sentences_of(paragraphs):
    from slant.ingest.segment import paragraph_spans, sentence_spans

    text = "\n\n".join(paragraphs)
    return [text[s.start:s.end] for s in sentence_spans(text, paragraph_spans(text), None)]


@pytest.fixture
def fake_vectors():
    """Sentence vectors: a German sentence of GERMAN gets its English original's vector, moved a
    little; every other sentence a vector of its own."""
    english, german = sentences_of(ENGLISH), sentences_of(GERMAN)
    assert len(english) == len(german)
    twin = dict(zip(german, english, strict=True))

    def vector(text: str, salt: int) -> np.ndarray:
        seed = int.from_bytes(text.encode()[:64].ljust(64, b" "), "little") % (2**32) ^ salt
        values = np.random.default_rng(seed).normal(size=384)
        return values / np.linalg.norm(values)

    def embed(texts):
        rows = []
        for text in texts:
            if text in twin:
                row = vector(twin[text], 0) + 0.2 * vector(text, 1)
                rows.append(row / np.linalg.norm(row))
            else:
                rows.append(vector(text, 0))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)

    embed.calls = []
    return embed


def articles(build_article, make_analysis):
    german = build_article(GERMAN, [], language="de", source="de.html",
                           metadata=Metadata(url="https://zeitung.example/flut", site="zeitung.example"))
    german_same = build_article(GERMAN_SAME_EVENT, [], language="de", source="de2.html",
                                metadata=Metadata(url="https://blatt.example/flut", site="blatt.example"))
    return [
        analysis(build_article, make_analysis, ORIGINAL, source="wire.html", url="https://wire.example/flood",
                 site="wire.example", sentences=True),
        make_analysis(german), make_analysis(german_same),
        analysis(build_article, make_analysis, SAME_EVENT, source="times.html", url="https://times.example/flood",
                 site="times.example"),
    ]


def test_a_translation_is_paired_and_a_same_event_report_is_not(build_article, make_analysis, fake_vectors):
    documents = [a.to_dict() for a in articles(build_article, make_analysis)]
    pairs = find_syndication(documents, sentence_vectors=fake_vectors)
    assert [(p.a, p.b, p.relation) for p in pairs] == [
        ("https://wire.example/flood", "https://zeitung.example/flut", "translation")]
    [pair] = pairs
    german_text = documents[1]["text"]
    english_text = documents[0]["text"]
    assert len(pair.evidence) == len(sentences_of(GERMAN))  # every German sentence aligned, in order
    assert pair.score == 1.0
    assert [english_text[a[0]:a[1]] for a, _ in pair.evidence] == sentences_of(ENGLISH)
    assert [german_text[b[0]:b[1]] for _, b in pair.evidence] == sentences_of(GERMAN)
    assert pair.to_dict()["relation"] == "translation"


def test_a_sites_edition_in_another_language_is_paired(build_article, make_analysis, fake_vectors):
    english = build_article(ENGLISH, [], source="en.html",
                            metadata=Metadata(url="https://news.example/en/flood", site="news.example"))
    german = build_article(GERMAN, [], language="de", source="de.html",
                           metadata=Metadata(url="https://news.example/de/flut", site="news.example"))
    pairs = find_syndication([make_analysis(english).to_dict(), make_analysis(german).to_dict()],
                             sentence_vectors=fake_vectors)
    assert [(p.a, p.b, p.relation) for p in pairs] == [
        ("https://news.example/de/flut", "https://news.example/en/flood", "translation")]


def test_one_language_needs_no_sentence_vectors(build_article, make_analysis):
    documents = [a.to_dict() for a in articles(build_article, make_analysis)]
    english_only = [documents[0], documents[3]]

    def refuse(texts):
        raise AssertionError("no translation search in a corpus of one language")

    assert find_syndication(english_only, sentence_vectors=refuse) == []


def test_numbers_that_disagree_are_not_the_same_sentence():
    close = np.ones((1, 1), dtype=np.float32)
    assert translations.align(["Fell 210 mm in 48 hours"], ["Fielen 210 mm in 48 Stunden"], close) == [(0, 0)]
    assert translations.align(["Fell 210 mm in 48 hours"], ["Fielen 120 mm in 24 Stunden"], close) == []
    assert translations.align(["No numbers here"], ["Hier 12 Zahlen"], close) == [(0, 0)]
    assert translations.numbers("1,200 people; 1.200 Menschen; 1 200 personnes; 7,4 m") == {"1200", "74"}


def test_alignment_keeps_order_and_prefers_the_closest():
    closeness = np.eye(4, dtype=np.float32)[[0, 2, 1, 3]]  # the middle two sentences swapped
    chain = translations.align(["a"] * 4, ["b"] * 4, closeness)
    assert len(chain) == 3 and chain[0] == (0, 0) and chain[-1] == (3, 3)
    assert all(i2 > i1 and j2 > j1 for (i1, j1), (i2, j2) in zip(chain, chain[1:], strict=False))


def test_translation_relation_needs_sentences_in_step():
    assert translations.in_runs([(0, 0), (1, 1), (2, 2), (4, 5)]) == 3
    assert translations.in_runs([(1, 1), (2, 3), (4, 5), (5, 7)]) == 0  # a fact shared here and there
    assert translations.translation_relation(5, 8) == (True, 0.625)
    assert translations.translation_relation(1, 2)[0] is False  # one sentence is a coincidence
    assert translations.translation_relation(4, 12)[0] is True  # a translated lead in a longer piece
    assert translations.translation_relation(3, 12)[0] is False


def test_closeness_discounts_a_sentence_close_to_everything():
    """CSLS: the same cosine counts for less between sentences that sit close to the whole corpus."""
    vectors = np.eye(3, dtype=np.float32)
    quiet = translations.closeness(vectors[:1], vectors[:1], np.array([0.5]), np.array([0.5]))
    crowded = translations.closeness(vectors[:1], vectors[:1], np.array([0.9]), np.array([0.9]))
    assert quiet[0, 0] == pytest.approx(1.0) and crowded[0, 0] == pytest.approx(0.2)


def test_the_lead_index_answers_the_same_exactly_and_approximately(monkeypatch):
    rng = np.random.default_rng(7)
    leads = [rng.normal(size=(5, 384)).astype(np.float32) for _ in range(30)]
    leads = [v / np.linalg.norm(v, axis=1, keepdims=True) for v in leads]
    languages = ["en", "de", "fr"] * 10
    exact = translations.LeadIndex(leads, languages)
    monkeypatch.setattr(translations, "EXACT_SEARCH_LIMIT", 10)
    approximate = translations.LeadIndex(leads, languages)
    assert approximate._index is not None and exact._index is None
    ids_exact, _ = exact.search(exact.vectors[:20], 3)
    ids_approx, _ = approximate.search(approximate.vectors[:20], 3)
    assert all(set(a) == set(b) for a, b in zip(ids_exact.tolist(), ids_approx.tolist(), strict=True))
    assert np.allclose(exact.background(leads[0], 0), approximate.background(leads[0], 0), atol=1e-5)


def test_groups_name_the_original_and_what_the_copy_changed(build_article, make_analysis, fake_vectors):
    from .test_syndication import COPY, PARTIAL

    original = build_article(ORIGINAL, [("failed", 0, "Loaded_Language", 0.9)], source="wire.html",
                             metadata=Metadata(url="https://wire.example/flood", site="wire.example",
                                               published="2024-03-05"))
    partial = build_article(PARTIAL, [("gives way", 0, "Exaggeration-Minimisation", 0.8)], source="herald.html",
                            metadata=Metadata(url="https://herald.example/flood", site="herald.example",
                                              published="2024-03-06"))
    copy = build_article(COPY, [], source="daily.html",
                         metadata=Metadata(url="https://daily.example/flood", site="daily.example"))
    documents = {doc["metadata"]["url"]: doc for doc in
                 (make_analysis(a).to_dict() for a in (original, partial, copy))}
    pairs = find_syndication(documents.values(), sentence_vectors=fake_vectors)
    [group] = find_groups(pairs, documents.__getitem__)
    assert group.original == "https://wire.example/flood"  # published first
    assert group.members == sorted(documents)
    changes = {change.member: change for change in group.changes}
    herald = changes["https://herald.example/flood"]
    assert herald.relation == "partial"
    assert "Port Ellery evacuates 1,200 as barrier gives way" in herald.added
    assert any("sports hall" in sentence for sentence in herald.dropped)
    assert herald.techniques_added == ["Exaggeration-Minimisation"]
    assert herald.techniques_removed == ["Loaded_Language"]
    daily = changes["https://daily.example/flood"]
    assert daily.relation == "copy" and daily.counts["dropped"] == 0
    assert daily.added == [COPY[-1]]
    assert group.to_dict()["changes"][0]["member"] == "https://daily.example/flood"


@pytest.mark.slow
def test_the_real_sentence_encoder_finds_the_translation_not_the_same_event_report(build_article, make_analysis):
    documents = [a.to_dict() for a in articles(build_article, make_analysis)][:3]
    pairs = find_syndication(documents)
    assert [(p.a, p.b, p.relation) for p in pairs] == [
        ("https://wire.example/flood", "https://zeitung.example/flut", "translation")]
    assert pairs[0].score >= 0.8
