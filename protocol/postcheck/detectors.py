"""The detectors: a draft post in, the passages that may breach the protocol out.

Nothing here reads the database or keeps the text: ``run`` takes the draft and
the Monitoring Officer's word lists (as ``Lists``) and returns ``Finding``s.

Word lists are matched word by word on Snowball stems, so "bully" finds
"bullied" and "bullying" but "rat" never finds "rather"; a term in double
quotes matches only that exact word. Contractions are read in full ("I'll" as
"I will", "won't" as "will not", "dont" as "do not") and possessives as their
noun ("Authority's" as "Authority"); common misspellings and abbreviations are
read as the word meant ("definately", "cllr", "cttee", "the CA"), and a
hashtag or an @handle as its words ("#SaveOurLibrary" as "save our library",
"@NorthMidsCA" as "north mids combined authority"); an emoji is a word of its
own. So one phrase covers the ways members write it.

The words of a phrase may have up to two small words between them ("told in
confidence" finds "told in strict confidence", "will vote against" finds "will
definitely be voting against"): words like "the", "my", "very", "really",
"firm" (``FILLERS``), never a negation. A word or phrase just after a negation
in the same clause ("not", "never", "no": "he is not corrupt", "I am not
angry") does not count, unless the negation only introduces it ("I'm not
saying he is corrupt, but…"); a phrase that is itself negative ("will not
support") is matched as written.

Patterns that are the same everywhere are written here rather than kept as
words: e-mail addresses, postcodes, National Insurance numbers, street
addresses, UK telephone numbers (Google's ``phonenumbers`` finds them, in every
way they are written), and the marks of a named person or organisation: a
title ("Cllr Harris"), a full name ("John Marsh"), an @handle, an
organisation's suffix ("Greenway Homes", "Apex Developments Ltd"); a child's
name with an age under 18 ("Kayden (8)"); and what a word list cannot say, such
as a generalisation about a group ("typical travellers", "the mosque lot").
"""

import bisect
import functools
import re
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

import phonenumbers
import snowballstemmer
from django.views.decorators.debug import sensitive_variables
from phonenumbers import Leniency, PhoneNumberType

from protocol.postcheck.models import Kind, split_terms

# ---------------------------------------------------------------- words and stems

# A word, or one emoji (a list may name "🤬" like a word).
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_CONTRACTIONS = {
    "n't": ["not"],
    "'ll": ["will"],
    "'re": ["are"],
    "'ve": ["have"],
    "'m": ["am"],
    "'d": ["would"],
    "'s": [],  # possessive or "is": the noun is what lists name
}
_IRREGULAR = {"can't": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"]}
_local = threading.local()


# Words the stemmer joins to another they do not mean: "its" is not "it (is)",
# the Mayor's "office" is not an "officer", an "alcohol licence" is not about
# an "alcoholic", a "consultation" is not a "consultant".
_OWN_STEM = {
    "its": "its",
    "office": "office",
    "offices": "office",
    "alcoholic": "alcoholic",
    "alcoholics": "alcoholic",
    "consultant": "consultant",
    "consultants": "consultant",
    # detained under the Mental Health Act, not the protocol's "sections"
    "sectioned": "sectioned",
}


@functools.lru_cache(maxsize=50000)
def stem(word: str) -> str:
    if word in _OWN_STEM:
        return _OWN_STEM[word]
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer.stemWord(word)


class Token(NamedTuple):
    start: int
    end: int
    word: str  # lower case
    stem: str
    sentence: int
    possessive: bool = False  # written with 's ("children's")


# How members write words on social media, read as the words meant: misspellings,
# contractions without their apostrophe, abbreviations. Only words that are not
# also ordinary English words ("cant" and "wont" are rare enough).
_SPELLINGS = {
    **{w: ["definitely"] for w in ("definately", "definatly", "definitly", "defo", "deffo")},
    **{w: ["committee"] for w in ("cttee", "ctte", "cmte", "cmttee", "commitee", "comittee")},
    "cllr": ["councillor"],
    "cllrs": ["councillors"],
    "councilor": ["councillor"],
    "councilors": ["councillors"],
    "govt": ["government"],
    "goverment": ["government"],
    "mtg": ["meeting"],
    "ppl": ["people"],
    "u": ["you"],
    "ur": ["your"],
    "pls": ["please"],
    "plz": ["please"],
    "cos": ["because"],
    "coz": ["because"],
    "b4": ["before"],
    "gonna": ["going", "to"],
    "wanna": ["want", "to"],
    "gotta": ["got", "to"],
    "dont": ["do", "not"],
    "didnt": ["did", "not"],
    "doesnt": ["does", "not"],
    "isnt": ["is", "not"],
    "wasnt": ["was", "not"],
    "arent": ["are", "not"],
    "werent": ["were", "not"],
    "cant": ["can", "not"],
    "cannot": ["can", "not"],
    "wont": ["will", "not"],
    "wouldnt": ["would", "not"],
    "shouldnt": ["should", "not"],
    "couldnt": ["could", "not"],
    "havent": ["have", "not"],
    "hasnt": ["has", "not"],
    "im": ["i", "am"],
    "ive": ["i", "have"],
    "youre": ["you", "are"],
    "theyre": ["they", "are"],
    "thier": ["their"],
    "confidencial": ["confidential"],
    "confidental": ["confidential"],
    "corupt": ["corrupt"],
    "currupt": ["corrupt"],
    "incompetant": ["incompetent"],
    "incompotent": ["incompetent"],
    "useles": ["useless"],
    "disgracefull": ["disgraceful"],
    "embarassing": ["embarrassing"],
    "harrassment": ["harassment"],
    "seperate": ["separate"],
    "publically": ["publicly"],
    "privatly": ["privately"],
    "beleive": ["believe"],
    "tommorow": ["tomorrow"],
    "untill": ["until"],
    "til": ["till"],
}
# Abbreviations that are words only in capitals ("the CA", not "ca.").
_CAPITALS = {"CA": ["combined", "authority"]}
_CAMEL_CASE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _words(text):
    """(start, end, lower-case word) with contractions, misspellings and
    abbreviations spelled out (the words they become share their span) and a
    hashtag or handle in its words."""
    for match in _WORD.finditer(text):
        raw = match.group()
        start, end = match.span()
        if start and text[start - 1] in "#@" and not raw.islower() and not raw.isupper():
            for part in _CAMEL_CASE.finditer(raw):
                yield from _word(part.group(), start + part.start(), start + part.end())
        else:
            yield from _word(raw, start, end)


def _word(raw, start, end):
    bare = raw[:-2] if raw.endswith(("'s", "’s")) else raw  # "the CA's line"
    if bare in _CAPITALS:
        for part in _CAPITALS[bare]:
            yield start, end, part
        return
    word = raw.lower().replace("’", "'")
    if word in _IRREGULAR:
        for part in _IRREGULAR[word]:
            yield start, end, part
        return
    for suffix, expansion in _CONTRACTIONS.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            yield start, end, word[: -len(suffix)]
            for part in expansion:
                yield start, end, part
            return
    for part in _SPELLINGS.get(word, (word,)):
        yield start, end, part


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*•])|\s[-–—]\s")


def sentence_spans(text):
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _tokens_from(draft, start, end):
    """The draft's tokens that start at or after ``start`` and before ``end``."""
    tokens = draft.tokens
    first = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    last = bisect.bisect_left(tokens, end, key=lambda t: t.start)
    return tokens[first:last]


class Draft:
    """A draft post read once: its words, stems and sentences."""

    def __init__(self, text, *, account="", feelings=()):
        self.text = text
        self.account = account
        self.feelings = frozenset(feelings)
        self.sentences = sentence_spans(text)
        starts = [s for s, _ in self.sentences]
        tokens, index = [], 0
        for start, end, word in _words(text):
            while index + 1 < len(starts) and starts[index + 1] <= start:
                index += 1
            # "the CA's view": the abbreviation's words are the Authority's.
            possessive = text[end - 2 : end].lower() in ("'s", "’s") and (
                end - start > len(word) or text[start : end - 2] in _CAPITALS
            )
            tokens.append(Token(start, end, word, stem(word), index, possessive))
        self.tokens = tokens
        self._starts = starts
        # Where each stem and each exact word is, so a word list is looked up
        # term by term instead of scanning the draft once per list.
        self.at = {}
        for i, token in enumerate(tokens):
            self.at.setdefault(token.stem, []).append(i)
            self.at.setdefault("=" + token.word, []).append(i)
        self._names = None

    def sentence_at(self, position):
        return max(0, bisect.bisect_right(self._starts, position) - 1)

    @property
    def names(self):
        if self._names is None:
            self._names = _find_names(self)
        return self._names

    def first_word_of_sentence(self, position):
        """Whether ``position`` starts the first word of its sentence."""
        start, _ = self.sentences[self.sentence_at(position)]
        return not re.search(r"[^\W_]", self.text[start:position])


# ---------------------------------------------------------------- word lists


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    sentence: int


# Small words that may come between the words of a phrase: articles, pronouns,
# auxiliaries, intensifiers and hedges. Never a negation, never a noun that
# changes what the phrase is about ("sent the children home" is not "sent home").
FILLERS = frozenset(
    re.findall(
        r"\S+",
        """a an the my our your his her their its this that these those me us him them
    you i we he she they it is am are was were be been being will would shall should
    can could may might must do does did have has had just really very so too quite
    totally completely absolutely definitely certainly fully still now also even
    already of firm firmly strict strictly total utter complete bit little
    back right all honestly frankly genuinely simply tbh imo imho personally local
    own entire whole""",
    )
)
MAX_GAP = 2  # filler words allowed between two words of a phrase
# Words of a phrase a draft may leave out: what a contraction drops ("it's" is
# "it" and a lost "is") and articles. Never a person ("ring her on" is not
# "ringing on").
_DROPPABLE = frozenset(
    {"is", "am", "are", "was", "were", "be", "been", "have", "has", "had", "will", "would",
     "shall", "should", "do", "does", "did", "a", "an", "the", "it", "this", "that", "of",
     "just", "really", "very", "so", "too", "all", "still", "now", "also", "even", "already",
     "can", "could", "may", "might", "must"}
)  # fmt: skip
NEGATIONS = frozenset({"not", "never", "no", "neither", "nor", "without", "hardly"})
# "I'm not saying he is corrupt, but…": the negation introduces, it does not deny;
# "Not having a gyppo site here" refuses the site and still uses the slur.
_NOT_DENYING = frozenset(
    {
        "saying",
        "suggesting",
        "accusing",
        "claiming",
        "implying",
        "alleging",
        "that",
        "only",
        "having",
    }
)
NEGATION_REACH = 3  # words before a match that a negation may be
_STARTS_A_CLAUSE = frozenset({"while", "whilst", "until", "unless", "because", "once"})
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]–—]|\s-\s|\bbut\b", re.IGNORECASE)


class TermList:
    """A compiled word list: each term a sequence of stems (or exact words).

    ``negatable``: a match just after a negation ("not corrupt") is left out.
    """

    def __init__(self, terms, *, negatable=False):
        self.by_first = {}
        self.negatable = negatable
        for term in terms:
            parts = []
            for raw in term.split():
                exact = raw.startswith('"') or raw.endswith('"')
                words = [w for _, _, w in _words(raw.strip('"'))]
                if len(words) == 1 and raw.strip('"').endswith(("'s", "’s")):
                    # "children's home" is not "the children home": the 's (or a
                    # plain s, "childrens home") must be there.
                    parts.append("'" + words[0])
                    continue
                parts.extend(("=" + w) if exact else stem(w) for w in words)
            if parts:
                first = parts[0]
                key = stem(first[1:]) if first.startswith("'") else first
                # The words of the phrase a draft must have somewhere for the
                # phrase to be looked for at all (small words may be left out).
                needed = frozenset(
                    p for p in parts[1:] if not p.startswith("'") and p.lstrip("=") not in FILLERS
                )
                self.by_first.setdefault(key, []).append((tuple(parts), needed))

    def __bool__(self):
        return bool(self.by_first)

    @staticmethod
    def _key_matches(key, token):
        if key.startswith("="):
            return token.word == key[1:]
        if key.startswith("'"):
            word = key[1:]
            return token.word == word + "s" or (token.possessive and token.word == word)
        return token.stem == key

    def _end_of_phrase(self, tokens, i, parts):
        """The index of the phrase's last word when it starts at token ``i``, or None."""
        at, sentence = i, tokens[i].sentence
        for number, part in enumerate(parts[1:], start=2):
            found = None
            for j in range(at + 1, min(at + 2 + MAX_GAP, len(tokens))):
                token = tokens[j]
                if token.sentence != sentence:
                    break
                if token.stem == part if part[0] not in "='" else self._key_matches(part, token):
                    found = j
                    break
                if token.word not in FILLERS:
                    break
            if found is not None:
                at = found
            elif number < len(parts) and part.lstrip("='") in _DROPPABLE:
                continue  # "before it's published" for "before it is published"
            else:
                return None
        return at

    @staticmethod
    def _is_negative(parts):
        return any(p.lstrip("='") in NEGATIONS for p in parts)

    @staticmethod
    def _negated(draft, i):
        tokens = draft.tokens
        token = tokens[i]
        for k in range(i - 1, max(-1, i - 1 - NEGATION_REACH), -1):
            before = tokens[k]
            if before.sentence != token.sentence:
                return False
            if _CLAUSE_BREAK.search(draft.text, before.end, token.start):
                return False
            if before.word in NEGATIONS:
                after = tokens[k + 1].word if k + 1 < i else ""
                # "It won't open while I sit on the committee": the negation is
                # the main clause's, not the "while…" clause's.
                if any(t.word in _STARTS_A_CLAUSE for t in tokens[k + 1 : i + 1]):
                    return False
                return after not in _NOT_DENYING
        return False

    def find(self, draft):
        found = []
        tokens = draft.tokens
        at = draft.at
        for key, phrases in self.by_first.items():
            where = at.get(key)
            if not where:
                continue
            phrases = [parts for parts, needed in phrases if all(n in at for n in needed)]
            if not phrases:
                continue
            for i in where:
                token = tokens[i]
                for parts in phrases:
                    # Where the first word is, its stem or word is the key;
                    # only a possessive ("children's") needs checking again.
                    if parts[0][0] == "'" and not self._key_matches(parts[0], token):
                        continue
                    last = i if len(parts) == 1 else self._end_of_phrase(tokens, i, parts)
                    if last is None:
                        continue
                    if self.negatable and not self._is_negative(parts) and self._negated(draft, i):
                        continue
                    found.append(Match(token.start, tokens[last].end, token.sentence))
        return sorted(found, key=lambda m: (m.start, m.end))


