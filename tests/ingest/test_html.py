import json
from pathlib import Path

import pytest

from slant.errors import SlantError
from slant.ingest.html import clean_paragraphs, extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reader"


def test_article_body_title_and_metadata():
    page = extract((FIXTURES / "article.html").read_text(encoding="utf-8"))
    assert page.title == "Council votes to close the old bridge"
    body = "\n".join(page.paragraphs)
    assert body.startswith("The town council voted on Monday evening")
    assert "“Now they act surprised that the stones are falling.”" in body
    assert page.paragraphs[-1].endswith("before the summer.")
    for furniture in ("Home", "Related stories", "Market hours change", "All rights reserved", "dataLayer"):
        assert furniture not in body
    assert page.metadata.site == "Riverside Gazette"
    assert page.metadata.published == "2024-03-05"
    assert page.metadata.authors == ["Maria Lopez"]
    assert page.metadata.url == "https://www.riverside-gazette.example/news/bridge-closure"


def test_title_stays_out_of_the_body():
    page = extract((FIXTURES / "article.html").read_text(encoding="utf-8"))
    assert page.paragraphs[0] != page.title
    assert any(r.reason == "title repeated in body" for r in page.removed)


def test_given_url_wins_over_canonical():
    page = extract((FIXTURES / "article.html").read_bytes(), url="https://mirror.example/x")
    assert page.metadata.url == "https://mirror.example/x"


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n ", id="blank"),
        pytest.param("<html><head><title>x</title></head><body></body></html>", id="no-body"),
        pytest.param("<html><body><script>var a = '<p>text</p>';</script><style>p{}</style>", id="script-only"),
        pytest.param((FIXTURES / "script_heavy.html").read_text(encoding="utf-8"), id="script-rendered"),
        pytest.param("<html><body>" + "<div>" * 3000 + "</div>" * 3000 + "</body></html>", id="deep-and-empty"),
    ],
)
def test_unreadable_pages_give_a_clear_error_not_a_crash(html):
    with pytest.raises(SlantError, match="HTML"):
        extract(html)


_ITEM = "<title>Port strike ends</title><description>" + "The dockers went back to work on Monday after a week. " * 8 + "</description>"


@pytest.mark.parametrize(
    "feed",
    [
        pytest.param(f'<?xml version="1.0"?>\n<rss version="2.0"><channel>{("<item>" + _ITEM + "</item>") * 3}</channel></rss>',
                     id="rss"),
        pytest.param('\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!-- generated -->\n'
                     f'<feed xmlns="http://www.w3.org/2005/Atom">{("<entry>" + _ITEM + "</entry>") * 3}</feed>', id="atom"),
    ],
)
def test_a_news_feed_is_refused_as_a_feed_not_read_as_an_article(feed):
    with pytest.raises(SlantError, match="news feed"):
        extract(feed)


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n', id="xhtml"),
        # a pattern that skips comments would backtrack through every way of splitting these...
        pytest.param("<!-- build 7 -->\n" * 3000, id="many-comments"),
        # ...or of running the first comment on to any later "-->" of the page
        pytest.param("<!DOCTYPE html>\n<!-- BEGIN html -->\n", id="comment-then-more-in-the-page"),
    ],
)
def test_a_page_after_a_prolog_or_comments_is_still_a_page(prolog):
    sentence = "The mayor said the new tram line would open in the spring after two years of delays."
    widgets = "<!-- widget -->" * 200
    page = extract(f'{prolog}<html xmlns="http://www.w3.org/1999/xhtml">'
                   f"<body><p>{sentence}</p>{widgets}<p>{sentence.replace('mayor', 'governor')}</p></body></html>")
    assert sentence in page.paragraphs


def test_malformed_but_readable_page_is_extracted():
    sentence = "The mayor said the new tram line would open in the spring after two years of delays."
    html = f"<html><body><div><p>{sentence}<p>{sentence.replace('mayor', 'governor')}<div></body>"
    page = extract(html)
    assert sentence in page.paragraphs


@pytest.mark.parametrize("depth", [300, 3000])
def test_a_page_nested_past_the_parsers_limit_keeps_its_text(depth):
    paragraphs = [f"Paragraph {n} says the riot police arrived at the square after noon on Monday." for n in range(4)]
    page = ("<html><head><title>Riots in the city</title></head><body>" + "<div class='item'>" * depth
            + "<article><h1>Riots in the city</h1>" + "".join(f"<p>{text}</p>" for text in paragraphs)
            + "</article></body></html>")  # the <div>s never close, as on some broken pages
    extracted = extract(page)
    assert extracted.paragraphs == paragraphs


