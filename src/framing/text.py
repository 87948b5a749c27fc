"""Text preparation: from a paragraph as published to the stems the classifiers see.

The stages are plain module-level functions so that they can be swapped, composed
and pickled inside a fitted model (their import paths are part of the model format):

1. :func:`prepare` — Unicode clean-up, the dateline prefix removed ("Liputan6.com,
   Jakarta -"), words that scraping glued together split apart ("wilayahKursk"),
   the many names of one actor mapped to one token (AS / Amerika Serikat /
   Washington -> ``_as``), lowercased.
2. :func:`tokenize` — words as Sastrawi sees them, stemmed with pysastrawi's own
   stemmer behind a process-wide cache, minus a short list of function words.
   Negators and frame cues ("tidak", "bukan", "bersama", "kerja", "menurut") are
   kept on purpose: Sastrawi's default stop-word list deletes them.

:func:`stem` exposes step 2 on raw text for users.
"""

from __future__ import annotations

import re
import threading
import unicodedata

__all__ = [
    "ACTOR_TOKENS",
    "STOP_WORDS",
    "prepare",
    "raw_tokens",
    "split_glued",
    "stem",
    "stem_word",
    "strip_dateline",
    "tokenize",
]

# --- 1. preparation ------------------------------------------------------------------------------------

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)

_OUTLET = r"(?:[A-Za-z0-9]+\.(?:com|co\.id|id|TV|tv|net)|Antara|ANTARA|detikcom|detikNews|Kompas\.com)"
_CAPS = r"[A-Z][A-Z.'’]+(?:[ ,]+[A-Z][A-Z.'’]+){0,3}"
_DATELINE = re.compile(
    r"^\s*(?:[^\n]{0,60}?\d{1,2}[:.]\d{2}\s*WIB\s*)?"  # "Kompas dunia | 19 Juli 2024, 14:11 WIB" glued before it
    r"(?:"
    rf"{_CAPS}(?:\s*,\s*\(?{_OUTLET}\)?)?"  # "JABAR EKSPRES", "PYONGYANG, KOMPAS.TV", "MOSKOW, (Antara)"
    rf"|{_OUTLET}\s*,\s*[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?"  # "Bisnis.com, JAKARTA", "Liputan6.com, Jakarta"
    r")\s*[-–—]+\s*"
)

# Names of places and actors that scraped text glues to the following word ("diSuriahuntuk").
_GAZETTEER = [
    "Afghanistan",
    "Araghchi",
    "Belousov",
    "Bessent",
    "Blinken",
    "Hegseth",
    "Khamenei",
    "Kirby",
    "Lavrov",
    "Leavitt",
    "Netanyahu",
    "Peskov",
    "Pezeshkian",
    "Rubio",
    "Shoigu",
    "Witkoff",
    "Zakharova",
    "Amerika",
    "Arab",
    "Australia",
    "Belarus",
    "Beijing",
    "Biden",
    "Brussels",
    "China",
    "Cina",
    "Eropa",
    "Filipina",
    "Gaza",
    "Hamas",
    "Hizbullah",
    "Houthi",
    "India",
    "Indonesia",
    "Inggris",
    "Iran",
    "Irak",
    "Israel",
    "Jakarta",
    "Jepang",
    "Jerman",
    "Kiev",
    "Korea",
    "Kremlin",
    "Kursk",
    "Kyiv",
    "Lebanon",
    "Moskow",
    "Myanmar",
    "NATO",
    "Pakistan",
    "Pentagon",
    "Perancis",
    "Prancis",
    "Putin",
    "Pyongyang",
    "Rusia",
    "Seoul",
    "Suriah",
    "Taiwan",
    "Teheran",
    "Tiongkok",
    "Trump",
    "Turki",
    "Ukraina",
    "Venezuela",
    "Washington",
    "Yaman",
    "Zelensky",
]
_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[a-zA-Z]{3,})|(?<=[a-zA-Z]{3})(?=[0-9])")

# Variants the news uses for one actor, mapped to one token that the stemmer leaves alone ("_" prefix).
# Matching is case-sensitive ("AS" is the United States, "as" is not) and prefers the longest name.
_ACTORS: dict[str, str] = {
    "_dkpbb": "Dewan Keamanan PBB|Dewan Keamanan Perserikatan Bangsa-Bangsa|DK PBB|DK-PBB",
    "_pbb": "Perserikatan Bangsa-Bangsa|Perserikatan Bangsa Bangsa|PBB|UN",
    "_as": "Amerika Serikat|Amerika|AS|USA|Washington|Paman Sam",
    "_gedungputih": "Gedung Putih",
    "_deplu_as": "Departemen Luar Negeri AS|Deplu AS|Kementerian Luar Negeri AS",
    "_korut": "Korea Utara|Korut|DPRK|Pyongyang|Republik Rakyat Demokratik Korea",
    "_korsel": "Korea Selatan|Korsel|Seoul",
    "_china": "Republik Rakyat Tiongkok|RRT|RRC|Tiongkok|Cina|China|Beijing",
    "_rusia": "Federasi Rusia|Rusia|Moskow|Moscow|Kremlin",
    "_ukraina": "Ukraina|Kyiv|Kiev",
    "_ue": "Uni Eropa|UE|EU",
    "_indonesia": "Republik Indonesia|Indonesia|RI",
    "_iran": "Iran|Teheran|Tehran",
    "_belarus": "Belarus|Minsk",
    "_jepang": "Jepang|Tokyo",
}
"""Actor token -> the names the news uses for that actor ("|"-separated)."""