@dataclass
class Lists:
    """One check's lists, compiled (see ``protocol.postcheck.models.Check``)."""

    words: TermList = field(default_factory=lambda: TermList([]))
    pair_words: TermList = field(default_factory=lambda: TermList([]))
    context_words: TermList = field(default_factory=lambda: TermList([]))
    unless_words: TermList = field(default_factory=lambda: TermList([]))

    @classmethod
    @functools.lru_cache(maxsize=64)
    def compile(cls, words="", pair_words="", context_words="", unless_words=""):
        return cls(
            TermList(split_terms(words), negatable=True),
            TermList(split_terms(pair_words), negatable=True),
            TermList(split_terms(context_words)),
            TermList(split_terms(unless_words)),
        )


# ---------------------------------------------------------------- patterns

_CAP = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_TITLES = r"Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Rev|Reverend"
TITLED_NAME = re.compile(rf"\b(?:{_TITLES})\.?\s+{_CAP}(?:\s+{_CAP})?")
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b")
_ORG_SUFFIX = (
    r"Ltd|Limited|plc|PLC|LLP|Inc|Council|Trust|Group|Homes|Housing|Developments?|"
    r"Association|Partnership|Services|Construction|Properties|Estates|Holdings|Consulting|"
    r"Lettings|Lets|Agents|Agency|Civils|Builders|Contractors|Motors|Solicitors|Surveyors|"
    r"Haulage|Logistics|Roofing|Plumbing|Electrical|Landscapes|Cleaning|"
    r"Helpline|Foundation|Project|Network|Charity|Society|Alliance|Appeal|Service"
)
ORGANISATION = re.compile(rf"\b(?:{_CAP}\s+){{1,4}}(?:{_ORG_SUFFIX})\b\.?")
CAPITALISED_RUN = re.compile(rf"\b{_CAP}(?:\s+{_CAP})*\b")
_STREET = (
    r"Road|Street|Lane|Avenue|Close|Drive|Way|Crescent|Court|Gardens|Place|Terrace|Grove|"
    r"Rd|St|Ave|Walk|Row|Mews|Square|Hill|View|Park|End"
)
_PLACE_WORDS = {
    *_STREET.split("|"),
    "Primary", "School", "Academy", "Nursery", "College", "Centre", "Library", "Hall",
    "Juniors", "Junior", "Infants", "Infant", "Secondary",
    "Estate", "Home", "Lodge", "Hospital", "Surgery", "Station", "Church", "Chapel",
}  # fmt: skip
_PLACE_AFTER = re.compile(
    r"\s+(?:estate|road|street|area|ward|village|town|park|school|centre|library|"
    r"station|high street|community|care home|nursing home|residential home|house|"
    r"court|farm|hospice|nursery|primary|academy|surgery|hall|church|chapel|"
    r"youth club|club|litter pick|tenants|residents|allotments?|playground|play area|"
    r"shops|bus stop|crossing|junction|bridge|car park|flats|"
    # a place named for what is there: "the Mirfield depot sale", "the
    # Meltham Mills scheme"
    r"depot|sale|scheme|site|development|bypass|link road|quarry|stadium|incinerator|"
    r"flooding|floods|regeneration|masterplan|project|leisure centre|baths|pool|market|"
    r"by-election|office|offices)\b"
)
SCHOOL = re.compile(
    rf"\b(?:St\.?\s+)?(?:{_CAP}['’]?s?\s+){{1,3}}"
    r"(?:Primary|Infants?|Juniors?|School|Academy|Nursery|High School|College)\b"
)
STREET_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET})\b(?:,\s+{_CAP})?"
)
EMAIL = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][A-Z]{2}\b")
# National Insurance numbers, and numbers shaped like them (HMRC's own examples,
# mistyped prefixes): any two letters, six digits, A to D.
NATIONAL_INSURANCE = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
AGE = re.compile(
    r"(?<=[A-Za-z]),\s+(?:aged\s+)?\d{1,2}[,)]|(?<=[A-Za-z])\s+\((?:aged\s+)?\d{1,2}\)"
)
# A named person with their age, under 18: "Kayden (8)", "Aisha, 4", "Lily (aged 7)".
CHILD_WITH_AGE = re.compile(
    rf"\b{_CAP}(?:\s+{_CAP})?(?:,\s+(?:aged\s+)?(\d{{1,2}})(?=[,)])|\s+\((?:aged\s+)?(\d{{1,2}})\))"
)
ADULT_AGE = 18
# Organisations' own numbers (freephone, 03, 08) are published to be called.
_PUBLIC_NUMBER_TYPES = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
    PhoneNumberType.PREMIUM_RATE,
}

# Capitalised words that are not names: what starts a sentence, days, months,
# platforms and the portal's own bodies.
NOT_NAMES = frozenset(
    [
        "I",
        "A",
        "An",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "Our",
        "We",
        "Us",
        "You",
        "Your",
        "My",
        "Me",
        "He",
        "She",
        "It",
        "They",
        "Their",
        "His",
        "Her",
        "Its",
        "Here",
        "There",
        "What",
        "When",
        "Where",
        "Who",
        "Why",
        "How",
        "If",
        "So",
        "But",
        "And",
        "Or",
        "Yet",
        "Not",
        "No",
        "Yes",
        "All",
        "Any",
        "Some",
        "Every",
        "Just",
        "Only",
        "Once",
        "Again",
        "Also",
        "Still",
        "Even",
        "Well",
        "Good",
        "Great",
        "Lovely",
        "Happy",
        "Thanks",
        "Thank",
        "Congratulations",
        "Huge",
        "Big",
        "New",
        "Old",
        "Last",
        "Next",
        "Today",
        "Tonight",
        "Tomorrow",
        "Yesterday",
        "Please",
        "Let",
        "Do",
        "Don't",
        "Can",
        "Will",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        *("Mon", "Tue", "Tues", "Wed", "Weds", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"),
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "Easter",
        "Facebook",
        "Twitter",
        "Instagram",
        "TikTok",
        "LinkedIn",
        "Snapchat",
        "YouTube",
        "WhatsApp",
        "X",
        "Combined",
        "Authority",
        "Council",
        "Councillor",
        "Cllr",
        "Mayor",
        "Government",
        "Parliament",
        "Labour",
        "Conservative",
        "Conservatives",
        "Tory",
        "Tories",
        "Liberal",
        "Democrats",
        "Lib",
        "Dem",
        "Dems",
        "Green",
        "Greens",
        "Reform",
        "Party",
        "Committee",
        "Cabinet",
        "Scrutiny",
        "Planning",
        "Licensing",
        "Full",
        "Officer",
        "Officers",
        "Official",
        "Speaking",
        "Residents",
        "Resident",
        "Everyone",
        "Nobody",
        "Someone",
        "Anyone",
        "Absolutely",
        "Whatever",
        "Leaked",
        "Told",
        "Closed",
        "Ahead",
        "Visited",
        "Spoke",
        "Join",
        "Call",
        "Contact",
        "Shut",
        "Typical",
        "Once",
        "Long",
        "Three",
        "Had",
        "Reminder",
        "Update",
        "Pictured",
        "Breaking",
        "Notice",
        "Warning",
        "Important",
        "Urgent",
        "Note",
        "Photo",
        "Photos",
        "Part",
        "Item",
        "Appendix",
        "Agenda",
        "UK",
        "England",
        "Britain",
        "British",
        "English",
        "NHS",
        "BBC",
        "Ofsted",
        "Year",  # a year group, "Year 6"
        "Flat",  # "Flat 3, 22 Mill Lane"
        "Housing",  # the service told, "Housing, sort it out"
        "Under",  # a team's age, "Under-11s"
        # One-word verdicts that end a post: "…free school meals again. Shameful."
        "Shameful",
        "Disgraceful",
        "Appalling",
        "Shocking",
        "Outrageous",
        "Pathetic",
        "Unbelievable",
        "Unacceptable",
        "Ridiculous",
        # National helplines and charities, not people
        "Samaritans",
        "Childline",
        "Shelter",
        "Refuge",
        "Macmillan",
        "StepChange",
        # Scots and northern words that start a sentence: "Cannae believe…"
        "Cannae",
        "Dinnae",
        "Wee",
        "Aye",
        "Och",
    ]
)


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    person: bool  # a person (not an organisation, a place or a handle)


def _is_name_word(draft, start, word):
    word = re.sub(r"['’]s$", "", word)
    if word in NOT_NAMES or word.rsplit("-", 1)[-1] in NOT_NAMES:
        return False  # "Sub-Committee", "Pre-Budget"
    if draft.first_word_of_sentence(start):
        return not _is_common_word(word)
    return True


@functools.cache
def _word_frequency():
    """The spelling checker's English word frequencies (loaded once per process)."""
    from spellchecker import SpellChecker

    return SpellChecker(distance=1).word_frequency


COMMON_WORD_FREQUENCY = 10000


def _is_common_word(word):
    """A capitalised word that starts a sentence is only a name if it is not a
    common English word ("Tired of…" is not; "Tommy came…" is)."""
    return _word_frequency()[word.lower()] >= COMMON_WORD_FREQUENCY


def names(draft):
    """Named people, organisations and @handles in the draft (found once per draft)."""
    return draft.names


def _find_names(draft):
    text, found, taken = draft.text, [], []

    def add(start, end, person):
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Name(start, end, person))

    for match in HANDLE.finditer(text):
        add(*match.span(), person=True)
    for match in TITLED_NAME.finditer(text):
        add(*match.span(), person=True)
    for match in ORGANISATION.finditer(text):
        add(*match.span(), person=False)
    for match in CAPITALISED_RUN.finditer(text):
        words = [(m.start() + match.start(), m.group()) for m in re.finditer(r"\S+", match.group())]
        while words and not _is_name_word(draft, *words[0]):
            words.pop(0)
        if not words:
            continue
        if any(w in NOT_NAMES for _, w in words):
            continue
        if words[0][1] == "St" and len(words) > 1:
            continue  # "St Peter's", a church or a school
        if words[-1][1] in _PLACE_WORDS and not _surname_like(text, words):
            continue
        if _PLACE_AFTER.match(text, match.end()):
            continue  # "the Newtown estate", "Hillside ward"
        if len(words) == 1 and _IN_A_PLACE.search(text, max(0, words[0][0] - 12), words[0][0]):
            continue  # "a new school in Holme"
        start, end = words[0][0], match.end()
        add(start, end, person=True)
    return found


# A landline in a sentence about an organisation's service is its published
# number ("Citizens Advice can be reached on 0113 496 0000"), not a person's.
_PUBLIC_CONTACT = TermList(
    ["advice", "helpline", "advice line", "hotline", "office", "centre", "service", "team",
     "website", "charity", "enquiries", "bookings", "switchboard", "opening hours", "reception",
     "library", "council", "open from", "lines are open"]
)  # fmt: skip


# Place words that are also common surnames: "Janet Hill" is a person unless
# the words before place her ("on Castle Hill", "at 4 Church Lane").
_SURNAME_PLACE_WORDS = frozenset({"Hill", "Hall", "Park", "Lane", "Church", "Grove", "Court"})
_BEFORE_A_PLACE = re.compile(
    r"(?:\b(?:on|in|at|along|off|from|near|up|down|by|to|via|round|past|into|of)(?:\s+the)?"
    r"|\d[A-Za-z]?,?)\s+$",
    re.IGNORECASE,
)


# One capitalised word after these is a place: "in Holme", "across Ashby".
_IN_A_PLACE = re.compile(r"\b(?:in|near|across|around|throughout|outside)\s+$", re.IGNORECASE)


_IN_A_TOWN = re.compile(r"\b(?:in|near|across|around|throughout|outside)\s+([A-Z][a-z]+)\b")


def _surname_like(text, words):
    return (
        len(words) == 2
        and words[-1][1] in _SURNAME_PLACE_WORDS
        and words[0][1] not in _PLACE_WORDS
        and not _BEFORE_A_PLACE.search(text, max(0, words[0][0] - 12), words[0][0])
    )


def phone_numbers(text, draft=None):
    public = None
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        digits = re.sub(r"\D", "", match.raw_string)
        if len(digits) < 10:
            continue  # a year, a sum, a time
        number_type = phonenumbers.number_type(match.number)
        if number_type in _PUBLIC_NUMBER_TYPES:
            continue
        if draft is not None and number_type != PhoneNumberType.MOBILE:
            if public is None:
                public = {m.sentence for m in _PUBLIC_CONTACT.find(draft)}
            sentence = draft.sentence_at(match.start)
            if sentence in public and not any(
                draft.sentence_at(n.start) == sentence for n in _titled_people(draft)
            ):
                continue
        yield match.start, match.end


def _titled_people(draft):
    return [n for n in names(draft) if n.person and TITLED_NAME.match(draft.text, n.start)]


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    by_model: bool = False  # raised by the trained model on a sentence, not by a list


# Idioms that hold a word of a "not a concern with" list without its meaning:
# "before they water it down" is not about a water leak, "eye-watering" figures
# are not one either, "no wonder" is no praise ("wonderful"), and consultants
# are not a consultation.
_IDIOMS = TermList(
    ["water down", "watered down", "watering down", "eye watering", "no wonder", "small wonder",
     '"consultant"', '"consultants"', '"consultancy"']
)  # fmt: skip


