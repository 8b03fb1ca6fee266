import base64
import hashlib
import html
import re
from html.parser import HTMLParser

from slant.doc import taxonomy
from slant.output.html import CONTENT_SECURITY_POLICY, nest_marks, render_html, render_index
from slant.output.html import index_entry as make_entry


class MarkCollector(HTMLParser):
    """Collects, per finding index, the text of its mark pieces, its parents and its attributes."""

    VOID = {"meta", "br", "input", "img", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # open elements: (tag, data-f or None)
        self.text = {}  # finding -> concatenated text of its pieces
        self.pieces = {}  # finding -> list of attribute dicts
        self.parent = {}  # finding -> enclosing finding (first piece), or None
        self.ids = set()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in self.VOID:
            return
        finding = None
        if tag == "mark":
            finding = int(attributes["data-f"])
            self.pieces.setdefault(finding, []).append(attributes)
            self.text.setdefault(finding, "")
            enclosing = [f for t, f in self.stack if t == "mark"]
            self.parent.setdefault(finding, enclosing[-1] if enclosing else None)
        self.stack.append((tag, finding))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        for tag, finding in self.stack:
            if tag == "mark":
                self.text[finding] += data


def collect(page: str) -> MarkCollector:
    collector = MarkCollector()
    collector.feed(page)
    collector.close()
    return collector


def test_every_finding_is_highlighted_at_its_exact_words_and_focusable(bridge_article, make_analysis):
    article = bridge_article
    page = render_html(make_analysis(article, notes=["a note"]))
    marks = collect(page)
    findings = article.layers["techniques"]
    assert sorted(marks.text) == list(range(len(findings)))
    for index, span in enumerate(findings):
        assert marks.text[index] == article.span_text(span)
        focusable = [p for p in marks.pieces[index] if p.get("tabindex") == "0"]
        assert len(focusable) == 1, span
        assert focusable[0]["aria-describedby"] == f"tip-{index}" and f"tip-{index}" in marks.ids
        assert focusable[0]["data-technique"] == span.label
    assert 'role="tooltip"' in page


def test_overlapping_findings_nest(bridge_article):
    article = bridge_article
    marks = collect(render_html(article))
    labels = [s.label for s in article.layers["techniques"]]
    doubt, experts = labels.index("Doubt"), labels.index("Name_Calling-Labeling", labels.index("Doubt"))
    assert marks.parent[experts] == doubt  # "experts" inside "so-called experts"
    popularity, exaggeration = labels.index("Appeal_to_Popularity"), labels.index("Exaggeration-Minimisation")
    assert marks.parent[exaggeration] == popularity
    assert 'class="hl c-attack_on_reputation d1"' in render_html(article)


def test_marks_nest_at_most_max_open_marks_deep():
    from slant.output.html import MAX_OPEN_MARKS

    # a run-on text's staircase of findings, each starting inside the one before
    findings = [(i, i, 1000 + i) for i in range(3 * MAX_OPEN_MARKS)]
    events = nest_marks(0, 2000, findings)
    depth = deepest = 0
    for kind, _ in events:
        depth += {"open": 1, "close": -1}.get(kind, 0)
        deepest = max(deepest, depth)
    opened = {value[0] for kind, value in events if kind == "open"}
    assert deepest == MAX_OPEN_MARKS and depth == 0
    assert opened == set(range(MAX_OPEN_MARKS))  # the first ones drawn, the rest left to the lists
    pieces = sum(1 for kind, _ in events if kind == "open")
    assert pieces <= MAX_OPEN_MARKS * (MAX_OPEN_MARKS + 1)


def test_crossing_findings_split_into_continuation_pieces(build_article):
    events = nest_marks(0, 20, [(0, 0, 10), (1, 5, 15)])
    assert events == [
        ("open", (0, 0, True)), ("text", (0, 5)),
        ("open", (1, 1, True)), ("text", (5, 10)),
        ("close", 1), ("close", 0),
        ("open", (1, 0, False)), ("text", (10, 15)),
        ("close", 1), ("text", (15, 20)),
    ]
    paragraphs = ["Title", "alpha beta gamma delta"]
    article = build_article(paragraphs, [("alpha beta", 0, "Doubt", 0.9), ("beta gamma", 0, "Slogans", 0.8)])
    marks = collect(render_html(article))
    assert marks.text == {0: "alpha beta", 1: "beta gamma"}
    assert [p.get("tabindex") for p in marks.pieces[1]] == ["0", None]


def test_untrusted_input_is_escaped_everywhere(hostile_article, make_analysis, payloads):
    article = hostile_article
    page = render_html(make_analysis(article, notes=[f"note {payloads.img}"], provenance={
        "slant_version": "0", "models": {payloads.script: payloads.img}}))
    assert page.count("<script") == 1  # only the report's own script
    assert "<img" not in page
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=2;alert(2)&quot;&gt;" in page
    tags = collect(page).tags
    assert not [(tag, a) for tag, a in tags for name in a if name.startswith("on")]  # no event handlers
    assert not [a for _, a in tags if "autofocus" in a]
    assert not [a["href"] for tag, a in tags if tag == "a" and "javascript" in a.get("href", "")]
    assert "javascript:window.__pwned=4" in page  # shown as text, not linked
    marks = collect(page)
    for index, span in enumerate(article.layers["techniques"]):
        assert marks.text[index] == article.span_text(span)  # markup in a finding stays its words


def test_content_security_policy_pins_the_only_script(bridge_article):
    page = render_html(bridge_article)
    assert f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CONTENT_SECURITY_POLICY)}">' in page
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY


def test_page_is_self_contained_and_responsive(bridge_article):
    page = render_html(bridge_article)
    assert not re.search(r"<(link|iframe|object|embed|img)\b", page)
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!news\.example/)""", page)
    assert "@import" not in page and "url(" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media (max-width:760px)" in page


def test_header_digest_legend_margins_removed_and_notes(bridge_article):
    page = render_html(bridge_article, ["techniques: a test note"])
    assert "<h1>Bridge fury: council cronies strike again</h1>" in page
    assert '<a href="https://news.example/bridge" rel="noopener noreferrer nofollow">' in page
    assert "Opinion (71%)" in page and "Economic (80%), Political (60%)" in page
    assert "Heavily loaded: 9 findings in 4 of 5 paragraphs" in page
    assert "labels people as \u201ccouncil cronies\u201d and \u201cexperts\u201d (name calling, 3\u00d7)" in page
    assert '<span class="cat-name">Attack on reputation</span> <span class="count">4</span>' in page
    assert '<span class="cat-name">Distraction</span> <span class="count">0</span>' in page
    assert re.search(r'<span>Name calling / labelling</span><span class="bar" style="--w:100.0%"', page)
    assert 'aria-label="Techniques in paragraph 2"' in page and 'aria-label="Techniques in paragraph 3"' not in page
    assert "Left out by extraction (3)" in page and '<span class="reason">share widget</span>' in page
    assert "techniques: a test note" in page
    glossary = page.split("What these techniques mean")[1].split("</details>")[0]
    assert html.escape(taxonomy.technique("Doubt").example) in glossary
    assert "Whataboutism" not in glossary  # only the techniques found


def test_index_page_links_reports_and_escapes_entries(bridge_article, hostile_article, payloads):
    hostile = hostile_article
    page = render_index(
        [make_entry("reports/bridge.html", bridge_article), make_entry("javascript:alert(1)", hostile)],
        title=f"Batch {payloads.script}",
    )
    assert '<a href="reports/bridge.html">Bridge fury: council cronies strike again</a>' in page
    assert 'href="javascript' not in page
    assert "<script" not in page and "<img" not in page
    assert "&lt;title&gt;" not in page and "Batch &lt;script&gt;" in page
    assert "Heavily loaded: 9 findings" in page
    assert "No reports." in render_index([])


def test_low_confidence_findings_are_underlined_only(build_article):
    article = build_article(["Title", "sure thing and maybe thing"],
                            [("sure thing", 0, "Slogans", 0.9), ("maybe thing", 0, "Slogans", 0.3)])
    pieces = collect(render_html(article)).pieces
    assert "low" not in pieces[0][0]["class"].split()
    assert "low" in pieces[1][0]["class"].split()
