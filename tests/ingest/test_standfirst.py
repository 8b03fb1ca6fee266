import lxml.html
import pytest

from slant.ingest import standfirst
from slant.ingest.html import extract
from slant.ingest.standfirst import MIN_CHARS, loose_key, with_standfirst

from .test_split_body import FIRST

TITLE = "Harbour channel to be dredged"
STANDFIRST = "The port's busiest channel closes for eleven weeks after two cargo ships ran aground in the autumn storms."
BODY = FIRST


def page(description=STANDFIRST, header=f'<p class="standfirst">{STANDFIRST}</p>', after="", body=BODY, banner="",
         body_class="", meta_name="description"):
    meta = f'<meta name="{meta_name}" content="{description}">' if description is not None else ""
    paragraphs = "".join(f"<p>{text}</p>" for text in body)
    return f"""<html><head><title>{TITLE}</title>{meta}</head><body class="{body_class}">
<nav><a href="/">Home</a> <a href="/news">News</a></nav>{banner}
<main><header><h1>{TITLE}</h1>{header}</header>
<div class="story">{paragraphs}</div>{after}</main>
<footer><p>© 2024 Harbour Times. All rights reserved.</p></footer></body></html>"""


def tree(html):
    return lxml.html.fromstring(html)


def test_the_summary_printed_under_the_headline_goes_before_the_body():
    assert with_standfirst(tree(page()), BODY, TITLE) == [STANDFIRST, *BODY]


def test_short_lines_before_the_first_paragraph_stay_before_the_standfirst():
    lines = [TITLE, "Updated 2 hours ago", *BODY]
    assert with_standfirst(tree(page()), lines, TITLE) == [TITLE, "Updated 2 hours ago", STANDFIRST, *BODY]


def test_quotes_spacing_and_inline_elements_do_not_hide_the_element():
    printed = STANDFIRST.replace("port's", "port’s").replace("eleven weeks", "<b>eleven</b>\n  weeks")
    html = page(header=f'<div class="dek"><span>{printed}</span></div>')
    printed = printed.replace("<b>eleven</b>\n  weeks", "eleven weeks")
    assert with_standfirst(tree(html), BODY, TITLE) == [printed, *BODY]


@pytest.mark.parametrize("mark", ["…", "...", " (...)", " […]"])
def test_a_description_cut_short_with_an_ellipsis_finds_the_whole_standfirst(mark):
    long_standfirst = STANDFIRST + " " + BODY[1].replace("The work", "Dredging")
    html = page(description=long_standfirst[:70] + mark, header=f'<p class="chapo">{long_standfirst}</p>')
    assert with_standfirst(tree(html), BODY, TITLE) == [long_standfirst, *BODY]
    # ...but not the start of a container of paragraphs
    html = page(description=STANDFIRST[:70] + mark, header=f'<div class="intro">{STANDFIRST}<p>{BODY[1]}</p></div>')
    assert with_standfirst(tree(html), BODY, TITLE) is None


def test_a_summary_the_body_already_holds_is_not_added_again():
    assert with_standfirst(tree(page(description=BODY[0], header="")), BODY, TITLE) is None
    assert with_standfirst(tree(page(body=[STANDFIRST, *BODY])), [STANDFIRST, *BODY], TITLE) is None


@pytest.mark.parametrize("header, after", [
    (f'<a href="/dredging"><p>{STANDFIRST}</p></a>', ""),  # a teaser card linking to the article
    (f'<aside><p>{STANDFIRST}</p></aside>', ""),
    (f'<form action="/subscribe"><p>{STANDFIRST}</p><input name="email"></form>', ""),
    (f'<div class="wp-caption"><p>{STANDFIRST}</p></div>', ""),
    (f'<figure><img src="ship.jpg"><figcaption>{STANDFIRST}</figcaption></figure>', ""),
    (f'<div class="lead-video player-caption"><p>{STANDFIRST}</p></div>', ""),
    ("", f'<div class="summary"><p>{STANDFIRST}</p></div>'),  # printed after the article
])
def test_the_summary_outside_the_article_head_is_not_a_standfirst(header, after):
    assert with_standfirst(tree(page(header=header, after=after)), BODY, TITLE) is None