# A member who says outright that they speak for the Authority ("Speaking on
# behalf of the Combined Authority, the Government's announcement today is…")
# is not excused by the news words of the same sentence; only by saying the view
# is their own.
_SPEAKING_FOR_THE_BODY = TermList(
    ["speaking on behalf of", "speaking for the authority", "speaking for the combined authority",
     "on behalf of the combined authority i", "on behalf of the authority i",
     "speaking as the combined authority", "speaking as the authority",
     "speaking for the council", "on behalf of the council i"]
)  # fmt: skip
# The Authority made the author: "Message from your Combined Authority: vote…"
_FROM_THE_BODY = re.compile(
    r"\bmessages? from your (?:combined authority|authority|CA)\b", re.IGNORECASE
)
_OWN_VIEW = TermList(
    ["my own view", "my personal view", "personal view", "my view", "i personally", "own opinion",
     "my opinion", "not speaking for", "not on behalf of", "in a personal capacity"]
)  # fmt: skip


def _unless(draft, lists, kind=None):
    matches = lists.unless_words.find(draft)
    if not matches:
        return set()
    idioms = _IDIOMS.find(draft)
    blocked = {
        m.sentence
        for m in matches
        if not any(i.start <= m.start and m.end <= i.end for i in idioms)
    }
    if kind == Kind.CAPACITY and blocked:
        outright = {m.sentence for m in _SPEAKING_FOR_THE_BODY.find(draft)}
        outright |= {draft.sentence_at(m.start()) for m in _FROM_THE_BODY.finditer(draft.text)}
        blocked -= outright - {m.sentence for m in _OWN_VIEW.find(draft)}
    return blocked


def _pairs(draft, pairs, others, *, reach=0, after_only=False):
    """Spans where a pair word and a second-list item are in one sentence (or up
    to ``reach`` sentences apart; with ``after_only``, the pair word only in a
    later sentence than the item, not an earlier one)."""
    spans = []
    for pair in pairs:
        low = 0 if after_only else -reach
        near = [o for o in others if low <= pair.sentence - o.sentence <= reach]
        near = [o for o in near if not (o.start < pair.end and pair.start < o.end)]
        if not near:
            continue
        same = [o for o in near if o.sentence == pair.sentence]
        if same:
            start = min(pair.start, *(o.start for o in same))
            end = max(pair.end, *(o.end for o in same))
            spans.append((start, end))
        else:
            spans.append((pair.start, pair.end))
    return spans


def _as_matches(draft, spans):
    return [Match(s, e, draft.sentence_at(s)) for s, e in spans]


def _person_names(draft):
    return [n for n in names(draft) if n.person]


# A councillor's role address for residents ("cllr.sandhu@…", "councillor.khan@…")
# is published to be used, like an organisation's number; an officer's or a
# resident's address is still personal data.
_ROLE_ADDRESS = re.compile(r"^(?:cllr|councillor|councilor|ward|mayor)s?\b", re.IGNORECASE)


# "The Elm Court tenants' association": tenants or carers as a body, not a
# person's circumstances.
_A_BODY = frozenset(
    {"association", "associations", "meeting", "meetings", "group", "groups", "forum", "hall",
     "committee", "rep", "reps", "federation", "network", "and"}
)  # fmt: skip


_ALL_OF = frozenset({"our", "all"})
_SOUGHT = frozenset({"needed", "wanted", "sought", "urgently"})


def _a_group_of(draft, match):
    """ "the tenants' association", "our foster carers do amazing work"."""
    if draft.text[match.end - 1 : match.end].lower() != "s":
        return False
    tokens, i = draft.tokens, _token_at(draft, match.start)
    if i and tokens[i - 1].word in _ALL_OF and tokens[i - 1].sentence == match.sentence:
        return True
    i = _token_at(draft, match.end)
    if i < len(tokens) and tokens[i].word in _SOUGHT and tokens[i].sentence == match.sentence:
        return True  # "Foster carers needed!", "volunteers wanted"
    # "the tenants' association", "foster carers' support group", "tenants and
    # residents meeting"; not "learning disabilities and says…".
    following = [t for t in tokens[i : i + 5] if t.sentence == match.sentence]
    for k, token in enumerate(following[:2]):
        if token.word == "and":
            return any(t.word in _A_BODY and t.word != "and" for t in following[k + 1 : k + 4])
        if token.word in _A_BODY:
            return True
    return False


# "our ward champion for mental health services": a service or a cause named
# by the detail, not a person's circumstances.
_SERVICE_FOR = frozenset(
    {"services", "service", "provision", "strategy", "policy", "funding", "charity",
     "charities", "awareness", "champion", "week", "month", "day", "campaign", "changes",
     "explained", "session", "sessions", "workshop", "clinic"}
)  # fmt: skip


def _the_one_described(draft, match, described):
    """ "the tenant at number 12": the word that describes the person is no
    detail about them."""
    return draft.text[match.start : match.end].lower() in _SOMEONE and any(
        p.sentence == match.sentence and match.end <= p.start for p in described
    )


def _inside_a_name(draft, match):
    """ "her Widow Twankey", "Cancer Research UK": a word of a longer name is
    the name's, not a detail ("Universal Credit", the whole name, still is)."""
    return any(
        n.start <= match.start
        and match.end <= n.end
        and (n.start, n.end) != (match.start, match.end)
        and draft.text[match.start : match.end][:1].isupper()
        for n in names(draft)
    )


# "these blue badge 'disabled' folk": a detail that describes many people.
_FOLK = frozenset(
    {"folk", "folks", "people", "users", "holders", "drivers", "claimants", "tenants",
     "residents", "families", "households", "patients", "carers", "parents"}
)  # fmt: skip


def _of_folk(draft, match):
    i = _token_at(draft, match.end)
    return any(t.word in _FOLK and t.sentence == match.sentence for t in draft.tokens[i : i + 2])


def _a_service_for(draft, match):
    i = _token_at(draft, match.end)
    return (
        i < len(draft.tokens)
        and draft.tokens[i].sentence == match.sentence
        and draft.tokens[i].word in _SERVICE_FOR
    )


# An address given for a building that is not a home, or for a business: "the
# HMO at 41 Cardigan Rd", "the landlord at 9 Rosebery St", "plans for 3 Mill Lane".
_PREMISES_AT = re.compile(
    r"\b(?:hmo|shop|pub|takeaway|business|premises|site|property|development|extension|flats|"
    r"application|plans|unit|garage|warehouse|landlord|restaurant|cafe|bar|club|office|offices|"
    r"building|depot|surgery)\s+(?:at|on|for|of)\s+$",
    re.IGNORECASE,
)


def _of_premises(text, match):
    return bool(_PREMISES_AT.search(text, max(0, match.start() - 30), match.start()))


def detect_personal_data(draft, lists):
    text = draft.text
    spans = [m.span() for p in (POSTCODE, NATIONAL_INSURANCE) for m in p.finditer(text)]
    spans += [m.span() for m in STREET_ADDRESS.finditer(text) if not _of_premises(text, m)]
    spans += [m.span() for m in EMAIL.finditer(text) if not _ROLE_ADDRESS.search(m.group())]
    spans += list(phone_numbers(text, draft))
    spans += [(m.start, m.end) for m in lists.words.find(draft)]
    people = _as_matches(draft, [(n.start, n.end) for n in _person_names(draft)])
    people += lists.context_words.find(draft)
    described = described_on_a_street(draft)
    people += described
    # "Spoke to Gary today. He's been on universal credit since…"
    details = [
        d
        for d in lists.pair_words.find(draft)
        if not (
            _a_group_of(draft, d)
            or _a_service_for(draft, d)
            or _inside_a_name(draft, d)
            or _of_folk(draft, d)
            or _the_one_described(draft, d, described)
        )
    ]
    spans += _pairs(draft, details, people, reach=1)
    return spans


def detect_alone_or_paired(
    draft, lists, others=(), *, reach=0, after_only=False, pairs=None, context=None
):
    """``pairs`` and ``context``: the two lists' matches, when the caller has them."""
    spans = [(m.start, m.end) for m in lists.words.find(draft)]
    if pairs is None:
        pairs = lists.pair_words.find(draft)
    if not pairs:
        return spans
    if context is None:
        context = lists.context_words.find(draft)
    others = [*others, *context]
    spans += _pairs(draft, pairs, others, reach=reach, after_only=after_only)
    return spans


# The Authority as the one that decides ("the CA will scrap the plans", "the
# Combined Authority will not be backing the levy") is the Authority's position
# claimed (capacity), not a member's own mind made up; so is a "we" said on its
# behalf ("on behalf of the Combined Authority … we will not support").
_THE_BODY = TermList(["the combined authority", "the authority", "the council", "our council"])
BODY_GAP = 2  # words between the Authority and what it "will" do
# "The Authority's view - which I'm sharing… - is that the extension is dead in
# the water": what follows the body's view, to the end of the sentence and
# through the dashes after it, is the body's.
_THE_BODYS_VIEW = TermList(
    ["the authority's view", "the authority's position", "the authority's line",
     "the combined authority's view", "the combined authority's position",
     "the council's view", "the council's position", "the council's official line",
     "our position", "official line", "official position"]
)  # fmt: skip
VIEW_REACH = 2  # sentences (a dash ends one) the body's view runs on


def _the_body_decides(draft, pairs):
    bodies = _THE_BODY.find(draft)
    speaking_for = _SPEAKING_FOR_THE_BODY.find(draft)
    views = _THE_BODYS_VIEW.find(draft)
    if not bodies and not speaking_for and not views:
        return pairs
    kept, decided = [], set()
    for pair in pairs:
        if any(s.sentence == pair.sentence and s.end <= pair.start for s in speaking_for):
            decided.add(pair.sentence)
            continue
        # "Speaking for the council here: the scheme is being dropped. Done deal."
        if any(
            0 < pair.sentence - s.sentence <= VIEW_REACH for s in speaking_for
        ) and not _first_person(draft, pair):
            continue
        if any(
            0 <= pair.sentence - v.sentence <= VIEW_REACH and v.end <= pair.start for v in views
        ) and not _first_person(draft, pair):
            continue
        # "…will not be backing the levy - it simply isn't happening": the
        # next sentence goes on with the Authority's stance, unless it says "I".
        if pair.sentence - 1 in decided and not _first_person(draft, pair):
            continue
        near = False
        for body in bodies:
            if body.sentence != pair.sentence or body.end > pair.start:
                continue
            between = {t.start for t in _tokens_from(draft, body.end, pair.start)}
            if len(between) <= BODY_GAP and not _CLAUSE_BREAK.search(
                draft.text, body.end, pair.start
            ):
                near = True
        if near:
            decided.add(pair.sentence)
        else:
            kept.append(pair)
    return kept


def _first_person(draft, pair, reach=3):
    """Whether the words of ``pair``, or up to ``reach`` words before it in its
    sentence, say "I", "my" or "me"."""
    tokens = draft.tokens
    first = bisect.bisect_left(tokens, pair.start, key=lambda t: t.start)
    last = bisect.bisect_left(tokens, pair.end, key=lambda t: t.start)
    near = [t for t in tokens[max(0, first - reach) : last] if t.sentence == pair.sentence]
    return any(t.word in _OWN_VOTE_WORDS for t in near)


# A member's own vote said briefly, about something named rather than called
# an application: "Crow Lane? I'm voting NO. Simple.", "Elm Park flats - a no
# from me." The vote must be the member's ("I", "my", "from me"), and the thing
# a name or a short question ("The bus gate?") in the same or the next sentence.
_OWN_VOTE_WORDS = frozenset({"i", "my", "me"})
TOPIC_QUESTION_WORDS = 5


_WHICH_WAY = frozenset({"no", "yes", "against", "for", "down", "through"})


def _own_votes(draft, pairs):
    votes = []
    for pair in pairs:
        inside = _tokens_from(draft, pair.start, pair.end)
        if not inside or any(t.word == "voted" for t in inside):
            continue  # a vote already cast is on record, not a mind made up
        said_as_a_vote = inside[-1].word == "me" or (
            any(t.stem == "vote" for t in inside) and any(t.word in _WHICH_WAY for t in inside)
        )
        if said_as_a_vote and _first_person(draft, pair) and not _for_a_person(draft, pair):
            votes.append(pair)
    return votes


def _for_a_person(draft, pair):
    """A vote for a candidate ("I'll be voting for Sarah Jones") is an election's."""
    return any(
        n.person
        and 0 <= n.start - pair.end <= 2
        and not _CLAUSE_BREAK.search(draft.text, pair.end, n.start)
        for n in names(draft)
    )


def _topics(draft):
    topics = [Match(n.start, n.end, draft.sentence_at(n.start)) for n in names(draft)]
    counts = _sentence_sizes(draft)
    for number, (start, end) in enumerate(draft.sentences):
        if draft.text[start:end].rstrip().endswith("?") and counts.get(number, 0) <= (
            TOPIC_QUESTION_WORDS
        ):
            topics.append(Match(start, end, number))
    return topics


# Words that share a stem with a decision's word and are not one ("keen to
# hear your views", not "the hearing").
_NOT_A_DECISION = frozenset({"hear", "hears", "heard"})


# A campaign against (or to save) something, from a member who says they sit
# where it is decided: "#StopCrowLane - and I'll be on the committee that
# decides it", "I sit on Planning… #NoToTesco".
_CAMPAIGN_TAG = re.compile(r"#(?:Stop|NoTo|SayNoTo|Scrap|Block|Save|Ban)[A-Z0-9]\w*")
_ON_THE_BODY = TermList(
    ["on the committee", "sit on the committee", "on planning", "sit on planning",
     "on licensing", "on the licensing", "on the planning", "on the panel", "on the sub-committee",
     "on the board that", "on the committee that", "sit on it", "i will be on the"]
)  # fmt: skip


def _campaign_from_the_bench(draft):
    tags = list(_CAMPAIGN_TAG.finditer(draft.text))
    if not tags or not _ON_THE_BODY.find(draft):
        return []
    return [m.span() for m in tags]