def test_clean_paragraphs_drops_leftovers_with_a_reason():
    pytest.importorskip("slant.ingest.leftovers")
    kept, removed = clean_paragraphs(
        ["Bridge closes", "The council voted to close the bridge on Monday.", "Photo: Reuters"], "Bridge closes"
    )
    assert kept == ["The council voted to close the bridge on Monday."]
    assert [r.reason for r in removed] == ["title repeated in body", "caption"]


def test_a_title_repeated_under_a_kicker_goes_but_not_one_further_down():
    lines = ["Politics", "Bridge closes", "The council voted to close the bridge on Monday.",
             "Drivers will use the ferry instead.", "Bridge closes"]
    kept, removed = clean_paragraphs(lines, "Bridge closes")
    assert kept == ["Politics", "The council voted to close the bridge on Monday.",
                    "Drivers will use the ferry instead.", "Bridge closes"]
    assert [r.reason for r in removed] == ["title repeated in body"]


@pytest.mark.parametrize("signoff", ["MEDELLÍN", "LA NACION", "DS"])
def test_a_sign_off_in_capitals_under_the_last_paragraph_goes(signoff):
    body = ["The council voted to close the bridge on Monday.", "Drivers will use the ferry instead."]
    kept, removed = clean_paragraphs([*body, signoff], None)
    assert kept == body
    assert [(r.text, r.reason) for r in removed] == [(signoff, "metadata")]
    # ...but not a heading in capitals above more text, a sentence in capitals, or a lone line
    for lines in ([body[0], signoff, body[1]], [*body, "WE WON."], [signoff]):
        assert clean_paragraphs(lines, None)[0] == lines


def test_an_author_box_after_the_article_goes_but_the_same_shape_inside_it_stays():
    body = ["The council voted to close the bridge on Monday.",
            "Anna Berg is the director of the city museum, which stands beside the bridge.",
            "Repairs will take a year, the council said."]
    bio = "Jane Doe is a senior reporter at the Example Times. She covers transport and city hall."
    kept, removed = clean_paragraphs([*body, bio], None)
    assert kept == body and [(r.text, r.reason) for r in removed] == [(bio, "author box")]
    # A story of one paragraph keeps it, whatever its shape.
    assert clean_paragraphs([bio], None)[0] == [bio]
    # A last paragraph of reporting that names someone's role stays.
    for last in ("Deutsche Bank was the principal lender to the company.", "On Monday Smith was named chief executive.",
                 "Jan Kowalski jest profesorem prawa.", "Александр Лукашенко был авторитарным лидером страны.",
                 "John Smith is the director of the museum, which reopened on Monday.",
                 "Mr Johnson covers the costs of the trip for the Labour Party.",
                 "The mayor writes to the Council every week.",
                 "Jane Smith writes about her ordeal in a new book, out from Penguin in May.",
                 "Elon Musk writes on X that the company will appeal the ruling, which it calls unfair.",
                 "Emmanuel Macron écrit sur les réseaux sociaux que la France ne reculera pas."):
        assert clean_paragraphs([*body, last], None)[0] == [*body, last], last
    # A box that says what the author writes, not what they are.
    for bio in ("Logan C. Ritchie writes features and covers Brookhaven for Rough Draft Atlanta.",
                "Evan Halper writes about a broad range of policy issues out of Washington D.C.",
                "Jan Kowalski schreibt für Die Zeit über Wirtschaft und Arbeit."):
        assert clean_paragraphs([*body, bio], None)[0] == body, bio


def test_a_contents_heading_leaves_an_extracted_body():
    from slant.ingest.leftovers import is_leftover

    body = ["Decanting helps some wines.", "Inhaltsverzeichnis", "Why decant at all?"]
    kept, removed = clean_paragraphs(body, None)
    assert kept == [body[0], body[2]] and [r.reason for r in removed] == ["navigation"]
    assert is_leftover("Quellenangaben:") is None  # a plain-text dump keeps it (see is_contents_heading)


def test_a_bare_date_leaves_the_head_of_an_extracted_body_but_heads_a_chronology_inside_it():
    body = ["23.10.2018", "The council voted to close the bridge.", "Traffic moved to the ferry.",
            "Here is how the city got there.", "9.11.1989", "The wall fell and traffic doubled.",
            "The bridge was widened twice.", "Its steel is now tired.", "| 23.10.2018 | closed |"]
    kept, removed = clean_paragraphs(body, None)
    assert kept == body[1:] and [(r.text, r.reason) for r in removed] == [("23.10.2018", "metadata")]
    # the edges are those of the lines kept: furniture removed around the date does not hide it
    framed = ["By Jane Doe", "Photo: Reuters", "Photo: AP", *body[:-1], "24.10.2018", "Tags: bridge, council"]
    kept, removed = clean_paragraphs(framed, None)
    assert kept == body[1:-1] and {"23.10.2018", "24.10.2018"} <= {r.text for r in removed}


SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "trafilatura-eval"


@pytest.mark.skipif(not (SHARED_EVAL / "evaldata.json").is_file(), reason="needs ../shared/data/trafilatura-eval")
def test_extraction_bench_scores_real_pages(tmp_path, bench_script):
    bench = bench_script("extraction")
    out = tmp_path / "figures.json"
    assert bench.main(["--limit", "8", "--json", str(out)]) == 0
    results = {r["system"]: r for r in json.loads(out.read_text())["results"]}
    assert set(results) == {"trafilatura default", "trafilatura precision", "slant"}
    assert results["slant"]["pages"] == 8
    assert results["slant"]["f1"] > 0.7 and results["slant"]["pages_per_s"] > 0


def test_a_run_of_lines_that_are_each_a_link_is_dropped_as_a_link_list():
    from slant.ingest.html import LINK_LIST, clean_paragraphs

    links = {"more on the port strike", "dockers vote to return"}
    lines = ["The strike ended on Monday after talks.", "More on the port strike", "Dockers vote to return",
             "Unions said the deal was fair.", "More on the port strike"]
    kept, removed = clean_paragraphs(lines, None, links=links)
    # Two link lines in a row are a list; a lone one may be a sentence that is all link.
    assert kept == ["The strike ended on Monday after talks.", "Unions said the deal was fair.", "More on the port strike"]
    assert [r.reason for r in removed] == [LINK_LIST, LINK_LIST]


def test_related_links_after_the_article_leave_the_body():
    from slant.ingest.html import extract

    body = "".join(f"<p>Paragraph {i} of the report on the strike, with enough words to be read as text.</p>"
                   for i in range(8))
    related = "<ul>" + "".join(f'<li><a href="/r{i}">Related story number {i}</a></li>' for i in range(4)) + "</ul>"
    page = extract(f"<html><body><article><h1>Strike ends</h1>{body}{related}</article></body></html>")
    assert not any("Related story" in p for p in page.paragraphs)


_TRAM = "The {0} said the new tram line would open in the spring after two years of delays and cost overruns."
_TRAM_PARAGRAPHS = [_TRAM.format(who) for who in ("mayor", "governor", "council", "minister", "judge", "union",
                                                  "operator", "engineer", "auditor", "planner", "driver", "resident")]


def test_a_noscript_notice_stays_out_but_a_page_swallowed_by_one_is_kept():
    body = "<h1>Tram line opens</h1>" + "".join(f"<p>{text}</p>" for text in _TRAM_PARAGRAPHS)
    # "<noscript><div></noscript>": the parser leaves the rest of the page inside the <noscript>.
    swallowed = f'<html><body><noscript><div id="nojs"></noscript><div id="main">{body}</div></body></html>'
    assert extract(swallowed).paragraphs == _TRAM_PARAGRAPHS
    notice = "Please enable JavaScript in your browser to read this site."
    page = extract(f"<html><body><noscript><p>{notice}</p></noscript><div>{body}</div></body></html>")
    assert notice not in page.paragraphs
    assert page.paragraphs == _TRAM_PARAGRAPHS
    # A script-rendered blog's fallback copy of its post, beside a sidebar, is the article.
    sidebar = "<div>" + "".join(f'<a href="/{n}">Archive {n}</a>' for n in range(30)) + "</div>"
    page = extract(f"<html><body>{sidebar}<noscript>{body}</noscript><script>render()</script></body></html>")
    assert page.paragraphs == _TRAM_PARAGRAPHS


def test_a_body_covering_little_of_the_pages_unlinked_text_gets_the_full_cascade(monkeypatch):
    import slant.ingest.html as html_module

    lead, article = _TRAM_PARAGRAPHS[0], "\n".join(_TRAM_PARAGRAPHS)
    page = "<html><body><div>" + "".join(f"<div>{text}</div>" for text in _TRAM_PARAGRAPHS) + "</div></body></html>"
    runs = []

    def fake_run(tree, url, *, precision, fast=True, recall=False):
        runs.append((precision, fast))
        text = lead if (precision and fast) else article
        return type("Document", (), {"text": text})()

    monkeypatch.setattr(html_module, "RESCUE_BELOW_CHARS", 50)  # the lead alone is not "short"
    monkeypatch.setattr(html_module, "_run", fake_run)
    extracted = extract(page)
    assert runs == [(True, True), (True, False)]
    assert extracted.mode == "full-precision"
    assert extracted.paragraphs == _TRAM_PARAGRAPHS


