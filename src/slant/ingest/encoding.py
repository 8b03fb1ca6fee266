"""Bytes to text without mojibake: BOM, then the declared charset, then detection.

Order of trust:

1. a byte-order mark;
2. a declared charset (HTTP header passed as ``declared``, else ``<meta charset>`` or
   ``<meta http-equiv="Content-Type">`` near the top of the page), if the bytes decode
   cleanly with it; a legacy single-byte label on bytes that are valid UTF-8 is taken to be
   a mislabel (common on re-saved pages) and UTF-8 wins, and so is one whose text fits none of
   slant's languages where another legacy encoding's does (a windows-1251 page served as
   ISO-8859-1);
3. strict UTF-8;
4. the legacy single-byte encodings of slant's six languages (windows-1252, windows-1250,
   ISO-8859-2, windows-1251, KOI8-R), if one of them reads the input as words of one of those
   languages (see :func:`_legacy_decoding`);
5. charset-normalizer on a sample, then the whole input decoded with its answer;
6. UTF-8 with replacement characters, as a last resort (the count is logged).

UTF-16 without a byte-order mark is recognised by where its NUL bytes fall. Binary inputs
(images, archives, other NUL-heavy data) are refused with a clear error.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter

from slant.errors import BadInputError

logger = logging.getLogger(__name__)

# How much of the input the detectors look at: enough for a verdict, bounded for huge inputs.
SNIFF_BYTES = 16_384
DETECT_SAMPLE_BYTES = 262_144
# Share of NUL bytes above which (without a UTF-16/32 BOM) the input is taken as binary.
BINARY_NUL_SHARE = 0.01
# Share of other control bytes (not tab/newline/CR/FF) above which the input is binary.
BINARY_CONTROL_SHARE = 0.05
# Invalid UTF-8 byte share up to which mostly-UTF-8 input is kept as UTF-8 with replacements.
UTF8_REPAIR_MAX_SHARE = 0.02

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"SQLite format 3\x00", "SQLite database"),
]

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

# WHATWG: browsers decode these labels as windows-1252, and so do real pages that use them.
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}

_NUL_DATA = "data with NUL bytes"
_CONTROL_DATA = "data with control bytes"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def describe_binary(data: bytes) -> str | None:
    """A short name for what ``data`` looks like if it is binary (e.g. "PNG image"), else None."""
    head = data[:SNIFF_BYTES]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[4:12] in (b"ftypisom", b"ftypmp42") or head[4:8] == b"ftyp":
        return "MP4 media"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[head[8:12]]
    if not head or any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    nul_share = head.count(0) / len(head)
    if nul_share > BINARY_NUL_SHARE:
        return _NUL_DATA
    control_share = (len(head) - len(head.translate(None, _CONTROL_BYTES))) / len(head)
    if control_share > BINARY_CONTROL_SHARE:
        return _CONTROL_DATA
    return None


def normalize_encoding_name(label: str | None) -> str | None:
    """Python codec name for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return name


def declared_encoding(data: bytes, header: str | None = None) -> str | None:
    """Charset named by an HTTP ``Content-Type`` value, an XML declaration or a ``<meta>`` tag."""
    if header:
        match = _HEADER_CHARSET.search(header)
        name = normalize_encoding_name(match.group(1) if match else header)
        if name:
            return name
    head = data[:SNIFF_BYTES]
    match = _XML_DECLARATION.search(head) or _META_CHARSET.search(head)
    if match:
        return normalize_encoding_name(match.group(1).decode("ascii", "ignore"))
    return None


def _python_name(name: str) -> str:
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name


