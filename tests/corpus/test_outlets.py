"""Outlet profiles: articles per site (metadata, else URL host, else none), languages, genres,
technique rates per 1,000 words over the analysed articles, frames, sourcing where audited, and
who copies whom, the earlier-published article of a pair being the original."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from slant.corpus.facts import NO_SITE, article_facts, parse_published
from slant.corpus.outlets import direction, outlet_profiles, profiles_from
from slant.corpus.store import Store
from slant.doc.analysis import Analysis
from slant.doc.article import Article, Metadata, Span

LEAD = "Flood barrier fails in Port Ellery"
BODY = ("The barrier failed on Tuesday and these shameful officials blamed the rain, said Mayor Helena Brandt. "
        "Officials say the repairs will take a year.")
OTHER = ("Cup final goes to extra time", "Linden Rovers beat Ashford Town after a shameful first half.")


def article(build_article, paragraphs, findings=(), *, site=None, url=None, published=None, source,
            language="en", genre="reporting", frames=(("Economic", 0.7),), attributions=False):
    built = build_article(list(paragraphs), list(findings), metadata=Metadata(url=url, site=site, published=published),
                          source=source, language=language, genre={"label": genre, "score": 0.8} if genre else None,
                          frames=list(frames) or None)
    if attributions:  # the sourcing audit ran: one named, one vague statement
        text = built.text
        named = text.index("The barrier failed")
        vague = text.index("the repairs will take a year")
        built.set_layer("attributions", [Span(named, named + 40, "named", 0.9, id="a1"),
                                         Span(vague, vague + 28, "vague", 0.9, id="a2")])
    return built


@pytest.fixture
def corpus(build_article, make_analysis):
    loaded = [("shameful", 0, "Loaded_Language", 0.9)]
    wire = article(build_article, (LEAD, BODY), loaded, site="Wire.example", url="https://wire.example/flood",
                   published="2026-03-03T08:00:00Z", source="wire.html", attributions=True)
    wire_cup = article(build_article, OTHER, loaded + [("Linden Rovers", 0, "Name_Calling-Labeling", 0.7)],
                       site="wire.example", url="https://wire.example/cup", published="2026-03-04",
                       source="wire-cup.html", genre="opinion", frames=(("Economic", 0.6), ("Political", 0.5)))
    daily = article(build_article, (LEAD, BODY + " Updated."), loaded, url="https://www.daily.example/flood",
                    published="2026-03-03T11:30:00+01:00", source="daily.html", attributions=True)
    herald = article(build_article, (LEAD, BODY + " Herald."), (), site="herald.example", published=None,
                     source="herald.html", language="de", genre=None, frames=())
    plain = article(build_article, ("A note", "Nothing to see here at all."), (), source="note.txt", genre=None)
    unanalysed = article(build_article, ("Bez tytułu", "Tekst bez analizy."), (), site="herald.example",
                         source="pl.html", language="pl", genre=None, frames=())
    del unanalysed.layers["techniques"]  # the technique models did not run on it
    return [make_analysis(item) for item in (wire, wire_cup, daily, herald, plain, unanalysed)]


def pair(a: str, b: str, relation: str = "copy") -> SimpleNamespace:
    return SimpleNamespace(a=a, b=b, relation=relation)


def test_profiles(corpus):
    facts = [article_facts(analysis.to_dict()) for analysis in corpus]
    pairs = [pair("https://wire.example/flood", "https://www.daily.example/flood"),  # daily 10:30 UTC, after wire
             pair("herald.html", "https://wire.example/flood", "partial")]  # herald has no date
    profiles = {profile.site: profile for profile in profiles_from(facts, pairs)}
    assert list(profiles) == ["herald.example", "Wire.example", NO_SITE, "daily.example"]  # most articles first

    wire = profiles["Wire.example"]  # both spellings are one outlet, shown as first written
    assert (wire.articles, wire.analysed) == (2, 2)
    words = corpus[0].summary["word_count"] + corpus[1].summary["word_count"]
    assert wire.words == words and wire.findings == 3
    assert wire.per_1000_words == round(3000 / words, 2)
    assert [(row["technique"], row["count"], row["articles"]) for row in wire.techniques] == [
        ("Loaded_Language", 2, 2), ("Name_Calling-Labeling", 1, 1)]
    assert wire.techniques[0]["per_1000_words"] == round(2000 / words, 2)
    assert wire.languages == {"en": 2} and wire.genres == {"opinion": 1, "reporting": 1}
    assert [(row["frame"], row["articles"], row["share"]) for row in wire.frames] == [("Economic", 2, 1.0),
                                                                                       ("Political", 1, 0.5)]
    assert wire.sourcing == {"articles": 1, "attributions": 2, "named": 1, "vague": 1, "none": 0,
                             "unattributed_factual": wire.sourcing["unattributed_factual"]}
    assert (wire.first_published, wire.last_published) == ("2026-03-03T08:00:00Z", "2026-03-04")
    assert [link.to_dict() for link in wire.copied_by] == [{"site": "daily.example", "pairs": 1,
                                                            "relations": {"copy": 1}}]
    assert wire.copies == [] and [link.site for link in wire.shares_with] == ["herald.example"]

    daily = profiles["daily.example"]  # no site given: the URL's host without www.
    assert [link.site for link in daily.copies] == ["Wire.example"] and daily.copied_by == []

    herald = profiles["herald.example"]
    assert herald.languages == {"de": 1, "pl": 1} and herald.analysed == 1
    assert herald.genres == {"not classified": 2} and herald.frames == [] and herald.sourcing is None
    assert herald.per_1000_words == 0.0
    assert [(link.site, link.relations) for link in herald.shares_with] == [("Wire.example", {"partial": 1})]
    assert profiles[NO_SITE].article_ids == [corpus[4].article.id]

    record = json.loads(json.dumps(wire.to_dict()))
    assert record["top_techniques"] == ["Loaded_Language", "Name_Calling-Labeling"]
    assert record["copied_by"][0]["site"] == "daily.example"


def test_outlet_profiles_reads_the_store_and_its_syndication(tmp_path, corpus, monkeypatch):
    from slant.corpus import syndication

    seen = []

    def fake_syndication(store):
        seen.append(store)
        return [pair("https://www.daily.example/flood", "https://wire.example/flood")]

    monkeypatch.setattr(syndication, "store_syndication", fake_syndication)
    with Store(tmp_path / "corpus.db") as store:
        store.write_batch(corpus)
        profiles = outlet_profiles(store)
        assert seen == [store]
    assert sum(profile.articles for profile in profiles) == len(corpus)
    wire = next(profile for profile in profiles if profile.site == "Wire.example")
    assert [link.site for link in wire.copied_by] == ["daily.example"]  # the order within a pair does not matter


def test_an_unknown_pair_member_or_same_site_pair_is_ignored(corpus):
    facts = [article_facts(analysis.to_dict()) for analysis in corpus]
    profiles = profiles_from(facts, [pair("https://wire.example/flood", "https://wire.example/cup"),
                                     pair("https://wire.example/flood", "gone.html")])
    assert all(not (p.copies or p.copied_by or p.shares_with) for p in profiles)


def test_direction_by_date():
    def facts(published):
        analysis = Analysis(Article(text=f"text {published}", metadata=Metadata(published=published)))
        return article_facts(analysis.to_dict())

    early, late = facts("2026-03-02T23:00:00-02:00"), facts("2026-03-03T02:00:00+02:00")  # 01:00 and 00:00 UTC
    way = direction(early, late)
    assert (way.original, way.copy) == (late, early)
    assert direction(facts("2026-03-02"), facts("2026-03-02T10:00:00Z")).original is None  # same day, one without time
    assert direction(facts("2026-03-01"), facts("2026-03-02T10:00:00Z")).copy.published == "2026-03-02T10:00:00Z"
    assert direction(facts(None), facts("2026-03-02")).original is None


def test_parse_published():
    assert parse_published("2026-03-02").day_only
    moment = parse_published("2026-03-02T10:15:00Z")
    assert not moment.day_only and moment.when.isoformat() == "2026-03-02T10:15:00+00:00"
    assert parse_published("2026-03-02 10:15").when.hour == 10  # no zone: UTC
    assert parse_published("Published 2026-03-02, updated").day.isoformat() == "2026-03-02"
    for value in (None, "", "yesterday", "2026-13-45", 20260302):
        assert parse_published(value) is None


def test_an_uncertain_genre_counts_apart_in_the_genre_mix(build_article, make_analysis):
    sure = article(build_article, (LEAD, BODY), (), site="wire.example", source="a.html")
    split = article(build_article, OTHER, (), site="wire.example", source="b.html")
    split.labels["genre"] = {"label": "opinion", "score": 0.44, "uncertain": True,
                             "scores": {"opinion": 0.44, "reporting": 0.41, "satire": 0.15}}
    facts = [article_facts(make_analysis(item).to_dict()) for item in (sure, split)]
    (profile,) = profiles_from(facts, [])
    assert profile.genres == {"reporting": 1, "uncertain": 1}