# A decision said as already certain: "is getting REFUSED on Weds", "it's
# going to get thrown out"; not one already taken ("was refused").
_CERTAIN_OUTCOME = re.compile(
    r"\b(?:is|are|['’]s|will|['’]ll)\s+(?:definitely\s+)?(?:getting|going to get|gonna get|"
    r"going to be|gonna be)\s+(?:refused|rejected|thrown out|turned down|knocked back|binned|"
    r"blocked|kicked out|revoked|pulled|kicked into touch)\b",
    re.IGNORECASE,
)
# The member moving the decision before the meeting: "where I'll be moving
# refusal", "I will propose that it be refused".
_MOVING = re.compile(
    r"\b(?:i|we)\s*(?:['’]ll|['’]m|will|shall|am|are|['’]re)\s+(?:be\s+)?"
    r"(?:moving|proposing|seconding|move|propose|second)\s+(?:the\s+)?(?:refusal|approval|"
    r"rejection|that it be (?:refused|approved|rejected)|to (?:refuse|approve|reject))\b",
    re.IGNORECASE,
)
# The member disposing of it themselves: "I'm throwing that application in the
# bin", "we'll be kicking it out".
_BINNING_IT = re.compile(
    r"\b(?:i|we)\s*(?:['’]m|['’]re|am|are|['’]ll|will|shall)\s+(?:be\s+)?(?:throwing|binning|"
    r"chucking|kicking|booting|throw|bin|chuck|kick|boot)\s+(?:it|that|this|them|the)\b"
    r"[^.!?]{0,30}?\b(?:out|in the bin|into the bin|into touch|in the skip)\b",
    re.IGNORECASE,
)
# Advice or representations dismissed before they are heard: "they can
# recommend all they like", "objectors can say what they want".
_WHATEVER_THEY_SAY = re.compile(
    r"\b(?:can|may|could)\s+(?:recommend|say|object|argue|write|shout|protest|moan|complain|"
    r"campaign|petition)\s+(?:all|whatever|what)\s+(?:they|he|she|you|it)\s+"
    r"(?:like|likes|want|wants)\b",
    re.IGNORECASE,
)
# Said to be certain by one who sits where it is decided: "I sit on it. He'll
# be handing his badge back, trust me."
_TAKE_IT_FROM_ME = TermList(
    ["trust me", "believe me", "take it from me", "take my word", "mark my words",
     "count on it", "bank on it", "you can bet", "guaranteed", "consider it done",
     "you heard it here"]
)  # fmt: skip
CERTAINTY_REACH = 2  # sentences between the seat and the certainty


def _certain_from_the_bench(draft):
    seats = _ON_THE_BODY.find(draft)
    if not seats:
        return []
    return [
        (m.start, m.end)
        for m in _TAKE_IT_FROM_ME.find(draft)
        if any(abs(m.sentence - s.sentence) <= CERTAINTY_REACH for s in seats)
    ]


def detect_predetermination(draft, lists):
    # "It comes to committee next week. I will be voting against it."
    pairs = _the_body_decides(draft, lists.pair_words.find(draft))
    context = [
        m
        for m in lists.context_words.find(draft)
        if draft.text[m.start : m.end].lower() not in _NOT_A_DECISION
    ]
    spans = detect_alone_or_paired(draft, lists, reach=1, pairs=pairs, context=context)
    spans += [m.span() for m in _BINNING_IT.finditer(draft.text)]
    # A mind made up about something to decide, somewhere in the post ("My
    # mind's made up. Crow Lane will be refused"), not about a new kitchen.
    if spans and not pairs and not context and not _topics(draft):
        return []
    spans += _campaign_from_the_bench(draft)
    spans += _certain_from_the_bench(draft)
    spans += [m.span() for m in _MOVING.finditer(draft.text)]
    # What is decided must be named near: a decision's word or a name.
    shaped = _as_matches(
        draft,
        [
            m.span()
            for pattern in (_CERTAIN_OUTCOME, _WHATEVER_THEY_SAY)
            for m in pattern.finditer(draft.text)
        ],
    )
    if shaped:
        spans += _pairs(draft, _the_body_decides(draft, shaped), context + _topics(draft), reach=1)
    votes = _own_votes(draft, pairs)
    if votes:
        spans += _pairs(draft, votes, _topics(draft), reach=1)
    return spans


# An insinuation ("funny how", "I wonder", "interesting that") alleges
# something only about money or favours: "Interesting that Cllr Price's company
# got the contract without a tender", "Wonder how much the Apex director paid
# for that permission 🤔"; "Funny how the sun always comes out for the gala" is
# not one.
_INSINUATING = TermList(
    ["funny how", "i wonder", "wonder how", "wonder who", "wonder why", "wonder what",
     "interesting that", "interesting how", "very interesting", "makes you wonder",
     'just "saying"', "say no more", "ask him where", "ask her where", "ask them where",
     "draw your own conclusions", "complete coincidence", "pure coincidence",
     "total coincidence", "just a coincidence", "remind me which", "asking for a friend"]
)  # fmt: skip
_FAVOURS = TermList(
    ["paid", "pays", "paying", "payment", "money", "cash", "contract", "contracts", "tender",
     "expenses", "holiday", "holidays", "gift", "gifts", "hospitality", "a job", "nice job",
     "permission", "licence", "renewed", "won the", "wins the", "got the", "favour", "favours",
     "envelope", "envelopes", "💷", "💰", "🤑", "wife", "husband", "brother", "sister", "son",
     "daughter", "cousin", "mate", "mates", "in-law", "pocket", "taxis", "dinners", "budget",
     "funds", "grant"]
)  # fmt: skip


def _insinuations(draft, allegations, targets):
    """Insinuations about money or favours near someone who can be identified;
    and the allegations, less any insinuation without money or favours."""
    hints = _INSINUATING.find(draft)
    if not hints:
        return [], allegations
    favours = {m.sentence for m in _FAVOURS.find(draft)}
    about_favours = [h for h in hints if favours & {h.sentence - 1, h.sentence, h.sentence + 1}]
    idle = [h for h in hints if h not in about_favours]
    allegations = [
        a for a in allegations if not any(h.start <= a.start and a.end <= h.end for h in idle)
    ]
    spans = [
        (h.start, h.end)
        for h in about_favours
        if any(abs(t.sentence - h.sentence) <= 1 for t in targets)
    ]
    return spans, allegations


# A crime pinned on someone named as the one who did it: "Jayden from the
# Meadows has been setting fire to the bins", "the lads from Brook Lane
# Secondary smashing the bus shelter"; not someone it was done to ("Mrs Patel
# was mugged", "someone broke into Cllr Smith's car").
_DEEDS = TermList(
    ["smashing up", "smashed up", '"smashing" windows', '"smashing" the bus shelter',
     "vandalising", "vandalised the", "set fire to", "setting fire to", "setting fires",
     "broke into", "breaking into", '"keyed"', "spraying graffiti", "sprayed graffiti",
     "mugging people", "joyriding", "dealing outside", "dealing behind", "dealing round the",
     "dealing near", "dealing weed", "dealing on the", "shoplifting from", "nicking bikes",
     "nicking from"]
)  # fmt: skip
# Naming and shaming counts beside a deed or an allegation: "Tyler, Connor and
# Mason, I know who you are" (not "lads from Holme FC, I know who you are - legends").
_SHAMING = TermList(
    ["i know who you are", "we know who you are", "know exactly who you are",
     "name and shame", "naming and shaming", "named and shamed", "you have been seen",
     "you know who you are"]
)  # fmt: skip
_DONE_TO = frozenset({"was", "were", "been", "got", "get", "gets", "being"})
DEED_REACH = 12  # words between the one named and what they did


# Selling what the law keeps from children to children: "selling vapes and
# cans to 13 year olds", "serving underage kids".
_SELLS_TO_CHILDREN = re.compile(
    r"\b(?:sell|sells|selling|sold|serving|serves|served)\b[^.!?]{0,40}?\bto\s+(?:\d{1,2}[- ]?"
    r"(?:year[- ]olds|yr olds|yos)|kids|children|underage|minors|schoolkids|school kids|teenagers)"
    r"|\bserv(?:e|es|ing|ed)\s+underage\b",
    re.IGNORECASE,
)


def _deeds(draft, targets, allegations):
    deeds = _DEEDS.find(draft)
    deeds += [
        Match(*m.span(), draft.sentence_at(m.start()))
        for m in _SELLS_TO_CHILDREN.finditer(draft.text)
    ]
    spans = []
    for deed in deeds:
        first = _tokens_from(draft, deed.start, deed.end)[:1]
        before = _word_before(draft, deed.start)
        if first and first[0].word.endswith("ed") and before in _DONE_TO:
            continue  # "was mugged": done to them
        for target in targets:
            if target.sentence != deed.sentence or target.end > deed.start:
                continue
            between = _tokens_from(draft, target.end, deed.start)
            if len(between) > DEED_REACH or _CLAUSE_BREAK.search(
                draft.text, target.end, deed.start
            ):
                continue
            if (
                draft.first_word_of_sentence(target.start)
                and " " not in draft.text[target.start : target.end].strip()
                and draft.text[target.start : target.end].rstrip(".").endswith("s")
            ):
                continue  # "Vandals set fire to…": a sentence's first word, a plural
            spans.append((target.start, deed.end))
            break
    shaming = _SHAMING.find(draft)
    if shaming:
        wrongs = {m.sentence for m in deeds} | {a.sentence for a in allegations}
        spans += [
            (s.start, s.end)
            for s in shaming
            if wrongs & {s.sentence - 1, s.sentence}
            and any(abs(t.sentence - s.sentence) <= 1 for t in targets)
        ]
    return spans


def _doubted_dealings(draft, targets):
    """Money or favours in scare quotes beside someone named: Cllr Dean's
    "expenses", the chair's "consultancy fees" (not someone quoted)."""
    if not any(q in draft.text for q in "'\"‘“"):
        return []
    spans = []
    for quote in _QUOTED.finditer(draft.text):
        if len(quote.group(1).split()) > SCARE_QUOTE_WORDS or _REPORTED_BEFORE.search(
            draft.text, max(0, quote.start() - 60), quote.start()
        ):
            continue
        if all(w[:1].isupper() for w in quote.group(1).split()):
            continue  # a title: the 'Members' Allowances' panel
        inner = Draft(quote.group(1))
        if not (_FAVOURS.find(inner) or _DEALINGS.find(inner)):
            continue
        sentence = draft.sentence_at(quote.start())
        if any(t.sentence == sentence for t in targets):
            spans.append(quote.span())
    return spans


_DEALINGS = TermList(
    ["expenses", "consultancy", "fees", "donation", "donations", "business trip",
     "fact-finding", "research trip", "advisory role", "loan", "bonus", '"allowance"',
     '"allowances"']
)  # fmt: skip


def _a_pay_off(draft, match):
    """ "A six-figure pay-off for the ex-Chief Exec": a payment agreed, written
    as one word, not someone "paid off"."""
    return bool(re.fullmatch(r"pay-?offs?", draft.text[match.start : match.end], re.IGNORECASE))


def detect_defamation(draft, lists):
    # "Northgate Builders Ltd took the deposits. Crooks, the lot of them."
    # A name that holds the allegation itself is a topic, not a target:
    # "Fraud Awareness Week", "the Tackling Corruption session".
    allegations = [a for a in lists.pair_words.find(draft) if not _a_pay_off(draft, a)]
    targets = _as_matches(
        draft,
        [
            (n.start, n.end)
            for n in names(draft)
            if not any(a.start < n.end and n.start < a.end for a in allegations)
        ],
    )
    roles = [
        m
        for m in lists.context_words.find(draft)
        if draft.text[m.start : m.end].lower() not in _NOT_A_ROLE
    ]
    hinted, allegations = _insinuations(draft, allegations, targets + roles)
    hinted += _deeds(draft, targets + roles, allegations)
    hinted += _doubted_dealings(draft, targets + roles)
    spans = hinted + detect_alone_or_paired(
        draft, lists, targets, reach=1, after_only=True, pairs=allegations, context=roles
    )
    # A reply that is one accusation and then whom it is about: "Liar. 🤥
    # @DaveKnowlesPPC", "Crook! Cllr Ward", "Fraudsters, the lot. Apex Homes Ltd".
    if allegations and targets:
        spans += [
            (a.start, a.end)
            for a in allegations
            if _only_the_accusation(draft, a) and any(t.sentence == a.sentence + 1 for t in targets)
        ]
    return spans


# What may stand beside a one-word accusation: "Total liar.", "You crook!"
_WITH_AN_ACCUSATION = FILLERS | {"bloody", "proper", "massive", "lying", "such", "what"}


def _only_the_accusation(draft, allegation):
    """Whether the allegation's sentence is the allegation and a word or two
    that only make it stronger ("Fraud warning." is not one)."""
    start, end = draft.sentences[allegation.sentence]
    others = [
        t
        for t in _tokens_from(draft, start, end)
        if not allegation.start <= t.start < allegation.end
    ]
    return len(others) < SHORT_ACCUSATION_WORDS and all(
        t.word in _WITH_AN_ACCUSATION or not t.word.isalpha() for t in others
    )


SHORT_ACCUSATION_WORDS = 4
# Words that share a stem with a role and are not one ("managed to walk", not
# "the manager").
_NOT_A_ROLE = frozenset({"managed", "manage", "manages", "managing"})


def _sentence_sizes(draft):
    """{sentence: how many words it has}"""
    sizes = {}
    for token in draft.tokens:
        sizes[token.sentence] = sizes.get(token.sentence, 0) + 1
    return sizes


# A sentence that starts with one of these goes on about someone named before:
# "The report was presented by the same officer. … She is either incompetent…"
_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their"})
PRONOUN_REACH = 3  # sentences back a pronoun may point


# "It's a waste of money", "that was a shambles": a verdict said of a thing
# (a scheme, a policy, an event), not of the people who work on it.
_THING = frozenset({"it", "its", "that", "this"})
_BEFORE_A_VERDICT = frozenset(
    {"a", "an", "the", "is", "was", "be", "been", "just", "total", "complete", "absolute",
     "utter", "such", "frankly", "really", "pure"}
)  # fmt: skip


