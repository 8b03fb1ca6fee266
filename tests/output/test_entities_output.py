"""Named entities in the reports: the HTML panel and in-text underlines, the terminal section,
escaping, and nothing at all when the entities component did not run."""

from html.parser import HTMLParser

import pytest

from slant.doc.article import Span
from slant.output.html import render_html
from slant.output.terminal import render_text

PARAGRAPHS = (
    "Tokayev meets Acme Corp in Astana",
    "Kassym-Jomart Tokayev said Acme Corp would build a plant near Astana. Tokayev called it historic.",
    "The so-called experts at Acme Corp disagree; the Astana Times reported the deal.",
)
FINDINGS = (("so-called experts", 0, "Doubt", 0.8), ("Tokayev called it historic", 0, "Loaded_Language", 0.7))
# (phrase, occurrence, label, group)
MENTIONS = (
    ("Tokayev", 0, "PER", "e1"),
    ("Acme Corp", 0, "ORG", "e2"),
    ("Astana", 0, "LOC", "e3"),
    ("Kassym-Jomart Tokayev", 0, "PER", "e1"),
    ("Acme Corp", 1, "ORG", "e2"),
    ("Astana", 1, "LOC", "e3"),
    ("Tokayev", 2, "PER", "e1"),  # starts the Loaded_Language finding: nests with it
    ("Acme Corp", 2, "ORG", "e2"),  # inside-adjacent to the Doubt finding
    ("Astana Times", 0, "ORG", "e4"),
)
GROUPS = [
    {"id": "e1", "label": "PER", "name": "Kassym-Jomart Tokayev", "mentions": 3},
    {"id": "e2", "label": "ORG", "name": "Acme Corp", "mentions": 3},
    {"id": "e3", "label": "LOC", "name": "Astana", "mentions": 2},
    {"id": "e4", "label": "ORG", "name": "Astana Times", "mentions": 1},
]


def _at(text, phrase, occurrence):
    position = -1
    for _ in range(occurrence + 1):
        position = text.index(phrase, position + 1)
    return position


def add_entities(article, mentions, groups):
    spans = []
    for phrase, occurrence, label, group in mentions:
        start = _at(article.text, phrase, occurrence)
        spans.append(Span(start, start + len(phrase), label, 0.9, {"group": group}))
    article.set_layer("entities", spans)
    article.labels["entities"] = {"groups": groups, "model": "entities-test"}
    return article


@pytest.fixture
def entity_article(build_article):
    return add_entities(build_article(PARAGRAPHS, FINDINGS), MENTIONS, GROUPS)


