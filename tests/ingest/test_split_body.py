import lxml.html
import pytest

from slant.ingest.html import extract
from slant.ingest.split_body import with_sibling_parts

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
THIRD = [
    "The cost, about four million euros, will be shared between the port and the regional government, which said "
    "it had set the money aside in last year's budget and would not need to borrow.",
]
RELATED = ('<div class="related"><h3>Related</h3><ul><li><a href="/a">Ferry timetable changes for winter</a></li>'
           '<li><a href="/b">Port records its busiest summer</a></li></ul></div>')


def part(paragraphs, kind="story__part", extra=""):
    return f'<div class="{kind}">' + extra + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>"


def page(*parts, before=""):
    return f"""<html><head><title>Harbour channel to be dredged</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><div class="headline"><h1>Harbour channel to be dredged</h1></div>
<div class="story">{before}{part(FIRST)}{RELATED}{"".join(parts)}</div></main>
<footer><p>© 2024 Harbour Times. All rights reserved.</p></footer></body></html>"""


def whole(html, body=FIRST):
    return with_sibling_parts(lxml.html.fromstring(html), list(body))


def test_the_article_goes_on_in_a_sibling_container_after_a_box_of_links():
    assert whole(page(part(SECOND))) == [*FIRST, *SECOND]


def test_each_container_is_read_after_the_lines_of_the_container_before_it():
    # the body came from the first and third containers; the second's lines go between them
    html = page(part(SECOND), RELATED, part(THIRD))
    assert whole(html, body=[*FIRST, *THIRD]) == [*FIRST, *SECOND, *THIRD]


def test_containers_before_the_body_are_not_read():
    assert whole(page(before=part(SECOND))) is None


def test_lines_the_body_already_holds_are_not_added_again():
    # trafilatura writes list items and quotes with marks, and splits paragraphs at <br>
    assert whole(page(part(SECOND)), body=[FIRST[0], "- " + FIRST[1], FIRST[2]]) == [
        FIRST[0], "- " + FIRST[1], FIRST[2], *SECOND]
    assert whole(page(part(SECOND)), body=[*FIRST, *SECOND]) is None
    split = part([f"{SECOND[0]}<br>{SECOND[1]}"])
    assert whole(page(split), body=[*FIRST, *SECOND]) is None


def test_blocks_are_read_once_each_and_whole():
    sibling = ('<div class="story__part"><blockquote><p>First quoted sentence.</p><p>Second quoted sentence.</p>'
               '</blockquote><ul><li><p>Item one is a paragraph.</p></li><li>Plain item.</li></ul>'
               f'<p>Question?<br><em>Answer.</em><script>googletag.display("ad-7")</script></p><p>{SECOND[0]}</p></div>')
    assert whole(page(sibling)) == [*FIRST, "First quoted sentence.", "Second quoted sentence.",
                                    "Item one is a paragraph.", "Plain item.", "Question?", "Answer.", SECOND[0]]


def test_invisible_characters_and_line_breaks_do_not_hide_that_the_body_has_a_paragraph():
    # a soft hyphen trafilatura drops, a paragraph trafilatura split where the page quotes inside it
    hyphenated = part([SECOND[0].replace("welcomed", "wel&shy;comed"), THIRD[0]])
    assert whole(page(hyphenated), body=[*FIRST, SECOND[0]]) is None
    halves = [SECOND[0][:30], SECOND[0][30:]]
    merged = whole(page(part([SECOND[0], THIRD[0]])), body=[*FIRST, *halves])
    assert SECOND[0] not in merged and THIRD[0] in merged


@pytest.mark.parametrize("sibling", [
    # the next article, loaded below this one, with its own headline or in its own <article>
    part(SECOND, extra="<h1>Ferry fares rise in January</h1>"),
    part(SECOND, extra="<article><h2>Ferry fares rise in January</h2></article>"),
    # a comment or newsletter form
    part(SECOND, extra='<form><input name="email"><button>Send</button></form>'),
    # teasers of other articles: mostly links
    '<div class="story__part">' + "".join(f'<p><a href="/x{i}">{text}</a></p>' for i, text in enumerate(SECOND)) + "</div>",
    # short lines without a paragraph of prose: captions, product features
    part(["Photo: Harbour Times", "Free delivery in 24 hours", "Secure online payment"]),
    '<div class="story__part"><figure><img src="a.jpg"><figcaption><p>' + SECOND[0] + "</p></figcaption></figure></div>",
    # a container of another kind
    part(SECOND, kind="comments"),
])
def test_siblings_that_do_not_read_as_the_same_article_are_left_out(sibling):
    assert whole(page(sibling)) is None