def test_a_description_repeating_the_headline_is_not_a_standfirst():
    headline = "Harbour channel to be dredged for eleven weeks after two ships ran aground"
    html = page(description=headline, header=f'<h2 class="detail-heading">{headline}</h2>')
    assert with_standfirst(tree(html), BODY, headline) is None
    # nor is a second <h1>, whatever the title
    assert with_standfirst(tree(page(header=f"<h1>{STANDFIRST}</h1>")), BODY, None) is None


def test_a_short_description_or_a_container_holding_more_is_not_taken():
    short = "Dredging the eastern channel of the old port"
    assert len(loose_key(short)) < MIN_CHARS <= len(loose_key(short + " now"))
    assert with_standfirst(tree(page(description=short, header=f"<p>{short}</p>")), BODY, TITLE) is None
    assert with_standfirst(tree(page(description=short + " now", header=f"<p>{short} now</p>")), BODY, TITLE) == \
        [short + " now", *BODY]
    # the description is only part of what the element says: a box of the page, not its summary
    box = f'<div class="intro">{BODY[1]} {STANDFIRST} {BODY[2]}</div>'
    assert with_standfirst(tree(page(header=box)), BODY, TITLE) is None
    assert with_standfirst(tree(page(description=None)), BODY, TITLE) is None


def test_a_label_or_a_date_beside_the_summary_is_read_with_it():
    labelled = f"Lead: {STANDFIRST} 3 March 2024, 10:15"
    assert with_standfirst(tree(page(header=f'<p class="lead">{labelled}</p>')), BODY, TITLE) == [labelled, *BODY]


def test_extraction_puts_the_standfirst_first_and_still_drops_the_headline():
    extracted = extract(page())
    assert extracted.title == TITLE
    assert extracted.paragraphs == [STANDFIRST, *BODY]


def test_a_summary_above_the_headline_is_a_banner_not_a_standfirst():
    banner = f'<div class="site-branding"><p class="site-description">{STANDFIRST}</p></div>'
    assert with_standfirst(tree(page(header="", banner=banner)), BODY, TITLE) is None


def test_the_body_holding_the_summary_further_down_is_not_given_it_again():
    body = [BODY[0], STANDFIRST, BODY[1]]
    assert with_standfirst(tree(page(body=body)), body, TITLE) is None


def test_invisible_characters_and_non_breaking_spaces_in_the_page_do_not_hide_it():
    printed = STANDFIRST.replace("busiest channel", "busiest\u00a0chan\u00adnel").replace("cargo ships", "cargo\u00a0ships")
    found = with_standfirst(tree(page(header=f'<p class="dek">{printed}</p>')), BODY, TITLE)
    assert found is not None and loose_key(found[0]) == loose_key(STANDFIRST)


def test_the_standfirst_is_read_as_a_reader_sees_it():
    printed = STANDFIRST.replace("closes for", "closes<br>for").replace("storms.", "storms.<script>ads.push(1)</script>")
    assert with_standfirst(tree(page(header=f'<p class="dek">{printed}</p>')), BODY, TITLE) == [STANDFIRST, *BODY]


@pytest.mark.parametrize("body_class, header_class", [
    ("single wp-featherlight-captions", "standfirst"),  # a plugin's switch on <body>
    ("", "content-header__caption-style--default"),  # a modifier that mentions captions
])
def test_class_names_that_only_mention_captions_do_not_hide_it(body_class, header_class):
    html = page(body_class=body_class, header=f'<div class="{header_class}"><p>{STANDFIRST}</p></div>')
    assert with_standfirst(tree(html), BODY, TITLE) == [STANDFIRST, *BODY]


def test_a_form_holding_the_whole_page_holds_the_standfirst_too():
    html = page().replace("<main>", '<form id="aspnetForm"><main>').replace("</main>", "</main></form>")
    assert with_standfirst(tree(html), BODY, TITLE) == [STANDFIRST, *BODY]