class Nesting(HTMLParser):
    """Checks that every element closes in order; collects the text of each entity span."""

    VOID = {"meta", "br", "input", "img", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.entities, self.attribute_names = [], [], set()

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        self.attribute_names.update(attributes)
        is_entity = "entity" in (attributes.get("class") or "").split()
        if is_entity:
            self.entities.append([attributes["class"], attributes.get("data-entity"), ""])
        self.stack.append((tag, len(self.entities) - 1 if is_entity else None))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        for _, entity in self.stack:
            if entity is not None:
                self.entities[entity][2] += data


def parse(page):
    parser = Nesting()
    parser.feed(page)
    parser.close()
    assert not parser.stack
    return parser


def test_html_panel_lists_groups_by_type_most_mentioned_first(entity_article, make_analysis):
    page = render_html(make_analysis(entity_article))
    panel = page.split('<h2 id="h-entities">People, organisations and places</h2>')[1].split("</section>")[0]
    assert page.index('id="h-entities"') < page.index('id="h-article"')
    assert panel.index("People:") < panel.index("Organisations:") < panel.index("Places:")
    assert "Other names" not in panel
    assert 'Kassym-Jomart Tokayev <span class="count">(3)</span>' in panel
    assert panel.index("Acme Corp") < panel.index("Astana Times")  # 3 mentions before 1
    assert 'Astana <span class="count">(2)</span>' in panel


def test_html_underlines_every_mention_without_breaking_the_highlights(entity_article, make_analysis):
    page = render_html(make_analysis(entity_article))
    parsed = parse(page)
    texts = {}
    for css, group, words in parsed.entities:
        texts.setdefault((css, group), []).append(words)
    # Every mention is underlined whole, once, with its group; none is split around a highlight.
    assert sorted(texts[("entity entity-per", "e1")]) == ["Kassym-Jomart Tokayev", "Tokayev", "Tokayev"]
    assert sorted(texts[("entity entity-org", "e2")]) == ["Acme Corp"] * 3
    assert texts[("entity entity-loc", "e3")] == ["Astana", "Astana"]
    assert texts[("entity entity-org", "e4")] == ["Astana Times"]
    assert len(parsed.entities) == len(MENTIONS)
    # the findings are still marked, focusable, with tooltips; the mentions get none of that
    assert page.count('<mark class="hl') == len(FINDINGS)
    assert page.count('class="tip ') == len(FINDINGS)
    assert '<span class="entity entity-per" data-entity="e1">Tokayev</span> called it historic</mark>' in page
    assert "entity-per" not in page.split('<div class="tips">')[1]


def test_html_escapes_hostile_entity_text_and_names(build_article, make_analysis, payloads):
    paragraphs = ("Title", f"Then {payloads.script} met {payloads.img} in town.")
    article = build_article(paragraphs, [])
    groups = [{"id": "e1", "label": "PER", "name": payloads.script, "mentions": 1},
              {"id": payloads.attr, "label": f"<b>{payloads.attr}", "name": payloads.img, "mentions": 1}]
    add_entities(article, [(payloads.script, 0, "PER", "e1"), (payloads.img, 0, "ORG\"><x", payloads.attr)], groups)
    page = render_html(make_analysis(article))
    assert page.count("<script") == 1  # only the report's own script
    assert "<img" not in page and "<b>" not in page and "<x" not in page
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    parsed = parse(page)
    assert not parsed.attribute_names & {"onfocus", "autofocus", "onerror", "src"}
    assert [group for _, group, _ in parsed.entities] == ["e1", payloads.attr]  # stayed an attribute value
    assert [words for _, _, words in parsed.entities] == [payloads.script, payloads.img]
    assert [css for css, _, _ in parsed.entities] == ["entity entity-per", "entity entity-misc"]
    assert "Other names:" in page  # an unknown label is listed with the other names


def test_no_entities_no_panel_no_underlines_no_section(bridge_article, make_analysis):
    analysis = make_analysis(bridge_article)
    page = render_html(analysis)
    assert "h-entities" not in page and 'class="entity' not in page
    assert "Named in the article" not in render_text(analysis, width=100)


def test_entities_ran_but_found_none(build_article, make_analysis):
    article = build_article(PARAGRAPHS, FINDINGS)
    article.set_layer("entities", [])
    article.labels["entities"] = {"groups": [], "model": "entities-test"}
    analysis = make_analysis(article)
    assert "No names found." in render_html(analysis)
    assert "No names found." in render_text(analysis, width=100)


def test_terminal_section_lists_up_to_five_per_type(entity_article, make_analysis):
    article = entity_article
    extra = [{"id": f"p{n}", "label": "PER", "name": f"Person {n}", "mentions": 1} for n in range(6)]
    article.labels["entities"]["groups"] = GROUPS + extra
    text = render_text(make_analysis(article), width=200)
    block = text.split("Named in the article")[1]
    assert "People: Kassym-Jomart Tokayev (3), Person 0 (1), Person 1 (1), Person 2 (1), Person 3 (1), \u2026 and 2 more" \
        in block
    assert "Organisations: Acme Corp (3), Astana Times (1)" in block
    assert "Places: Astana (2)" in block
    assert "Other names" not in block


def test_terminal_cleans_hostile_names(build_article, make_analysis):
    article = build_article(("Title", "Body text."), [])
    article.labels["entities"] = {"groups": [{"id": "e1", "label": "PER", "name": "Evil\x1b[31m [bold]x[/bold]",
                                              "mentions": 1}], "model": "m"}
    text = render_text(make_analysis(article), width=100)
    assert "\x1b" not in text and "People: Evil\ufffd[31m [bold]x[/bold] (1)" in text


def test_groups_from_the_layer_when_the_label_is_missing(build_article, make_analysis):
    article = build_article(PARAGRAPHS, FINDINGS)
    add_entities(article, MENTIONS, GROUPS)
    del article.labels["entities"]
    text = render_text(make_analysis(article), width=200)
    assert "People: Kassym-Jomart Tokayev (3)" in text  # by group, named by its longest form
    assert "Places: Astana (2)" in text
