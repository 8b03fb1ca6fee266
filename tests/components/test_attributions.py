"""Who says so: the sourcing lexicons, the attribution rules in six languages, the document form
of the three attribution layers, the summary's sourcing counts and the reports.

Every text here is written for these tests. The one real article used (``../shared/examples``)
is read from its file by the slow test and skipped when absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from slant.components import attributions as attr
from slant.components.attributions import (
    KINDS,
    LANGUAGES,
    SOURCE_KINDS,
    SOURCE_TYPES,
    annotate,
    attributions_of,
    load_lexicon,
    parse_lexicon,
)
from slant.components.base import ComponentOptions, check_order, load_factory
from slant.components.summary import summarize
from slant.doc.analysis import Analysis
from slant.doc.article import Article, Span
from slant.doc.document import validate_document
from slant.ingest.segment import segment
from slant.output.html import render_html
from slant.output.terminal import render_text

ALMATY = Path(__file__).resolve().parents[3] / "shared" / "examples" / "almaty-scrape.txt"


def analysed(text: str, language: str = "en", title: bool = False) -> Article:
    article = Article(text, language=language)
    if title:
        article.title_span = Span(0, text.index("\n"))
    segment(article)
    return annotate(article)


def found(article: Article) -> list[dict]:
    """Each attribution as its words: source, cue, content, kind, type, confidence."""
    out = []
    for content, source, cue in attributions_of(article):
        out.append({
            "source": article.span_text(source) if source else None,
            "cue": article.span_text(cue) if cue else None,
            "content": article.span_text(content),
            "kind": content.label,
            "type": content.attrs.get("source_type"),
            "confidence": content.score,
        })
    return out


def one(article: Article, cue: str) -> dict:
    matches = [item for item in found(article) if item["cue"] and item["cue"].lower() == cue.lower()]
    assert len(matches) == 1, f"expected one attribution with cue {cue!r}, got {found(article)}"
    return matches[0]


# -- the lexicons ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lexicon_loads_with_at_least_fifty_entries_of_the_cue_kinds(language):
    lexicon = load_lexicon(language)
    assert lexicon is not None and len(lexicon.entries) >= 50
    kinds = {entry.kind for entry in lexicon.entries}
    assert {"verb", "prep", "impersonal", "vague", "type", "that"} <= kinds
    assert sum(entry.kind in ("verb", "prep", "post", "impersonal") for entry in lexicon.entries) >= 50
    assert all(entry.kind in KINDS for entry in lexicon.entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pattern_matches_its_own_example(language):
    for entry in load_lexicon(language).entries:
        example = entry.example or re.sub(r"[\[\]*]", "", entry.pattern)
        if not entry.example and re.search(r"(^|\s)\*(\s|$)", entry.pattern):
            pytest.fail(f"{language}: {entry.pattern!r} has a lone * and needs an example")
        assert entry.regex.search(example), f"{language} {entry.kind} {entry.pattern!r} does not match {example!r}"
        if entry.has_source:
            assert entry.regex.search(example).group(1), f"{language}: {entry.pattern!r} marks no source words"


@pytest.mark.parametrize("language", LANGUAGES)
def test_lexicon_entries_are_unique_and_their_values_known(language):
    lexicon = load_lexicon(language)
    keys = [(e.kind, e.pattern.lower()) for e in lexicon.entries]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    for entry in lexicon.entries:
        if entry.kind in ("vague", "type", "impersonal") and entry.value:
            assert entry.value in SOURCE_TYPES
        if entry.kind == "verb" and entry.value:
            assert set(entry.value.split(",")) <= {"obj", "weak", "part", "comp", "subj", "doc"}, entry
        if entry.kind == "prep" and entry.value:
            assert entry.value == "comma"


@pytest.mark.parametrize("language", LANGUAGES)
def test_cue_search_over_lowercased_text_finds_what_the_case_blind_search_finds(language):
    lexicon = load_lexicon(language)
    examples = " ".join(entry.example for entry in lexicon.entries if entry.example)
    # Upper case throughout, and a letter whose lower case is longer ("İ"), which searches the
    # original text instead.
    found = 0
    for text in (examples, examples.upper(), "İ " + examples.upper()):
        for kind, regex in lexicon.combined.items():
            expected = [(m.start(), m.end()) for m in regex.finditer(text) if lexicon.entry_for(kind, m.group(0))]
            assert [(start, end) for start, end, _ in lexicon.finditer(kind, text)] == expected
            found += len(expected)
    assert found > 50


def test_a_bad_lexicon_line_is_named():
    with pytest.raises(ValueError, match="line 2: unknown kind"):
        parse_lexicon("verb\tsaid\nverbs\tsays\n", "en")
    with pytest.raises(ValueError, match="unknown source type"):
        parse_lexicon("vague\tsources\tgossip\n", "en")
    with pytest.raises(ValueError, match="at most one"):
        parse_lexicon("impersonal\t[a] b [c]\n", "en")


def test_no_lexicon_no_attributions():
    assert load_lexicon("es") is None
    article = analysed("El ministro dijo que todo va bien.", language="es")
    assert article.layers["attributions"] == []


# -- English rules -----------------------------------------------------------------------------

# A paraphrase, written for this test, of the reporting in a scraped news item: each of the
# four constructions must be read as a statement resting on a vague source.
VAGUE_PARAPHRASE = (
    "Shots near the station\n\n"
    "The square was quiet by noon. Doctors report that several people were hurt in the crush. "
    "Information comes in about shots fired near the station. A video appeared on social networks of a bus "
    "burning on the bridge.\n\n"
    "According to the latest reports, the bridge is closed to traffic."
)


def test_the_four_vague_constructions_are_vague_attributions():
    article = analysed(VAGUE_PARAPHRASE, title=True)
    doctors = one(article, "report")
    assert doctors["source"] == "Doctors" and doctors["kind"] == "vague"
    assert doctors["content"] == "that several people were hurt in the crush"
    information = one(article, "comes in")
    assert information["source"] == "Information" and information["kind"] == "vague"
    assert information["content"] == "about shots fired near the station"
    video = [item for item in found(article) if item["source"] == "social networks"]
    assert len(video) == 1 and video[0]["kind"] == "vague" and video[0]["type"] == "social media"
    assert video[0]["content"].startswith("of a bus burning")
    latest = one(article, "According to")
    assert latest["source"] == "the latest reports" and latest["kind"] == "vague"
    assert latest["content"] == "the bridge is closed to traffic"
    assert len(found(article)) == 4


@pytest.mark.parametrize(
    ("text", "source", "cue", "content", "kind"),
    [
        ("“We will open the bridge,” Mayor Ana Ruiz said on Monday.", "Mayor Ana Ruiz", "said",
         "“We will open the bridge,”", "named"),
        ("“The toll is fair,” said Tom Vale, a councillor, in an interview.", "Tom Vale", "said",
         "“The toll is fair,”", "named"),
        ("The council has said that the toll will rise in May.", "The council", "has said",
         "that the toll will rise in May", "named"),
        ("Ana Ruiz, the city's mayor, told reporters that the bridge was safe.", "Ana Ruiz, the city's mayor", "told",
         "that the bridge was safe", "named"),
        ("The repairs will cost $4 million, officials said.", "officials", "said",
         "The repairs will cost $4 million", "vague"),
        ("The toll will rise, according to the Daily Ledger.", "the Daily Ledger", "according to",
         "The toll will rise", "named"),
        ("Sources say the mayor will resign.", "Sources", "say", "the mayor will resign", "vague"),
        ("It is reported that the bridge will close.", None, "It is reported", "that the bridge will close", "vague"),
        ("Sen. Ana Ruiz (D-Ore.) told the paper that she would vote no.", "Sen. Ana Ruiz (D-Ore.)", "told",
         "that she would vote no", "named"),
    ],
)
def test_english_patterns(text, source, cue, content, kind):
    item = one(analysed(text), cue)
    assert (item["source"], item["content"], item["kind"]) == (source, content, kind)
    assert item["kind"] in SOURCE_KINDS


def test_a_name_given_and_a_table_row_are_not_attributions():
    assert found(analysed("The money went to a company called Sansun USA in Bergen County.")) == []
    assert [i["cue"] for i in found(analysed("Trump has called the plan a disaster for workers."))] == ["has called"]
    assert found(analysed("Clinton: 2,316 delegates so far in the count.")) == []
    assert [i["source"] for i in found(analysed("Lavrov: NATO is moving its troops east again."))] == ["Lavrov"]


def test_a_document_finds_without_a_complementizer():
    [item] = found(analysed("The institute's latest poll found the mayor with a lead of seven points."))
    assert item["cue"] == "found" and item["source"] == "The institute's latest poll"
    assert found(analysed("The dog found its bone in the garden behind the house.")) == []


def test_a_quotation_that_runs_on_is_the_same_speakers():
    article = analysed("“The toll is fair,” Tom Vale said. “It pays for the arches. It always has.” The vote is on Friday.")
    items = found(article)
    assert [i["content"] for i in items] == ["“The toll is fair,”", "“It pays for the arches. It always has.”"]
    assert {i["source"] for i in items} == {"Tom Vale"}


def test_a_cue_inside_a_quotation_is_the_speakers_own_words():
    article = analysed("“I said no to the toll, and I say it again,” Tom Vale said.")
    assert [i["cue"] for i in found(article)] == ["said"]
    assert found(article)[0]["source"] == "Tom Vale"


def test_a_pronoun_source_is_named_with_less_confidence():
    article = analysed("Tom Vale spoke at the meeting. He said the toll would pay for the arches.")
    item = one(article, "said")
    assert item["source"] == "He" and item["kind"] == "named" and item["type"] == "person"
    assert item["confidence"] < 0.75


def test_a_run_on_sentence_of_cues_is_read_in_bounded_walks():
    # Thousands of cues in one "sentence" (a scrape without punctuation): each cue's subject and
    # object walks stop at MAX_SOURCE_WORDS words, so this takes seconds, not many minutes.
    article = analysed("said " * 3000)
    items = found(article)
    assert items and all(len(item["source"].split()) <= attr.MAX_SOURCE_WORDS for item in items if item["source"])


def test_a_cue_without_a_source_is_kind_none():
    article = analysed("“The bridge is unsafe,” was the message posted at the gate on Tuesday.")
    assert all(i["kind"] in SOURCE_KINDS for i in found(article))
    article = analysed("Reportedly, the bridge will close in June.")
    item = one(article, "Reportedly")
    assert item["source"] is None and item["kind"] == "vague"


def test_source_types_from_hint_words():
    article = analysed("The interior minister said the square was calm. The influential US daily reported that the "
                       "mayor had resigned. A Telegram channel wrote that shots were fired.")
    types = {i["source"]: i["type"] for i in found(article)}
    assert types == {"The interior minister": "government", "The influential US daily": "media",
                     "A Telegram channel": "social media"}


def test_a_source_that_overlaps_an_entity_takes_its_group():
    article = Article("Mara Vint said the toll would pay for the arches.", language="en")
    segment(article)
    article.set_layer("entities", [Span(0, 9, "PER", 0.9, {"group": "Mara Vint"})])
    annotate(article)
    content = article.layers["attributions"][0]
    assert content.attrs == {"source_type": "person", "entity": "Mara Vint"}


# -- other languages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "source", "cue", "content", "kind"),
    [
        ("ru", "«Мы не допустим провокаций», — заявил министр внутренних дел.", "министр внутренних дел", "заявил",
         "«Мы не допустим провокаций»", "named"),
        ("ru", "По словам губернатора, мост откроют в мае.", "губернатора", "По словам", "мост откроют в мае", "named"),
        ("ru", "Поступает информация о стрельбе у вокзала.", "информация", "Поступает", "о стрельбе у вокзала", "vague"),
        ("ru", "В соцсетях появилось видео горящего автобуса.", "соцсетях", "появилось", "видео горящего автобуса",
         "vague"),
        ("ru", "Сообщается, что мост закрыт.", None, "Сообщается", "что мост закрыт", "vague"),
        ("de", "„Die Brücke ist sicher“, sagte die Bürgermeisterin am Montag.", "die Bürgermeisterin", "sagte",
         "„Die Brücke ist sicher“", "named"),
        ("de", "Laut Polizei wurden drei Menschen verletzt.", "Polizei", "Laut", "wurden drei Menschen verletzt", "named"),
        # the verb follows a fronted source in German, with or without a comma later on
        ("de", "Laut Angaben der Polizei wurden am Dienstag mehr als 40 Menschen festgenommen.", "Angaben der Polizei",
         "Laut", "wurden am Dienstag mehr als 40 Menschen festgenommen", "named"),
        ("de", "Nach Angaben der Feuerwehr brannten mehrere Autos, wie die Stadt mitteilte.", "der Feuerwehr",
         "Nach Angaben", "brannten mehrere Autos", "named"),
        ("de", "Berichten zufolge ist die Brücke gesperrt.", "Berichten", "zufolge", "ist die Brücke gesperrt", "vague"),
        ("de", "Es heißt, die Maut steige im Mai.", None, "Es heißt", "die Maut steige im Mai", "vague"),
        ("fr", "« Le pont est sûr », a déclaré la maire.", "la maire", "a déclaré", "« Le pont est sûr »", "named"),
        ("fr", "Selon des sources, le maire va démissionner.", "des sources", "Selon", "le maire va démissionner", "vague"),
        ("fr", "On dit que le péage va augmenter.", None, "On dit", "que le péage va augmenter", "vague"),
        ("fr", "« Tout va bien », dit-il.", "il", "dit-il", "« Tout va bien »", "named"),
        ("it", "\"Il ponte è sicuro\", ha detto il sindaco.", "il sindaco", "ha detto", "\"Il ponte è sicuro\"", "named"),
        ("it", "Secondo il ministro, la situazione è stabile.", "il ministro", "Secondo", "la situazione è stabile",
         "named"),
        ("it", "Si apprende che il ponte resterà chiuso.", None, "Si apprende", "che il ponte resterà chiuso", "vague"),
        ("pl", "„Most jest bezpieczny” – powiedział burmistrz.", "burmistrz", "powiedział", "„Most jest bezpieczny”",
         "named"),
        ("pl", "Według ministra sytuacja jest stabilna.", "ministra", "Według", "sytuacja jest stabilna", "named"),
        ("pl", "Podobno burmistrz złożył dymisję.", None, "Podobno", "burmistrz złożył dymisję", "vague"),
        ("pl", "Napływają informacje o strzałach przy dworcu.", "informacje", "Napływają", "o strzałach przy dworcu",
         "vague"),
        # a verb with no subject of its own names an office: that office speaks
        ("ru", "Огонь охватил площадь около двухсот метров, сообщили в региональном управлении МЧС.",
         "региональном управлении МЧС", "сообщили", "Огонь охватил площадь около двухсот метров", "named"),
        ("ru", "Задержаны трое подозреваемых, сообщили во вторник в пресс-службе ГУ МВД.", "пресс-службе ГУ МВД",
         "сообщили", "Задержаны трое подозреваемых", "named"),
        ("ru", "Цены вырастут, сообщил во вторник министр.", "министр", "сообщил", "Цены вырастут", "named"),
        ("pl", "Zatrzymano trzech mężczyzn, poinformowano we wtorek w komendzie policji.", "komendzie policji",
         "poinformowano", "Zatrzymano trzech mężczyzn", "named"),
    ],
)
def test_other_languages(language, text, source, cue, content, kind):
    item = one(analysed(text, language=language), cue)
    assert (item["source"], item["content"], item["kind"]) == (source, content, kind)


@pytest.mark.parametrize(("language", "text"), [
    ("de", "Ein lauter Knall war zu hören."),
    ("fr", "L'auteur présumé a été arrêté mardi."),
    ("it", "Il ministro si dice soddisfatto."),
    ("pl", "W Kijowie słychać eksplozje."),
    ("ru", "Согласно закону выборы пройдут в марте."),
    ("de", "Die Kritik wurde laut."),  # a cue with nobody after it
    ("it", "Nel secondo tempo la squadra ha segnato."),  # an ordinal
    ("it", "Il candidato è arrivato secondo alle elezioni."),
])
def test_common_non_reporting_uses_are_no_attribution(language, text):
    assert found(analysed(text, language=language)) == []


@pytest.mark.parametrize(("language", "text", "source", "cue", "kind"), [
    ("de", "Die Polizei teilte am Montag mit, dass drei Menschen verletzt wurden.", "Die Polizei", "teilte am Montag mit",
     "named"),
    ("pl", "Zdaniem analityków kurs spadnie.", "analityków", "Zdaniem", "vague"),
    ("ru", "По словам врачей, состояние пострадавших стабильное.", "врачей", "По словам", "vague"),
    ("ru", "Эксперты предупреждают о дальнейшей эскалации.", "Эксперты", "предупреждают", "vague"),
    ("pl", "Eksperci ostrzegają przed dalszą eskalacją.", "Eksperci", "ostrzegają", "vague"),
    ("fr", "Des experts mettent en garde contre une nouvelle escalade.", "Des experts", "mettent en garde", "vague"),
    ("pl", "Jego zdaniem rząd upadnie.", "Jego", "zdaniem", "named"),
    ("it", "I feriti sono tre, secondo la polizia.", "la polizia", "secondo", "named"),
    ("en", "Three people were hurt, according to the police.", "the police", "according to", "named"),
])
def test_reviewed_cues_find_their_source(language, text, source, cue, kind):
    item = one(analysed(text, language=language), cue)
    assert (item["source"], item["kind"]) == (source, kind)


@pytest.mark.parametrize(("language", "text", "source", "cue", "content"), [
    ("de", "Aus Sicherheitskreisen hieß es, die Randalierer seien gesteuert worden.", "Sicherheitskreisen", "hieß es",
     "die Randalierer seien gesteuert worden"),
    ("pl", "Nieoficjalnie mówi się o ofiarach śmiertelnych.", None, "mówi się", "o ofiarach śmiertelnych"),
])
def test_two_cues_in_a_row_report_one_statement(language, text, source, cue, content):
    items = found(analysed(text, language=language))
    assert [(item["source"], item["cue"], item["content"]) for item in items] == [(source, cue, content)]


def test_a_cue_further_inside_a_statement_stays_a_statement_of_its_own():
    items = found(analysed("He said the man was reportedly killed.", language="en"))
    assert {item["cue"] for item in items} == {"said", "reportedly"}


def test_a_bare_that_before_an_inserted_cue_is_not_the_content():
    items = found(analysed("Police said that, according to witnesses, three men fled.", language="en"))
    said = next(item for item in items if item["cue"] == "said")
    assert said["content"] == "that, according to witnesses, three men fled"


def test_an_anaphoric_cue_takes_the_sentence_before():
    article = analysed("Мост закрыт до мая. Об этом сообщил источник в мэрии.", language="ru")
    item = one(article, "сообщил")
    assert item["content"] == "Мост закрыт до мая" and item["source"] == "источник" and item["kind"] == "vague"
    article = analysed("Die Brücke bleibt gesperrt. Das teilte die Polizei mit.", language="de")
    item = [i for i in found(article) if i["source"] == "die Polizei"][0]
    assert item["content"] == "Die Brücke bleibt gesperrt" and item["type"] == "government"


# -- the component and the document form ---------------------------------------------------------


def test_registered_after_entities_and_needs_only_what_reading_gives():
    from slant.runtime.pipeline import Pipeline

    names = Pipeline(with_components=["entities"]).component_names
    assert names.index("attributions") > names.index("entities")  # links a source to an entity found before
    component = load_factory("attributions")(ComponentOptions(Path(".")))
    assert component.requires == ("sentences", "language") and component.assigns == ("attributions",)
    check_order([component])


def test_layers_ids_and_links():
    article = analysed("“The toll is fair,” said Tom Vale. Sources say the mayor will resign. It is reported that "
                       "the bridge will close.")
    contents = article.layers["attributions"]
    sources = {s.id: s for s in article.layers["attribution_sources"]}
    cues = {c.id: c for c in article.layers["attribution_cues"]}
    assert [c.id for c in contents] == ["a1", "a2", "a3"]
    for content in contents:
        number = content.id[1:]
        assert content.linked("cue") == [f"c{number}"] and f"c{number}" in cues
        assert content.linked("source") == ([f"s{number}"] if f"s{number}" in sources else [])
        assert set(content.attrs) == {"source_type", "entity"}
    assert contents[2].linked("source") == []  # "It is reported": no source words


def test_document_form_is_exact_and_round_trips(make_analysis):
    article = analysed("“The toll is fair,” said Tom Vale. It is reported that the bridge will close.")
    data = make_analysis(article).to_dict()
    assert "attributions" not in data["layers"] and "attribution_sources" not in data["layers"]
    text = article.text
    first, second = data["attributions"]
    assert first == {
        "id": "a1",
        "source": {"start": text.index("Tom Vale"), "end": text.index("Tom Vale") + len("Tom Vale")},
        "cue": {"start": text.index("said"), "end": text.index("said") + 4},
        "content": {"start": 0, "end": text.index("”") + 1},
        "source_kind": "named",
        "source_type": None,
        "entity": None,
        "confidence": first["confidence"],
    }
    assert second["source"] is None and second["source_kind"] == "vague" and second["source_type"] == "anonymous"
    validate_document(data)
    again = Analysis.from_dict(json.loads(json.dumps(data)))
    assert again.extra == {}
    assert again.to_dict() == data
    assert [s.id for s in again.article.layers["attribution_sources"]] == ["s1"]
    assert [c.id for c in again.article.layers["attribution_cues"]] == ["c1", "c2"]


def test_an_article_without_attributions_writes_an_empty_list(make_analysis):
    article = analysed("The bridge opened in 1890.")
    data = make_analysis(article).to_dict()
    assert data["attributions"] == []
    assert Analysis.from_dict(data).to_dict() == data


def test_the_codec_is_registered_by_importing_the_summary():
    from slant.doc.article import ATTRIBUTION_CODEC, layer_codecs

    assert ATTRIBUTION_CODEC in layer_codecs()
    assert ATTRIBUTION_CODEC.also_covers == ("attribution_sources", "attribution_cues")


# -- the summary ---------------------------------------------------------------------------------

SOURCING_TEXT = (
    "Bridge closed after crash\n\n"
    "Sources say the bridge will stay closed until May. Information comes in about a second crash on the ramp. "
    "The mayor said the repairs would cost $4 million.\n\n"
    "Two lorries collided on the bridge on Tuesday. Three people were injured in the crash. "
    "Should the council not have acted sooner?"
)


def test_summary_counts_attributions_and_unsourced_factual_sentences():
    article = analysed(SOURCING_TEXT, title=True)
    sourcing = summarize(article)["sourcing"]
    assert (sourcing["attributions"], sourcing["named"], sourcing["vague"], sourcing["none"]) == (3, 1, 2, 0)
    assert sourcing["vague_sources"] == ["Sources say", "Information comes in"]
    # Four sentences sound factual (a date, a number or an event word): "Two lorries collided …
    # on Tuesday" and "Three people were injured" cite no one; the closure until May and the
    # mayor's $4 million are attributed. The question is no statement; the title is not counted.
    assert sourcing["factual_sentences"] == 4 and sourcing["unattributed_factual_sentences"] == 2
    assert sourcing["text"] == (
        "Sourcing: 2 of 3 attributed statements rest on vague sources: “Sources say”, “Information comes in”; "
        "2 of 4 factual-sounding sentences cite no source."
    )
    assert summarize(article)["verdict"].endswith(sourcing["text"])


def test_summary_without_the_layer_has_no_sourcing(bridge_article):
    assert "sourcing" not in summarize(bridge_article)


def test_summary_low_confidence_attributions_are_not_counted():
    article = analysed("The crowd marched to the square and attacked the police station.")
    assert all(c.score < attr.REPORT_CONFIDENCE for c in article.layers["attributions"])
    assert summarize(article)["sourcing"]["attributions"] == 0


def test_summary_validates_against_the_schema(make_analysis):
    validate_document(make_analysis(analysed(SOURCING_TEXT, title=True)).to_dict())


# -- the reports ---------------------------------------------------------------------------------


def test_html_marks_sources_statements_and_cues_with_tooltips(make_analysis):
    article = analysed(SOURCING_TEXT, title=True)
    page = render_html(make_analysis(article))
    assert 'id="h-sourcing"' in page and "Who says so" in page
    marks = re.findall(r'<mark class="hl at at-(said|src|cue) at-(named|vague|none)[^"]*" data-f="(\d+)"', page)
    assert {role for role, _, _ in marks} == {"said", "src", "cue"}
    for _, _, index in marks:
        assert f'id="tip-{index}"' in page
    # The statement's tooltip names its source.
    said = next(index for role, kind, index in marks if role == "said" and kind == "vague")
    tip = re.search(rf'<div class="tip at-tip[^"]*" id="tip-{said}" hidden>(.*?)</div></div>'.replace("</div></div>", "</p></div>"),
                    page)
    assert tip and "Source:" in tip.group(1)


def test_hostile_text_in_sources_is_escaped(make_analysis, payloads):
    text = (f"Riot at the square\n\n"
            f"{payloads.script} said the mob {payloads.img} wrecked the square. "
            f"According to {payloads.attr} sources, the police fled.")
    article = analysed(text, title=True)
    assert any("</script>" in (i["source"] or "") for i in found(article))
    assert any("onfocus" in (i["source"] or "") for i in found(article))
    page = render_html(make_analysis(article))
    assert payloads.script not in page and payloads.img not in page and payloads.attr not in page
    assert "&lt;script&gt;" in page
    terminal = render_text(make_analysis(article), width=100)
    assert "Sourcing" in terminal and "\x1b" not in terminal


def test_terminal_sourcing_section(make_analysis):
    output = render_text(make_analysis(analysed(SOURCING_TEXT, title=True)), width=120)
    section = output[output.index("\nSourcing\n"):]
    assert "3 attributed statements: 1 named, 2 vague, 0 with no source" in section
    assert "Information comes in" in section and "vague · anonymous" in section


# -- the real scrape, through the reader and the pipeline -----------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not ALMATY.exists(), reason="../shared/examples/almaty-scrape.txt is not available")
def test_almaty_scrape_through_the_pipeline():
    from slant.runtime.pipeline import Pipeline

    pipeline = Pipeline(language="en")  # the default pipeline: techniques, genre, frames, attributions
    assert "attributions" in pipeline.component_names
    analysis = pipeline(ALMATY)
    article = analysis.article
    phrases = {
        "Information comes in": "Information",
        "A video appeared on social networks": "social networks",
        "According to the latest reports": "the latest reports",
        "Doctors report that": "Doctors",
    }
    items = found(article)
    for phrase, source in phrases.items():
        start = article.text.index(phrase)
        matching = [i for i in items if i["source"] == source]
        assert matching, f"no attribution for {phrase!r}: {items}"
        assert all(i["kind"] == "vague" for i in matching)
        assert any(start <= article.text.index(i["source"], start) < start + len(phrase) for i in matching)
    assert analysis.summary["sourcing"]["vague"] >= 4


# -- the learned head's cues ---------------------------------------------------------------------


def _range(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_cue_only_the_head_finds_becomes_an_attribution_with_its_nearest_spans():
    text = "Port officials are sure the fees will rise next year. The mayor said repairs start soon."
    article = segment(Article(text, language="en"))
    learned = {
        "cue": [(*_range(text, "are sure"), 0.8), (*_range(text, "said"), 0.9)],
        "source": [(*_range(text, "Port officials"), 0.7), (*_range(text, "The mayor"), 0.8)],
        "content": [(*_range(text, "the fees will rise next year"), 0.6), (*_range(text, "repairs start soon"), 0.7)],
    }
    annotate(article, learned=learned)
    found = {text[cue.start:cue.end]: (content, source) for content, source, cue in attributions_of(article)}
    assert set(found) == {"are sure", "said"}  # "said" once: the rules' attribution already has it
    content, source = found["are sure"]
    assert text[content.start:content.end] == "the fees will rise next year"
    assert text[source.start:source.end] == "Port officials"
    assert content.label == "vague" and content.score == pytest.approx(0.8)


def test_a_head_cue_running_on_from_a_rule_cue_is_that_cue():
    text = "Information comes in about the use of firearms by the crowd."
    article = segment(Article(text, language="en"))
    learned = {"cue": [(*_range(text, "about"), 0.6)], "source": [],
               "content": [(*_range(text, "the use of firearms by the crowd"), 0.6)]}
    annotate(article, learned=learned)
    cues = [text[cue.start:cue.end] for _, _, cue in attributions_of(article)]
    assert cues == ["comes in"]  # the rules' vague report alone, not a second one cued by "about"


def test_a_head_cue_without_content_nearby_adds_nothing():
    text = "Nothing was announced.\n\nLater the council met again to vote on the plan."
    article = segment(Article(text, language="en"))
    far = _range(text, "to vote on the plan")
    learned = {"cue": [(*_range(text, "announced"), 0.9)], "source": [], "content": [(*far, 0.6)]}
    annotate(article, learned=learned)
    assert attributions_of(article) == []  # the content is in another paragraph


def test_learned_spans_are_runs_over_the_threshold_as_whole_words():
    from slant.components.encoded import Window
    from slant.components.token_head import TokenHead

    text = "Officials reportedly said so"
    pieces = [(0, 9), (10, 16), (16, 20), (21, 25), (26, 28)]  # "report" + "edly" are one word
    window = Window(paragraph=0, ids=np.arange(len(pieces) + 2),
                    char_starts=np.array([-1, *[a for a, _ in pieces], -1]),
                    char_ends=np.array([-1, *[b for _, b in pieces], -1]))

    class Fixed(TokenHead):
        def __init__(self) -> None:
            self.labels, self.convs, self.neighbours = ["source", "cue", "content"], [], True

        def probabilities(self, features):
            probs = np.zeros((len(features), 3))
            probs[1, 0] = 0.9  # Officials: source
            probs[3, 1] = probs[4, 1] = 0.7  # edly said: cue
            probs[5, 2] = 0.35  # so: under the content threshold
            return probs

    spans = attr.learned_spans(text, [window], [np.zeros((len(pieces) + 2, 4))], Fixed(),
                               {"source": 0.5, "cue": 0.5, "content": 0.4})
    assert [(text[a:b], round(p, 2)) for a, b, p in spans["source"]] == [("Officials", 0.9)]
    assert [text[a:b] for a, b, _ in spans["cue"]] == ["reportedly said"]
    assert spans["content"] == []


def test_the_component_reads_the_head_only_with_a_model_folder(tmp_path):
    rules_only = attr.create(ComponentOptions(tmp_path))
    assert rules_only.model_dir is None and rules_only.requires == ("sentences", "language")
    shipped = load_factory("attributions")(ComponentOptions(Path(attr.__file__).resolve().parents[1] / "models"))
    if shipped.model_dir is not None:
        assert "token_vectors" in shipped.requires and set(shipped.thresholds) == {"source", "cue", "content"}


def test_a_pronoun_after_said_that_opens_a_clause_is_not_an_inverted_source():
    article = analysed("Jane Holt, the mayor of Riverside, who backs the study, said it showed that rents had doubled.")
    assert [(f["source"], f["cue"]) for f in found(article) if f["cue"] == "said"] == [("the mayor of Riverside", "said")]
    assert [f["source"] for f in found(analysed("“We will rebuild the bridge,” said he."))] == ["he"]
    assert [f["source"] for f in found(analysed("“We will rebuild the bridge,” said they all."))] == ["they all"]


def test_a_reporting_noun_after_a_particle_is_an_object_not_a_cue():
    article = analysed("She had no interview and was asked to simply read out notes the previous lecturer had left.")
    assert all(f["cue"] != "notes" for f in found(article))
    article = analysed("The union came out claiming the vote was rigged.")
    assert [f["cue"] for f in found(article)] == ["claiming"]


def test_a_plural_possessive_apostrophe_stays_inside_the_source():
    article = analysed("But a spokesperson for the Riverside Employers’ Association said its members had cut hours.")
    assert [f["source"] for f in found(article)] == ["a spokesperson for the Riverside Employers’ Association"]
    from slant.components.attributions import tokenize

    quoted = "the so-called ‘experts’ said"
    assert [t.text for t in tokenize(quoted, 0, len(quoted))][-2:] == ["’", "said"]  # a quotation's close
    straight = "'Experts' said it"
    assert [t.text for t in tokenize(straight, 0, len(straight))][:3] == ["'", "Experts", "'"]
