import numpy as np
import pytest

from slant.components.writing_style import PRONOUNS, STYLE_FEATURES, style_features


def _named(text, language="en"):
    values = style_features(text, language)
    assert values.shape == (len(STYLE_FEATURES),) and np.isfinite(values).all()
    return dict(zip(STYLE_FEATURES, values.tolist(), strict=True))


def test_a_column_speaks_in_the_first_and_second_person_and_asks():
    column = _named("I think we have been lied to. Do you really believe them? My answer is no!")
    assert column["first_person_singular"] > 0 and column["first_person_plural"] > 0
    assert column["second_person"] > 0 and column["questions"] > 0 and column["exclamations"] > 0


def test_pronouns_inside_quotations_are_the_speaker_s_not_the_writer_s():
    report = _named("“We will never give up, and you will see it,” the minister said on Tuesday.")
    assert report["first_person_plural"] == 0 and report["second_person"] == 0
    assert report["reporting_cues"] > 0 and report["quote_marks"] > 0


def test_a_dateline_or_agency_tag_opens_a_wire_report():
    assert _named("WASHINGTON (Reuters) - The Senate passed the bill on Friday.")["dateline_or_agency"] == 1
    assert _named("МОСКВА, 3 мая /ТАСС/. Правительство утвердило план.", "ru")["dateline_or_agency"] == 1
    assert _named("Washington is a city where nothing changes.")["dateline_or_agency"] == 0


def test_numbers_are_counted_per_hundred_words():
    assert _named("The budget rose 4.5% to $12 billion in 2021.")["numbers"] > _named("The budget rose a lot.")["numbers"]


@pytest.mark.parametrize(("language", "text"), [
    ("ru", "Мы считаем, что нас обманули, и я это знаю."),
    ("de", "Wir glauben, dass ich recht habe und unsere Kritik stimmt."),
    ("fr", "Nous pensons que je dois parler de notre avenir."),
    ("it", "Noi pensiamo che io debba parlare del nostro futuro."),
    ("pl", "My uważamy, że ja mam rację i nasza krytyka jest słuszna."),
])
def test_every_language_has_its_first_person_forms(language, text):
    values = _named(text, language)
    assert values["first_person_singular"] > 0 and values["first_person_plural"] > 0


def test_every_analysed_language_has_three_pronoun_lists():
    assert set(PRONOUNS) == {"en", "ru", "de", "fr", "it", "pl"}
    assert all(len(persons) == 3 and all(persons) for persons in PRONOUNS.values())


def test_empty_text_and_unknown_languages_give_finite_values():
    assert _named("", None)["log_words"] == 0
    values = _named("Somos nosotros. ¿Quién dijo eso?", "es")
    assert values["first_person_plural"] == 0 and values["reporting_cues"] == 0 and values["questions"] > 0