def test_a_comment_thread_in_a_container_of_the_same_kind_ends_the_sibling():
    thread = part(SECOND, extra="<h3>3 comments</h3><p><b>seaman77</b> wrote:</p>")
    assert whole(page(part(SECOND[:1]), thread)) == [*FIRST, SECOND[0]]


def test_a_post_under_its_own_headline_is_another_article():
    posts = "".join(
        f'<div class="post"><h2><a href="/{i}">{title}</a></h2><div class="entry-content">'
        + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div></div>"
        for i, (title, paragraphs) in enumerate([("Harbour channel to be dredged", FIRST), ("Ferry fares rise", SECOND)]))
    assert whole(f"<html><body><header><h1>Harbour Watch</h1></header><main>{posts}</main></body></html>") is None


def test_two_linked_list_items_in_a_row_end_the_sibling():
    sibling = part(SECOND[:1]).replace("</div>", "".join(
        f'<li><a href="/{i}">{title}</a></li>' for i, title in enumerate(["Ferry fares rise in January",
                                                                          "Port records its busiest summer"]))
        + f"<p>{THIRD[0]}</p></div>")
    assert whole(page(sibling)) == [*FIRST, SECOND[0]]


def test_a_paragraph_the_page_prints_twice_does_not_place_the_body():
    repeated = "Story continues below this message from our sponsors and partners at the harbour"
    html = page(part([*SECOND, repeated]), RELATED, part(THIRD)).replace(
        f"<p>{FIRST[-1]}</p>", f"<p>{FIRST[-1]}</p><p>{repeated}</p>")
    assert whole(html, body=[*FIRST, repeated]) == [*FIRST, repeated, *SECOND, *THIRD]


def test_a_sibling_is_read_up_to_a_list_of_other_posts_and_without_its_linked_items():
    sibling = part(SECOND).replace(
        "</div>", '<h3>More stories</h3><p>Port records its busiest summer as cruise ships return to the harbour, '
                  'and the ferries carry more cars than ever before.</p></div>')
    sibling = sibling.replace(f"<p>{SECOND[1]}</p>",
                              f'<p>{SECOND[1]}</p><li><a href="/c">Why the dunes of the north coast are moving</a> '
                              'inland</li>')
    assert whole(page(sibling)) == [*FIRST, *SECOND]


def test_the_container_that_holds_the_headline_is_as_high_as_the_search_goes():
    bio = part(["The author writes about ports and shipping for the Harbour Times and has covered the coast for "
                "twenty years, from the fishing villages of the north to the container terminals of the south."],
               kind="column")
    html = f"""<html><body><div class="column"><h1>Harbour channel to be dredged</h1>{part(FIRST)}</div>
{bio}</body></html>"""
    assert whole(html) is None


def test_a_body_with_too_little_text_to_place_is_left_alone():
    assert whole(page(part(SECOND)), body=["Harbour channel to be dredged", FIRST[0]]) is None


def test_hundreds_of_containers_of_one_kind_are_a_listing_not_an_article_in_parts():
    listing = "".join(part([f"Item {i}: " + SECOND[0]]) for i in range(250))
    assert whole(page(listing)) is None


def test_a_short_line_counts_as_in_the_body_only_when_the_body_has_it_whole():
    body = [*FIRST[:2], "Reaction from the port was swift, and the fishermen's association called a meeting.", FIRST[2]]
    assert whole(page(part(["Reaction", *SECOND])), body=body) == [*body, "Reaction", *SECOND]


def test_extraction_does_not_add_again_what_trafilatura_kept():
    assert extract(page(part(SECOND))).paragraphs == [*FIRST, *SECOND]
