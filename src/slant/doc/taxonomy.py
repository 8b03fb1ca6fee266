"""What slant's labels mean, in plain language: the 23 persuasion techniques of SemEval-2023
Task 3 in their 6 categories, the 14 frames and the 3 genres.

Every report (summary digest, HTML, terminal) explains a finding from this module only, so the
wording stays consistent and no report carries per-article hand-written text. Definitions and
examples are our own; the examples are invented and name no real person or place.

Category colours are pale highlight backgrounds read with dark text (``TEXT_COLOUR``, contrast
of at least 4.5:1, checked by the tests) plus a darker ``accent`` for underlines, bars and
margin marks (at least 4.5:1 against white, so it also works as text colour).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from slant.errors import SlantError

TEXT_COLOUR = "#151515"


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    description: str
    colour: str  # highlight background, read with TEXT_COLOUR
    accent: str  # underline / bar / margin colour, readable on white


@dataclass(frozen=True, slots=True)
class Technique:
    id: str
    name: str  # display name, e.g. "Name calling / labelling"
    short: str  # lower-case name for running text, e.g. "name calling"
    category: str  # Category.id
    definition: str
    look_for: str
    example: str
    digest: str  # verb phrase put before quoted words in a digest, e.g. "labels people with"


@dataclass(frozen=True, slots=True)
class Label:
    """A frame or a genre: id, display name and definition."""

    id: str
    name: str
    definition: str


CATEGORIES: tuple[Category, ...] = (
    Category(
        "attack_on_reputation",
        "Attack on reputation",
        "Goes after the people making an argument instead of the argument itself.",
        "#fcd5d2",
        "#a8261c",
    ),
    Category(
        "justification",
        "Justification",
        "Props a claim up with feelings, loyalties or borrowed authority rather than evidence.",
        "#fbe3b8",
        "#8a4f00",
    ),
    Category(
        "simplification",
        "Simplification",
        "Squeezes a complicated situation into one cause, one consequence or two options.",
        "#d4ebcb",
        "#2d6a1f",
    ),
    Category(
        "distraction",
        "Distraction",
        "Moves attention away from the point under discussion.",
        "#d6e2fa",
        "#1f4c9e",
    ),
    Category(
        "call",
        "Call",
        "Pushes the reader to act or to stop thinking, usually with a short, catchy phrase.",
        "#ead8f5",
        "#6a2c9c",
    ),
    Category(
        "manipulative_wording",
        "Manipulative wording",
        "Word choice that sways the reader: emotional, inflated, vague or repeated.",
        "#cdeceb",
        "#0d6264",
    ),
)

TECHNIQUES: tuple[Technique, ...] = (
    # -- attack on reputation --------------------------------------------------------------
    Technique(
        "Name_Calling-Labeling",
        "Name calling / labelling",
        "name calling",
        "attack_on_reputation",
        "Attaches an insulting or admiring label to a person or group so the reader judges "
        "them by the label instead of by what they did.",
        "Nicknames, slurs, loaded group names ('extremists', 'heroes') used in place of a description.",
        'The "tax-hungry bureaucrats" at the council voted again on Monday.',
        "labels people as",
    ),
    Technique(
        "Guilt_by_Association",
        "Guilt by association",
        "guilt by association",
        "attack_on_reputation",
        "Discredits someone or something by linking it to a person, group or event the reader "
        "already dislikes.",
        "Comparisons to hated regimes, criminals or past disasters; 'just like …', 'the same people who …'.",
        "The new parking rules are exactly what the old dictatorship would have wanted.",
        "links its target to something disliked:",
    ),
    Technique(
        "Doubt",
        "Casting doubt",
        "casting doubt",
        "attack_on_reputation",
        "Questions the credibility, honesty or competence of someone without showing evidence "
        "that they are wrong.",
        "Insinuating questions, 'so-called', scare quotes, 'can we really trust …?'.",
        "Can anyone really believe a minister who has never run a business?",
        "casts doubt:",
    ),
    Technique(
        "Appeal_to_Hypocrisy",
        "Appeal to hypocrisy",
        "appeal to hypocrisy",
        "attack_on_reputation",
        "Rejects a position by accusing the person who holds it of not living up to it, which "
        "says nothing about whether the position is right.",
        "'They preach X but do Y', 'look who's talking'.",
        "The mayor wants us to cycle, yet she is driven to work every morning.",
        "accuses its target of hypocrisy:",
    ),
    Technique(
        "Questioning_the_Reputation",
        "Questioning the reputation",
        "questioning the reputation",
        "attack_on_reputation",
        "Smears the general character or record of a person or group rather than addressing "
        "the matter at hand.",
        "Unrelated past failures, rumours, claims about someone's morals or motives.",
        "This is the same journalist who once misspelled the prime minister's name.",
        "attacks its target's reputation:",
    ),
    # -- justification ---------------------------------------------------------------------
    Technique(
        "Flag_Waving",
        "Flag waving",
        "flag waving",
        "justification",
        "Justifies an idea by appealing to pride in, or loyalty to, a nation or group.",
        "'Every true patriot …', 'our people', 'for the sake of the nation'.",
        "No real citizen of this country would oppose the new bridge.",
        "appeals to group loyalty:",
    ),
    Technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        "appeal to authority",
        "justification",
        "Presents a claim as true because an authority or expert said so, especially an "
        "unnamed, irrelevant or self-interested one.",
        "'Experts say', 'studies show', an unnamed source, a celebrity endorsing a policy.",
        "Leading scientists agree that the festival should be cancelled.",
        "leans on authority:",
    ),
    Technique(
        "Appeal_to_Popularity",
        "Appeal to popularity",
        "appeal to popularity",
        "justification",
        "Argues that something is right or true because many people believe or do it.",
        "'Everyone knows', 'most people agree', 'millions can't be wrong'.",
        "Everybody in town already knows the results were rigged.",
        "claims everybody agrees:",
    ),
    Technique(
        "Appeal_to_Values",
        "Appeal to values",
        "appeal to values",
        "justification",
        "Ties an idea to values the reader holds dear (freedom, tradition, family, fairness) "
        "so that objecting to it feels like objecting to the value.",
        "Big abstract words used as a reason: 'democracy', 'our traditions', 'common decency'.",
        "Supporting the new curfew is simply a matter of respecting family values.",
        "invokes cherished values:",
    ),
    Technique(
        "Appeal_to_Fear-Prejudice",
        "Appeal to fear / prejudice",
        "appeal to fear",
        "justification",
        "Wins support by making the reader afraid of an alternative, or by playing on existing "
        "prejudice against a group.",
        "Threats of chaos, invasion, disease or ruin; stereotypes about outsiders.",
        "If the harbour opens to foreign ships, our children will not be safe on the streets.",
        "plays on fear:",
    ),
    # -- simplification --------------------------------------------------------------------
    Technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "causal oversimplification",
        "simplification",
        "Blames a complex event on a single cause when several were at work.",
        "'This happened because of …' with one culprit for a many-sided problem.",
        "Prices went up for one reason only: the new governor.",
        "gives a single cause:",
    ),
    Technique(
        "False_Dilemma-No_Choice",
        "False dilemma",
        "false dilemma",
        "simplification",
        "Presents two options as the only ones possible, or one option as the only choice, "
        "when others exist.",
        "'Either … or …', 'there is no alternative', 'you are with us or against us'.",
        "Either we close the library or the town goes bankrupt.",
        "offers only two options:",
    ),
    Technique(
        "Consequential_Oversimplification",
        "Consequential oversimplification",
        "slippery slope",
        "simplification",
        "Claims that a first step will set off a chain of ever worse consequences, without "
        "showing why the chain would follow.",
        "Slippery slopes: 'first …, next …, and soon …'.",
        "Allow one food truck today and tomorrow the whole square will be a car park.",
        "predicts a slide to the worst:",
    ),
    # -- distraction -----------------------------------------------------------------------
    Technique(
        "Straw_Man",
        "Straw man",
        "straw man",
        "distraction",
        "Replaces an opponent's actual position with a weaker or exaggerated version and then "
        "attacks that version.",
        "'So what they are really saying is …' followed by something the opponent never said.",
        "The cyclists' group wants to ban every car from the country.",
        "misrepresents the other side:",
    ),
    Technique(
        "Red_Herring",
        "Red herring",
        "red herring",
        "distraction",
        "Brings in an irrelevant topic to pull attention away from the issue being discussed.",
        "A sudden change of subject, often to something emotional.",
        "Asked about the budget gap, the minister talked about the national football team.",
        "changes the subject:",
    ),
    Technique(
        "Whataboutism",
        "Whataboutism",
        "whataboutism",
        "distraction",
        "Deflects criticism by pointing to a wrong done by the critic or someone else, "
        "instead of answering it.",
        "'And what about …?', 'they did it too'.",
        "Why complain about our potholes when the neighbouring town's roads are worse?",
        "deflects with 'what about':",
    ),
    # -- call ------------------------------------------------------------------------------
    Technique(
        "Slogans",
        "Slogans",
        "slogan",
        "call",
        "A short, punchy phrase that packs a judgement or a call to action into something easy "
        "to repeat.",
        "Rhymes, chants, hashtags, imperative catchphrases.",
        "Clean streets, safe streets!",
        "uses the slogan",
    ),
    Technique(
        "Conversation_Killer",
        "Conversation killer",
        "conversation killer",
        "call",
        "A phrase meant to end discussion and discourage critical thought.",
        "'It is what it is', 'end of story', 'there is nothing more to say'.",
        "The decision has been made, and that's the end of it.",
        "shuts down discussion:",
    ),
    Technique(
        "Appeal_to_Time",
        "Appeal to time",
        "appeal to time",
        "call",
        "Insists that now is the moment to act, creating urgency that leaves no time to think.",
        "'Now or never', 'before it is too late', 'the time has come'.",
        "The time for talking is over: we must vote tonight.",
        "demands action now:",
    ),
    # -- manipulative wording --------------------------------------------------------------
    Technique(
        "Loaded_Language",
        "Loaded language",
        "loaded language",
        "manipulative_wording",
        "Words and phrases with strong emotional overtones used to sway the reader rather "
        "than to describe.",
        "Vivid, emotive words where neutral ones would do ('carnage', 'shameful', 'heroic').",
        "A horde of tourists invaded the peaceful old town.",
        "uses emotive words:",
    ),
    Technique(
        "Obfuscation-Vagueness-Confusion",
        "Obfuscation / vagueness",
        "vagueness",
        "manipulative_wording",
        "Deliberately unclear wording that lets the reader fill in the meaning, or that avoids "
        "saying anything checkable.",
        "'Certain circles', 'reports suggest', 'some say', passive voice hiding who acted.",
        "Mistakes were made, and certain people know exactly which ones.",
        "stays vague:",
    ),
    Technique(
        "Exaggeration-Minimisation",
        "Exaggeration / minimisation",
        "exaggeration",
        "manipulative_wording",
        "Makes something look far bigger, better or worse than it is, or waves away something "
        "serious as trivial.",
        "Superlatives, 'never', 'total', 'just a handful', 'a mere …'.",
        "The new timetable is the worst disaster in the history of public transport.",
        "exaggerates or downplays:",
    ),
    Technique(
        "Repetition",
        "Repetition",
        "repetition",
        "manipulative_wording",
        "Repeats a word, phrase or idea so often that it sticks and starts to feel true.",
        "The same phrase coming back across paragraphs, often a label or slogan.",
        "They lied about the dam. They lied about the roads. They lied about the schools.",
        "repeats",
    ),
)

FRAMES: tuple[Label, ...] = (
    Label("Economic", "Economic", "Costs, benefits, money, jobs and other financial consequences."),
    Label(
        "Capacity_and_resources",
        "Capacity and resources",
        "Whether there is enough (or too little) of something: staff, space, money, supplies.",
    ),
    Label("Morality", "Morality", "Right and wrong, religious or ethical duty, social responsibility."),
    Label(
        "Fairness_and_equality",
        "Fairness and equality",
        "Whether people or groups are treated equally and justly; rights balanced between them.",
    ),
    Label(
        "Legality_Constitutionality_and_jurisprudence",
        "Legality and the constitution",
        "Laws, courts, rights and constitutional limits: what is permitted and who decides.",
    ),
    Label(
        "Policy_prescription_and_evaluation",
        "Policy prescription and evaluation",
        "What should be done about an issue and whether existing policies work.",
    ),
    Label("Crime_and_punishment", "Crime and punishment", "Breaking the law, policing, enforcement, penalties."),
    Label(
        "Security_and_defense",
        "Security and defence",
        "Threats to the safety of a nation, community or people, and how to guard against them.",
    ),
    Label("Health_and_safety", "Health and safety", "Health care, disease, injury, public safety risks."),
    Label(
        "Quality_of_life",
        "Quality of life",
        "Effects on people's everyday lives, well-being, comfort and opportunities.",
    ),
    Label(
        "Cultural_identity",
        "Cultural identity",
        "Traditions, customs and values of a group, and how an issue touches who 'we' are.",
    ),
    Label("Public_opinion", "Public opinion", "What the public thinks: polls, protests, popular mood."),
    Label("Political", "Political", "Party politics, elections, political tactics and power struggles."),
    Label(
        "External_regulation_and_reputation",
        "External relations and reputation",
        "A country's standing abroad, relations with other states, international rules.",
    ),
)

GENRES: tuple[Label, ...] = (
    Label("reporting", "Reporting", "Sets out to inform: events, facts and quoted sources, with the author in the background."),
    Label("opinion", "Opinion", "Argues a point of view: editorials, columns, commentary, advocacy."),
    Label("satire", "Satire", "Mocks its subject through irony, exaggeration or invented stories presented as news."),
)

_TECHNIQUES_BY_ID = {t.id: t for t in TECHNIQUES}
_CATEGORIES_BY_ID = {c.id: c for c in CATEGORIES}
_FRAMES_BY_ID = {f.id: f for f in FRAMES}
_GENRES_BY_ID = {g.id: g for g in GENRES}


def technique_ids() -> list[str]:
    """The 23 technique ids, in taxonomy order (grouped by category)."""
    return [t.id for t in TECHNIQUES]


def category_ids() -> list[str]:
    return [c.id for c in CATEGORIES]


def frame_ids() -> list[str]:
    return [f.id for f in FRAMES]


def genre_ids() -> list[str]:
    return [g.id for g in GENRES]


def technique(technique_id: str) -> Technique:
    """The :class:`Technique` with this id (e.g. ``"Doubt"``)."""
    try:
        return _TECHNIQUES_BY_ID[technique_id]
    except KeyError:
        raise SlantError(
            f"unknown persuasion technique {technique_id!r}: expected one of {', '.join(technique_ids())}"
        ) from None


def is_technique(technique_id: str | None) -> bool:
    return technique_id in _TECHNIQUES_BY_ID


def category(category_or_technique_id: str) -> Category:
    """The :class:`Category` with this id, or the category of this technique id."""
    if category_or_technique_id in _CATEGORIES_BY_ID:
        return _CATEGORIES_BY_ID[category_or_technique_id]
    if category_or_technique_id in _TECHNIQUES_BY_ID:
        return _CATEGORIES_BY_ID[_TECHNIQUES_BY_ID[category_or_technique_id].category]
    raise SlantError(
        f"unknown category or technique {category_or_technique_id!r}: categories are {', '.join(category_ids())}"
    )


def techniques_in(category_id: str) -> list[Technique]:
    """The techniques of one category, in taxonomy order."""
    category(category_id)  # raises a clear error for an unknown id
    return [t for t in TECHNIQUES if t.category == category_id]


def frame(frame_id: str) -> Label:
    try:
        return _FRAMES_BY_ID[frame_id]
    except KeyError:
        raise SlantError(f"unknown frame {frame_id!r}: expected one of {', '.join(frame_ids())}") from None


def genre(genre_id: str) -> Label:
    try:
        return _GENRES_BY_ID[genre_id]
    except KeyError:
        raise SlantError(f"unknown genre {genre_id!r}: expected one of {', '.join(genre_ids())}") from None


def display_name(label_id: str) -> str:
    """A human name for any technique, frame or genre id; unknown ids come back de-underscored."""
    for table in (_TECHNIQUES_BY_ID, _FRAMES_BY_ID, _GENRES_BY_ID, _CATEGORIES_BY_ID):
        if label_id in table:
            return table[label_id].name
    return label_id.replace("_", " ")


@cache
def data_ids(filename: str) -> tuple[str, ...]:
    """Ids listed one per line in a packaged data file (``techniques.txt``, ``frames.txt``)."""
    text = resources.files("slant").joinpath("data", filename).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