ACTOR_TOKENS: dict[str, str] = {name: token for token, names in _ACTORS.items() for name in names.split("|")}
"""Every actor name -> the single token that stands for it."""

_LONGEST_NAME = max(len(name.split()) for name in ACTOR_TOKENS)
# Runs of capitalised words: the only places an actor name can stand.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*")
_GAZETTEER_SET = frozenset(_GAZETTEER)
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{4,}")


def strip_dateline(text: str) -> str:
    """Remove a dateline prefix such as "JAKARTA, KOMPAS.com -" or "Liputan6.com, Jakarta -".

    The dateline names the outlet and city, not the frame; left in, it teaches a
    model which outlet wrote about which topic.
    """
    return _DATELINE.sub("", text, count=1)


def split_glued(text: str) -> str:
    """Split words that scraping glued together: "wilayahKursk" -> "wilayah Kursk", "Suriahuntuk" -> "Suriah untuk"."""
    text = _LOWER_UPPER.sub(" ", text)
    text = _CAPITALISED_WORD.sub(_split_name, text)
    return _DIGIT_LETTER.sub(" ", text)


def _split_name(match: re.Match) -> str:
    word = match.group(0)
    if word in _GAZETTEER_SET:
        return word
    for k in range(3, len(word) - 1):
        if word[:k] in _GAZETTEER_SET:
            return f"{word[:k]} {word[k:]}"
    return word


def _normalise_actors(match: re.Match) -> str:
    words = match.group(0).split()
    out = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _LONGEST_NAME), i, -1):
            token = ACTOR_TOKENS.get(" ".join(words[i:j]))
            if token:
                out.append(token)
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def prepare(text: str) -> str:
    """Prepare a paragraph for tokenization (the TF-IDF ``preprocessor``).

    Returns lowercased text with control characters removed, the dateline
    stripped, glued words split and actor names normalised.
    """
    text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", text))
    text = split_glued(strip_dateline(text))
    text = _CAPITALISED_RUN.sub(_normalise_actors, text)
    return text.lower()


# --- 2. tokens and stems ----------------------------------------------------------------------------------

_TOKEN = re.compile(r"_[a-z_]+|[a-z0-9]+(?:-[a-z0-9]+)*")

STOP_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "dalam",
        "juga",
        "akan",
        "telah",
        "sudah",
        "oleh",
        "para",
        "sebuah",
        "se",
        "adalah",
        "ialah",
        "yakni",
        "yaitu",
        "atau",
        "serta",
        "pun",
        "lah",
        "kah",
        "nya",
        "kami",
        "kita",
        "ia",
        "dia",
        "mereka",
        "saya",
        "anda",
        "kamu",
        "tersebut",
        "sebagai",
        "karena",
        "bahwa",
        "agar",
        "supaya",
        "sehingga",
        "maka",
        "namun",
        "tetapi",
        "tapi",
        "sedangkan",
        "lalu",
        "kemudian",
        "sini",
        "sana",
        "situ",
        "hal",
    ]
)
"""Function words dropped before TF-IDF. Deliberately short: negators ("tidak", "bukan",
"belum", "tak", "tanpa"), verbs of saying and cues of cooperation ("bersama", "kerja", "sama")
carry frames and are kept."""

_stemmer = None
_stemmer_lock = threading.Lock()
_stem_cache: dict[str, str] = {}


def _get_stemmer():
    """Build pysastrawi's stemmer once per process, on first use (never at import)."""
    global _stemmer
    if _stemmer is None:
        with _stemmer_lock:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                _stemmer = StemmerFactory().create_stemmer()
    return _stemmer


def stem_word(word: str) -> str:
    """Stem one lowercased token exactly as pysastrawi's stemmer does, with a process-wide cache."""
    try:
        return _stem_cache[word]
    except KeyError:
        pass
    if word[0] == "_" or word.isdigit():
        result = word  # actor tokens; numbers, which pysastrawi returns unchanged
    else:
        stemmer = _get_stemmer().delegatedStemmer
        # A root word is its own stem (pysastrawi's first step); skip building its stemming context.
        result = word if "-" not in word and stemmer.dictionary.contains(word) else stemmer.stem_word(word)
    _stem_cache[word] = result
    return result


def raw_tokens(prepared: str) -> list[str]:
    """Split prepared (lowercased) text into tokens the way Sastrawi does, keeping actor tokens."""
    return _TOKEN.findall(prepared)


def tokenize(prepared: str) -> list[str]:
    """Stem the tokens of prepared text and drop function words (the TF-IDF ``tokenizer``)."""
    stems = []
    for token in _TOKEN.findall(prepared):
        if token in STOP_WORDS:
            continue
        stems.append(stem_word(token))
    return stems


def stem(text: str) -> str:
    """Return the Sastrawi stems of ``text``, space-separated, as the classifiers see them.

    Parameters
    ----------
    text : str
        Any text; it is lowercased and split on characters other than a-z, 0-9 and
        the hyphen, as pysastrawi does. No actor normalisation or stop-word removal.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"stem() expects str, got {type(text).__name__}")
    return " ".join(stem_word(t) for t in _TOKEN.findall(text.lower()) if t[0] != "_")
