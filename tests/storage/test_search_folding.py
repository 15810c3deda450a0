"""Folding for the search index: the whole-text implementation equals the character-by-character one.

``fold`` and ``fold_words`` once walked every character in Python (10 s for a 10 MB text);
they now work on the whole text with C-level normalisation and substitutions. The reference
implementations below are the old ones, kept here to compare on random text of every script.
"""

from __future__ import annotations

from collections.abc import Iterator
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.models import Narrative, Postmortem
from desktop_app.storage import search
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import PostmortemRepository


def _old_spaced(char: str) -> bool:
    code = ord(char)
    if (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or 0x31F0 <= code <= 0x31FF
        or 0xFF66 <= code <= 0xFF9D
    ):
        return True
    return unicodedata.category(char) == "So"


def _old_fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Mn")
    return kept.casefold()


def old_fold(value: str) -> str:
    if value.isascii():
        return value.lower()
    return "".join(map(_old_fold_char, value))


def old_fold_words(value: str) -> str:
    folded = old_fold(value)
    if folded.isascii():
        return folded
    return "".join(f" {c} " if _old_spaced(c) else c for c in folded)


def old_match_spans(body: str, terms: list[str]) -> list[tuple[int, int]]:
    folded_chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(body):
        for piece in _old_fold_char(char):
            folded_chars.append(piece)
            origin.append(index)
    folded = "".join(folded_chars)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def old_make_snippet(body: str, spans: list[tuple[int, int]], width: int = 160) -> tuple[str, list[tuple[int, int]]]:
    flat = body.translate(str.maketrans({c: " " for c in "\r\n\t\v\f\u2028\u2029\x85"}))
    if len(flat) <= width:
        begin, end = 0, len(flat)
    else:
        first = spans[0][0] if spans else 0
        begin = max(0, first - width // 4)
        space = flat.rfind(" ", max(0, begin - 12), begin + 1)
        if 0 < space < first:
            begin = space + 1
        end = min(len(flat), begin + width)
        if end == len(flat):
            begin = max(0, end - width)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - begin
    inside = [(max(a, begin) + shift, min(b, end) + shift) for a, b in spans if b > begin and a < end]
    return prefix + flat[begin:end] + suffix, inside


# Scripts and the characters folding treats specially: CJK, kana (full and half width),
# Hangul, Arabic and Hebrew with their marks, Latin composed and decomposed, ligatures,
# Turkish dotted I, German sharp s, emoji with skin tones and joiners, line breaks.
SPECIAL = (
    "決済サービスの障害ｶﾀｶﾅ한국어 تعطّل الخادم שָׁלוֹם café cafe\u0301 ÉCOLE ﬁle İstanbul Straße ǅ Ω "
    "😀👩🏽\u200d💻🔥✓© ① ＡＢＣ <b>&amp;</b>\r\n\t\u2028x\u0345\u0307𠀋𝐀\U000e0101"
)
texts = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(blacklist_categories=("Cs",))), max_size=80
)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fold_equals_folding_each_character(value: str) -> None:
    assert search.fold(value) == old_fold(value)
    assert search.fold_words(value) == old_fold_words(value)


def test_fold_of_every_character_at_once() -> None:
    """The BMP, plane 1 (emoji, symbols) and plane 14 (variation selectors, marks) in full; planes
    2 and up are matched as one range and folded one by one, so a sample of them is enough."""
    codes = [*range(0xD800), *range(0xE000, 0x20000), *range(0x20000, 0x110000, 97), *range(0xE0000, 0xE0200)]
    every = "".join(map(chr, codes))
    assert search.fold(every) == old_fold(every)
    assert search.fold_words(every) == old_fold_words(every)


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.sampled_from(["caf", "e", "障害", "ss", "i", "x", "😀", "ال", " "]), max_size=3))
def test_spans_equal_the_old_ones_and_snippets_keep_the_first_match(body: str, terms: list[str]) -> None:
    long_body = body * 7  # past the snippet width, so the excerpt is cut
    assert search.match_spans(long_body, terms) == old_match_spans(long_body, terms)
    spans = old_match_spans(long_body, terms)
    snippet, inside = search.make_snippet(long_body, spans, 40)
    old_snippet, _ = old_make_snippet(long_body, spans, 40)
    if not spans:
        assert snippet.rstrip("…").startswith(old_snippet.rstrip("…"))  # no match: the start of the text
        return
    # The first match is always in the excerpt and highlighted, as a whole (never half an emoji).
    flat = long_body.translate(str.maketrans({c: " " for c in "\r\n\t\v\f\u2028\u2029\x85"}))
    start, end = spans[0]
    lo, hi = inside[0]
    assert flat[start:end] in snippet[lo:hi]


def test_examples_of_folding() -> None:
    assert search.fold("Café ÉCOLE Straße ﬁle İ") == "cafe ecole strasse file i"
    assert search.fold_words("決済の障害 ok 😀!") == " 決  済  の  障  害  ok  😀 !"
    assert search.fold_words("تعطّل") == "تعطل"


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[PostmortemRepository]:
    engine = open_database(f"sqlite:///{tmp_path / 'big.db'}")
    yield PostmortemRepository(engine)
    engine.dispose()


def test_a_text_is_indexed_up_to_its_first_million_characters(repo: PostmortemRepository) -> None:
    filler = "log line without the words we look for\n"
    head = "walrus at the start 障害 "
    middle = filler * ((search.INDEX_CHARS - len(head) - 40) // len(filler))
    text = head + middle + "narwhal just inside " + filler * 100 + "quokka far past the limit"
    assert text.index("narwhal") < search.INDEX_CHARS < text.index("quokka")
    pm = Postmortem(id="big", title="Big log", narrative=Narrative(what_happened=text))
    repo.add(pm)
    assert [h.field for h in search.search(repo.engine, "walrus")] == ["narrative.what_happened"]
    assert [h.field for h in search.search(repo.engine, "障害")] == ["narrative.what_happened"]
    assert [h.field for h in search.search(repo.engine, "narwhal")] == ["narrative.what_happened"]
    assert search.search(repo.engine, "quokka") == []
    (hit,) = search.search(repo.engine, "narwhal")
    assert len(hit.body) == search.INDEX_CHARS
    assert hit.snippet.startswith("…") and "narwhal just inside" in hit.snippet
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["narwhal"]

    # An edit past the limit leaves the index as it is; one inside it is indexed.
    pm.narrative.what_happened = text + " more"
    version = repo.save(pm, expected_version=1)
    assert [h.field for h in search.search(repo.engine, "walrus")] == ["narrative.what_happened"]
    pm.narrative.what_happened = "pangolin " + text
    repo.save(pm, expected_version=version)
    assert [h.child_id for h in search.search(repo.engine, "pangolin")] == [""]
    assert [h.field for h in search.search(repo.engine, "walrus")] == ["narrative.what_happened"]
    repo.delete("big")
    assert search.search(repo.engine, "walrus") == []
