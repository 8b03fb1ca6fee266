"""Syndication: copies and partial copies across sites are paired, with the aligned sentences as
evidence; a report of the same event written independently (same names and numbers, other
sentences), an unrelated article and one site's own second version are not. And the
``slant corpus syndication`` command: table, JSONL, -o."""

from __future__ import annotations

import json

import pytest

from slant.cli.main import main
from slant.corpus import syndication as syndication_module
from slant.corpus.store import Store
from slant.corpus.syndication import align, find_syndication, relation, shingles, words
from slant.doc.article import Metadata
from slant.ingest.segment import segment

TITLE = "Flood barrier fails as river Tamsin reaches record 7.4 metres"
LEAD = ("The flood barrier at Port Ellery failed early on Tuesday after the river Tamsin rose to a record 7.4 metres, "
        "forcing 1,200 residents from their homes. Emergency crews worked through the night to shore up the breach.")
BODY = [
    "Mayor Helena Brandt said the barrier, completed in 2019 at a cost of 48 million euros, had been designed for a "
    "river level of 7 metres. She promised an independent inquiry into how the design limit was chosen.",
    "The regional water authority said rainfall in the catchment had reached 210 millimetres in 48 hours, more than "
    "twice the monthly average. Its chief engineer, Tomasz Weller, called the conditions exceptional.",
    "Three schools and the central railway station were closed on Tuesday morning. Trains between Port Ellery and "
    "Linden were replaced by buses until further notice.",
    "Residents of the Old Harbour district described water rising through the floorboards within minutes. Many spent "
    "the night in a sports hall opened by the Red Cross on the edge of town.",
    "Insurers estimated early damage at around 30 million euros, though they cautioned that the figure would rise "
    "once the water receded. Local businesses were told to photograph all damage before starting repairs.",
    "Forecasters expect the river to fall below 6 metres by Thursday if no further rain arrives. The barrier will "
    "remain closed to the public while engineers inspect it.",
]
ORIGINAL = [TITLE, LEAD, *BODY]  # 15 sentences
COPY = [*ORIGINAL, "This article was first published by Wire Example and is republished here under licence."]
UPDATED = [*ORIGINAL, "This story has been updated with the latest river level from the water authority."]
PARTIAL = [  # new headline, the lead and 3 paragraphs reused, the rest its own: 14 sentences, 8 reused
    "Port Ellery evacuates 1,200 as barrier gives way",
    LEAD, *BODY[:3],
    "Herald reporters who visited the Old Harbour district on Tuesday afternoon found streets still under "
    "knee-deep water. Shopkeepers were carrying stock to upper floors.",
    "Opposition councillors have demanded that the construction contract for the barrier be published in full. "
    "The council has not yet responded to that request.",
    "Our live coverage continues on the Herald website throughout the day.",
]
SAME_EVENT = [  # the same names and numbers, written independently
    "Record river level of 7.4 metres overwhelms Port Ellery defences",
    "Some 1,200 people left their homes in Port Ellery on Tuesday when the river Tamsin topped its flood barrier at "
    "7.4 metres, the highest level ever recorded.",
    "Helena Brandt, the mayor, told reporters that an inquiry would examine the 48 million euro barrier, which opened "
    "in 2019 and was built for 7 metres of water. Critics had warned about that limit for years.",
    "According to Tomasz Weller of the regional water authority, 210 millimetres of rain fell in 48 hours. Schools "
    "and the railway station stayed shut.",
    "The Red Cross opened a sports hall for evacuees, and rail services to Linden were replaced by buses. Insurers "
    "put the early damage at 30 million euros.",
]
UNRELATED = [
    "Linden Rovers win the cup in extra time",
    "Linden Rovers beat Ashford Town 2-1 after extra time in the regional cup final on Saturday.",
    "Striker Jonas Pell scored the winner in the 112th minute with a header from a corner.",
    "The club's manager dedicated the trophy to the supporters who travelled to the away ground.",
]

WIRE = "https://wire.example/flood"
WIRE_UPDATED = "https://wire.example/flood-updated"
DAILY = "https://daily.example/news/flood"
HERALD = "herald/flood.html"  # no url: named by its source


def analysis(build_article, make_analysis, paragraphs, *, source, url=None, site=None, sentences=False):
    article = build_article(paragraphs, [], metadata=Metadata(url=url, site=site), source=source)
    if sentences:  # as the reader leaves it: a sentences layer (else sentences are found from the text)
        segment(article)
    return make_analysis(article)


