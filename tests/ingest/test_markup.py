from slant.ingest.markup import markup_start


def test_the_first_element_is_found_past_declarations_comments_and_doctypes():
    page = '\ufeff <?xml version="1.0"?>\n<!-- saved -->\n<!DOCTYPE html>\n<html>'
    assert page[markup_start(page):].startswith("<!DOCTYPE")
    assert page[markup_start(page, doctype=True):] == "<html>"


def test_an_unclosed_comment_or_plain_text_stays_where_it_starts():
    assert markup_start("  <!-- never closed <html>") == 2
    assert markup_start("Plain text.") == 0
    assert markup_start("") == 0


def test_thousands_of_comments_are_one_pass():
    text = "<!-- w -->" * 5000 + "<rss>"
    assert text[markup_start(text):] == "<rss>"