def test_the_article_as_data_in_a_script_is_not_where_the_article_starts():
    state = f'<script>window.__STATE = {{"body": "{BODY[0]}", "dek": "{STANDFIRST}"}}</script>'
    assert with_standfirst(tree(page(banner=state)), BODY, TITLE) == [STANDFIRST, *BODY]


def test_a_long_copy_of_the_headline_in_the_body_is_not_its_first_line_of_prose():
    headline = "Harbour channel to be dredged for eleven weeks after two cargo ships ran aground"
    html = page().replace(f"<h1>{TITLE}</h1>", f"<h1>{headline}</h1>")
    assert with_standfirst(tree(html), [headline, *BODY], headline) == [headline, STANDFIRST, *BODY]


def test_a_description_cut_without_a_mark_gives_the_start_or_the_end_of_the_standfirst():
    long_standfirst = (STANDFIRST + " Ferries and freight will use the western quay until the spring, when the channel "
                       "reopens to ships of every size, the port said.")
    for description in (long_standfirst[:90], long_standfirst[-90:]):
        html = page(description=description, header=f'<p class="chapo">{long_standfirst}</p>')
        assert with_standfirst(tree(html), BODY, TITLE) == [long_standfirst, *BODY]


def test_a_description_named_with_capitals_is_read():
    assert with_standfirst(tree(page(meta_name="Description")), BODY, TITLE) == [STANDFIRST, *BODY]


def test_a_page_repeating_descriptions_is_looked_at_a_few_times_only(monkeypatch):
    metas = "".join(f'<meta property="og:description" content="Summary number {number} of a page that says nothing at all, again and again">'
                    for number in range(300))
    teasers = "".join(f'<p class="teaser">{STANDFIRST}</p>' for _ in range(200))
    html = page(header="", after=teasers).replace("</head>", metas + "</head>")
    looked_up = []
    real = standfirst._elements_holding

    def counting(body, text):
        found = real(body, text)
        looked_up.append(len(found))
        return found

    monkeypatch.setattr(standfirst, "_elements_holding", counting)
    assert with_standfirst(tree(html), BODY, TITLE) is None
    assert len(looked_up) <= standfirst.MAX_DESCRIPTIONS + standfirst._FIRST_LINES_LOOKED_UP
    assert max(looked_up) <= standfirst.MAX_CANDIDATES


def _with_descriptions(*descriptions, header=f'<p class="standfirst">{STANDFIRST}</p>'):
    metas = "".join(f'<meta property="og:description" content="{text}">' if index else
                    f'<meta name="description" content="{text}">' for index, text in enumerate(descriptions))
    return page(description=None, header=header).replace("</head>", metas + "</head>")


def test_a_description_the_body_holds_does_not_hide_another_that_is_the_standfirst():
    # the page's description repeats the first paragraph; its og:description is the printed standfirst
    html = _with_descriptions(BODY[0], STANDFIRST)
    assert with_standfirst(tree(html), BODY, TITLE) == [STANDFIRST, *BODY]
    # ...but a variant of the held one (cut, or with a word changed) is the same summary
    variant = "Briefly, " + BODY[0][len(BODY[0]) // 2:]
    html = _with_descriptions(BODY[0], variant, header=f'<p class="standfirst">{variant}</p>')
    assert with_standfirst(tree(html), BODY, TITLE) is None


def test_a_standfirst_edited_from_its_description_is_found():
    described = STANDFIRST + " Dredging starts in May and costs the port authority four million euros."
    edited = described.replace("two cargo ships", "three cargo ships")
    html = page(description=described, header=f'<p class="standfirst">{edited}</p>')
    assert with_standfirst(tree(html), BODY, TITLE) == [edited, *BODY]
    # ...also where the edit shortens it
    shortened = described.replace("two cargo ships", "2 ships")
    html = page(description=described, header=f'<p class="standfirst">{shortened}</p>')
    assert with_standfirst(tree(html), BODY, TITLE) == [shortened, *BODY]
    # ...but not a different sentence with the same opening
    other = described[:60] + " while the harbour master weighs a second dredger for the spring."
    html = page(description=described, header=f'<p class="standfirst">{other}</p>')
    assert with_standfirst(tree(html), BODY, TITLE) is None
