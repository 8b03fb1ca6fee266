import time

from slant.ingest.normalize import normalize_line, normalize_text, split_lines


def test_line_endings_spaces_and_invisibles():
    raw = "Hello\u00a0world\r\nsoft\u00adhyphen\u200b here\rline\u2003three\t\tend  \ufeff"
    assert normalize_text(raw) == "Hello world\nsofthyphen here\nline three end"


def test_nfc_and_controls():
    decomposed = "Cafe\u0301 \x07bell\x00"  # e + combining acute; BEL and NUL controls
    assert normalize_text(decomposed) == "Café bell"


def test_blank_runs_collapse_to_one_blank_line_and_lines_are_stripped():
    raw = "  first  \n\n\n\n   \n\tsecond\n\n\nthird\n\n"
    assert normalize_text(raw) == "first\n\nsecond\n\nthird"


def test_idempotent_on_mixed_languages():
    raw = "Привет,\u00a0мир!\r\n\r\n\r\nÜber\u2009alles — très\u202fbien\u200d.\n  Zażółć  gęślą "
    once = normalize_text(raw)
    assert normalize_text(once) == once
    assert once == "Привет, мир!\n\nÜber alles — très bien.\nZażółć gęślą"


def test_line_helpers_match_whole_text_rules():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert normalize_line("\u00a0 x\u200b  y \t") == "x y"


def test_large_text_is_fast():
    paragraph = "Protesters\u00a0gathered in the square, police said.\u200b  " * 20 + "\r\n\r\n\r\n"
    text = paragraph * 10_000  # about 10 MB
    started = time.perf_counter()
    out = normalize_text(text)
    elapsed = time.perf_counter() - started
    assert "\u00a0" not in out and "\r" not in out and "\n\n\n" not in out
    assert elapsed < 3, f"normalize_text took {elapsed:.1f}s on {len(text) / 1e6:.0f} MB"


def test_unicode_line_separators():
    assert normalize_text("one\u2028two\u2029three") == "one\ntwo\nthree"
    assert normalize_line("one\u2028two") == "one two"