@pytest.fixture
def analyses(build_article, make_analysis):
    return [
        analysis(build_article, make_analysis, ORIGINAL, source="wire.html", url=WIRE, site="wire.example",
                 sentences=True),
        analysis(build_article, make_analysis, UNRELATED, source="sport.html", url="https://sport.example/cup",
                 site="sport.example"),
        analysis(build_article, make_analysis, COPY, source="daily.html", url=DAILY, site="daily.example"),
        analysis(build_article, make_analysis, SAME_EVENT, source="times.html", url="https://times.example/flood",
                 site="times.example", sentences=True),
        analysis(build_article, make_analysis, PARTIAL, source=HERALD, site="herald.example"),
        # the same site's second version of its own story: not syndication
        analysis(build_article, make_analysis, UPDATED, source="wire2.html", url=WIRE_UPDATED, site="wire.example"),
    ]


@pytest.fixture
def db(tmp_path, analyses):
    path = tmp_path / "corpus.db"
    with Store(path) as store:
        assert store.write_batch(analyses).added == len(analyses)
    return path


EXPECTED = [  # ordered by a, then b; within a pair a is the smaller ID
    (HERALD, DAILY, "partial"),
    (HERALD, WIRE, "partial"),
    (HERALD, WIRE_UPDATED, "partial"),
    (DAILY, WIRE, "copy"),
    (DAILY, WIRE_UPDATED, "copy"),
]


def test_copies_and_partial_copies_are_paired_and_nothing_else(analyses):
    pairs = find_syndication(a.to_dict() for a in analyses)
    assert [(p.a, p.b, p.relation) for p in pairs] == EXPECTED
    texts = {a.article.metadata.url or a.article.source: a.article.text for a in analyses}
    for pair in pairs:
        assert pair.evidence
        for (a_start, a_end), (b_start, b_end) in pair.evidence:  # every aligned sentence is the same sentence
            assert words(texts[pair.a][a_start:a_end]) == words(texts[pair.b][b_start:b_end])
    by_ids = {(p.a, p.b): p for p in pairs}
    copy = by_ids[(DAILY, WIRE)]
    assert copy.score == 1.0 and len(copy.evidence) == 15
    assert by_ids[(DAILY, WIRE_UPDATED)].score == pytest.approx(15 / 16)
    partial = by_ids[(HERALD, WIRE)]
    assert len(partial.evidence) == 8  # the lead's 2 sentences and 3 paragraphs of 2; not the headline
    assert partial.score == pytest.approx(8 / 14)
    first = partial.evidence[0]
    assert texts[HERALD][first[0][0]:first[0][1]].startswith("The flood barrier at Port Ellery failed")
    # The hard negative shares names and numbers, and it is a candidate or not: it never pairs.
    assert not any("times.example" in p.a + p.b or "sport.example" in p.a + p.b for p in pairs)


def test_order_of_the_store_does_not_change_the_result(analyses):
    forward = [p.to_dict() for p in find_syndication(a.to_dict() for a in analyses)]
    backward = [p.to_dict() for p in find_syndication(json.dumps(a.to_dict()) for a in reversed(analyses))]
    assert forward == backward


def test_articles_without_a_site_are_compared_and_url_hosts_count_as_sites(build_article, make_analysis):
    plain = analysis(build_article, make_analysis, ORIGINAL, source="a.txt")
    again = analysis(build_article, make_analysis, COPY, source="b.txt")
    assert [(p.a, p.b, p.relation) for p in find_syndication([plain.to_dict(), again.to_dict()])] == [
        ("a.txt", "b.txt", "copy")]
    # No site given, but both on www.wire.example and wire.example: one outlet.
    one = analysis(build_article, make_analysis, ORIGINAL, source="a.html", url="https://www.wire.example/a")
    two = analysis(build_article, make_analysis, COPY, source="b.html", url="https://wire.example/b")
    assert find_syndication([one.to_dict(), two.to_dict()]) == []


def test_near_exact_sentences_align_and_short_ones_do_not_count(build_article, make_analysis):
    edited = [TITLE, LEAD.replace("early on Tuesday", "early Tuesday"), *BODY]  # an edit inside a sentence
    first = analysis(build_article, make_analysis, ORIGINAL, source="a.txt", url="https://one.example/a")
    second = analysis(build_article, make_analysis, [*edited, "Share this.", "Read more"], source="b.txt",
                      url="https://two.example/b")
    [pair] = find_syndication([first.to_dict(), second.to_dict()])
    assert pair.relation == "copy" and pair.score == 1.0 and len(pair.evidence) == 15


def test_alignment_and_thresholds():
    entry = syndication_module._entry
    doc = {"id": "x", "source": "x", "text": "One two three four. Five six seven eight.", "layers": {}}
    sentences = entry(doc).sentences
    assert [(s.start, s.end) for s in sentences] == [(0, 19), (20, 41)]
    assert align(sentences, tuple(reversed(sentences))) == [(0, 1), (1, 0)]
    assert relation(9, 10) == ("copy", 0.9)
    assert relation(3, 20) == ("partial", 0.15)
    assert relation(2, 20)[0] is None
    assert relation(1, 3)[0] == "partial"
    assert relation(0, 0)[0] is None
    assert shingles("A b, C d e f!") == {"a b c d e", "b c d e f"}
    assert shingles("Too short") == {"too short"}