def _said_of_a_thing(draft, match):
    i = _token_at(draft, match.start)
    for k in range(i - 1, max(-1, i - 5), -1):
        token = draft.tokens[k]
        if token.sentence != match.sentence:
            return False
        if token.word in _THING:
            return True
        if token.word not in _BEFORE_A_VERDICT:
            return False
    return False


def _token_at(draft, position):
    """The index of the token that starts at (or first after) ``position``."""
    return bisect.bisect_left(draft.tokens, position, key=lambda t: t.start)


# "Housing, sort it out.": a verdict told to a service by name, not to a person.
_ADDRESSED = re.compile(r"\s*([A-Z][a-z]+),\s+")
_SERVICES = frozenset(
    {"housing", "highways", "planning", "parks", "council", "bins", "waste", "transport",
     "repairs", "licensing", "enforcement", "streetscene", "cleansing", "recycling", "finance",
     "revenues", "benefits", "education", "libraries", "environmental"}
)  # fmt: skip


def _told_to_a_service(draft, match):
    """Not "Kelly, useless as ever": a person told is still a person."""
    start, _ = draft.sentences[match.sentence]
    told = _ADDRESSED.match(draft.text, start)
    return bool(told and told.end() == match.start and told.group(1).lower() in _SERVICES)


_BODIES = ("council's", "council’s", "authority's", "authority’s", "department's", "department’s")


def _people_of(draft, roles):
    """Roles less a body's bare possessive that owns a thing: "the council's
    website" is no one; "the council's highways team" is the team."""
    kept = []
    for role in roles:
        if draft.text[role.start : role.end].lower().endswith(_BODIES):
            i = _token_at(draft, role.end)
            after = draft.tokens[i].start if i < len(draft.tokens) else len(draft.text)
            if not any(r.start == after for r in roles):
                continue
        kept.append(role)
    return kept


# Calling for someone to go: "Time she went.", "he has to go", "high time they
# moved on".
_TIME_TO_GO = re.compile(
    r"\b(?:high\s+)?time\s+(?:s?he|they)\s+(?:went|left|was gone|were gone|moved on|"
    r"packed it in|was out|were out|was shown the door|were shown the door)\b"
    r"(?!\s+(?:to|and|on|home|off|for|back|out|in|with|into))"
    r"|\b(?:s?he|they)\s+(?:has to|have to|has got to|have got to|must|should|needs? to|"
    r"ought to)\s+go\b(?!\s+(?:to|and|on|back|home|for|ahead|through|out|in|with|into))",
    re.IGNORECASE,
)


# On the phone instead of the job: "was on her phone AGAIN while kids were
# crossing", "sat on their phones all day"; not "an app on their phone".
_ON_THE_PHONE = re.compile(
    r"\b(?:was|were|is|are|been|sat|stood|always|constantly|just)\s+(?:\w+\s+)?on\s+"
    r"(?:his|her|their)\s+(?:phones?|mobiles?)\b",
    re.IGNORECASE,
)


# Laughing at the people served: "laughed in my resident's face", "laughed at us".
_LAUGHED_AT = re.compile(
    r"\blaugh(?:ed|ing|s)?\s+(?:in\s+(?:\w+(?:['’]s)?\s+){1,2}faces?|at\s+(?:me|us|them|him|her|"
    r"residents|my\s+\w+|our\s+\w+))\b",
    re.IGNORECASE,
)


def detect_staff(draft, lists):
    # "Our planning officer clearly hasn't read the file. Useless as ever."
    verdicts = [
        v
        for v in lists.pair_words.find(draft)
        if not (_said_of_a_thing(draft, v) or _told_to_a_service(draft, v))
    ]
    verdicts += _as_matches(
        draft,
        [
            m.span()
            for p in (_TIME_TO_GO, _ON_THE_PHONE, _LAUGHED_AT)
            for m in p.finditer(draft.text)
        ],
    )
    roles = _people_of(draft, lists.context_words.find(draft)) if verdicts else []
    spans = detect_alone_or_paired(
        draft, lists, reach=1, after_only=True, pairs=verdicts, context=roles
    )
    if not roles:
        return spans
    first_words = {}
    for token in draft.tokens:
        first_words.setdefault(token.sentence, token.word)
    later = [v for v in verdicts if first_words.get(v.sentence) in _PRONOUNS]
    if later:
        spans += [
            (v.start, v.end)
            for v in later
            if any(1 < v.sentence - r.sentence <= PRONOUN_REACH for r in roles)
        ]
    return spans


_PRIVATE_ABOUT_A_CHILD = TermList(
    ["excluded", "exclusion", "expelled", "suspended", "foster", "in care", "care leaver",
     "looked after", "social worker", "special needs", "autistic", "adhd", "bullied",
     "abused", "neglect", "went missing", "young carer", "free school meals", "arrested",
     "in prison", "in jail", "bereaved"]
)  # fmt: skip


def children_with_ages(text):
    """Spans of a named person given an age under 18 ("Kayden (8)", "Aisha, 4")."""
    for match in CHILD_WITH_AGE.finditer(text):
        age = int(match.group(1) or match.group(2))
        if age < ADULT_AGE and match.group().split()[0] not in NOT_NAMES:
            yield match.span()


# A youth team's age group names children: "our Under-11s", "the U14s".
YOUTH_TEAM = re.compile(r"\b(?:[Uu]nder[- ]?(\d{1,2})s|U(\d{1,2})s?)\b")
_NUMBER_WORDS = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
     "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
     "hundreds", "dozen", "dozens"}
)  # fmt: skip
_CHILD_ADJECTIVES = frozenset({"little", "young", "small", "wee", "lovely", "gorgeous"})
_SPECIFIC = frozenset({"the", "those", "these", "both"})


def _a_household_count(draft, match):
    """ "a damp flat with three kids", "60 kids every morning": children counted,
    not singled out ("the two little girls who arrived" are singled out)."""
    tokens = draft.tokens
    k = _token_at(draft, match.start) - 1
    while k >= 0 and tokens[k].word in _CHILD_ADJECTIVES:
        k -= 1
    if k < 0 or tokens[k].sentence != match.sentence:
        return False
    if not (tokens[k].word in _NUMBER_WORDS or tokens[k].word.isdigit()):
        return False
    return not (k and tokens[k - 1].word in _SPECIFIC)


def _not_negated(draft, matches):
    """Matches not just after a negation ("no photos of the children")."""
    return [m for m in matches if not TermList._negated(draft, _token_at(draft, m.start))]


# A child called by first name alone: "young Harvey", "little Alfie".
_YOUNG_NAME = re.compile(r"\b(?:[Yy]oung|[Ll]ittle|[Ww]ee)\s+(?=[A-Z][a-z]+\b(?!\s+[A-Z]))")


def children_by_first_name(draft):
    people = {n.start for n in _person_names(draft)}
    for match in _YOUNG_NAME.finditer(draft.text):
        if match.end() in people:
            yield Match(match.start(), match.end(), draft.sentence_at(match.start()))


# A year group names a whole class ("Year 6 at Greenfield Juniors won"); the
# girls or boys of it are fewer ("the girls from Year 6 at St John's").
YEAR_GROUP = re.compile(r"\bYear\s?\d{1,2}\b")
_FEWER = re.compile(r"\b(?:girls|boys|lads|lasses)\b", re.IGNORECASE)


def _year_group_singled_out(draft):
    spans = []
    for match in YEAR_GROUP.finditer(draft.text):
        start, end = draft.sentences[draft.sentence_at(match.start())]
        if _FEWER.search(draft.text, start, end):
            spans.append(match.span())
    return spans


def youth_teams(draft):
    for match in YOUTH_TEAM.finditer(draft.text):
        if int(match.group(1) or match.group(2)) < ADULT_AGE:
            yield Match(*match.span(), draft.sentence_at(match.start()))


# Someone described, then placed on a named street, is someone the street's
# neighbours know: "the young lad with autism on Cross Flatts Grove", "the
# lady who goes to the day centre on Wakefield Rd".
_ON_A_STREET = re.compile(rf"\b(?:on|at|from|off|in)\s+((?:{_CAP}\s+){{1,3}}(?:{_STREET}))\b")
_SOMEONE = frozenset(
    {"lad", "lass", "girl", "boy", "lady", "man", "woman", "fella", "bloke", "kid", "child",
     "family", "couple", "gentleman", "chap", "resident", "tenant", "neighbour", "pensioner",
     "widow", "widower", "mum", "dad", "gran", "grandad", "son", "daughter"}
)  # fmt: skip
DESCRIBED_REACH = 10  # words between the person and their street


# "the tenant in flat 6", "the couple at number 12": a home's number.
_AT_A_NUMBER = re.compile(
    r"\b(?:in|at|from)\s+((?:flat|no\.?|number|house|apartment)\s+\d{1,4}[A-Za-z]?)\b",
    re.IGNORECASE,
)


def described_on_a_street(draft):
    found = []
    for match in _AT_A_NUMBER.finditer(draft.text):
        sentence = draft.sentence_at(match.start())
        before = _tokens_from(draft, draft.sentences[sentence][0], match.start())
        if any(t.word in _SOMEONE for t in before[-DESCRIBED_REACH:]):
            found.append(Match(*match.span(1), sentence))
    for match in _ON_A_STREET.finditer(draft.text):
        if _PLACE_AFTER.match(draft.text, match.end()):
            continue  # "the little girl at Beech Road nursery": the nursery's street
        sentence = draft.sentence_at(match.start())
        before = _tokens_from(draft, draft.sentences[sentence][0], match.start())
        if any(t.word in _SOMEONE for t in before[-DESCRIBED_REACH:]):
            found.append(Match(*match.span(1), sentence))
    return found


# An old age given with frailty beside it marks out an adult at risk: "She's
# 84, on oxygen", "Ted (91) lives alone and can't manage the stairs".
_OLD_AGE = re.compile(
    r"\b(?:is|are|['’]s|aged)\s+(?:7[5-9]|[89]\d|1[01]\d)\b(?![\s-]*(?:%|per\s?cent|years? ago|"
    r"minutes|mins|mph|pence|p\b|metres|m\b|feet|miles|days|weeks|months|homes|houses|people))"
    r"|\((?:aged\s+)?(?:7[5-9]|[89]\d|1[01]\d)\)|\b(?:7[5-9]|[89]\d|1[01]\d)[- ]year[- ]old\b",
    re.IGNORECASE,
)
_FRAIL = TermList(
    ["oxygen", "frail", "housebound", "bedbound", "bed-bound", "dementia", "alzheimer's",
     "lives alone", "lives on her own", "lives on his own", "wheelchair", "walking frame",
     "zimmer", "ramp", "had a fall", "carer", "can not manage", "struggling", "confused",
     "blind", "deaf", "disabled", "vulnerable", "stairlift", "stair lift"]
)  # fmt: skip


def old_and_frail(draft):
    ages = list(_OLD_AGE.finditer(draft.text))
    if not ages or not _FRAIL.find(draft):
        return []
    return [Match(*m.span(), draft.sentence_at(m.start())) for m in ages]


# Words for a child in sayings about something else: "smooth as a baby's bum",
# "like a kid in a sweet shop", "child's play".
_CHILD_IDIOMS = TermList(
    ["baby's bum", "baby's bottom", "kid in a sweet shop", "kid in a sweetshop",
     "child in a sweet shop", "kid gloves", "child's play", "baby out with the bathwater",
     "slept like a baby", "sleep like a baby", "cry like a baby", "crying like a baby",
     "like a big kid", "big kids", "big kid"]
)  # fmt: skip
# "His lad's had his Universal Credit sanctioned": a son or daughter of any
# age, unless an age or a school says it is a child; and "the old boy who runs
# the bowling club" is a grown man.
_SON_OR_DAUGHTER = frozenset({"lad", "lass", "lads", "lasses"})
_WHOSE = frozenset({"his", "her", "their", "my", "our", "your"})
_GROWN = frozenset({"boy", "boys", "girl", "girls", "lad", "lads", "lass", "lasses"})


def _grown_son_or_daughter(draft, match, schools):
    word = re.sub(r"['’]s$", "", draft.text[match.start : match.end].lower())
    if word in _GROWN and _word_before(draft, match.start) == "old":
        return True
    if word not in _SON_OR_DAUGHTER or _word_before(draft, match.start) not in _WHOSE:
        return False
    return not any(s == match.sentence for s in schools)


def detect_safeguarding(draft, lists):
    text = draft.text
    details = [(n.start, n.end) for n in _person_names(draft)]
    details += [(m.start, m.end) for m in described_on_a_street(draft)]
    context = _not_negated(draft, lists.context_words.find(draft))
    # A school identifies a child with a picture of them (the second list:
    # "photo", "pictured") or something private about them ("excluded from
    # Parkside Academy"); a visit to a school, its pupils unnamed, is public.
    if context or _PRIVATE_ABOUT_A_CHILD.find(draft):
        details += [m.span() for m in SCHOOL.finditer(text)]
        # "his foster family in Westbrook"
        details += [m.span(1) for m in _IN_A_TOWN.finditer(text) if m.group(1) not in NOT_NAMES]
    details += [m.span() for m in AGE.finditer(text)]
    details += [m.span() for p in (STREET_ADDRESS, POSTCODE) for m in p.finditer(text)]
    details += _year_group_singled_out(draft)
    pairs = lists.pair_words.find(draft)
    groups = [p for p in pairs if _a_group_of(draft, p)]
    groups += _CHILD_IDIOMS.find(draft) if pairs else []
    # Children counted in a household are singled out once the household is
    # named and its address given ("the Haigh family at 22 Sowood Gardens… Mum
    # and three kids"); "a family with three kids at 14 Oak Road" is not named.
    addressed = {
        draft.sentence_at(m.start()) for p in (STREET_ADDRESS, POSTCODE) for m in p.finditer(text)
    }
    housed = any(draft.sentence_at(n.start) in addressed for n in _person_names(draft))
    schools = {draft.sentence_at(m.start()) for m in SCHOOL.finditer(text)}
    schools |= {draft.sentence_at(m.start()) for m in AGE.finditer(text)}
    pairs = [
        p
        for p in pairs
        if (housed or not _a_household_count(draft, p))
        and not _grown_son_or_daughter(draft, p, schools)
        and not any(g.start <= p.start and p.end <= g.end for g in groups)
    ]
    pairs += youth_teams(draft)
    pairs += old_and_frail(draft)
    pairs += children_by_first_name(draft)
    # "Visited Oak Lodge care home today - Doris, 94, told me…"
    spans = detect_alone_or_paired(
        draft, lists, _as_matches(draft, details), reach=1, pairs=pairs, context=context
    )
    # A child's name with their age identifies them on its own.
    return spans + list(children_with_ages(text))


