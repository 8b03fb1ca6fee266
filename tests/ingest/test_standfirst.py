import lxml.html
import pytest

from slant.ingest.html import extract
from slant.ingest.standfirst import MIN_CHARS, loose_key, with_standfirst

TITLE = "Harbour channel to be dredged"
STANDFIRST = "The port's busiest channel closes for eleven weeks after two cargo ships ran aground in the autumn storms."
BODY = [
    "The harbour authority will dredge the eastern channel this winter, its director said on Tuesday, after two "
    "cargo ships ran aground there in the autumn storms.",
    "The work will take eleven weeks and close the channel to ships of more than 5,000 tonnes. Ferries will keep "
    "running to the timetable, the authority said, but freight will use the western quay.",
    "Dredging was last done in 2011. Since then silt carried down the river has raised the bed by almost a metre "
    "in places, according to surveys the authority published in March.",
]


def page(description=STANDFIRST, header=f'<p class="standfirst">{STANDFIRST}</p>', after="", body=BODY):
    meta = f'<meta name="description" content="{description}">' if description is not None else ""
    paragraphs = "".join(f"<p>{text}</p>" for text in body)
    return f"""<html><head><title>{TITLE}</title>{meta}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
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
    ("", f'<a href="/dredging"><p>{STANDFIRST}</p></a>'),  # a teaser card linking to the article
    ("", f'<aside><p>{STANDFIRST}</p></aside>'),
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
    assert with_standfirst(tree(html), BODY, None) == [headline, *BODY]


def test_a_short_description_or_a_container_holding_more_is_not_taken():
    short = "Dredging the eastern channel"
    assert len(loose_key(short)) < MIN_CHARS
    assert with_standfirst(tree(page(description=short, header=f"<p>{short}</p>")), BODY, TITLE) is None
    # the description is only part of what the element says: a box of the page, not its summary
    box = f'<div class="intro">{STANDFIRST} {BODY[1]} {BODY[2]}</div>'
    assert with_standfirst(tree(page(header=box)), BODY, TITLE) is None
    assert with_standfirst(tree(page(description=None)), BODY, TITLE) is None


def test_extraction_puts_the_standfirst_first_and_still_drops_the_headline():
    extracted = extract(page())
    assert extracted.title == TITLE
    assert extracted.paragraphs == [STANDFIRST, *BODY]
