"""Duplicate detection for clients across transliterations, spellings and name order.

Pure Python, no database access. Intake stores :func:`blocking_keys` per client, finds the
records that share a key with the new person (see :func:`prefilter_keys`) and hands them to
:func:`rank`, which scores each pair from 0 to 1 and says why.

How a name is compared
----------------------
Every name is cut into tokens (given names, family names and the name in the original script
each count). A token carries

* ``norm``: lower-case Latin, transliterated (own tables for Arabic, Persian and Cyrillic
  script, ``anyascii`` for everything else);
* ``fine``: a consonant skeleton that ignores vowels and the usual transliteration choices
  (kh/ch/h, sh/sch/zh/s, dsch/dj/j, ph/f, w/v, th/t, doubled letters, German umlaut spellings).
  Arabic script writes no short vowels, so the skeleton is also what lets "محمد" meet "Mohammed";
* ``coarse``: a rougher skeleton (all sibilants, all velars and h, d/t, b/p merged) for the
  blocking keys, where recall matters more than precision;
* ``canonical``: the group of a curated list of common names (Mohammed/Muhammad/Mehmet/Maxamed,
  Youssef/Yusuf/Jusuf, Oleksandr/Aleksandr/Alexander …). Two tokens in different groups
  (Hassan/Hussein, Amir/Omar) are different names even when their skeletons agree.

Tokens of two records are paired by the best one-to-one assignment regardless of given/family
role, so swapped name order and partly recorded names (one of several given names) still match;
swapped order and left-out names lower the score a little and are named as reasons. Birth-date
evidence then scales the name score (same date, day and month swapped, same year and month, …).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from anyascii import anyascii
from django.utils.translation import gettext as _
from rapidfuzz.distance import JaroWinkler

__all__ = [
    "DEFAULT_THRESHOLD",
    "Match",
    "PersonRecord",
    "blocking_keys",
    "name_query_keys",
    "normalise",
    "prefilter_keys",
    "rank",
    "score_pair",
]

# Tuned on kim/cases/tests/data/name_variants.csv (see test_matching_quality.py and docs/bench.md).
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True)
class PersonRecord:
    id: str
    given_names: str
    family_name: str
    names_original: str = ""  # the name in the original script, if known
    birth_date: date | None = None
    birth_year: int | None = None
    birth_month: int | None = None


@dataclass(frozen=True)
class Match:
    record_id: str
    score: float  # 0..1
    reasons: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Transliteration
# --------------------------------------------------------------------------------------------

# Arabic and Persian letters → a readable Latin transliteration (used by normalise()).
_ARABIC_LATIN: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "پ": "p", "ت": "t", "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ە": "e", "ة": "a",
    "و": "w", "ۆ": "o", "ي": "y", "ی": "y", "ێ": "e", "ى": "a", "ڤ": "v", "ڕ": "r", "ڵ": "l",
    "\u064e": "a", "\u0650": "i", "\u064f": "u",  # fatha, kasra, damma (if vowelled)
}  # fmt: skip

# Arabic and Persian letters → alternatives in the fine skeleton alphabet ("" = vowel, dropped).
# Letters pronounced differently in Arabic, Persian and Turkish get several alternatives:
# ض is d in Arabic (Ramadan) and z in Persian/Turkish (Ramazan), ث is th/t or s (Uthman/Osman),
# ذ is dh/d or z, ق is q/k or g (Persian), ج is j or g (Egyptian), و is w/v or a long vowel.
_ARABIC_FINE: dict[str, tuple[str, ...]] = {
    "ا": (".",), "أ": (".",), "إ": (".",), "آ": (".",), "ٱ": (".",), "ء": (".",), "ؤ": (".",),
    "ئ": (".",), "ع": (".",), "ة": (".",), "ى": (".",), "ە": (".",), "ۆ": (".",), "ێ": (".",),
    "ب": ("b",), "پ": ("p",), "ت": ("d",), "ث": ("d", "s"), "ج": ("j", "g"), "چ": ("c",),
    "ح": ("h",), "خ": ("h",), "د": ("d",), "ذ": ("d", "z"), "ر": ("r",), "ڕ": ("r",),
    "ز": ("z",), "ژ": ("s", "j"), "س": ("s",), "ش": ("s",), "ص": ("s",), "ض": ("d", "z"),
    "ط": ("d",), "ظ": ("z",), "غ": ("g",), "ف": ("f",), "ڤ": ("f",), "ق": ("k", "g"),
    "ك": ("k",), "ک": ("k",), "گ": ("g",), "ل": ("l",), "ڵ": ("l",), "م": ("m",),
    "ن": ("n",), "ه": ("h",), "و": (".", "f"), "ي": (".",), "ی": (".",),
}  # fmt: skip
_ARABIC_INITIAL_FINE: dict[str, tuple[str, ...]] = {"و": ("f",), "ي": ("y",), "ی": ("y",)}

_CYRILLIC_COMMON: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ъ": "", "ю": "yu", "я": "ya", "ё": "yo", "ў": "w", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dzh", "ќ": "kj", "ѓ": "gj", "ѕ": "dz",
}  # fmt: skip
# Russian and Belarusian (passport transliteration, close to what German offices write)
_CYRILLIC_RU = {**_CYRILLIC_COMMON, "г": "g", "е": "e", "и": "i", "ы": "y", "э": "e", "і": "i"}
# Ukrainian (official romanisation of 2010): г → h, и → y, і → i, ї → yi, є → ye, ґ → g
_CYRILLIC_UK = {**_CYRILLIC_COMMON, "г": "h", "ґ": "g", "е": "e", "и": "y", "і": "i", "ї": "yi", "є": "ye"}
_UKRAINIAN_LETTERS = frozenset("іїєґ")

_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
_ARABIC_MARKS_RE = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_SPLIT_RE = re.compile(r"[^a-z]+")

SCRIPT_LATIN = "latin"
SCRIPT_ARABIC = "arabic"
SCRIPT_CYRILLIC = "cyrillic"


def _script_of(word: str) -> str:
    if _ARABIC_RE.search(word):
        return SCRIPT_ARABIC
    if _CYRILLIC_RE.search(word):
        return SCRIPT_CYRILLIC
    return SCRIPT_LATIN


def _latin_of_word(word: str, *, ukrainian: bool) -> str:
    """One word of any script in lower-case ASCII letters (other characters become spaces)."""
    script = _script_of(word)
    if script == SCRIPT_ARABIC:
        text = "".join(_ARABIC_LATIN.get(ch, anyascii(ch)) for ch in _ARABIC_MARKS_RE.sub("", word))
    elif script == SCRIPT_CYRILLIC:
        table = _CYRILLIC_UK if ukrainian else _CYRILLIC_RU
        text = "".join(table.get(ch, anyascii(ch)) for ch in word.lower())
    else:
        text = anyascii(word)
    return _SPLIT_RE.sub(" ", text.lower().replace("'", "").replace("`", "")).strip()


def normalise(name: str) -> str:
    """Lower-case Latin letters and single spaces: diacritics removed, script transliterated."""
    ukrainian = any(ch in _UKRAINIAN_LETTERS for ch in name.lower())
    words = (_latin_of_word(word, ukrainian=ukrainian) for word in name.split())
    return " ".join(" ".join(words).split())


# --------------------------------------------------------------------------------------------
# Phonetic skeletons
# --------------------------------------------------------------------------------------------

# Latin spelling → fine skeleton symbols, longest pattern first at each position.
# Each entry lists alternatives; "" drops the sound. Vowels are "." (dropped after collapsing).
_LATIN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dsch", ("j",)), ("tsch", ("c",)), ("shch", ("s",)), ("dzh", ("j",)), ("dsh", ("j",)),
    ("sch", ("s",)), ("tch", ("c",)), ("dj", ("j",)), ("zh", ("s",)), ("sh", ("s",)),
    ("kh", ("h",)), ("ch", ("h", "c")), ("ck", ("k",)), ("ph", ("f",)), ("th", ("d",)),
    ("dh", ("d",)), ("gh", ("g",)), ("ts", ("z",)), ("tz", ("z",)), ("qu", ("k",)),
    ("ae", (".",)), ("oe", (".",)), ("ue", (".",)), ("ou", (".",)), ("ee", (".",)),
    ("a", (".",)), ("e", (".",)), ("i", (".",)), ("o", (".",)), ("u", (".",)),
    ("y", (".",)), ("b", ("b",)), ("c", ("k",)), ("d", ("d",)), ("f", ("f",)), ("g", ("g",)),
    ("h", ("h",)), ("j", ("j",)), ("k", ("k",)), ("l", ("l",)), ("m", ("m",)), ("n", ("n",)),
    ("p", ("p",)), ("q", ("k",)), ("r", ("r",)), ("s", ("s",)), ("t", ("d",)), ("v", ("f",)),
    ("w", ("f",)), ("x", ("ks",)), ("z", ("z",)),
)  # fmt: skip
_LATIN_RULES_BY_FIRST: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    first: tuple(rule for rule in _LATIN_RULES if rule[0][0] == first) for first in "abcdefghijklmnopqrstuvwxyz"
}
_VOWELS = frozenset("aeiouy")
# Context rules that the table above cannot express (position-dependent spellings):
# a word-initial j is y in German and Romanian spelling (Jusuf, Joana) and dsch elsewhere (Jamal);
# elsewhere j is the i-glide of Slavic names (Andrij, Bojko, Gnatjuk) or the zh of Kurdish (Rojda);
# c is k (Popescu), Turkish dsch/tsch (Cemal, Kılıç) or the Somali ayn (Cabdi, Jaamac);
# x is ks, or h in Somali and Kurdish orthography (Maxamed, Xelîl); g (Turkish ğ) and h between vowels
# are often silent or left out (Doğan/Doan, Zabihullah/Zabiullah).
_C_INITIAL = ("k", "j", "c", ".")
_C_MEDIAL = ("k", "j", "c")
_C_FINAL = ("k", "c", ".")
_CYRILLIC_OVERRIDES = {"ch": ("c",)}  # in Cyrillic transliteration "ch" is always ч (tsch)


def _context_options(norm: str, position: int, pattern: str, options: tuple[str, ...]) -> tuple[str, ...]:
    before = norm[position - 1] if position > 0 else ""
    after = norm[position + len(pattern)] if position + len(pattern) < len(norm) else ""
    context: tuple[str, ...] | None = None
    if pattern == "j":
        context = ("j", "y", ".") if position == 0 else ("j", ".", "s")
    elif pattern == "y" and position == 0:
        context = ("y", ".")
    elif pattern == "c":
        context = _C_INITIAL if position == 0 else (_C_FINAL if not after else _C_MEDIAL)
    elif pattern == "x":
        context = ("ks", "h")
    elif pattern == "w" and before in _VOWELS:
        context = ("f", ".")  # Dawood = Daoud, like the Arabic و
    elif pattern in ("g", "h") and before in _VOWELS and after in _VOWELS:
        context = (pattern, ".")  # silent or dropped between vowels: Doğan/Doan, Zabihullah/Zabiullah
    return context or options


# Fine skeleton → coarse class for the blocking keys.
_COARSE = str.maketrans({"p": "b", "v": "f", "t": "d", "z": "s", "j": "s", "y": "s", "c": "s",
                         "g": "h", "k": "h", "q": "h", "x": "h"})  # fmt: skip
_MAX_ALTERNATIVES = 64
_KEY_PREFIX_LENGTH = 4  # blocking keys compare the first four classes of the coarse skeleton
_KEY_READINGS = 3  # readings of a word that go into blocking keys


def _collapse(symbols: str) -> str:
    """Collapse runs of the same symbol, then drop vowels (".") and a word-final h (Fatimah, Abdullah)."""
    if symbols.endswith("h") and len(symbols) > 1:
        symbols = symbols[:-1]
    out: list[str] = []
    for symbol in symbols:
        if not out or out[-1] != symbol:
            out.append(symbol)
    return "".join(s for s in out if s != ".")


def _expand(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    """All readings of a word as skeletons, the likeliest first: a reading's rank is the number of
    places where it takes another than the first option (Cabdi: "kbd" before "bd")."""
    readings: dict[str, int] = {"": 0}
    for options in parts:
        extended: dict[str, int] = {}
        for prefix, deviations in readings.items():
            for rank, option in enumerate(options):
                key = prefix + option
                extended[key] = min(extended.get(key, 99), deviations + (rank > 0))
        readings = dict(sorted(extended.items(), key=lambda item: (item[1], item[0]))[:_MAX_ALTERNATIVES])
    ordered: dict[str, None] = {}
    for raw, _deviations in sorted(readings.items(), key=lambda item: (item[1], item[0])):
        ordered.setdefault(_collapse(raw), None)
    return tuple(ordered)


def _latin_skeletons(norm: str, *, cyrillic: bool = False) -> tuple[str, ...]:
    parts: list[tuple[str, ...]] = []
    position = 0
    while position < len(norm):
        for pattern, options in _LATIN_RULES_BY_FIRST.get(norm[position], ()):
            if norm.startswith(pattern, position):
                if cyrillic:
                    parts.append(_CYRILLIC_OVERRIDES.get(pattern, options))
                else:
                    parts.append(_context_options(norm, position, pattern, options))
                position += len(pattern)
                break
        else:
            position += 1
    return _expand(parts)


def _arabic_skeletons(word: str) -> tuple[str, ...]:
    parts: list[tuple[str, ...]] = []
    letters = [ch for ch in _ARABIC_MARKS_RE.sub("", word) if ch in _ARABIC_FINE]
    for index, letter in enumerate(letters):
        if index == 0 and letter in _ARABIC_INITIAL_FINE:
            parts.append(_ARABIC_INITIAL_FINE[letter])
        else:
            parts.append(_ARABIC_FINE[letter])
    return _expand(parts)


# --------------------------------------------------------------------------------------------
# Curated name variants
# --------------------------------------------------------------------------------------------

_ALLAH = frozenset({"allah", "ullah", "ollah", "ulla", "alla", "ullahi", "olla"})
_ABD_PREFIXES = ("abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abdir", "abdu", "abd")

# Common names of the main countries of origin with their usual spellings in German offices,
# in English and French transliteration, in Turkish and Somali orthography and in Arabic script.
# Used two ways: spellings of one group are "known variants"; spellings of two different groups
# are different names even when their skeletons agree (Hassan/Hussein, Amir/Omar, Ali/Eli).
_NAME_GROUPS: dict[str, tuple[str, ...]] = {
    "mohammed": ("mohammed", "muhammad", "mohammad", "mohamad", "mohamed", "muhammed", "mohammad",
                 "muhamed", "mehmet", "mehmed", "muhammet", "mahomed", "maxamed",
                 "mukhammed", "magomed", "mamadou", "mohd", "محمد"),
    "ahmad": ("ahmad", "ahmed", "ahmet", "achmed", "akhmed", "axmed", "ahmat", "أحمد", "احمد"),
    "mahmoud": ("mahmoud", "mahmud", "mahmut", "machmud", "maxamuud", "mohamud", "mohamoud", "محمود"),
    "ali": ("ali", "aly", "alii", "cali", "علي"),
    "omar": ("omar", "umar", "omer", "oemer", "cumar", "عمر"),
    "amir": ("amir", "ameer", "emir", "امير", "أمير"),
    "amr": ("amr", "amro", "amru", "عمرو"),
    "hassan": ("hassan", "hasan", "xasan", "hasen", "حسن"),
    "hussein": ("hussein", "husein", "hussain", "husain", "hosein", "hossein", "hosseyn", "huseyin",
                "huessein", "xuseen", "husayn", "حسين", "حسین"),
    "hassanein": ("hassanein", "hasanain", "حسنين"),
    "youssef": ("youssef", "yusuf", "jusuf", "yousef", "yousif", "yusif", "youssouf", "yussuf",
                "jussuf", "yosef", "josef", "joseph", "yousuf", "yuusuf", "يوسف"),
    "yunus": ("yunus", "younes", "younis", "yunis", "junus", "jonas", "يونس"),
    "ibrahim": ("ibrahim", "ebrahim", "ibragim", "ibraheem", "brahim", "abraham", "ابراهيم", "إبراهيم"),
    "ismail": ("ismail", "esmail", "ismayil", "ismael", "ismaeel", "ismayl", "اسماعيل", "إسماعيل"),
    "mustafa": ("mustafa", "mostafa", "moustafa", "mustapha", "mustefa", "مصطفى"),
    "suleiman": ("suleiman", "sulaiman", "sulayman", "suleyman", "soleiman", "soliman",
                 "sleiman", "suleman", "سليمان"),
    "khaled": ("khaled", "khalid", "chaled", "chalid", "haled", "halid", "xaalid", "خالد"),
    "khalil": ("khalil", "chalil", "halil", "xaliil", "خليل"),
    "abdullah": ("abdullah", "abdallah", "abdulla", "abdalla", "abdellah", "abdullahi", "cabdullahi",
                 "abdollah", "عبدالله"),
    "abdi": ("abdi", "cabdi", "abdy"),
    "abdulrahman": ("abdulrahman", "abdelrahman", "abdurrahman", "abdalrahman", "abdirahman",
                    "cabdiraxmaan", "abdolrahman", "عبدالرحمن"),
    "fatima": ("fatima", "fatma", "fatemeh", "fatimah", "fatuma", "faatima", "fadumo", "فاطمة"),
    "aisha": ("aisha", "aischa", "ayesha", "aysha", "ayse", "ayshe", "aicha", "caisha", "عائشة"),
    "zainab": ("zainab", "zaynab", "zeynep", "zeinab", "seinab", "zaineb", "زينب"),
    "khadija": ("khadija", "khadijah", "hatice", "chadidscha", "khadidja", "xadija", "خديجة"),
    "maryam": ("maryam", "mariam", "meryem", "miriam", "maryame", "مريم"),
    "hamid": ("hamid", "hameed", "hamed", "حميد", "حامد"),
    "hamed": ("hamad", "حمد"),
    "mehdi": ("mehdi", "mahdi", "mehdy", "مهدي"),
    "reza": ("reza", "riza", "rida", "ridha", "rza", "رضا"),
    "jamal": ("jamal", "djamal", "dschamal", "cemal", "gamal", "jemal", "جمال"),
    "jamil": ("jamil", "djamil", "cemil", "gamil", "jameel", "جميل"),
    "yaqub": ("yaqub", "yakub", "yacoub", "yaqoob", "jakub", "yakup", "يعقوب"),
    "osman": ("osman", "othman", "uthman", "usman", "cusmaan", "عثمان"),
    "osama": ("osama", "usama", "oussama", "أسامة", "اسامة"),
    "karim": ("karim", "kareem", "kerim", "كريم"),
    "said": ("said", "saeed", "sayid", "sa'id", "zaid", "سعيد"),
    "sayed": ("sayed", "sayyid", "seyed", "seyyed", "sayyed", "سيد"),
    "zaid": ("zayd", "zeid", "zaid", "زيد"),
    "nour": ("nour", "nur", "noor", "nuur", "نور"),
    "layla": ("layla", "leila", "laila", "leyla", "ليلى"),
    "oleksandr": ("oleksandr", "aleksandr", "alexander", "olexandr", "alexandr", "aleksander",
                  "oleksander", "alexandre", "олександр", "александр"),
    "oleksiy": ("oleksiy", "oleksii", "aleksey", "alexei", "aleksei", "oleksij", "alexej", "олексій", "алексей"),
    "serhiy": ("serhiy", "serhii", "sergey", "sergei", "sergej", "serhij", "сергій", "сергей"),
    "mykola": ("mykola", "nikolai", "nikolay", "nikolaj", "mikola", "микола", "николай"),
    "volodymyr": ("volodymyr", "vladimir", "wladimir", "wolodymyr", "володимир", "владимир"),
    "hryhoriy": ("hryhoriy", "hryhorii", "grigoriy", "grigori", "grigorij", "hryhorij", "григорій", "григорий"),
    "olha": ("olha", "olga", "olia", "ольга"),
    "hanna": ("hanna", "anna", "ganna", "ганна", "анна"),
    "yevhen": ("yevhen", "yevgeny", "evgeny", "evgenij", "jewgeni", "jewhen", "yevgeniy", "євген", "евгений"),
    "dmytro": ("dmytro", "dmitri", "dmitry", "dmitrij", "dmitriy", "дмитро", "дмитрий"),
    "andriy": ("andriy", "andrii", "andrey", "andrei", "andrej", "andrij", "андрій", "андрей"),
    "yuriy": ("yuriy", "yurii", "yuri", "juri", "jurij", "iurii", "юрій", "юрий"),
    "mykhailo": ("mykhailo", "mykhaylo", "mikhail", "michail", "mikhailo", "михайло", "михаил"),
    "iryna": ("iryna", "irina", "ірина", "ирина"),
    "tetiana": ("tetiana", "tetyana", "tatiana", "tatjana", "tatyana", "тетяна", "татьяна"),
    "olena": ("olena", "elena", "jelena", "yelena", "alena", "олена", "елена"),
    "kateryna": ("kateryna", "ekaterina", "katerina", "jekaterina", "yekaterina", "катерина", "екатерина"),
    "nataliya": ("nataliya", "natalia", "natalya", "natalija", "наталія", "наталья"),
    "yuliya": ("yuliya", "yuliia", "yulia", "julia", "julija", "iuliia", "юлія", "юлия"),
    "ivan": ("ivan", "iwan", "іван", "иван"),
    "pavlo": ("pavlo", "pavel", "pawel", "павло", "павел"),
    "petro": ("petro", "pyotr", "petr", "pjotr", "петро", "пётр", "петр"),
    "nguyen": ("nguyen", "nguyn", "nguen"),
    "tran": ("tran",), "le": ("le",), "pham": ("pham",), "hoang": ("hoang",), "huynh": ("huynh",),
    "vu": ("vu", "vo"), "ho": ("ho",),
    "thi": ("thi",), "van": ("van",),
    "eli": ("eli", "elie", "ely"),
    "elena": ("ella", "ela"),
    "ayla": ("ayla", "aylah"),
    "hussam": ("hussam", "husam", "حسام"),
    "hisham": ("hisham", "hesham", "هشام"),
    "amin": ("amin", "ameen", "emin", "أمين", "امين"),
    "amina": ("amina", "ameena", "emine", "أمينة", "امينة"),
    "samir": ("samir", "sameer", "سمير"),
    "samira": ("samira", "sameera", "سميرة"),
    "tesfaye": ("tesfaye", "tesfay", "tesfai"),
    "tsegay": ("tsegay", "tsegaye", "tsegai", "segay"),
    "gebre": ("gebre", "ghebre", "gebru", "gebreh"),
    "haile": ("haile", "hayle", "hailu"),
}  # fmt: skip


def _rewrite_abd(norm: str) -> str:
    """Abdulrahman, Abdelrahman, Abdurrahman → abdrahman (the joined form of Abd al-Rahman)."""
    for prefix in _ABD_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            return "abd" + norm[len(prefix) :]
    return norm


_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه"})


def _arabic_key(word: str) -> str:
    """Spelling-tolerant lookup key for a name in Arabic script."""
    folded = _ARABIC_MARKS_RE.sub("", word).translate(_ARABIC_FOLD).replace(" ", "")
    return re.sub("^عبد ?ال", "عبد", folded)


_CANONICAL_LATIN: dict[str, str] = {}
_CANONICAL_ARABIC: dict[str, str] = {}
for _canonical, _spellings in _NAME_GROUPS.items():
    for _spelling in _spellings:
        if _script_of(_spelling) == SCRIPT_ARABIC:
            _CANONICAL_ARABIC.setdefault(_arabic_key(_spelling), _canonical)
        else:
            _CANONICAL_LATIN.setdefault(_rewrite_abd(normalise(_spelling).replace(" ", "")), _canonical)


# Arabic article and the "servant of" compounds: al-Hassan = el Hassan = Hassan;
# Abdul Rahman = Abd al-Rahman = Abdelrahman = Abdurrahman.
_ARTICLES = frozenset({"al", "el"})
_HYPHEN_ARTICLES = frozenset(
    {"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "et", "ez", "ud", "ur", "us"}
)


# --------------------------------------------------------------------------------------------
# Tokens of a record
# --------------------------------------------------------------------------------------------

ROLE_GIVEN = "g"
ROLE_FAMILY = "f"
ROLE_ANY = "o"  # from the name in original script: order unknown


@dataclass(frozen=True)
class _Token:
    norm: str
    script: str
    role: str
    original: str
    fine: frozenset[str]
    coarse: frozenset[str]
    keyed: tuple[str, ...]  # coarse skeletons of the likeliest readings and of the name group, for keys
    canonical: str | None = field(default=None)

    @property
    def abjad(self) -> bool:
        return self.script == SCRIPT_ARABIC


def _words(text: str) -> list[tuple[str, str, bool]]:
    """(original word, Latin norm, hyphen-joined to the next word) for each word of a name."""
    ukrainian = any(ch in _UKRAINIAN_LETTERS for ch in text.lower())
    words: list[tuple[str, str, bool]] = []
    for chunk in text.replace("_", " ").split():
        pieces = [p for p in re.split(r"[-‐‑–—]", chunk) if p]
        for index, piece in enumerate(pieces):
            norm = _latin_of_word(piece, ukrainian=ukrainian)
            sub_words = norm.split()
            for sub_index, sub_norm in enumerate(sub_words):
                original = piece if len(sub_words) == 1 else sub_norm
                joined = index < len(pieces) - 1 and sub_index == len(sub_words) - 1
                words.append((original, sub_norm, joined))
    return words


def _strip_arabic_article(original: str) -> str:
    if _script_of(original) == SCRIPT_ARABIC and original.startswith("ال") and len(original) > 3:
        return original[2:]
    return original


def _tokens_of(text: str, role: str) -> list[_Token]:
    words = _words(text)
    merged: list[tuple[str, str]] = []  # (original, norm)
    index = 0
    while index < len(words):
        original, norm, joined = words[index]
        has_next = index + 1 < len(words)
        if has_next and (norm in _ARTICLES or (joined and norm in _HYPHEN_ARTICLES)):
            index += 1
            continue
        if has_next and norm in _ABD_PREFIXES:
            # "Abd al-Rahman", "Abdul Rahman": join with the next name (skipping an article).
            next_index = index + 1
            if words[next_index][1] in _HYPHEN_ARTICLES and next_index + 1 < len(words):
                next_index += 1
            next_original, next_norm, _ = words[next_index]
            next_original = _strip_arabic_article(next_original)
            if _script_of(original) == SCRIPT_ARABIC and _script_of(next_original) == SCRIPT_ARABIC:
                merged.append((original + next_original, "abd" + next_norm))
            else:
                merged.append(("abd" + next_norm, "abd" + next_norm))
            index = next_index + 1
            continue
        if merged and (norm in _ALLAH or original == "الله"):
            # Habib Ullah = Habibullah, Nasr Allah = Nasrallah, حبيب الله
            previous_original, previous_norm = merged[-1]
            if _script_of(previous_original) == SCRIPT_ARABIC and _script_of(original) == SCRIPT_ARABIC:
                merged[-1] = (previous_original + original, previous_norm + norm)
            else:
                merged[-1] = (previous_norm + norm, previous_norm + norm)
            index += 1
            continue
        merged.append((_strip_arabic_article(original), norm))
        index += 1
    return [_token(original, norm, role) for original, norm in merged if norm]


@lru_cache(maxsize=65536)
def _token(original: str, norm: str, role: str) -> _Token:
    script = _script_of(original)
    if script == SCRIPT_ARABIC:
        readings = _arabic_skeletons(original)
        norm = _latin_of_word(original, ukrainian=False).replace(" ", "")
        canonical = _CANONICAL_ARABIC.get(_arabic_key(original))
    else:
        norm = _rewrite_abd(norm)
        readings = _latin_skeletons(norm, cyrillic=script == SCRIPT_CYRILLIC)
        canonical = _CANONICAL_LATIN.get(norm)
        if canonical is None and norm[:2] in _ARTICLES and len(norm) > 4:
            # Alhassan = Al-Hassan = Hassan: the article written together with the name
            readings += _latin_skeletons(norm[2:])[:1]
    fine = frozenset(readings)
    coarse = frozenset(skeleton.translate(_COARSE) for skeleton in readings)
    # Blocking keys use the likeliest readings only (few keys per record), and the name group,
    # so Nikolai meets Mykola.
    key_readings = list(dict.fromkeys(skeleton.translate(_COARSE) or "_" for skeleton in readings))[:_KEY_READINGS]
    if canonical is not None:
        key_readings.append(_latin_skeletons(canonical)[0].translate(_COARSE) or "_")
    keyed = tuple(dict.fromkeys(key_readings))
    return _Token(
        norm=norm,
        script=script,
        role=role,
        original=original,
        fine=fine,
        coarse=coarse,
        keyed=keyed,
        canonical=canonical,
    )


@dataclass(frozen=True)
class _Analysed:
    latin: tuple[_Token, ...]  # from given names and family name, in that order
    original: tuple[_Token, ...]  # from the name in original script
    joined: tuple[tuple[_Token, ...], ...]  # compound names written together (Ali Reza → Alireza)
    birth: tuple[int | None, int | None, int | None]


_MAX_TOKENS = 6


def _join(tokens: tuple[_Token, ...], start: int, stop: int) -> tuple[_Token, ...]:
    part = tokens[start:stop]
    role = part[0].role
    if all(t.script == SCRIPT_ARABIC for t in part):
        return ()  # Arabic script compounds are joined by _tokens_of already
    norm = "".join(t.norm for t in part)
    return (*tokens[:start], _token(norm, norm, role), *tokens[stop:])


def _joined_variants(latin: tuple[_Token, ...], original: tuple[_Token, ...]) -> tuple[tuple[_Token, ...], ...]:
    """The names with compound parts written together: all given names, all family names, or
    two neighbouring words of the name in original script."""
    variants: list[tuple[_Token, ...]] = []
    for role in (ROLE_GIVEN, ROLE_FAMILY):
        positions = [i for i, t in enumerate(latin) if t.role == role]
        if len(positions) >= 2:
            variants.append(_join(latin, positions[0], positions[-1] + 1))
    given = [i for i, t in enumerate(latin) if t.role == ROLE_GIVEN]
    family = [i for i, t in enumerate(latin) if t.role == ROLE_FAMILY]
    if len(given) >= 2 and len(family) >= 2:
        both = _join(latin, given[0], given[-1] + 1)
        if both:
            variants.append(_join(both, len(both) - len(family), len(both)))
    for start in range(min(len(original), _MAX_PAIR_TOKENS) - 1):
        variants.append(_join(original, start, start + 2))
    return tuple(v for v in variants if v)


@lru_cache(maxsize=65536)
def _analyse_names(
    given: str, family: str, original: str
) -> tuple[tuple[_Token, ...], tuple[_Token, ...], tuple[tuple[_Token, ...], ...]]:
    latin = tuple((_tokens_of(given, ROLE_GIVEN) + _tokens_of(family, ROLE_FAMILY))[:_MAX_TOKENS])
    orig = tuple(_tokens_of(original, ROLE_ANY)[:_MAX_TOKENS])
    return latin, orig, _joined_variants(latin, orig)


def _birth_of(record: PersonRecord) -> tuple[int | None, int | None, int | None]:
    if record.birth_date is not None:
        return record.birth_date.year, record.birth_date.month, record.birth_date.day
    month = record.birth_month if record.birth_year is not None else None
    return record.birth_year, month, None


def _analyse(record: PersonRecord) -> _Analysed:
    latin, orig, joined = _analyse_names(record.given_names, record.family_name, record.names_original)
    return _Analysed(latin=latin, original=orig, joined=joined, birth=_birth_of(record))


# --------------------------------------------------------------------------------------------
# Token similarity
# --------------------------------------------------------------------------------------------

# Kinds of token agreement, strongest first; each maps to a reason.
SAME = "same"
VARIANT = "variant"
SCRIPT = "script"
SPELLING = "spelling"
SIMILAR = "similar"
NONE = "none"

_DIFFERENT_NAMES_CAP = 0.3


def _jw_scaled(a: str, b: str, floor: float = 0.75) -> float:
    if not a or not b:
        return 0.0
    value = JaroWinkler.similarity(a, b)
    return max(0.0, (value - floor) / (1.0 - floor))


_SIMILAR_WEIGHT = 0.75
_MATCHED = 0.5  # a token pair at least this similar counts as agreeing
_FEMININE_LATIN = ("a",)
_VOWEL_ENDINGS_LATIN = frozenset("aeiouyhxcjw")  # h, x, c, j, w: vowel-like endings (Farah, Faarax, Jaamac)
_FEMININE_ARABIC = ("ة", "ه")
_VOWEL_ENDINGS_ARABIC = frozenset("اأإآىيیوةهءئؤ")


def _gender_pair(a: _Token, b: _Token) -> bool:
    """Masculine and feminine form of one name (Jamal/Jamila, Samir/Samira, Ivanov/Ivanova)."""
    for x, y in ((a, b), (b, a)):
        if y.abjad:
            continue
        if x.abjad:
            arabic = _ARABIC_MARKS_RE.sub("", x.original)
            if y.norm.endswith(_FEMININE_LATIN) and arabic and arabic[-1] not in _VOWEL_ENDINGS_ARABIC:
                return True
            if arabic.endswith(_FEMININE_ARABIC) and y.norm[-1:] not in _VOWEL_ENDINGS_LATIN:
                return True
        elif x.norm.endswith(_FEMININE_LATIN) and y.norm[-1:] not in _VOWEL_ENDINGS_LATIN and len(x.norm) > len(y.norm):
            return True
    return False


def _share(x: frozenset[str], y: frozenset[str]) -> bool:
    """Whether two sets of skeletons have one in common (an empty skeleton says nothing)."""
    return bool((x & y) - {""})


def _abjad_similarity(a: _Token, b: _Token) -> tuple[float, str]:
    # Arabic script writes no short vowels: only the consonant skeleton can be compared.
    if _share(a.fine, b.fine):
        return 0.9, SCRIPT
    if _share(a.coarse, b.coarse):
        return 0.8, SCRIPT
    return 0.75 * max(_jw_scaled(x, y, 0.7) for x in a.fine for y in b.fine), SIMILAR


def _latin_similarity(a: _Token, b: _Token) -> tuple[float, str]:
    spelling = _jw_scaled(a.norm, b.norm)
    sounds_alike = SPELLING if a.script == b.script else SCRIPT
    if _share(a.fine, b.fine):
        return 0.85 + 0.1 * spelling, sounds_alike
    if _share(a.coarse, b.coarse):
        return 0.75 + 0.15 * spelling, sounds_alike
    skeleton = max(_jw_scaled(x, y) for x in a.fine for y in b.fine)
    # Similar in writing and in sound: Berhane/Berhe look alike but lose a syllable.
    return _SIMILAR_WEIGHT * (spelling + skeleton) / 2, SIMILAR


@lru_cache(maxsize=262144)
def _token_similarity(a: _Token, b: _Token) -> tuple[float, str]:
    """Similarity of two name tokens (0..1) and the kind of agreement. Symmetric."""
    if a.norm == b.norm:
        return 1.0, SAME
    if a.canonical is not None and a.canonical == b.canonical:
        return 0.96, (SCRIPT if a.script != b.script else VARIANT)
    similarity, kind = _abjad_similarity(a, b) if a.abjad or b.abjad else _latin_similarity(a, b)
    if (a.canonical is not None and b.canonical is not None) or _gender_pair(a, b):
        # Two different names of the curated list (Hassan/Hussein), or the male and female form.
        return min(similarity, _DIFFERENT_NAMES_CAP), NONE
    if similarity < _MATCHED:
        kind = NONE
    return similarity, kind


# --------------------------------------------------------------------------------------------
# Name comparison
# --------------------------------------------------------------------------------------------

_SWAP_FACTOR = 0.97
_PARTIAL_FACTOR = 0.95
_SINGLE_TOKEN_FACTOR = 0.8


@dataclass(frozen=True)
class _NameResult:
    score: float
    kinds: frozenset[str]
    swapped: bool
    partial: bool
    scripts: frozenset[str]
    joined: bool = False


def _assignments(small: int, large: int) -> Iterator[tuple[int, ...]]:
    return itertools.permutations(range(large), small)


def _compare_token_lists(a: tuple[_Token, ...], b: tuple[_Token, ...], *, joined: bool = False) -> _NameResult | None:
    if not a or not b:
        return None
    flipped = len(a) > len(b)
    small, large = (b, a) if flipped else (a, b)
    matrix = [[_token_similarity(x, y) for y in large] for x in small]
    best: tuple[float, int, tuple[int, ...]] | None = None
    for assignment in _assignments(len(small), len(large)):
        total = math.fsum(matrix[i][j][0] for i, j in enumerate(assignment))
        crossed = any(
            matrix[i][j][0] >= _MATCHED
            and ROLE_ANY not in (small[i].role, large[j].role)
            and small[i].role != large[j].role
            for i, j in enumerate(assignment)
        )
        value = total / len(small) * (_SWAP_FACTOR if crossed else 1.0)
        # Tie-break on crossing so that both directions choose the same assignment value.
        candidate = (value, 0 if crossed else 1, assignment)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    assert best is not None  # noqa: S101 - permutations of a non-empty range are never empty
    value, not_crossed, assignment = best
    pairs = [(small[i], large[j], matrix[i][j]) for i, j in enumerate(assignment)]
    partial = len(a) != len(b)
    score = value * (_PARTIAL_FACTOR if partial else 1.0) * (_JOINED_FACTOR if joined else 1.0)
    if len(small) == 1 and len(large) > 1:
        score *= _SINGLE_TOKEN_FACTOR  # one name agreeing out of several is weak evidence
    kinds = frozenset(kind for _, _, (_, kind) in pairs)
    scripts = frozenset(t.script for x, y, (sim, _) in pairs if sim >= _MATCHED for t in (x, y))
    return _NameResult(
        score=score, kinds=kinds, swapped=not not_crossed, partial=partial, scripts=scripts, joined=joined
    )


_JOINED_FACTOR = 0.98
_GOOD_ENOUGH = 0.9


def _best(results: Iterable[_NameResult | None]) -> _NameResult | None:
    found = [r for r in results if r is not None]
    if not found:
        return None
    # Highest score; on a tie the result with fewer caveats (deterministic, so symmetric).
    return max(found, key=lambda r: (round(r.score, 9), not r.swapped, not r.partial, not r.joined, sorted(r.kinds)))


def _compare_names(a: _Analysed, b: _Analysed) -> _NameResult | None:
    """Best agreement over the Latin names and the names in original script (symmetric)."""
    plain = _best(
        _compare_token_lists(x, y)
        for x, y in ((a.latin, b.latin), (a.latin, b.original), (a.original, b.latin), (a.original, b.original))
    )
    if (plain is not None and plain.score >= _GOOD_ENOUGH) or not (a.joined or b.joined):
        return plain
    # Compound names written together on one record and apart on the other (Ali Reza/Alireza).
    sides_a = (a.latin, a.original, *a.joined)
    sides_b = (b.latin, b.original, *b.joined)
    joined = _best(
        _compare_token_lists(x, y, joined=True) for x in sides_a for y in sides_b if (x in a.joined or y in b.joined)
    )
    return _best((plain, joined))


# --------------------------------------------------------------------------------------------
# Birth dates
# --------------------------------------------------------------------------------------------

_PLACEHOLDER_DAYS = frozenset({(1, 1), (31, 12), (1, 7)})


def _year_typo(a: int, b: int) -> bool:
    """Two neighbouring digits transposed (1987/1978)."""
    sa, sb = str(a), str(b)
    if len(sa) != len(sb):
        return False
    differing = [i for i in range(len(sa)) if sa[i] != sb[i]]
    return (
        len(differing) == 2
        and differing[1] == differing[0] + 1
        and sa[differing[0]] == sb[differing[1]]
        and sa[differing[1]] == sb[differing[0]]
    )


def _compare_birth(  # noqa: PLR0911, PLR0912 - a table of cases reads best as one function
    a: tuple[int | None, int | None, int | None], b: tuple[int | None, int | None, int | None]
) -> tuple[float, str | None]:
    """Factor applied to the name score and the reason (None when there is nothing to say)."""
    ya, ma, da = a
    yb, mb, db = b
    if ya is None and yb is None:
        return 1.0, None
    if ya is None or yb is None:
        return 0.9, _("Birth date recorded on only one of the two records")
    if a == b and (da is None or ma is None):
        # The same partial date on both records: as much agreement as the data allows.
        return 1.0, (_("Same year of birth") if ma is None else _("Same year and month of birth"))
    if ya == yb and ma is not None and mb is not None and da is not None and db is not None:
        if (ma, da) == (mb, db):
            return 1.0, _("Same date of birth")
        if (ma, da) == (db, mb):
            return 0.97, _("Same date of birth with day and month swapped")
        if (da, ma) in _PLACEHOLDER_DAYS or (db, mb) in _PLACEHOLDER_DAYS:
            return 0.9, _("Same year of birth (1 January and similar dates often stand for an unknown day)")
        if ma == mb:
            return 0.88, _("Same year and month of birth, different day")
        if da == db:
            return 0.82, _("Same year and day of birth, different month")
        return 0.55, _("Same year of birth, different day and month")
    if ya == yb:
        if ma is not None and mb is not None:
            if ma == mb:
                return 0.93, _("Same year and month of birth")
            if (da is not None and da == mb) or (db is not None and db == ma):
                return 0.9, _("Same year of birth, month matches the day of the other record")
            return 0.6, _("Same year of birth, different month")
        return 0.9, _("Same year of birth")
    off_by_one = abs(ya - yb) == 1
    if ma is not None and mb is not None and da is not None and db is not None and (ma, da) == (mb, db):
        if off_by_one:
            return 0.88, _("Same day and month of birth, year differs by one")
        if _year_typo(ya, yb):
            return 0.8, _("Same day and month of birth, year has two digits transposed")
    if off_by_one:
        if ma is None or mb is None or ma == mb:
            return 0.75, _("Year of birth differs by one")
        return 0.5, _("Year of birth differs by one")
    return 0.3, _("Different dates of birth")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _script_reason(result: _NameResult) -> str:
    if SCRIPT_ARABIC in result.scripts:
        return _("Name in Arabic script matches the Latin spelling")
    if SCRIPT_CYRILLIC in result.scripts:
        return _("Name in Cyrillic script matches the Latin spelling")
    return _("Name matches in another transliteration")


def _name_reasons(result: _NameResult) -> list[str]:
    if result.kinds == {SAME}:
        reasons = [_("Same names")]
    else:
        kinds = result.kinds
        reasons = [
            reason
            for present, reason in (
                (SAME in kinds, _("Some names are spelled the same")),
                (VARIANT in kinds, _("Known spelling variant of a name (e.g. Mohammed/Muhammad)")),
                (SCRIPT in kinds, _script_reason(result)),
                (SPELLING in kinds, _("Name spelled differently but sounds the same (transliteration variant)")),
                (SIMILAR in kinds, _("Similar spelling of a name")),
                (NONE in kinds, _("One of the names differs")),
            )
            if present
        ]
    caveats = (
        (result.swapped, _("Given name and family name swapped")),
        (result.joined, _("Compound name written together on one record and apart on the other")),
        (result.partial, _("Only some of the names recorded on one of the records")),
    )
    return reasons + [reason for present, reason in caveats if present]


def score_pair(a: PersonRecord, b: PersonRecord) -> Match:
    """Score of b as a duplicate of a, with the reasons. Symmetric in a and b."""
    first, second = _analyse(a), _analyse(b)
    names = _compare_names(first, second)
    if names is None:
        return Match(record_id=b.id, score=0.0, reasons=())
    factor, birth_reason = _compare_birth(first.birth, second.birth)
    score = round(max(0.0, min(1.0, names.score * factor)), 4)
    reasons = _name_reasons(names)
    if birth_reason is not None:
        reasons.append(birth_reason)
    return Match(record_id=b.id, score=score, reasons=tuple(reasons))


def rank(
    candidate: PersonRecord,
    records: Iterable[PersonRecord],
    *,
    limit: int = 10,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """The records most likely to be the same person as ``candidate``, best first.

    Only matches with a score of at least ``threshold`` are returned, at most ``limit``.
    A record with the candidate's id is skipped (a person is no duplicate of themselves).
    """
    matches = [
        match
        for record in records
        if record.id != candidate.id
        for match in (score_pair(candidate, record),)
        if match.score >= threshold
    ]
    matches.sort(key=lambda m: (-m.score, m.record_id))
    return matches[:limit]


_MAX_PAIR_TOKENS = 4
SINGLE_NAME_KEY = "t:"
PAIR_KEY = "p:"
BIRTH_KEY = "b:"


def _pair_keys(tokens: tuple[_Token, ...]) -> set[str]:
    keys: set[str] = set()
    for x, y in itertools.combinations(tokens[:_MAX_PAIR_TOKENS], 2):
        for kx in dict.fromkeys(k[:_KEY_PREFIX_LENGTH] for k in x.keyed):
            for ky in dict.fromkeys(k[:_KEY_PREFIX_LENGTH] for k in y.keyed):
                low, high = sorted((kx, ky))
                keys.add(f"{PAIR_KEY}{low}|{high}")
    return keys


def _single_name_keys(tokens: Iterable[_Token]) -> set[str]:
    return {f"{SINGLE_NAME_KEY}{keyed}" for token in tokens for keyed in token.keyed}


def blocking_keys(record: PersonRecord) -> set[str]:
    """Short keys under which a record is filed; a likely duplicate shares at least one.

    ``p:`` keys: every pair of name tokens (order-free, so swapped names share them), by the
    first letters of their coarse skeleton. ``b:`` keys: birth date with day and month in
    either order, plus the first letter of a name. ``t:`` keys: each name token alone, for
    :func:`name_query_keys`; too broad for the intake prefilter (see :func:`prefilter_keys`).
    """
    analysed = _analyse(record)
    tokens = analysed.latin + analysed.original
    keys = _pair_keys(analysed.latin) | _pair_keys(analysed.original) | _single_name_keys(tokens)
    for variant in analysed.joined:
        keys |= _pair_keys(variant)
    year, month, day = analysed.birth
    if year is not None and month is not None and day is not None:
        low, high = sorted((month, day))
        for token in tokens:
            for keyed in token.keyed:
                keys.add(f"{BIRTH_KEY}{year}-{low:02d}-{high:02d}:{keyed[:1]}")
    return keys


def prefilter_keys(record: PersonRecord) -> set[str]:
    """The blocking keys to look up for the intake duplicate check.

    Without the single-name keys, which would bring every Mohammed of the region; a record
    with only one name has no pairs, so it keeps its single-name keys.
    """
    keys = blocking_keys(record)
    narrow = {key for key in keys if not key.startswith(SINGLE_NAME_KEY)}
    if any(key.startswith(PAIR_KEY) for key in narrow):
        return narrow
    return keys


def name_query_keys(query: str) -> set[str]:
    """Keys for a transliteration-aware name search; a record matches if it shares one.

    One word: the word's skeleton (``t:`` key), so "Jusuf" finds Yusuf and يوسف. Several
    words: pairs of them (``p:`` keys), so "Yusuf Ali" finds "Ali, Youssef" but not every Ali.
    """
    tokens = tuple(_tokens_of(query, ROLE_ANY))[:_MAX_TOKENS]
    if not tokens:
        return set()
    if len(tokens) == 1:
        return _single_name_keys(tokens)
    return _pair_keys(tokens)