# "Closed session? Not on my watch.", "Not yet public? Actually it is": a
# secret named in a short question only to be answered back.
_ANSWERED_BACK = frozenset(
    {"not", "no", "nope", "actually", "wrong", "nonsense", "hardly", "never"}
)
# What a "confidential" line or service offers is a way to report, not a secret.
_SERVICE = frozenset(
    {"line", "helpline", "hotline", "service", "services", "support", "advice", "counselling",
     "counseling", "reporting", "drop", "chat", "listening", "phoneline"}
)  # fmt: skip
_STREET_WORDS = frozenset(_STREET.split("|"))
# What follows "but" after "the papers aren't out till Friday" that does not tell
# what is in them: "but you can sign up now", "but I'll share them then".
_STILL_TO_COME = frozenset({"you", "keep", "watch", "look", "sign", "meanwhile", "please", "stay"})
_WILL_SHARE = frozenset({"will", "shall"})


def _asked_and_answered(draft, match):
    """Also a secret questioned: "Why was this decided in closed session?"."""
    start, end = draft.sentences[match.sentence]
    if not draft.text[start:end].rstrip().endswith("?"):
        return False
    words = [t for t in draft.tokens if t.sentence == match.sentence]
    if words and words[0].word == "why":
        return True
    following = [t for t in draft.tokens if t.sentence == match.sentence + 1]
    return len(words) <= 10 and bool(following) and following[0].word in _ANSWERED_BACK


# "Just out of the closed session. Can't tell you what was discussed…"
_REFUSES = re.compile(
    r"\W*(?:i\s+)?(?:can['’]?t|cannot|won['’]?t|will not)\s+(?:tell you|say|share)\s+"
    r"(?:what|anything)\b",
    re.IGNORECASE,
)


def _then_refused(draft, match):
    """ "Can't tell you what was discussed", unless it goes on "but…" to tell
    ("Can't say what, but Birkby baths won't see next year")."""
    if match.sentence + 1 >= len(draft.sentences):
        return False
    start, end = draft.sentences[match.sentence + 1]
    refused = _REFUSES.match(draft.text, start)
    return bool(refused) and not _BUT_TELLS.search(draft.text, refused.end(), end)


_BUT_TELLS = re.compile(
    r"\bbut\s+(?!i\b|we\b|you\b|please\b|watch\b|keep\b)\w+\s+\w+", re.IGNORECASE
)


# A leak in a sentence with one of these is water's or gas's.
_REPAIRED = frozenset(
    {"fixed", "repaired", "mended", "patched", "plumber", "plumbers", "burst", "dripping",
     "flooded", "flooding", "pipe", "pipes", "roof", "sewage", "reopens", "reopened"}
)  # fmt: skip


def _a_physical_leak(draft, match):
    """ "the Mill Lane leak", "the leak at the baths has been fixed": a leak
    with a street before it, or mended, is a pipe's."""
    if draft.text[match.start : match.end].lower() not in ("leak", "leaks"):
        return False
    i = _token_at(draft, match.start)
    if i and draft.text[draft.tokens[i - 1].start : draft.tokens[i - 1].end] in _STREET_WORDS:
        return True
    return any(t.word in _REPAIRED for t in draft.tokens if t.sentence == match.sentence)


def _a_confidential_service(draft, match):
    """ "the confidential whistleblowing line", "a confidential drop-in"."""
    if draft.text[match.start : match.end].lower() != "confidential":
        return False
    i = _token_at(draft, match.start)
    following = draft.tokens[i + 1 : i + 4]
    return any(t.word in _SERVICE and t.sentence == match.sentence for t in following)


def _goes_on_to_tell(draft, match):
    """Whether "but" follows in the sentence (or starts the next) and goes on
    to say something: "the papers don't go out till next week but the precept
    is going up 4.99%"."""
    tokens = draft.tokens
    i = _token_at(draft, match.end)
    while i < len(tokens) and tokens[i].sentence <= match.sentence + 1:
        token = tokens[i]
        if token.word == "but" and (
            token.sentence == match.sentence or (i and tokens[i - 1].sentence != token.sentence)
        ):
            rest = [t.word for t in tokens[i + 1 : i + 3] if t.sentence == token.sentence]
            if len(rest) < 2 or rest[0] in _STILL_TO_COME:
                return False
            if rest[0] == "here" and rest[1] in ("how", "where", "when"):
                return False  # "but here's how to respond when it is"
            return not (rest[0] in ("i", "we") and rest[1] in _WILL_SHARE)
        if token.sentence != match.sentence and token.word != "but":
            return False
        i += 1
    return False


# "OFFICIAL: the CA will scrap the charge. You heard it here first": a post
# headed as an announcement boasts of news it makes, it does not leak it.
_HEADED_OFFICIAL = re.compile(r"\s*official\s*[:!–—-]", re.IGNORECASE)
_FIRST_WITH_NEWS = re.compile(r"here first", re.IGNORECASE)


def _an_announcement(draft, match):
    return bool(
        _HEADED_OFFICIAL.match(draft.text)
        and _FIRST_WITH_NEWS.search(draft.text, match.start, match.end)
    )


# A secret in jest about the member's own doings: "In confidence... I've signed
# up for the Leeds Half 😂". The "secret" is the member's ("I", "my") and laughed
# at, and nothing of the council's business is in the post.
_LAUGHING = re.compile(r"😂|🤣|😆|😹|\blol\b|\bhaha|\blmao\b", re.IGNORECASE)
_COUNCIL_BUSINESS = TermList(
    ["council", "authority", "committee", "cabinet", "report", "papers", "meeting", "officer",
     "officers", "decision", "budget", "sale", "contract", "plans", "scheme", "site",
     "application", "briefing", "agenda", "item", "minutes", "vote", "bid", "mayor", "leader",
     "staff", "cuts", "closure", "closing", "deal", "funding", "figures", "draft",
     "consultation", "review", "planning", "licence", "tender", "developer", "redundancies",
     "precept", "announcement", "investigation", "complaint", "settlement", "evicted",
     "eviction", "depot", "library", "school", "stadium", "members", "councillor",
     "councillors"]
)  # fmt: skip
_OWN = frozenset({"i", "my", "me", "we", "our"})


def _a_secret_in_jest(draft, match):
    following = [t for t in draft.tokens if match.sentence <= t.sentence <= match.sentence + 1]
    start = draft.sentences[match.sentence][0]
    end = draft.sentences[min(match.sentence + 1, len(draft.sentences) - 1)][1]
    return (
        bool(_LAUGHING.search(draft.text, start, end))
        and any(t.word in _OWN and t.start >= match.end for t in following)
        and not _COUNCIL_BUSINESS.find(draft)
    )


def detect_confidential(draft, lists):
    spans = [
        (m.start, m.end)
        for m in lists.words.find(draft)
        if not (
            _an_announcement(draft, m)
            or _asked_and_answered(draft, m)
            or _then_refused(draft, m)
            or _a_physical_leak(draft, m)
            or _a_confidential_service(draft, m)
            or _a_secret_in_jest(draft, m)
        )
    ]
    # Papers not out yet (the second list) are told about when "but" goes on
    # to say what is in them, or a word near says it is shared early (the
    # third list: "sneak peek", "👀").
    pairs = lists.pair_words.find(draft)
    if pairs:
        markers = lists.context_words.find(draft)
        spans += [
            (p.start, p.end)
            for p in pairs
            if _goes_on_to_tell(draft, p) or any(abs(p.sentence - o.sentence) <= 1 for o in markers)
        ]
    return spans


# On a personal account, speaking as the councillor is still acting as one.
_ROLE_ON_PERSONAL_ACCOUNT = TermList(
    ["as your councillor", "in my official capacity", "as a member of the combined authority"],
    negatable=True,
)


# What a word list cannot say: a generalisation about a group of people, the
# group's word (the abuse check's second list) with "typical" before it, "lot"
# after it, "always" or "never" just after it, or "like her" ("typical
# travellers", "the mosque lot", "Muslims always…", "travellers are never…",
# "pensioners like him").
_ALWAYS = frozenset({"always", "never"})
_BETWEEN_GROUP_AND_ALWAYS = frozenset({"are", "is", "will", "do", "just", "all"})
_LIKE_WHOM = frozenset({"her", "him", "them", "that", "you", "this"})
_A_CABAL = frozenset(
    {"mafia", "mob", "brigade", "agenda", "cult", "propaganda", "invasion", "takeover", "cabal"}
)
# Chosen only for being one of the group: "only got the job because she's a
# woman", "just picked because he's Asian".
_ONLY_BECAUSE = re.compile(
    r"\b(?:only|just)\b[^.!?]{0,60}\bbecause\s+(?:s?he|they)\s*(?:['’]s|['’]re|is|are|was|were)"
    r"\s+(?:an?\s+)?$",
    re.IGNORECASE,
)
# Words that share a stem with a group's word and are not one ("typical travel
# times", not "travellers").
_NOT_A_GROUP = frozenset({"travel", "travels", "travelled", "traveled"})


def _group_generalisations(draft, groups):
    tokens, spans = draft.tokens, []
    for match in groups:
        first = bisect.bisect_left(draft.tokens, match.start, key=lambda t: t.start)
        last = first
        while last + 1 < len(tokens) and tokens[last + 1].end <= match.end:
            last += 1
        before = tokens[first - 1] if first else None
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if before and before.word == "typical" and before.sentence == tokens[first].sentence:
            spans.append((before.start, match.end))
        if (
            after
            and after.word == "lot"
            and after.sentence == tokens[last].sentence
            and not (last + 2 < len(tokens) and tokens[last + 2].word == "of")
        ):
            spans.append((match.start, after.end))
        for k in range(last + 1, min(last + 3, len(tokens))):
            if tokens[k].sentence != tokens[last].sentence:
                break
            if tokens[k].word in _ALWAYS:
                spans.append((match.start, tokens[k].end))
                break
            if tokens[k].word not in _BETWEEN_GROUP_AND_ALWAYS:
                break
        # "Another Polish shop on the high street. Typical."
        k = last + 1
        while k < len(tokens) and tokens[k].sentence == tokens[last].sentence:
            k += 1
        if k < len(tokens) and tokens[k].word == "typical":
            following = [t for t in tokens[k : k + 3] if t.sentence == tokens[k].sentence]
            if len(following) <= 2:
                spans.append((match.start, following[-1].end))
        # "the gay mafia", "the Muslim mob", "the trans agenda"
        if (
            after
            and after.word in _A_CABAL
            and after.sentence == tokens[last].sentence
            and not tokens[last].possessive  # "the women's agenda for the AGM"
        ):
            spans.append((match.start, after.end))
        # "She only got the job because she's a woman."
        if _ONLY_BECAUSE.search(draft.text, draft.sentences[match.sentence][0], match.start):
            spans.append((match.start, match.end))
        # "pensioners like him", "women like her"
        if (
            last + 2 < len(tokens)
            and tokens[last + 1].word == "like"
            and tokens[last + 2].word in _LIKE_WHOM
            and tokens[last + 2].sentence == tokens[last].sentence
        ):
            spans.append((match.start, tokens[last + 2].end))
    return spans


# Words that share a stem with a list's word and are not it ("illegally
# dumping", not "illegals").
_NOT_AN_INSULT = frozenset({"illegal", "illegally"})
# Someone else's words, quoted to complain of them: "told residents to 'get
# lost'", "called my constituent a "scrounger"".
_QUOTED = re.compile(r"(?<!\w)['‘\"“]([^\n'‘’\"“”]{1,80}?)['’\"”](?!\w)")
_REPORTED_BEFORE = re.compile(
    r"(?<!so-)(?<!so )\b(?:told|tell|tells|telling|called|calls|calling|said|says|saying|"
    r"shouted|shouting|"
    r"yelled|screamed|labelled|branded|dismissed|described|referred to)\b[^.!?'‘\"“]{0,40}$",
    re.IGNORECASE,
)
# A group after these is who was wronged, not who is blamed ("took deposits off
# pensioners… Thieves", "stealing from disabled people").
_WRONGED_AFTER = frozenset({"off", "from", "against"})


def _reported(draft):
    return [
        m.span(1)
        for m in _QUOTED.finditer(draft.text)
        if _REPORTED_BEFORE.search(draft.text, max(0, m.start() - 60), m.start())
    ]


def _wronged(draft, match):
    i = bisect.bisect_right(draft.tokens, match.start, key=lambda t: t.end)
    before = draft.tokens[i - 1 : i] if i else []
    return (
        bool(before) and before[0].word in _WRONGED_AFTER and before[0].sentence == match.sentence
    )


# A person called what their work was called: "Cllr Reid's 'consultation' is
# a sham and so is she", "the report is a joke, and so is he".
_SO_IS = re.compile(
    r"\b(?:sham|joke|farce|fraud|disgrace|lie|con|shambles|embarrassment|liability)\b"
    r"[^.!?]{0,30}?\band so (?:is|was|are|were) (?:she|he|they|you)\b",
    re.IGNORECASE,
)