def test_a_short_report_on_a_page_of_teaser_paragraphs_gets_no_rescue(monkeypatch):
    import slant.ingest.html as html_module

    report = _TRAM_PARAGRAPHS
    assert html_module.RESCUE_SIZED_BELOW_CHARS <= len("\n".join(report)) < html_module.SECOND_RUN_BELOW_CHARS
    # the page's other paragraphs are teasers of other stories, many times the report's length
    teasers = [f"{text} Read the whole story on the transport page." for text in _TRAM_PARAGRAPHS * 4]
    page = ("<html><body><article>" + "".join(f"<p>{text}</p>" for text in report) + "</article><aside>"
            + "".join(f"<p>{text}</p>" for text in teasers) + "</aside></body></html>")
    runs = []

    def fake_run(tree, url, *, precision, fast=True, recall=False):
        runs.append((precision, fast))
        return type("Document", (), {"text": "\n".join(report if precision else report + teasers)})()

    monkeypatch.setattr(html_module, "_run", fake_run)
    extracted = extract(page)
    # no balanced rescue run; the full precision cascade, as the page's unlinked text is far longer
    assert runs == [(True, True), (True, False)]
    assert extracted.paragraphs == report
    # a body shorter than that is still sized against the page, and rescued
    monkeypatch.setattr(html_module, "RESCUE_SIZED_BELOW_CHARS", len("\n".join(report)) + 1)
    assert extract(page).mode == "balanced-rescue"


def test_a_body_that_is_most_of_the_pages_unlinked_text_runs_once(monkeypatch):
    import slant.ingest.html as html_module

    # The links hold five times the body's text: counted as page text, they would call for the full cascade.
    nav = "".join(f'<a href="/s{n}">Section {n} with a long menu label</a>' for n in range(200))
    page = f"<html><body><nav>{nav}</nav>" + "".join(f"<p>{text}</p>" for text in _TRAM_PARAGRAPHS) + "</body></html>"
    runs = []

    def fake_run(tree, url, *, precision, fast=True, recall=False):
        runs.append((precision, fast))
        return type("Document", (), {"text": "\n".join(_TRAM_PARAGRAPHS)})()

    monkeypatch.setattr(html_module, "_run", fake_run)
    assert extract(page).mode == "precision"
    assert runs == [(True, True)]


_HEADLINES = [f"Council votes on the new bus depot plan, part {number}" for number in range(12)]
_RELATED = "".join(f'<li><a href="/r{number}">{text}</a></li>' for number, text in enumerate(_HEADLINES))


def _second_run_returns(monkeypatch, first: str, second: str) -> None:
    import slant.ingest.html as html_module

    def fake_run(tree, url, *, precision, fast=True, recall=False):
        return type("Document", (), {"text": first if (precision and fast) else second})()

    monkeypatch.setattr(html_module, "_run", fake_run)


def test_a_longer_second_run_made_mostly_of_links_is_set_aside(monkeypatch):
    lead = _TRAM_PARAGRAPHS[0]
    # trafilatura's rescue run took in the related headlines, run together with the article into one line
    _second_run_returns(monkeypatch, lead, " ".join([lead, *_HEADLINES]))
    extracted = extract(f"<html><body><p>{lead}</p><ul>{_RELATED}</ul></body></html>")
    assert extracted.mode == "precision"
    assert extracted.paragraphs == [lead]


def test_a_second_run_is_taken_when_its_links_are_a_list_the_cleaning_drops_or_a_few_words(monkeypatch):
    lead = _TRAM_PARAGRAPHS[0]
    # a third of each paragraph's words are a link: not a menu
    linked = [f"{text} Read what <a href='/c'>the city council said about the new tram line</a>." for text in
              _TRAM_PARAGRAPHS[:4]]
    plain = [f"{text} Read what the city council said about the new tram line." for text in _TRAM_PARAGRAPHS[:4]]
    _second_run_returns(monkeypatch, lead, "\n".join(plain + _HEADLINES))
    extracted = extract("<html><body>" + "".join(f"<p>{text}</p>" for text in linked) + f"<ul>{_RELATED}</ul></body></html>")
    assert extracted.mode == "balanced-rescue"
    assert extracted.paragraphs == plain


def test_a_partial_body_keeps_its_place_against_a_full_cascade_made_mostly_of_links(monkeypatch):
    import slant.ingest.html as html_module

    lead = _TRAM_PARAGRAPHS[0]
    page = ("<html><body>" + "".join(f"<div>{text}</div>" for text in _TRAM_PARAGRAPHS) + f"<ul>{_RELATED}</ul>"
            "</body></html>")
    monkeypatch.setattr(html_module, "RESCUE_BELOW_CHARS", 50)  # the lead alone is not "short"
    _second_run_returns(monkeypatch, lead, " ".join([lead, *_HEADLINES]))
    extracted = extract(page)
    assert extracted.mode == "precision"
    assert extracted.paragraphs == [lead]


