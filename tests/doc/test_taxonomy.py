import pytest

from slant.doc import taxonomy
from slant.errors import SlantError


def test_twenty_three_techniques_in_six_categories():
    assert len(taxonomy.TECHNIQUES) == 23
    assert len(set(taxonomy.technique_ids())) == 23
    assert len(taxonomy.CATEGORIES) == 6
    counts = {c.id: len(taxonomy.techniques_in(c.id)) for c in taxonomy.CATEGORIES}
    assert counts == {
        "attack_on_reputation": 5, "justification": 5, "simplification": 3,
        "distraction": 3, "call": 3, "manipulative_wording": 4,
    }


def test_every_model_label_is_covered_and_nothing_else():
    assert set(taxonomy.technique_ids()) == set(taxonomy.data_ids("techniques.txt"))
    assert set(taxonomy.frame_ids()) == set(taxonomy.data_ids("frames.txt"))
    assert len(taxonomy.FRAMES) == 14
    assert taxonomy.genre_ids() == ["reporting", "opinion", "satire"]


def test_every_entry_is_fully_written():
    for technique in taxonomy.TECHNIQUES:
        for field in ("name", "short", "definition", "look_for", "example", "digest"):
            assert getattr(technique, field).strip(), (technique.id, field)
        assert technique.short == technique.short.lower()
        assert technique.definition != technique.example
    for label in (*taxonomy.FRAMES, *taxonomy.GENRES):
        assert label.name and label.definition


def test_lookups():
    assert taxonomy.technique("Doubt").name == "Casting doubt"
    assert taxonomy.category("Doubt").id == "attack_on_reputation"
    assert taxonomy.category("Whataboutism").name == "Distraction"
    assert taxonomy.category("call").id == "call"
    assert taxonomy.display_name("Security_and_defense") == "Security and defence"
    assert taxonomy.display_name("Something_new") == "Something new"
    with pytest.raises(SlantError, match="unknown persuasion technique 'Nope'"):
        taxonomy.technique("Nope")
    with pytest.raises(SlantError, match="unknown category"):
        taxonomy.category("Nope")


def test_category_colours_are_distinct_and_readable():
    backgrounds = [c.colour for c in taxonomy.CATEGORIES]
    accents = [c.accent for c in taxonomy.CATEGORIES]
    assert len(set(backgrounds)) == 6 and len(set(accents)) == 6
    for category in taxonomy.CATEGORIES:
        assert taxonomy.contrast_ratio(taxonomy.TEXT_COLOUR, category.colour) >= 4.5, category.id
        assert taxonomy.contrast_ratio(category.accent, "#ffffff") >= 4.5, category.id


def test_contrast_ratio_extremes():
    assert taxonomy.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert taxonomy.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