def _is_non_ascii(data: bytes) -> bool:
    return not data.isascii()


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding name)``.

    ``declared`` is a charset label or an HTTP ``Content-Type`` value, if the caller has one.
    Raises :class:`SlantError` for binary data.
    """
    if not data:
        return "", "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    kind = describe_binary(data)
    utf16 = _utf16_without_bom(data) if kind in (_NUL_DATA, _CONTROL_DATA) else None
    if utf16:
        return data.decode(utf16), _public_name(utf16)
    if kind:
        raise BadInputError(
            f"looks like binary data ({kind}), not text or HTML; pass an HTML page, a text file, "
            "a WARC crawl or a JSONL file"
        )

    label = declared_encoding(data, declared)
    if label and label.startswith(("utf_16", "utf_32")):
        label = None  # a UTF-16 label on BOM-less bytes that passed the NUL check is wrong
    if label:
        name = _python_name(label)
        if name != "utf_8" and _is_non_ascii(data) and _decodes_strictly(data, "utf-8"):
            # Valid non-ASCII UTF-8 almost never happens by chance in a legacy encoding.
            logger.debug("declared %s but the bytes are valid UTF-8; using UTF-8", label)
            return data.decode("utf-8"), "utf-8"
        if _decodes_strictly(data, name):
            # A single-byte label decodes any bytes, right or wrong: a Russian windows-1251 page
            # served as ISO-8859-1 reads "Ïîãðîìû".
            overruling = _overruling_encoding(data, name) if _is_non_ascii(data) else None
            if overruling:
                logger.warning("declared charset %s reads as gibberish; reading the text as %s", label,
                               _public_name(overruling))
                return data.decode(overruling, errors="replace"), _public_name(overruling)
            return data.decode(name), _public_name(name)
        logger.debug("declared charset %s does not fit the bytes; detecting", label)

    if _decodes_strictly(data, "utf-8"):
        return data.decode("utf-8"), "utf-8"

    invalid_share = _invalid_utf8_share(data)
    if invalid_share <= UTF8_REPAIR_MAX_SHARE and _has_utf8_multibyte(data):
        text = data.decode("utf-8", errors="replace")
        logger.warning("input is UTF-8 with %d invalid byte(s); replaced them with U+FFFD", text.count("\ufffd"))
        return text, "utf-8"

    legacy = _legacy_decoding(data)
    if legacy:
        return data.decode(legacy, errors="replace"), _public_name(legacy)
    detected = _detect(data)
    if detected:
        return data.decode(detected, errors="replace"), _public_name(detected)
    text = data.decode("utf-8", errors="replace")
    logger.warning("could not tell the encoding; decoded as UTF-8 with %d replacement(s)", text.count("\ufffd"))
    return text, "utf-8"


def _public_name(name: str) -> str:
    return name.replace("_", "-")


def _decodes_strictly(data: bytes, name: str) -> bool:
    try:
        codecs.decode(data, name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _invalid_utf8_share(data: bytes) -> float:
    sample = data[:DETECT_SAMPLE_BYTES]
    bad = 0
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    bad = decoder.decode(sample, final=False).count("\ufffd")
    return bad / max(1, len(sample))


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_multibyte(data: bytes) -> bool:
    return len(_UTF8_MULTIBYTE.findall(data[:DETECT_SAMPLE_BYTES])) >= 3


# The legacy encodings slant's languages were written in, in order of preference when two read
# a text equally well.
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "koi8_r", "iso8859_2")
_LEGACY_CODECS = {codecs.lookup(name).name: name for name in LEGACY_ENCODINGS}
# Letters outside ASCII that each of slant's languages writes (Cyrillic: Russian with Ukrainian
# and Belarusian). A decoding is judged by the language it fits best, so Polish read as
# windows-1252 ("Gdañsk", "£ódŸ") fits neither Polish nor French.
_LANGUAGE_LETTERS = {
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "it": "àèéìíîòóùú",
    "pl": "ąćęłńóśźż",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
}
_ALPHABETS = tuple(set(letters) | set(letters.upper()) for letters in _LANGUAGE_LETTERS.values())
# Punctuation and symbols these languages use beside their letters. Not "±", "¹", "³", "¼" or
# "¿": they are what Polish letters turn into when ISO-8859-2 or windows-1250 is read as windows-1252.
_COMMON_SYMBOLS = set("\xa0\xad«»‹›‘’‚“”„–—…•·€£°№§©®™×")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐЎ"
_LOWER_NON_ASCII = "ß-öø-ÿа-яёіїєґў"
# A Cyrillic letter touching a Latin one: Latin text read as windows-1251 ("cittа").
_MIXED_SCRIPT = re.compile(r"[A-Za-zÀ-ɏ][Ѐ-ӿ]|[Ѐ-ӿ][A-Za-zÀ-ɏ]")
# A lowercase letter, then an uppercase one, one of them outside ASCII: Greek read as
# windows-1251 ("мЭфсб"), Spanish read as windows-1250 ("żQué").
_CASE_FLIP = re.compile(rf"[a-z{_LOWER_NON_ASCII}][À-ÖØ-ÞА-ЯЁІЇЄҐЎ]|[{_LOWER_NON_ASCII}][A-Z]")
# An uppercase letter after another: KOI8-R and windows-1251 read as each other swap the case of
# every Cyrillic letter, so mostly lowercase text comes out in capitals.
_CAPITALS_RUN = re.compile(rf"(?<=[{_UPPER}])[À-ÖØ-ÞА-ЯЁІЇЄҐЎ]")
# Odd characters (outside the best-fitting language's letters and the common symbols, mixed
# scripts, case flips) a decoding may have and still count as that language: foreign names in
# an article ("Besançon" in German text). Two, or 5 % of the non-ASCII characters.
LEGACY_ODD_SHARE = 0.05
LEGACY_ODD_MINIMUM = 2
# How much of the input the legacy step reads: ample for a verdict, cheap on 20 MB inputs.
LEGACY_SAMPLE_BYTES = 65_536
# A declared single-byte charset is overruled only on clear evidence: at least this many
# non-ASCII characters, at least this share of them odd in the declared reading (a Russian
# windows-1251 page served as ISO-8859-1 is odd throughout), and another legacy encoding that
# reads the text as one of the languages.
OVERRULE_MIN_NON_ASCII = 20
OVERRULE_ODD_SHARE = 0.3


def _oddness(text: str) -> tuple[int, int, int]:
    """(odd characters: outside the best-fitting language's letters, mixing scripts or flipping
    case; capitals after capitals; non-ASCII characters) of ``text``."""
    non_ascii = _NON_ASCII.findall(text)
    counts = Counter(char for char in non_ascii if char not in _COMMON_SYMBOLS)
    outside = min(sum(n for char, n in counts.items() if char not in alphabet) for alphabet in _ALPHABETS)
    mixed = len(_MIXED_SCRIPT.findall(text)) + len(_CASE_FLIP.findall(text))
    return outside + mixed, len(_CAPITALS_RUN.findall(text)), len(non_ascii)


def _fits(odd: int, total: int) -> bool:
    return odd <= max(LEGACY_ODD_MINIMUM, LEGACY_ODD_SHARE * total)


def _legacy_decoding(data: bytes) -> str | None:
    """The legacy encoding that reads ``data`` as one of slant's languages, or None.

    charset-normalizer, asked alone, reads short French or Italian windows-1252 text as
    windows-1250 ("à" as "ŕ") and short windows-1251 text as Mac Cyrillic. Each candidate here is
    scored instead: odd characters (see :func:`_oddness`) count against it, and runs of capitals
    break ties (KOI8-R against windows-1251). Text in most other languages (Greek, Czech, ...)
    fits no candidate and is left to charset-normalizer (`bench/encodings.py` measures both).
    """
    sample = data[:LEGACY_SAMPLE_BYTES]
    best: tuple[tuple[int, int], str] | None = None
    for name in LEGACY_ENCODINGS:
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        odd, capitals, total = _oddness(text)
        if _fits(odd, total) and (best is None or (odd, capitals) < best[0]):
            best = ((odd, capitals), name)
    return best[1] if best else None


def _overruling_encoding(data: bytes, declared: str) -> str | None:
    """A legacy encoding to read ``data`` in instead of the single-byte charset it declares,
    when the declared one reads as gibberish and that one reads as words (see OVERRULE_*)."""
    declared_codec = codecs.lookup(declared).name
    if declared_codec not in _LEGACY_CODECS:
        return None
    odd, capitals, total = _oddness(data[:LEGACY_SAMPLE_BYTES].decode(declared, errors="replace"))
    if total < OVERRULE_MIN_NON_ASCII or max(odd, capitals) < OVERRULE_ODD_SHARE * total:
        return None
    legacy = _legacy_decoding(data)
    return legacy if legacy and codecs.lookup(legacy).name != declared_codec else None


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf_16_le" or "utf_16_be" for UTF-16 text in slant's languages without a byte-order mark,
    else None: the high byte of nearly every code unit is 0x00 (Latin-1 and ASCII), 0x01 (Polish
    letters), 0x04 (Cyrillic) or 0x20 (quotes and dashes), always at the same parity, and the
    text decodes without control characters."""
    if len(data) % 2 or len(data) < 4:
        return None
    head = data[:SNIFF_BYTES]

    def looks_like_high_bytes(high: bytes, low: bytes) -> bool:
        return len(high.translate(None, b"\x00\x01\x04\x20")) <= 0.05 * len(high) and low.count(0) <= 0.01 * len(low)

    if looks_like_high_bytes(head[1::2], head[0::2]):
        name = "utf_16_le"
    elif looks_like_high_bytes(head[0::2], head[1::2]):
        name = "utf_16_be"
    else:
        return None
    try:
        sample = data[:SNIFF_BYTES].decode(name)
        data.decode(name)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    return name if controls <= BINARY_CONTROL_SHARE * len(sample) else None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:DETECT_SAMPLE_BYTES]).best()
    if best is None:
        return None
    name = normalize_encoding_name(best.encoding)
    if name is None:
        return None
    return _python_name(name)