def test_a_second_run_that_only_runs_the_first_runs_lines_together_is_set_aside(monkeypatch):
    import slant.ingest.html as html_module

    lead, rest = _TRAM_PARAGRAPHS[0], _TRAM_PARAGRAPHS[1]
    # a post with no block elements: the balanced run gives its title, date, sentences, share
    # buttons and author line as one line
    glued = f"Tram line opens. 17/11/2019 ~ Jane Doe {lead} {rest} Share this: Twitter Facebook Posted by Jane Doe"
    page = f"<html><body><div>{glued}</div></body></html>"
    monkeypatch.setattr(html_module, "RESCUE_BELOW_CHARS", len(lead) + len(rest) + 10)  # the two lines are "short"
    _second_run_returns(monkeypatch, f"{lead}\n{rest}", glued)
    extracted = extract(page)
    assert (extracted.mode, extracted.paragraphs) == ("precision", [lead, rest])
    # a second run with more lines than the first is a rescue, and is taken
    _second_run_returns(monkeypatch, f"{lead}\n{rest}", "\n".join(_TRAM_PARAGRAPHS))
    assert extract(page).mode == "balanced-rescue"


def test_a_body_of_next_to_nothing_gets_the_recall_runs_body(monkeypatch):
    import slant.ingest.html as html_module

    slogan = "Your most important touchpoint."
    calls = []

    def fake_run(tree, url, *, precision, fast=True, recall=False):
        calls.append((precision, fast, recall))
        text = "\n".join(_TRAM_PARAGRAPHS) if recall else (slogan if precision else f"{slogan}\n{slogan}")
        return type("Document", (), {"text": text})()

    monkeypatch.setattr(html_module, "_run", fake_run)
    page = "<html><body>" + "".join(f"<p>{text}</p>" for text in _TRAM_PARAGRAPHS) + f"<footer>{slogan}</footer></body></html>"
    extracted = extract(page)
    assert calls[-1] == (False, True, True)
    assert (extracted.mode, extracted.paragraphs) == ("recall", _TRAM_PARAGRAPHS)
    # a body of a few sentences keeps its place: the recall run is not tried
    calls.clear()
    lead = " ".join(_TRAM_PARAGRAPHS[:3])
    assert len(lead) >= html_module.RECALL_BELOW_CHARS

    def lead_run(tree, url, *, precision, fast=True, recall=False):
        calls.append((precision, fast, recall))
        return type("Document", (), {"text": "\n".join(_TRAM_PARAGRAPHS) if recall else lead})()

    monkeypatch.setattr(html_module, "_run", lead_run)
    assert extract(f"<html><body><p>{lead}</p></body></html>").paragraphs == [lead]
    assert calls and not any(recall for _, _, recall in calls)
    # nor does a recall body under the limit stand in for a page with no article text
    monkeypatch.setattr(html_module, "_run", lambda tree, url, *, precision, fast=True, recall=False: type(
        "Document", (), {"text": "Accept all cookies" if not recall else "The tram runs again on Monday."})())
    with pytest.raises(SlantError):
        extract("<html><body><p>Menu</p></body></html>")


def test_link_share_counts_whole_words_of_link_texts_long_enough_to_tell():
    from slant.ingest.html import _link_share

    assert _link_share("Homeless families in the newsroom welcomed it.", {"home", "news", "come"}) == 0
    text = "Read more in the city"
    assert _link_share(text, {"read more", "in", "the"}) == len("read more") / len(text)
    # lines that are a link each, two or more in a row, are the link-list rule's, not counted here
    assert _link_share("Read more\nSee also\nin the city", {"read more", "see also"}) == 0
    assert _link_share("Read more\nSee also", {"read more", "see also"}) == 1.0


def test_the_first_body_stands_in_when_the_second_holds_only_links_or_leftovers(monkeypatch):
    lead = _TRAM_PARAGRAPHS[0]
    page = f"<html><body><p>{lead}</p><ul>{_RELATED}</ul></body></html>"
    _second_run_returns(monkeypatch, lead, "\n".join(_HEADLINES))
    assert extract(page).paragraphs == [lead]
    leftovers = ["Share on Facebook", "Share on Twitter", "Share on LinkedIn", "Share by email"] * 6
    _second_run_returns(monkeypatch, lead, "\n".join(leftovers))
    extracted = extract(page)
    assert (extracted.mode, extracted.paragraphs) == ("precision", [lead])


def test_a_second_run_made_mostly_of_links_stands_in_when_the_first_holds_nothing(monkeypatch):
    teasers = [line for headline in _HEADLINES for line in (headline, "Read on.")]
    _second_run_returns(monkeypatch, "Share on Facebook", "\n".join(teasers))
    extracted = extract(f"<html><body><ul>{_RELATED}</ul></body></html>")
    assert extracted.mode == "balanced-rescue"
    assert extracted.paragraphs[0] == _HEADLINES[0]