def test_articles_without_text_are_skipped():
    assert find_syndication([{"id": "e", "source": "empty.html", "text": "", "layers": {}}]) == []


# -- the command -------------------------------------------------------------------------------


def test_command_jsonl(db, capsys):
    assert main(["corpus", "syndication", "--db", str(db), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["a"], line["b"], line["relation"]) for line in lines] == EXPECTED
    with Store(db, create=False) as store:
        texts = {}
        for text in store.iter_documents():
            document = json.loads(text)
            texts[document["metadata"]["url"] or document["source"]] = document["text"]
    for line in lines:
        assert set(line) == {"a", "b", "relation", "score", "evidence"}
        assert 0 < line["score"] <= 1
        for item in line["evidence"]:
            assert set(item) == {"a", "b"} and set(item["a"]) == {"start", "end"}
            a = texts[line["a"]][item["a"]["start"]:item["a"]["end"]]
            b = texts[line["b"]][item["b"]["start"]:item["b"]["end"]]
            assert words(a) == words(b)


def test_command_groups(db, capsys):
    assert main(["corpus", "syndication", "--db", str(db), "--format", "jsonl", "--groups"]) == 0
    [group] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert group["members"] == sorted({HERALD, DAILY, WIRE, WIRE_UPDATED})
    assert group["original"] in group["members"]
    assert len(group["pairs"]) == len(EXPECTED)
    for change in group["changes"]:
        assert change["member"] in group["members"] and change["member"] != group["original"]
        assert set(change["counts"]) == {"aligned", "dropped", "added", "reworded"}
    assert main(["corpus", "syndication", "--db", str(db), "--groups"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split("\t") == ["group", "original", "members", "relations", "changes"]
    assert row.split("\t")[2:4] == ["4", "copy, partial"]


def test_command_table(db, capsys):
    assert main(["corpus", "syndication", "--db", str(db)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["a", "b", "relation", "score", "aligned sentences"]
    assert [tuple(row[:3]) for row in rows[1:]] == EXPECTED
    assert rows[1 + EXPECTED.index((DAILY, WIRE, "copy"))][3:] == ["1.000", "15"]
    assert rows[1 + EXPECTED.index((HERALD, WIRE, "partial"))][3:] == ["0.571", "8"]


def test_command_output_file_is_written_atomically(db, tmp_path, capsys, monkeypatch):
    import slant.output.files as files

    calls = []
    real = files.write_text_atomic

    def spy(path, text, **options):
        calls.append(path)
        real(path, text, **options)

    monkeypatch.setattr(files, "write_text_atomic", spy)
    out = tmp_path / "reports" / "pairs.jsonl"
    assert main(["corpus", "syndication", "--db", str(db), "-f", "jsonl", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"wrote 5 syndicated pairs to {out}" in captured.err
    assert calls == [out]
    assert [tuple(json.loads(line)[k] for k in ("a", "b", "relation")) for line in out.read_text().splitlines()] == EXPECTED
    assert sorted(p.name for p in out.parent.iterdir()) == ["pairs.jsonl"]  # no temporary file left behind

    table = tmp_path / "pairs.tsv"
    assert main(["corpus", "syndication", "--db", str(db), "-o", str(table)]) == 0
    assert table.read_text().splitlines()[0] == "a\tb\trelation\tscore\taligned sentences"


def test_command_errors(db, tmp_path, capsys):
    assert main(["corpus", "syndication", "--db", str(db), "-o", str(tmp_path)]) != 0
    assert "is a folder" in capsys.readouterr().err
    missing = tmp_path / "none.db"
    assert main(["corpus", "syndication", "--db", str(missing)]) != 0
    assert "no corpus" in capsys.readouterr().err
    assert not missing.exists()


def test_empty_corpus_gives_a_header_only(tmp_path, capsys):
    path = tmp_path / "empty.db"
    Store(path).close()
    assert main(["corpus", "syndication", "--db", str(path)]) == 0
    assert capsys.readouterr().out == "a\tb\trelation\tscore\taligned sentences\n"


def test_the_same_event_written_independently_has_no_aligned_sentence(build_article, make_analysis):
    # Whether or not LSH makes it a candidate, verification alone turns it down.
    entry = syndication_module._entry
    original = entry(analysis(build_article, make_analysis, ORIGINAL, source="a.txt").to_dict())
    same_event = entry(analysis(build_article, make_analysis, SAME_EVENT, source="b.txt").to_dict())
    assert align(original.sentences, same_event.sentences) == []
    assert syndication_module._verify(original, same_event) is None


def test_reading_candidates_again_gives_the_same_pairs(db, analyses):
    from slant.corpus.syndication import store_syndication

    in_memory = [p.to_dict() for p in find_syndication(a.to_dict() for a in analyses)]
    with Store(db, create=False) as store:
        assert [p.to_dict() for p in store_syndication(store)] == in_memory