# Who should do what, by sex: "leave the budget to the men", "leave it to the lads".
_TO_THE_MEN = re.compile(
    r"\bleave\b[^.!?]{0,30}?\bto (?:the )?(?:men|lads|blokes|boys|grown-ups)\b", re.IGNORECASE
)


# Telling someone to go away or shut up, said to them: at the start of a clause
# ("Reply to Trev: go away you sad little man") or after "you" ("you lot can
# all do one"); "the problem won't go away" tells no one.
_GO_AWAY = (
    r"(?:go away|do one|jog on|clear off|shut it|take a hike|get back in your box"
    r"|crawl back under your stone|pipe down|button it|nobody asked you|no one asked you)"
)
# Said only to someone, wherever they stand: "Shut your trap and sit down".
_SHUT_UP = re.compile(
    r"\b(?:sod off|piss off|bog off|naff off|wind your neck in|put a sock in it"
    r"|shut your (?:trap|gob|cakehole|mouth|face))\b",
    re.IGNORECASE,
)
_DISMISSAL = re.compile(
    rf"(?:^|(?<=[.!?:;,\n])\s*|\b(?:you|yous|you lot|the lot of you)"
    rf"(?:\s+(?:can|could|should|may|might|all|just|lot|two|both))*\s+){_GO_AWAY}"
    r"(?=\s*(?:you\b|the lot|back\b|[.!?,;:)]|$|[\U0001F300-\U0001FAFF\u2600-\u27BF]))",
    re.IGNORECASE | re.MULTILINE,
)
# Contempt for a person in how they are called: to their face ("you sad little
# man", "you pathetic woman") or pointed at ("that fat fraud", "what a smug
# git"). "A sad day", "the poor old man next door" call no one anything.
_PERSON = (
    r"(?:man|woman|boy|girl|lad|bloke|fella|fellow|person|creature|individual|specimen"
    r"|git|fraud|liar|crook|oaf|lump|slob|weirdo|freak|cow|sod|toad|worm|nobody)"
)
_CONTEMPT_WORDS = (
    "fat|ugly|pathetic|smug|vile|nasty|thick|dozy|jumped-up|snivelling|odious|spineless|gutless"
    "|greasy|smelly|stupid|ignorant|horrible|disgusting|bitter|miserable|sad little|silly little"
    "|silly old|sad old"
)
_CONTEMPT = re.compile(
    rf"\byou(?:\s+(?:absolute|utter|complete|total|big|little|old))*\s+"
    rf"(?:sad|silly|little|{_CONTEMPT_WORDS})(?:\s+(?:little|old|fat|wee))*\s+{_PERSON}\b"
    rf"|\b(?:that|this|what an?|such an?)\s+(?:{_CONTEMPT_WORDS})(?:\s+(?:little|old|wee))*"
    rf"\s+{_PERSON}\b",
    re.IGNORECASE,
)
# Wanting someone hurt: "wants a good hiding", "deserves a slap", "should be
# strung up", "someone should give him a slap", "hope your house floods".
_HURT = re.compile(
    r"\b(?:give|giving|gave)\s+(?:\w+\s+){1,3}a\s+(?:good\s+|proper\s+|right\s+)?(?:slap|"
    r"slapping|hiding|kicking|thump|smack|punch|clip round the ear|beating|leathering)\b"
    r"|\bhope\s+(?:you|your\s+\w+|s?he|they)\s+(?:(?!never\b|not\b|doesn|won|don)\w+\s+)?"
    r"(?:die|dies|rot|rots|burns?|floods?|"
    r"chokes?|suffers?|gets? (?:cancer|run over|hit by|what['’]?s coming))\b"
    r"|\b(?:wants?|needs?|deserves?|could do with|should get|ought to get|is asking for|"
    r"are asking for)\s+(?:a\s+)?(?:good\s+|proper\s+|right\s+|bloody\s+)?(?:hiding|kicking|"
    r"slap|slapping|thump|thumping|beating|leathering|battering|belting|shoeing|smack|punch"
    r"|kick up the arse)\b"
    r"|\b(?:should be|wants?|needs?|ought to be|deserves? to be)\s+(?:strung up|stringing up|"
    r"lynched|horsewhipped|flogged|shot(?!\s+of))\b"
    r"|\b(?:wants?|needs?)\s+(?:shooting|hanging|horsewhipping|flogging|putting down)\b",
    re.IGNORECASE,
)
# A member of a group left out of work or public life because of it, said
# right after the group: "Women have no business chairing Highways",
# "travellers should not be allowed near the school".
_KEPT_OUT = TermList(
    ["have no business", "has no business", "should not be allowed", "should never be allowed",
     "should not be let", "can not be trusted", "are not fit", "is not fit", "are not capable",
     "should stick to", "should stay in", "should stay at home", "do not belong",
     "should not be in charge", "should not be chairing", "should not be standing"]
)  # fmt: skip
KEPT_OUT_GAP = 2  # words between the group and what it may not do
# A disclaimer before a jab at a group: "Nowt against gays but…", "no offence
# to the Polish lads, but…", "I'm not racist but…".
_NOTHING_AGAINST = re.compile(
    r"\b(?:nothing|nowt|no offence|no problem|no issue|not got anything)\s+(?:against|to|with)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_A_BIGOT = re.compile(
    r"\b(?:i['’]?m|i am|am|not being)\s+not\s+(?:being\s+)?(?:racist|homophobic|sexist|"
    r"transphobic|islamophobic|a racist|a bigot|prejudiced)\b[^.!?]{0,20}?\bbut\b"
    r"|\bnot being (?:racist|homophobic|sexist|transphobic)\b[^.!?]{0,20}?\bbut\b",
    re.IGNORECASE,
)
# Sent away to where they came from without saying "go back": "you know where
# the airport is", "there's the door".
_KNOW_THE_WAY = re.compile(
    r"\byou know where the (?:airport|ferry|border|boats?|channel) is\b"
    r"|\bdon['’]?t like it here\b\W{0,3}[^.!?]{0,20}?\b(?:leave|go|off you go)\b",
    re.IGNORECASE,
)
# Not troubling to fit in, said of others: "they can't be bothered learning
# English", "won't even try to speak English", "integrate or go home".
_WONT_FIT_IN = re.compile(
    r"\b(?:can['’]?t be bothered|cannot be bothered|won['’]?t|will not|refuse to|refusing to|"
    r"never bother|make no effort)\s+(?:even\s+)?(?:to\s+)?(?:try\s+(?:to\s+)?)?"
    r"(?:learn(?:ing)?|speak(?:ing)?)\s+(?:the\s+)?(?:English|the language)\b"
    r"|\bintegrate or (?:go|leave|get out|don['’]?t bother|clear off|go home)\b",
    re.IGNORECASE,
)
# Age held against someone in a public role: "is 79 and should be in a home,
# not chairing Scrutiny", "too old to chair anything".
_TOO_OLD = re.compile(
    r"\bshould be in (?:a|an old people['’]?s|a care|a nursing)\s*home,?\s+not\s+(?:chairing|"
    r"running|leading|sitting on|standing|making decisions|in charge|on the|deciding|voting|"
    r"representing)\b"
    r"|\btoo old to (?:chair|lead|run|sit|stand|be a councillor|be in charge|make decisions)\b",
    re.IGNORECASE,
)


def _shapes_of_contempt(draft):
    text = draft.text
    return [
        m.span()
        for pattern in (
            _DISMISSAL,
            _SHUT_UP,
            _CONTEMPT,
            _HURT,
            _NOT_A_BIGOT,
            _WONT_FIT_IN,
            _TOO_OLD,
            _KNOW_THE_WAY,
        )
        for m in pattern.finditer(text)
    ]


def _kept_out(draft, groups):
    """A group with what it may not do just after it, in one clause."""
    spans = []
    for rule in _KEPT_OUT.find(draft):
        for group in groups:
            if group.sentence != rule.sentence or group.end > rule.start:
                continue
            between = _tokens_from(draft, group.end, rule.start)
            if len(between) <= KEPT_OUT_GAP and not _CLAUSE_BREAK.search(
                draft.text, group.end, rule.start
            ):
                spans.append((group.start, rule.end))
    return spans


def _nothing_against(draft, groups):
    """ "Nowt against gays but…": the group after a disclaimer, "but" to follow."""
    spans = []
    for group in groups:
        if not _NOTHING_AGAINST.search(draft.text, max(0, group.start - 30), group.start):
            continue
        _, end = draft.sentences[group.sentence]
        if re.search(r"\bbut\b", draft.text[group.end : end], re.IGNORECASE):
            spans.append((group.start, group.end))
    return spans


def detect_abuse(draft, lists):
    insults = [
        m
        for m in lists.words.find(draft)
        if draft.text[m.start : m.end].lower() not in _NOT_AN_INSULT
    ]
    if insults and (
        "'" in draft.text or '"' in draft.text or "‘" in draft.text or "“" in draft.text
    ):
        quoted = _reported(draft)
        insults = [m for m in insults if not any(s <= m.start and m.end <= e for s, e in quoted)]
    spans = [(m.start, m.end) for m in insults]
    spans += [m.span() for m in _SO_IS.finditer(draft.text)]
    spans += [m.span() for m in _TO_THE_MEN.finditer(draft.text)]
    spans += _shapes_of_contempt(draft)
    named = [
        m
        for m in lists.context_words.find(draft)
        if draft.text[m.start : m.end].lower() not in _NOT_A_GROUP
    ]
    # "Nowt against gays but…" names the group after "against" and still blames it.
    spans += _nothing_against(draft, named)
    groups = [m for m in named if not _wronged(draft, m)]
    if groups:
        pairs = lists.pair_words.find(draft)
        # "drove straight past a woman with a pram": one person, not the group.
        many = [g for g in groups if not _one_passed_by(draft, g)]
        spans += _pairs(draft, pairs, many)
        # "Of course the travellers are back. Lock up your sheds, everyone." A
        # "Typical." after the group is judged by _group_generalisations.
        later = [p for p in pairs if draft.text[p.start : p.end].lower() != "typical"]
        spans += _pairs(draft, later, many, reach=1, after_only=True)
        spans += _group_generalisations(draft, groups)
        spans += _doubted(draft, groups)
        spans += _kept_out(draft, groups)
    return spans


_ONE_OF = frozenset({"a", "an"})
_PASSED = frozenset(
    {"past", "to", "at", "by", "with", "behind", "for", "towards", "beside", "near", "from"}
)


def _one_passed_by(draft, group):
    """ "past a woman", "to an elderly man": one person, the object of what
    someone else did."""
    i = _token_at(draft, group.start)
    return (
        i >= 2
        and draft.tokens[i - 1].word in _ONE_OF
        and draft.tokens[i - 2].word in _PASSED
        and draft.tokens[i - 2].sentence == group.sentence
    )


SCARE_QUOTE_WORDS = 3


def _doubted(draft, groups):
    """A group's name in scare quotes, its people doubted: another minibus of
    "asylum seekers", some of the 'wheelchair users' (not someone quoted)."""
    quoted = [
        m
        for m in _QUOTED.finditer(draft.text)
        if len(m.group(1).split()) <= SCARE_QUOTE_WORDS
        and not _REPORTED_BEFORE.search(draft.text, max(0, m.start() - 60), m.start())
    ]
    return [
        (g.start, g.end)
        for g in groups
        for q in quoted
        if q.start(1) <= g.start and g.end <= q.end(1)
    ]


# Speaking as the body: "I sit on the Combined Authority. Our answer is no."
_AS_THE_BODY = frozenset({"we", "our", "us", "ours"})


def detect_capacity(draft, lists):
    # "will not back down" is standing firm, not backing something.
    positions = [
        p
        for p in lists.pair_words.find(draft)
        if not (
            _tokens_from(draft, p.start, p.end)[-1].stem == "back"
            and _next_word(draft, p.end) == "down"
        )
    ]
    bodies = lists.context_words.find(draft) if positions else []
    if positions:
        bodies += [
            Match(*m.span(), draft.sentence_at(m.start()))
            for m in _AUTHORITY_INITIALS.finditer(draft.text)
        ]
    # "on behalf of", "we at", "speaking for" say whom they speak for in the
    # words after them: "I've written to the Combined Authority on behalf of
    # Holme residents" speaks for the residents.
    naming = [p for p in positions if _names_what_follows(draft, p)]
    plain = [p for p in positions if p not in naming] if naming else positions
    spans = detect_alone_or_paired(draft, lists, pairs=plain, context=bodies)
    spans += [
        (p.start, b.end)
        for p in naming
        for b in bodies
        if b.sentence == p.sentence and b.start >= p.end and _beside(draft, p, b, gap=NAMING_GAP)
    ]
    if bodies:
        # In the next sentence, a position counts only when it is said as "we".
        speaking_as = {t.sentence for t in draft.tokens if t.word in _AS_THE_BODY}
        # "We at the Friends of Elm Park…" says who "we" are (``naming``): only
        # the same sentence can make that the Authority.
        later = [p for p in plain if p.sentence in speaking_as]
        spans += _pairs(draft, later, bodies, reach=1, after_only=True)
    if positions:
        spans += _council_speaks(draft, positions)
    spans += _body_backs_a_cause(draft, lists)
    spans += [m.span() for m in _FROM_THE_BODY.finditer(draft.text)]
    spans += [
        m.span()
        for m in _THE_BODYS_ANSWER.finditer(draft.text)
        if not m.group("heading")
        or m.group("heading") in _BODY_HEADINGS
        or not _is_common_word(m.group("heading"))
    ]
    spans += _directed(draft, lists)
    spans += _body_decides_on_my_authority(draft, lists)
    if _HEADED_OFFICIAL.match(draft.text):
        # "Official: Wakefield Council is endorsing…": the body's news, made.
        first = draft.sentences[0]
        spans += [
            (m.start, m.end)
            for m in _councils(draft) + lists.context_words.find(draft)
            if first[0] <= m.start < first[1]
        ]
    if draft.account == "personal":
        spans += [(m.start, m.end) for m in _ROLE_ON_PERSONAL_ACCOUNT.find(draft)]
    return spans


