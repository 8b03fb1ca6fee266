"""How an article is written, as a few numbers that mean the same in every outlet and language.

A wire report attributes its statements ("said", "according to"), quotes people, gives figures
and opens with a dateline or an agency tag; a column speaks in the first and second person and
asks questions. Unlike the encoder's vectors and the words of an article, which also learn the
outlets a training set happens to hold, these signs carry to outlets the genre model never saw:
fitted on the SemEval articles, a model on them alone scored macro-F1 0.628 on the hand-labelled
English article pages of other outlets, against 0.487 for the encoder-feature model
(``python bench/genre_pages.py --language en --style-blend 1`` and ``--style-blend 0``;
docs/experiments.md, "Writing style for genre on other outlets").

Pronouns are counted outside quotations, so a reporter quoting someone's "we" stays a reporter.
Reporting cues come from the sourcing lexicons (:mod:`slant.components.attributions`).
"""

from __future__ import annotations

import math
import re

import numpy as np

from slant.components.attributions import CUE_KINDS, load_lexicon

STYLE_FEATURES = (
    "quote_marks", "reporting_cues", "first_person_singular", "first_person_plural", "second_person",
    "questions", "exclamations", "numbers", "dateline_or_agency", "log_sentence_words", "log_words",
)

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")
_QUOTATION = re.compile(r"[\"“„«‚][^\"“”„«»\n]{1,600}[\"”“»‘]")
_QUOTE_MARK = re.compile(r"[\"“”„«»]")
_NUMBER = re.compile(r"\b\w*\d\w*\b", re.UNICODE)
# Looked for in an article's first characters only: "(Reuters)", "/ТАСС/", "(dpa)", or a
# capitalised place opening a line before a dash ("WASHINGTON —", "BERLIN, 3. Mai (dpa) -").
HEAD_CHARACTERS = 400
_AGENCY = re.compile(
    r"[(/]\s*(?:AP|AFP|Reuters|dpa|PAP|ANSA|TASS|ТАСС|ИТАР-ТАСС|РИА Новости|Интерфакс|KNA|epd|APA|SDA|Belga|EFE|"
    r"UPI|Bloomberg|Adnkronos|AGI|IAR)\s*[)/]")
# A column's kicker ("OPINION —", "KOMMENTAR -") has the same shape and is no dateline.
_KICKER = (r"(?:opinion|editorial|analysis|commentary|column|comment|kommentar|meinung|leitartikel|analyse|"
           r"tribune|éditorial|chronique|opinione|editoriale|commento|komentarz|opinia|felieton|мнение|колонка|"
           r"комментарий|аналитика)\b")
_DATELINE = re.compile(
    rf"(?:^|\n)\s*(?!(?i:{_KICKER}))[A-ZÀ-ÝА-ЯЁŁŚŻŹĆŃÓ][A-ZÀ-ÝА-ЯЁŁŚŻŹĆŃÓ .'\-]{{2,30}}\b\s*(?:,[^\n]{{0,40}})?"
    r"(?:\([^)\n]{1,30}\))?\s*[—–-]\s")

# Personal and possessive pronouns: (first person singular, first person plural, second person).
# Forms that are as often something else are left out: English "mine", German "Sie"/"ihr",
# Italian "ci"/"vi", French "me"/"te", Polish "ci"/"mi"; and words in capitals are abbreviations
# ("US", "UK"), not pronouns.
_PRONOUNS: dict[str, tuple[str, str, str]] = {
    "en": ("i me my myself", "we us our ours ourselves", "you your yours yourself yourselves"),
    "ru": ("я меня мне мной мною мой моя моё мое мои моего моей моему моим моих моими",
           "мы нас нам нами наш наша наше наши нашего нашей нашему нашим наших нашими",
           "ты тебя тебе тобой твой твоя твоё твое твои твоего твоей твоим твоих "
           "вы вас вам вами ваш ваша ваше ваши вашего вашей вашему вашим ваших"),
    "de": ("ich mich mir mein meine meinen meinem meiner meines",
           "wir uns unser unsere unseren unserem unserer unseres",
           "du dich dir dein deine deinen deinem deiner deines euch euer eure euren eurem eurer"),
    "fr": ("je j moi mon ma mes", "nous notre nos", "tu toi ton ta tes vous votre vos"),
    "it": ("io mio mia miei mie", "noi nostro nostra nostri nostre",
           "tu tuo tua tuoi tue voi vostro vostra vostri vostre"),
    "pl": ("ja mnie mną mój moja moje mojego mojej moim moich mojemu",
           "my nas nam nami nasz nasza nasze naszego naszej naszym naszych naszemu",
           "ty ciebie cię tobie tobą twój twoja twoje twojego twojej twoim twoich "
           "wy was wam wami wasz wasza wasze waszego waszej waszym waszych"),
}
PRONOUNS: dict[str, tuple[frozenset[str], ...]] = {
    language: tuple(frozenset(forms.split()) for forms in persons) for language, persons in _PRONOUNS.items()
}


def style_features(text: str, language: str | None) -> np.ndarray:
    """The article's values of ``STYLE_FEATURES`` (rates per 100 words or per sentence, logged
    where they spread widely). A language without pronoun lists or a sourcing lexicon scores 0
    there."""
    words = max(len(_WORD.findall(text)), 1)
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    unquoted = [word.lower() for word in _WORD.findall(_QUOTATION.sub(" ", text))
                if len(word) == 1 or not word.isupper()]
    per_hundred_unquoted = 100.0 / max(len(unquoted), 1)
    persons = [0.0, 0.0, 0.0]
    for index, forms in enumerate(PRONOUNS.get(language or "", ())):
        persons[index] = sum(word in forms for word in unquoted) * per_hundred_unquoted
    cues = 0
    lexicon = load_lexicon(language)
    if lexicon is not None:
        cues = sum(1 for kind in CUE_KINDS for _ in lexicon.finditer(kind, text))
    head = text[:HEAD_CHARACTERS]
    return np.array([
        math.log1p(len(_QUOTE_MARK.findall(text)) * 100.0 / words),
        math.log1p(cues / sentences),
        *(math.log1p(rate) for rate in persons),
        text.count("?") / sentences,
        text.count("!") / sentences,
        math.log1p(len(_NUMBER.findall(text)) * 100.0 / words),
        float(bool(_AGENCY.search(head) or _DATELINE.search(head))),
        math.log(words / sentences),
        math.log(words),
    ], dtype=np.float32)
