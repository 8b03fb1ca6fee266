import lxml.html
import pytest

from slant.ingest.html import extract
from slant.ingest.split_body import sibling_parts

FIRST = [
    "The harbour authority will dredge the eastern channel this winter, its director said on Tuesday, after two "
    "cargo ships ran aground there in the autumn storms.",
    "The work will take eleven weeks and close the channel to ships of more than 5,000 tonnes. Ferries will keep "
    "running to the timetable, the authority said, but freight will use the western quay.",
    "Dredging was last done in 2011. Since then silt carried down the river has raised the bed by almost a metre "
    "in places, according to surveys the authority published in March.",
]
SECOND = [
    "Fishermen said they welcomed the work but feared for the spring season. \"If the channel is still shut in "
    "April, half the boats will have nowhere to land,\" said one skipper, who has fished from the port for thirty years.",
    "The authority said the dredged silt would be taken out to sea and not dumped on the beaches, as happened "
    "after the last dredging, when residents complained about the smell for most of the summer.",
]


def part(paragraphs, kind="story__part", extra=""):
    return f'<div class="{kind}">' + extra + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>"


def page(second_part, before=""):
    return f"""<html><head><title>Harbour channel to be dredged</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Harbour channel to be dredged</h1>
<div class="story">{before}{part(FIRST)}
<div class="related"><h3>Related</h3><ul><li><a href="/a">Ferry timetable changes for winter</a></li>
<li><a href="/b">Port records its busiest summer</a></li></ul></div>
{second_part}</div></article></main>
<footer><p>© 2024 Harbour Times. All rights reserved.</p></footer></body></html>"""


def parts_of(html, body=FIRST):
    return sibling_parts(lxml.html.fromstring(html), list(body))


def test_the_article_goes_on_in_a_sibling_container_after_a_box_of_links():
    assert parts_of(page(part(SECOND))) == ([], SECOND)


def test_a_container_of_the_same_kind_before_the_body_comes_first():
    assert parts_of(page("", before=part(SECOND))) == (SECOND, [])


def test_paragraphs_the_body_already_holds_are_not_added_again():
    # trafilatura writes list items and quotes with marks; the comparison ignores them
    assert parts_of(page(part([FIRST[1], *SECOND])), body=[FIRST[0], "- " + FIRST[1], FIRST[2]]) == ([], SECOND)
    assert parts_of(page(part(SECOND)), body=[*FIRST, *SECOND]) is None


@pytest.mark.parametrize("sibling", [
    # the next article, loaded below this one
    part(SECOND, extra="<h1>Ferry fares rise in January</h1>"),
    # a comment or newsletter form
    part(SECOND, extra='<form><input name="email"><button>Send</button></form>'),
    # teasers of other articles: mostly links
    '<div class="story__part">' + "".join(f'<p><a href="/x{i}">{text}</a></p>' for i, text in enumerate(SECOND)) + "</div>",
    # short lines without a paragraph of prose: captions, product features
    part(["Photo: Harbour Times", "Free delivery in 24 hours", "Secure online payment"]),
    # a container of another kind
    part(SECOND, kind="comments"),
])
def test_siblings_that_do_not_read_as_the_same_article_are_left_out(sibling):
    assert parts_of(page(sibling)) is None


def test_a_body_with_too_little_text_to_place_is_left_alone():
    assert parts_of(page(part(SECOND)), body=["Harbour channel to be dredged", FIRST[0]]) is None


def test_extraction_reads_a_split_article_once_and_whole():
    paragraphs = extract(page(part(SECOND))).paragraphs
    assert paragraphs == [*FIRST, *SECOND]


def test_hundreds_of_containers_of_one_kind_are_a_listing_not_an_article_in_parts():
    listing = "".join(part([f"Item {i}: " + SECOND[0]]) for i in range(250))
    assert parts_of(page(listing)) is None
