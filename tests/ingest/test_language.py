import pytest

from slant.ingest.language import detect

SAMPLES = {
    "en": "The government announced a new budget on Tuesday, and critics say it will hurt families.",
    "ru": "Правительство объявило о новом бюджете во вторник, и критики говорят, что он навредит семьям.",
    "uk": "Уряд оголосив про новий бюджет у вівторок, і критики кажуть, що він зашкодить родинам.",
    "de": "Die Regierung hat am Dienstag einen neuen Haushalt angekündigt, Kritiker sagen, er schade Familien.",
    "fr": "Le gouvernement a annoncé un nouveau budget mardi, et les critiques disent qu'il nuira aux familles.",
    "it": "Il governo ha annunciato martedì un nuovo bilancio e i critici dicono che danneggerà le famiglie.",
    "pl": "Rząd ogłosił we wtorek nowy budżet, a krytycy twierdzą, że zaszkodzi on rodzinom.",
    "es": "El gobierno anunció el martes un nuevo presupuesto y los críticos dicen que perjudicará a las familias.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_project_languages(code):
    found, confidence = detect(SAMPLES[code])
    assert found == code
    assert 0.5 < confidence <= 1.0


def test_other_languages_are_still_reported():
    found, _ = detect("Hallitus ilmoitti tiistaina uudesta talousarviosta, ja arvostelijoiden mukaan se vahingoittaa perheitä.")
    assert found == "fi"


@pytest.mark.parametrize("text", ["", None, "Hi!", "12:30 — 14:00", "OK ok"])
def test_too_short_text_has_no_language(text):
    assert detect(text) == (None, 0.0)


def test_codes_are_always_iso_639_1():
    # Asturian-like and Extremaduran-like text could be given three-letter codes by the model.
    found, _ = detect("Na rexón fálase muncho del tiempu y de les colleches, dixo'l conceyal na xunta del llunes.")
    assert found is not None and len(found) == 2


def test_text_in_no_language_has_no_language():
    assert detect("aaaa bbbb cccc dddd eeee ffff gggg hhhh") == (None, 0.0)