# A council, named or not, is a body a member can speak for too, but "the
# council" is in many sentences that claim nothing; so it counts only right
# beside the position ("on behalf of Eastmere Borough Council", "We at
# Northfield Council don't want…", "Dudley Council will be scrapping…", "the
# council's official line is"), and not when someone else is reported as
# speaking ("Our Leader has written… on behalf of the council").
_A_COUNCIL = TermList(["the council", "our council", "the whole council", "this council"])
_COUNCIL_NAME = re.compile(r"\b(?:Council|Authority)\.?$")
_REPORTED_SPEAKER = frozenset(
    {"written", "wrote", "writes", "said", "says", "spoke", "speaks", "told", "tells"}
)


# The body said to take a side in a cause, an election or a candidate: "the
# council supports Saturday's march", "the CA backs the drivers' strike",
# "Wakefield Council is endorsing Jane Ackroyd".
_BACKS = TermList(
    ["supports", "backs", "is behind", "stands behind", "opposes", "is against", "endorses",
     "is endorsing", "has endorsed", "is backing", "stands with", "is standing with",
     "stands by"]
)  # fmt: skip
_CAUSE = TermList(
    ["march", "campaign", "protest", "strike", "petition", "rally", "demo", "demonstration",
     "boycott", "walkout", "picket", "vigil", "election", "by-election", "candidate",
     "candidates", "labour", "conservative", "conservatives", "tory", "tories", "reform",
     "lib dem", "lib dems", "liberal democrats", "green party", "independent"]
)  # fmt: skip


def _body_backs_a_cause(draft, lists):
    backs = _BACKS.find(draft)
    if not backs:
        return []
    causes = {m.sentence for m in _CAUSE.find(draft)}
    causes |= {
        b.sentence
        for b in backs
        if any(
            n.person and n.start >= b.end
            for n in names(draft)
            if draft.sentence_at(n.start) == b.sentence
        )
    }
    backs = [b for b in backs if b.sentence in causes]
    if not backs:
        return []
    bodies = lists.context_words.find(draft) + _councils(draft)
    return [
        (body.start, b.end)
        for b in backs
        for body in bodies
        if body.sentence == b.sentence and body.end <= b.start and _next_to(draft, body, b)
    ]


# A combined authority by its initials: "WYCA", "GMCA", "the SYMCA board".
_AUTHORITY_INITIALS = re.compile(r"\b[A-Z]{1,4}CA\b")
# The body's stance said as such: "Kirklees position: …", "quote me on that as
# the council's answer", "this is the Authority's position".
_THE_BODYS_ANSWER = re.compile(
    r"\b(?i:as|is|that['’]s|this['’]s|here['’]s)\s+(?i:the\s+)?(?:[A-Z]\w+\s+)?(?i:council|"
    r"authority|combined authority|CA)['’]s\s+(?i:official\s+)?(?i:answer|position|line|stance|"
    r"view|verdict|response)\b"
    # "Kirklees position:", not "Parking position:" (a common word, no body).
    r"|\b(?i:as far as)\s+(?i:the\s+)?(?:[A-Z]\w+\s+)?(?i:council|authority|combined authority|CA)"
    r"\s+(?i:is|are)\s+(?i:concerned)\b"
    r"|^\s*(?!My\b|Our\b|I\b)(?P<heading>[A-Z]\w+)\s+(?:[A-Z]\w+\s+){0,2}"
    r"(?:Council\s+|Authority\s+)?(?:position|line|stance|verdict)\s*:",
    re.MULTILINE,
)
# A member who says they have directed the council in what it will do: "the
# council will be refunding everyone's fines. I've told them to." ("I've told
# the council to fix the potholes" is asking, with nothing it will do.)
_DIRECTED = re.compile(
    r"\bI\s*(?:['’]ve|\s+have)?\s+(?:told|instructed|ordered|directed)\s+(?:them|officers|"
    r"the officers|council officers|staff|the council)\s+to\b",
)
_BODY_HEADINGS = frozenset({"Council", "Authority", "CA", "Cabinet"})
_WILL = frozenset({"will", "shall"})
DIRECTED_REACH = 1  # sentences between what the body will do and the order


# What the body will do, told with the member's own authority: "The Authority
# won't be renewing the contract - you heard it from me first", "Calderdale
# Council has decided: no more fireworks. I can confirm that." ("The council
# will be gritting tonight" is news passed on.)
_ON_MY_AUTHORITY = TermList(
    ["i can confirm", "can confirm that", "you heard it from me", "heard it here first",
     "take it from me", "on the record", "that is final"]
)  # fmt: skip
_DECIDES = frozenset({"will", "shall", "has", "is", "are"})
_DECIDED = frozenset({"decided", "agreed", "resolved", "going", "not", "never"})


def _body_decides_on_my_authority(draft, lists):
    markers = _ON_MY_AUTHORITY.find(draft)
    if not markers:
        return []
    spans = []
    for body in _councils(draft) + lists.context_words.find(draft):
        following = _tokens_from(draft, body.end, draft.sentences[body.sentence][1])[:3]
        words = [t.word for t in following]
        if not words or words[0] not in _DECIDES:
            continue
        if words[0] not in _WILL and not set(words[1:]) & _DECIDED:
            continue  # "the council is a big employer"
        if any(abs(m.sentence - body.sentence) <= 1 for m in markers):
            spans.append((body.start, following[-1].end))
    return spans


def _directed(draft, lists):
    orders = [
        Match(*m.span(), draft.sentence_at(m.start())) for m in _DIRECTED.finditer(draft.text)
    ]
    if not orders:
        return []
    will = set()
    for body in _councils(draft) + lists.context_words.find(draft):
        following = _tokens_from(draft, body.end, draft.sentences[body.sentence][1])[: BODY_GAP + 1]
        if any(t.word in _WILL for t in following):
            will.add(body.sentence)
    return [
        (o.start, o.end) for o in orders if any(0 <= o.sentence - s <= DIRECTED_REACH for s in will)
    ]


def _next_to(draft, first, second):
    """Whether only small words ("fully", "really") come between two matches
    ("the council fully supports", not "the council's grant supports")."""
    if draft.text[first.end - 2 : first.end].lower() in ("'s", "’s"):
        return False
    between = _tokens_from(draft, first.end, second.start)
    return not _CLAUSE_BREAK.search(draft.text, first.end, second.start) and all(
        t.word in FILLERS for t in between
    )


def _councils(draft):
    return _A_COUNCIL.find(draft) + [
        Match(n.start, n.end, draft.sentence_at(n.start))
        for n in names(draft)
        if not n.person and _COUNCIL_NAME.search(draft.text[n.start : n.end])
    ]


def _council_speaks(draft, positions):
    councils = _councils(draft)
    if not councils:
        return []
    reported = {t.sentence for t in draft.tokens if t.word in _REPORTED_SPEAKER}
    spans = []
    for pos in positions:
        if pos.sentence in reported:
            continue
        # "on behalf of", "we at": the council must be the one it names
        # ("I asked Dudley Council on behalf of residents…" speaks for residents).
        names_after = _names_what_follows(draft, pos)
        for council in councils:
            if names_after and council.start < pos.end:
                continue
            if _word_before(draft, council.start) in _ASKS_THE_COUNCIL:
                continue  # "I've asked the council to call on the Government"
            if council.sentence == pos.sentence and _beside(draft, council, pos):
                spans.append((min(pos.start, council.start), max(pos.end, council.end)))
    return spans


_NAMES_WHAT_FOLLOWS = re.compile(
    r"(?:on behalf|we at|we on|speaking for|speak for|speaking as)\b", re.IGNORECASE
)
NAMING_GAP = 6  # "on behalf of all of us at the Combined Authority"


def _names_what_follows(draft, position):
    """Whether a position says whom it speaks for in the words after it."""
    return bool(_NAMES_WHAT_FOLLOWS.match(draft.text, position.start))


_ASKS_THE_COUNCIL = frozenset(
    {"asked", "ask", "asking", "urge", "urged", "urging", "lobbied", "lobbying", "told", "tell"}
)


def _next_word(draft, position):
    """The first word that starts at or after ``position``."""
    i = bisect.bisect_left(draft.tokens, position, key=lambda t: t.start)
    return draft.tokens[i].word if i < len(draft.tokens) else ""


def _word_before(draft, position):
    """The last word that ends at or before ``position``."""
    i = bisect.bisect_right(draft.tokens, position, key=lambda t: t.end)
    return draft.tokens[i - 1].word if i else ""


def _beside(draft, one, other, gap=BODY_GAP):
    """Whether two matches in one clause have at most ``gap`` words between them."""
    first, second = (one, other) if one.start <= other.start else (other, one)
    if first.end > second.start:
        return False
    if _CLAUSE_BREAK.search(draft.text, first.end, second.start) and not re.fullmatch(
        r"[\s,]*", draft.text[first.end : second.start]
    ):
        return False
    between = _tokens_from(draft, first.end, second.start)
    return len({t.start for t in between}) <= gap


HASTE_FEELINGS = {"angry", "tired", "drink"}


# A late hour is the member's ("it's 2am and I'm still up") unless the sentence
# gives it to something else (the haste check's second list: "licence", "noise").
_CLOCK = re.compile(
    r"\d\s*(?:am|pm)\b|o'?clock|in the morning|middle of the night|midnight", re.IGNORECASE
)


def _said_of_something_else(draft, match, others):
    """ "a 2am licence", "music at 3am"; "my blood is boiling - literally"."""
    if _CLOCK.search(draft.text, match.start, match.end) and any(
        o.sentence == match.sentence for o in others
    ):
        return True
    i = _token_at(draft, match.end)
    return i < len(draft.tokens) and draft.tokens[i].word == "literally"


_HOURS_AND_SLEEP = re.compile(rf"{_CLOCK.pattern}|sleep|slept|since", re.IGNORECASE)


def _a_late_hour_in_good_spirits(draft, match, cleared):
    """ "It's 1am and the gritters are out. Thank you, crews!", "No sleep for
    our gritting crews - huge thanks to them": an hour or a short night alone
    is no haste in a post that thanks or praises next to it."""
    return bool(_HOURS_AND_SLEEP.search(draft.text, match.start, match.end)) and any(
        abs(match.sentence - sentence) <= 1 for sentence in cleared
    )


_COUNT = (
    r"(?:a\s+couple(?:\s+of)?|a\s+few|few|two|three|four|five|six|seven|eight|nine|ten"
    r"|several|\d{1,2})"
)
_ORDINAL = r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
_DRINK = (
    r"(?:pints?|drinks?|glass(?:es)?(?:\s+of\s+(?:red|white|wine|rose|rosé|fizz|prosecco))?"
    r"|jars|bevvies|beers?|ciders?|cans|bottles?(?:\s+of\s+(?:red|white|wine|rose|rosé|fizz|prosecco))?"
    r"|shots|gins?|vodkas?|whiskys?|whiskies|wines?|proseccos?|lagers?|ales?|stouts?)"
)
# Drinks counted as what the member has just had: "after three pints", "downed a
# few beers", "on my fourth glass of red". A pint of milk or a glass of water is
# no drink, and "had two drinks with the Mayor last month" tells of another day.
_DRINKS_COUNTED = re.compile(
    rf"\b(?:after|downed|sunk|sank|necked|knocked\s+back)\s+{_COUNT}\s+(?:of\s+)?{_DRINK}\b"
    # "Few bevvies at the rugby club do and just read…": the count starts the
    # sentence, as a diary does.
    rf"|(?:^|(?<=[.!?\n])\s*)(?:a\s+)?(?:couple(?:\s+of)?|{_COUNT})\s+(?:of\s+)?{_DRINK}\s+"
    r"(?:(?:at|with|after)\b|(?:in|down)\b(?=\s*(?:[,&.!+]|and\b)))"
    rf"|\bon\s+(?:my|me)\s+{_ORDINAL}\s+{_DRINK}\b",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_A_DRINK = re.compile(r"\s+of\s+(?:milk|water|squash|juice|tea|coffee|blood)\b", re.IGNORECASE)


def _drinks_counted(draft):
    return [
        (m.start(), m.end())
        for m in _DRINKS_COUNTED.finditer(draft.text)
        if not _NOT_A_DRINK.match(draft.text, m.end())
    ]


def detect_haste(draft, lists):
    matches = lists.words.find(draft)
    others = lists.context_words.find(draft) if matches else []
    cleared = {m.sentence for m in lists.unless_words.find(draft)} if matches else set()
    spans = [
        (m.start, m.end)
        for m in matches
        if not (
            _said_of_something_else(draft, m, others)
            or _a_late_hour_in_good_spirits(draft, m, cleared)
        )
    ]
    spans += _drinks_counted(draft)
    if draft.feelings & HASTE_FEELINGS and not spans:
        spans.append((0, 0))  # about the whole post, not a passage of it
    return spans


DETECTORS = {
    Kind.PERSONAL_DATA: detect_personal_data,
    Kind.CONFIDENTIAL: detect_confidential,
    Kind.PREDETERMINATION: detect_predetermination,
    Kind.DEFAMATION: detect_defamation,
    Kind.ABUSE: detect_abuse,
    Kind.STAFF: detect_staff,
    Kind.CAPACITY: detect_capacity,
    Kind.SAFEGUARDING: detect_safeguarding,
    Kind.HASTE: detect_haste,
}


def _merge(spans):
    merged = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1] and end > merged[-1][0]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@sensitive_variables("text", "draft")
def run(text, checks, *, account="", feelings=()):
    """[Finding] in the order of the text, for ``checks``: {kind: Lists}."""
    draft = Draft(text, account=account, feelings=feelings)
    findings = []
    for kind, lists in checks.items():
        blocked = _unless(draft, lists, kind)
        spans = [
            (s, e)
            for s, e in DETECTORS[kind](draft, lists)
            if e == 0 or draft.sentence_at(s) not in blocked
        ]
        findings += [Finding(str(kind), s, e) for s, e in _merge(spans)]
    return sorted(findings, key=lambda f: (f.start, f.end, f.kind))
