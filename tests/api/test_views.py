"""The UI's HTML pieces: any value rendered escaped, numbers per category as bars, timelines in
time order, and two articles' rows side by side."""

from __future__ import annotations

from slant.api.views import bar_chart, render_value, side_by_side, timeline, timeline_of


def test_values_are_escaped_whatever_their_shape(payloads):
    html = str(render_value({payloads.script: [payloads.img, {"nested": payloads.attr}], "n": 3, "ok": True}))
    assert "<script>" not in html and "<img" not in html and 'onfocus="' not in html
    assert "&lt;script&gt;" in html and "<dt>n</dt><dd>3</dd>" in html and "<dd>yes</dd>" in html


def test_numbers_per_category_are_a_bar_chart():
    html = str(render_value({"shares": {"attack_on_reputation": 0.5, "justification": 0.25}}))
    assert html.count("<rect") == 2 and "Attack on reputation" in html and 'role="img"' in html
    widths = [float(part.split('"')[0]) for part in html.split('width="')[1:]]
    assert widths == [170.0, 85.0]  # the largest fills the bar, the others in proportion
    assert 'fill="#a8261c"' in html  # the category's colour
    assert "<script" not in str(bar_chart({"<script>": 1, "b": 2}, "<b>title</b>"))


def test_a_timeline_is_in_time_order_and_links_articles():
    story = {"title": "Harbour", "articles": [
        {"id": "ab" * 8, "title": "Later", "published": "2026-03-05"},
        {"id": "not an id", "title": "Earlier", "published": "2026-03-01", "site": "north.example"}]}
    key, entries = timeline_of(story)
    assert key == "articles" and [entry["title"] for entry in entries] == ["Earlier", "Later"]
    html = str(timeline(entries))
    assert html.index("Earlier") < html.index("Later")
    assert f'href="/articles/{"ab" * 8}"' in html and 'href="/articles/not an id"' not in html
    assert timeline_of({"title": "no dates", "items": [{"a": 1}]}) == (None, [])


def document(title: str, sentences: list[str]) -> dict:
    text = f"{title}\n\n" + " ".join(sentences)
    return {"text": text, "layers": {"sentences": [{"start": text.index(s), "end": text.index(s) + len(s)}
                                                   for s in sentences]}}


def span(doc: dict, sentence: str) -> tuple[int, int]:
    start = doc["text"].index(sentence)
    return start, start + len(sentence)


def test_rows_side_by_side():
    a = document("Title A", ["One two three four.", "Five six seven eight.", "Only in A here."])
    b = document("Title B", ["Only in B first.", "One two three four.", "Five six seven nine."])
    rows = side_by_side(a, b, [(span(a, "One two three four."), span(b, "One two three four.")),
                               (span(a, "Five six seven eight."), span(b, "Five six seven nine."))])
    shown = [(row.kind, str(row.left.html) if row.left else None, str(row.right.html) if row.right else None)
             for row in rows]
    assert shown == [
        ("only", "Title A", None),
        ("only", None, "Title B"),
        ("only", None, "Only in B first."),
        ("same", "One two three four.", "One two three four."),
        ("changed", "Five six seven <del>eight.</del>", "Five six seven <ins>nine.</ins>"),
        ("only", "Only in A here.", None),
    ]
