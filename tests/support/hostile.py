"""Hostile single inputs: what a chat (or a bad decode) can put in a message.

Control characters, zero-width joiners, right-to-left marks, 10,000-character
strings, numbers no parser should accept ("1e309", "NaN", "inf", "-0"),
Arabic-Indic (٣) and full-width (３) digits, SQL- and template-looking text,
emoji, combining marks, Vietnamese in NFD, and ``\\udcff`` (a lone surrogate a
``surrogateescape`` decode leaves behind). Two ways to draw them, from the same
atoms: :func:`hostile_inputs` (a seeded ``random.Random``, fast enough for the
100,000 of ``make bench``) and :data:`HOSTILE` (a hypothesis strategy).
"""

from __future__ import annotations

import random
import unicodedata

from hypothesis import strategies as st

CONTROL = [chr(c) for c in range(32)] + ["\x7f", "\x85", "\u2028", "\u2029"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]
NUMBERS = ["1e309", "-1e309", "1e-400", "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "∞", "-0", "+0",
           "-0.0", "0x10", "0b1", "1_000", "99999999999999999999999", "-99999999999999999999999",
           "٣", "٣٥", "٣٫٥", "۴۲", "３", "１２％", "５０,５", "²", "½", "Ⅻ", "〇", "𝟗", "85,5", "85.5.5",
           "1.000.000,5", "1,000", ",", ".", "-", "+", "%", "100%%", "−5", "5−", "1e3", "1E+02", "0.1e1",
           "12/13/2025", "31/02/2025", "00/00/0000", "29/02/2100", "32/1/2025", "1/1/99999", "-1/-1/-1"]
SQL = ["'; DROP TABLE answers; --", "1 OR 1=1", "\" OR \"\"=\"", "1; SELECT * FROM officers",
       "Robert'); DROP TABLE units;--", "%' --", "${jndi:ldap://x/a}", "{{7*7}}", "{0}{1}", "%s%s%n",
       "<script>alert(1)</script>", "../../etc/passwd", "\\x00\\n", "NULL", "null", "None", "[]", "{}"]
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇻🇳", "1️⃣", "#️⃣", "❤️", "🏳️‍🌈"]
COMBINING = ["e\u0301\u0301\u0301", "a" + "\u0300" * 50, "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "\u0301", "1\u0301", "\u20e3"]
NFD_VI = [unicodedata.normalize("NFD", s) for s in (
    "Đã thực hiện", "Chưa thực hiện", "Đang thực hiện", "có", "không", "Tiếng Việt có dấu",
    "quay lại", "bỏ qua", "giữ nguyên", "xem lại", "nộp", "chưa")]
SURROGATE = ["\udcff", "abc\udcff", "\udc80\udcff", "1\udcff", "\udcff%"]
NAV = ["/back", "/skip", "/xemlai", "/nop", "/sua 999999999", "/sua -1", "/xemlai 0", "/", "//", "/start",
       "1", "2", "0", "-1", "1.", "999999", "1234567"]
LONG = ["x" * 10_000, "1" * 10_000, "9" * 10_000 + "%", "é" * 10_000, ("Đã thực hiện " * 800)[:10_000],
        "\u200b" * 10_000, "1" + "\u0301" * 9_999, "😀" * 10_000]

ATOMS = CONTROL + ZERO_WIDTH + BIDI + NUMBERS + SQL + EMOJI + COMBINING + NFD_VI + SURROGATE + NAV
PADS = CONTROL + ZERO_WIDTH + BIDI + [" ", "\t", "\u00a0", "\u3000"]


def _random_chars(rng: random.Random) -> str:
    """Up to 12 code points from anywhere, surrogates and private use included."""
    return "".join(chr(rng.choice((rng.randrange(0x110000), rng.randrange(0xDC80, 0xDD00), rng.randrange(0x80))))
                   for _ in range(rng.randrange(1, 13)))


def hostile(rng: random.Random) -> str:
    """One hostile input."""
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(ATOMS)
    if roll < 0.6:
        return "".join(rng.choice(ATOMS) for _ in range(rng.randrange(2, 5)))
    if roll < 0.8:
        return rng.choice(PADS) + rng.choice(NUMBERS + NFD_VI + NAV) + rng.choice(PADS)
    if roll < 0.98:
        return _random_chars(rng)
    return rng.choice(LONG)


def hostile_inputs(n: int, seed: int = 11) -> list[str]:
    """``n`` hostile inputs, the same ones for the same seed; every atom and
    long string comes first, so even a small sample holds each of them."""
    rng = random.Random(seed)
    fixed = ATOMS + LONG
    return (fixed + [hostile(rng) for _ in range(max(0, n - len(fixed)))])[:n]


HOSTILE = st.one_of(
    st.sampled_from(ATOMS + LONG),
    st.lists(st.sampled_from(ATOMS), min_size=2, max_size=4).map("".join),
    st.tuples(st.sampled_from(PADS), st.sampled_from(NUMBERS + NFD_VI + NAV), st.sampled_from(PADS)).map("".join),
    st.text(st.characters(exclude_categories=()), max_size=40),
)