_SHORT_POST = ("Cartoonist Jane Roe got a spot on the evening news for her scathing critique of the story that a "
               "whole generation is lazy and narcissistic, which has gone well past its sell-by date. Click through.")
_NEXT_POSTS = [f"The good folks at the {where} choir are still doing their thing, and now they have brought two famous "
               f"guests along to sing a song that everyone knows by heart. It is a joy to watch from start to "
               f"finish, and the video is the talk of every music forum this week, part {where}."
               for where in ("north", "south", "east", "west", "city", "harbour")]


def _short_post_page(container_attribute: str, *, post_inside: bool = False, card: str = "div",
                     post: str = _SHORT_POST) -> str:
    """A blog post too short for the precision run's body to stand alone (the shape of a
    boingboing.net page), then the next posts' teasers, each a linked title and a paragraph in a
    ``card`` element (the post's too), in a container named by ``container_attribute``."""
    post = (f"<p>{post}</p><p>The generation we love to dump on</p><p>(via Comics Weekly)</p>"
            "<div class='share'>SHARE / TWEET / 82 COMMENTS</div>")
    teasers = "".join(f"<{card} class='item'><a href='/p{number}'><h3>Other post {number}</h3></a><p>{text}</p></{card}>"
                      for number, text in enumerate(_NEXT_POSTS))
    if post_inside:
        return (f"<html><body><div id='container'><h2>Hating a generation</h2><div {container_attribute}>"
                f"<div id='story'>{post}</div>{teasers}</div></div></body></html>")
    return (f"<html><body><div id='container'><div id='headline'><h1>Hating a generation</h1></div>"
            f"<{card} id='story'>{post}</{card}><div {container_attribute}>{teasers}</div></div></body></html>")


@pytest.mark.parametrize("container_attribute", ["id='next-post-thumbnails'", "class='sidebar'",
                                                 "class='widget related-posts'", "id='Recommended_Stories'",
                                                 "class='relatedPosts'", "id='jp-relatedposts'", "id='aside'",
                                                 "class='aside-content'"])
@pytest.mark.parametrize("card", ["div", "article"])
def test_the_rescue_run_leaves_out_containers_the_page_names_as_beside_its_article(container_attribute, card):
    # teaser cards are often <article> elements: holding them does not make a container the article's
    extracted = extract(_short_post_page(container_attribute, card=card))
    assert extracted.paragraphs[:2] == [_SHORT_POST, "The generation we love to dump on"]
    assert not any("good folks" in paragraph for paragraph in extracted.paragraphs)


def test_the_rescue_run_still_reads_containers_of_other_names_and_a_named_one_holding_the_body():
    # The rescue exists for bodies the precision run cut short; an unnamed container is read.
    extracted = extract(_short_post_page("id='more'"))
    assert extracted.mode == "balanced-rescue"
    assert _NEXT_POSTS[0] in extracted.paragraphs
    # A layout wrapper named "sidebar" that holds the body found so far is the article's, also
    # where trafilatura's line and the page's text differ by a soft hyphen.
    for post in (_SHORT_POST, _SHORT_POST.replace("Cartoonist", "Carto\u00adonist")):
        extracted = extract(_short_post_page("class='sidebar'", post_inside=True, post=post))
        assert extracted.paragraphs[0] == _SHORT_POST
        assert _NEXT_POSTS[0] in extracted.paragraphs


def test_a_named_container_with_most_of_the_page_text_stays_when_no_body_line_places_the_article():
    from trafilatura import load_html

    from slant.ingest.html import without_side_containers

    tree = load_html(_short_post_page("class='sidebar'", post_inside=True))
    assert without_side_containers(tree, "") is tree  # the sidebar holds all the page's paragraphs
    # ...and one holding less of it goes.
    page = ("<html><body><div id='story'>" + "".join(f"<p>{text}</p>" for text in _TRAM_PARAGRAPHS)
            + f"</div><div class='sidebar'><p>{_NEXT_POSTS[0]}</p></div></body></html>")
    tree = load_html(page)
    kept = without_side_containers(tree, "")
    assert kept is not tree and _NEXT_POSTS[0] not in kept.text_content()
    assert _TRAM_PARAGRAPHS[0] in kept.text_content() and _NEXT_POSTS[0] in tree.text_content()
    # A named container holding the page's first headline is the article's; a later <h1> (a
    # teaser's) says nothing.
    teasers = "".join(f"<p>{text}</p>" for text in _NEXT_POSTS)
    for inside, outside, stays in (("<h1>Hating a generation</h1>", "", True),
                                   ("<h1>Other post</h1>", "<h1>Hating a generation</h1>", False)):
        page = (f"<html><body>{outside}<div id='story'><p>{_SHORT_POST}</p></div><div class='sidebar'>"
                f"{inside}{teasers}</div></body></html>")
        tree = load_html(page)
        assert (without_side_containers(tree, _SHORT_POST) is tree) is stays


