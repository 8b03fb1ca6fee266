import codecs

import pytest

from slant.errors import SlantError
from slant.ingest.encoding import declared_encoding, decode, describe_binary

RUSSIAN = (
    "Правительство объявило в понедельник о новом бюджете. Критики говорят, что он ударит по "
    "пенсионерам и семьям с детьми, а оппозиция обещает бороться с ним в парламенте."
)
FRENCH = "L'été dernier, le ministre a annoncé une réforme des retraites très contestée à Besançon."


def test_utf8_is_kept():
    assert decode(RUSSIAN.encode("utf-8")) == (RUSSIAN, "utf-8")


@pytest.mark.parametrize("bom, name", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_byte_order_mark_wins(bom, name):
    data = bom + FRENCH.encode(name)
    assert decode(data, declared="iso-8859-1") == (FRENCH, name)


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_undeclared_cyrillic_single_byte_pages_are_detected(codec):
    text, name = decode(((RUSSIAN + "\n") * 3).encode(codec))
    assert text == (RUSSIAN + "\n") * 3
    assert name.replace("_", "-") == codec


def test_meta_charset_is_used():
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    text, name = decode(page.encode("cp1251"))
    assert RUSSIAN in text
    assert name == "cp1251"


def test_http_equiv_and_http_header_are_used():
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>{RUSSIAN}</p>'
    assert decode(page.encode("koi8-r"))[1] == "koi8-r"
    assert RUSSIAN in decode(page.encode("koi8-r"), declared="text/html; charset=KOI8-R")[0]


def test_latin1_label_decodes_as_cp1252_without_mojibake():
    sentence = "Le \u201cprojet\u201d co\u00fbte 5\u20ac \u2014 d\u00e9j\u00e0 vot\u00e9."
    page = f'<meta charset="iso-8859-1"><p>{sentence}</p>'
    text, name = decode(page.encode("cp1252"))
    assert sentence in text
    assert name == "cp1252"


def test_legacy_label_on_valid_utf8_bytes_is_a_mislabel():
    page = f'<meta charset="iso-8859-1"><p>{FRENCH}</p>'
    text, name = decode(page.encode("utf-8"))
    assert FRENCH in text and name == "utf-8"


def test_invalid_utf8_keeps_what_decodes_and_marks_the_rest():
    data = (FRENCH * 5).encode("utf-8") + b"\xff\xfe broken \xc3"
    text, name = decode(data)
    assert name == "utf-8"
    assert FRENCH * 5 in text
    assert "\ufffd" in text


@pytest.mark.parametrize(
    "data, kind",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document", id="pdf"),
        pytest.param(b"\xff\xd8\xff\xe0" + bytes(100), "JPEG image", id="jpeg"),
        pytest.param(b"abc\x00\x00\x00def\x00" * 50, "data with NUL bytes", id="nul-heavy"),
    ],
)
def test_binary_data_is_refused_with_what_it_looks_like(data, kind):
    assert kind in (describe_binary(data) or "")
    with pytest.raises(SlantError, match=f"looks like binary data \\({kind}"):
        decode(data)


def test_declared_encoding_reads_xml_declaration_and_ignores_unknown_labels():
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-2"?><html/>') == "iso8859-2"
    assert declared_encoding(b'<meta charset="no-such-charset">') is None
    assert decode(b"") == ("", "utf-8")


# Short undeclared texts in slant's languages and their legacy encodings: charset-normalizer
# alone read the French and Italian ones as windows-1250 ("à" as "ŕ") and the Russian one as
# Mac Cyrillic.
SHORT_LEGACY_TEXTS = [
    ("fr", "latin-1", "À côté du marché, où il était, la foule a crié très fort."),
    ("fr", "cp1252", "L’armée a dû reculer – « une défaite », dit-il à la télé."),
    ("it", "cp1252", "Perché la città è già più cara? Lo spiegò il sindaco."),
    ("de", "latin-1", "Die Straße in Köln war für Demonstranten gesperrt, hieß es."),
    ("pl", "cp1250", "Rząd ogłosił, że będzie walczył z chuliganami na ulicach."),
    ("pl", "iso8859-2", "Świadkowie mówią, że źródłem paniki była ta wiadomość."),
    ("ru", "cp1251", "Это бандиты и погромщики, сообщают СМИ."),
    ("ru", "koi8-r", "Это бандиты и погромщики, сообщают СМИ."),
    ("en", "cp1252", "The minister said the “reform” cost €5 — José Álvarez disagreed."),
]


@pytest.mark.parametrize("language, codec, text", SHORT_LEGACY_TEXTS)
def test_short_legacy_texts_in_slants_languages_decode_exactly(language, codec, text):
    decoded, name = decode(text.encode(codec))
    assert decoded == text, (language, codec, name)


def test_text_in_another_language_is_left_to_the_detector():
    greek = "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας και τους πολίτες."
    decoded, name = decode(greek.encode("cp1253"))  # every byte is also a Cyrillic letter in cp1251
    assert decoded == greek and name != "cp1251"


@pytest.mark.parametrize("label, served_as, written_in", [
    ("iso-8859-1", "cp1252", "cp1251"),  # would read "Ïðàâèòåëüñòâî"
    ("iso-8859-2", "iso8859-2", "cp1251"),
    ("koi8-r", "koi8-r", "cp1251"),
    ("windows-1251", "cp1251", "koi8-r"),  # would read "рТБЧЙФЕМШУФЧП": every letter's case swapped
])
def test_a_single_byte_label_that_reads_as_gibberish_gives_way(label, served_as, written_in):
    page = f'<meta charset="{label}"><p>{RUSSIAN}</p>'
    text, name = decode(page.encode(written_in))
    assert RUSSIAN in text and name == written_in


@pytest.mark.parametrize("label, codec, sentence", [
    ("iso-8859-1", "cp1252", "¿Qué pasa? ¿Quién viene? Es España."),  # windows-1250 reads "żQué"
    ("iso-8859-1", "cp1252", "Die Wohnung hat 80 m³ und kostet ±500 Euro."),
    ("windows-1250", "cp1250", "Čeština a šachy"),  # KOI8-R reads it as Cyrillic and symbols
    ("iso-8859-2", "iso8859-2", "Świadkowie mówią, że źródłem paniki była ta wiadomość."),
])
def test_a_single_byte_label_that_reads_as_words_is_kept(label, codec, sentence):
    text, name = decode(f'<meta charset="{label}"><p>{sentence}</p>'.encode(codec))
    assert sentence in text and name == codec


@pytest.mark.parametrize("codec", ["cp1250", "iso8859-2"])
def test_polish_is_not_read_as_french_letters(codec):
    assert decode("Łódź, Gdańsk i Kraków".encode(codec)) == ("Łódź, Gdańsk i Kraków", codec)  # not "£ódŸ, Gdañsk"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [FRENCH, RUSSIAN])
def test_utf16_without_byte_order_mark_is_read(codec, text):
    decoded, name = decode(f"{text}\n\n{text}\n".encode(codec))
    assert decoded == f"{text}\n\n{text}\n" and name == codec