def test_side_container_names_are_whole_class_tokens_or_ids():
    from lxml import html as lxml_html

    from slant.ingest.html import _is_side_container

    def named(attributes: str) -> bool:
        return _is_side_container(lxml_html.fragment_fromstring(f"<div {attributes}></div>"))

    assert named("class='post sidebar'") and named("id='read_next'") and named("class='related-content'")
    assert named("class='most-popular-posts'") and named("id='nextstory'")
    assert not named("class='sidebar_right container_wrap'") and not named("id='__next'")
    assert not named("class='post-related'") and not named("class='entry-content'") and not named("")


@pytest.mark.skipif(not (SHARED_EVAL / "evaldata.json").is_file(), reason="needs ../shared/data/trafilatura-eval")
def test_article_bodies_bench_scores_labelled_pages(capsys, bench_script):
    bench = bench_script("article_bodies")
    assert bench.main(["--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["pages"] >= 25
    systems = figures["systems"]
    assert systems["slant html"]["f1"] > 0.9
    # Floors under the README's figures (shingle F1, 2026-12-04: all 334 pages 0.958, the outside
    # batch 3 0.970, batch 5 in five other languages 0.980, batch 6 of other outlets 0.970, batch 8
    # of pages where the extractor took its rescue run 0.833 (0.796 before its limit, one page
    # moves it by up to 0.026); full-page dumps 0.924 (batch 8 0.809), text browsers' dumps
    # 0.872-0.880): no model is involved, so only a change of the code or of its libraries moves
    # them, and a drop past these is a regression.
    by_batch = figures["by_language"]
    assert systems["slant extract --text"]["shingles"]["f1"] >= 0.95
    for batch in ("batch 3", "batch 5", "batch 6"):
        assert by_batch[batch]["slant extract --text"]["shingles"]["f1"] >= 0.96, batch
    assert by_batch["batch 8"]["slant extract --text"]["shingles"]["f1"] >= 0.81
    assert systems["slant plain-text"]["shingles"]["f1"] >= 0.915
    assert by_batch["batch 8"]["slant plain-text"]["shingles"]["f1"] >= 0.79
    for browser in ("lynx -dump", "lynx -dump, links", "w3m -dump"):
        if browser in systems:  # where lynx and w3m are installed
            assert systems[browser]["shingles"]["f1"] >= 0.86, browser
    # Every line of the page contains the whole body, so its recall is complete and its precision is not.
    assert systems["keep-all lines"]["recall"] == 1.0 and systems["keep-all lines"]["precision"] < 0.9


@pytest.mark.skipif(not (SHARED_EVAL / "evaldata.json").is_file(), reason="needs ../shared/data/trafilatura-eval")
def test_dump_agreement_bench_scores_unlabelled_pages(capsys, bench_script):
    bench = bench_script("dump_agreement")
    assert bench.main(["--limit", "12", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["unlabelled_pages"] == 12 and figures["left_out"] < 12
    full = figures["systems"]["full-page dump"]
    assert full["pages"] == 12 - figures["left_out"]
    # 0.790 on these first 12 pages (2026-12-04); keeping every line of the dumps scores 0.585 there
    # (word_prf of the visible lines against the same references, measured once, not by this bench)
    assert 0.7 < full["f1"] <= 1.0 and 0.0 < full["precision"] <= 1.0


def test_word_overlap_counts_repeated_words(bench_script):
    bench = bench_script("article_bodies")
    precision, recall, f1 = bench.word_prf("the port the port closed", "The port closed on Monday")
    assert (round(precision, 2), round(recall, 2)) == (0.6, 0.6) and round(f1, 2) == 0.6


def test_a_soft_hyphen_the_reader_does_not_see_splits_no_word(bench_script):
    bench = bench_script("article_bodies")
    assert bench.word_prf("La réaction du conseil", "La réac\u00adtion du con\u00adseil") == (1.0, 1.0, 1.0)
    assert bench.shingle_counts("La réaction du conseil", "La réac\u00adtion du con\u00adseil") == (1.0, 0.0, 0.0)


def test_a_standfirst_the_article_repeats_as_its_first_paragraph_is_kept_once():
    lead = "The council voted on Tuesday to close the old bridge for six months of repairs."
    kept, removed = clean_paragraphs([lead, lead, "Engineers found cracks in two of the piers in May."],
                                     "Council closes the old bridge")
    assert kept == [lead, "Engineers found cracks in two of the piers in May."]
    assert [(entry.text, entry.reason) for entry in removed] == [(lead, "repeated line")]


def test_a_pull_quote_leaves_the_body_and_its_paragraph_stays():
    paragraph = ("Doctors at the hospital said supplies ran out in March. “It is not enough for one day in a "
                 "hospital,” one surgeon said, asking for medicine rather than help with burials.")
    quote = "“It is not enough for one day in a hospital,”"
    short = "It is not enough."
    kept, removed = clean_paragraphs([paragraph, quote + " one surgeon said", short, "The ministry did not reply."],
                                     None)
    assert kept == [paragraph, short, "The ministry did not reply."]
    assert [(entry.text, entry.reason) for entry in removed] == [(quote + " one surgeon said", "pull quote")]


def test_a_statement_quoted_and_then_printed_in_full_keeps_both():
    statement = ["As this is a live investigation I have no further information on the arrest at this stage.",
                 "I realise this will be shocking news for people in the Territory and I call for calm."]
    paragraphs = ["The governor made the announcement this afternoon.", f"He said: “{statement[0]}”",
                  f"Later he added: “{statement[1]}”", "Statement from the Governor", *statement]
    kept, removed = clean_paragraphs(paragraphs, None)
    assert kept == paragraphs
    assert removed == []


def test_body_removals_name_each_paragraph_by_its_index_in_the_body_given():
    from slant.ingest.leftovers import body_removals

    lead = "The council voted on Tuesday to close the old bridge for six months of repairs."
    quote = "“Two of the piers have deep cracks that cannot wait until spring,” the engineer said."
    paragraphs = ["12.03.2024", lead, lead, f"Inspectors went down in May. {quote} The council agreed.",
                  quote, "The ministry did not reply."]
    assert body_removals(paragraphs) == [(4, "pull quote"), (1, "repeated line"), (0, "metadata")]
    assert body_removals(paragraphs, repeats=False) == [(0, "metadata")]


def test_a_sign_up_box_closing_the_body_leaves_with_its_short_lines():
    article = ["Pour le néolibéralisme, la retraite ne peut être qu'un archaïsme, une sorte de déviance inadaptée.",
               "Vingt-cinq ans après mai 1968, les grandes grèves de 1995 furent un moment historique."]
    box = ["et accéder gratuitement à 3 articles par mois,", "créez votre compte", "Ou si vous avez déjà un compte,",
           "connectez-vous ici", "Profitez de notre Offre découverte.", "Offre découverte", "* le 1er mois puis 12€ par mois"]
    kept, removed = clean_paragraphs([*article, "Pour lire la suite", *box], None)
    assert kept == article
    assert [entry.text for entry in removed if entry.reason == "subscription"] == ["Pour lire la suite", *box]
    # a sentence of prose after the sign-up line is the article going on, and so is a long run of lines
    prose = "The ministry said on Friday that the reform would be put to parliament again in the spring session."
    kept, _ = clean_paragraphs([*article, "Pour lire la suite", *box, prose], None)
    assert kept == [*article, *box, prose]
    long_run = [*box, *(f"Étape {number} du guide" for number in range(1, 7))]
    assert len(long_run) == 13
    kept, _ = clean_paragraphs([*article, "Pour lire la suite", *long_run], None)
    assert kept == [*article, *long_run]
    # a sign-up line before anything was kept says nothing of where the body ends
    kept, _ = clean_paragraphs(["Pour lire la suite", *box], None)
    assert kept == box


def test_code_after_a_self_closed_script_tag_is_read_as_the_browser_reads_it():
    # browsers ignore the slash of "<script/>" and read the code up to "</script>" as the script
    paragraphs = ["The council voted to close the bridge on Monday after engineers found cracks in two of its piers.",
                  "Drivers will use the ferry instead until the repairs, which the city expects to take a year, end."]
    code = "(function() { document.addEventListener('DOMContentLoaded', function() { register(widget); }); })();"
    page = ("<html><body><article><h1>Bridge closes</h1>" + f"<p>{paragraphs[0]}</p>"
            + f'<script type="text/javascript"/>{code}</script>' + f"<p>{paragraphs[1]}</p></article></body></html>")
    extracted = extract(page)
    assert extracted.paragraphs == paragraphs


def test_a_copy_of_the_headline_without_the_site_name_of_the_title_goes():
    lines = ["The bridge closes for a year", "The council voted to close the bridge on Monday."]
    for title in ("The bridge closes for a year | Harbour Times", "Harbour Times - The bridge closes for a year"):
        kept, removed = clean_paragraphs(lines, title)
        assert kept == lines[1:]
        assert [r.reason for r in removed] == ["title repeated in body"]
    # a short part is the site's or the section's name, not the headline
    kept, _ = clean_paragraphs(["Harbour Times", *lines[1:]], "The bridge closes for a year | Harbour Times")
    assert kept == ["Harbour Times", *lines[1:]]
