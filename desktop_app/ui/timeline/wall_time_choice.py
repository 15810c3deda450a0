"""The question asked when a typed time falls in a DST gap or overlap: words and choices, no Qt.

``wall_time_question`` turns a ``ParsedTime`` that ``needs_choice`` into a title, a sentence
and the candidate instants with their button labels; the delegate shows it (see
``TimelineDelegate.ask_wall_time``) and stores the chosen instant, or nothing on Cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.models import TimePrecision
from desktop_app.domain.wall_clock import abbreviation, offset_text
from desktop_app.domain.zones import to_zone
from desktop_app.ui.wizard.timeline_columns import ParsedTime


@dataclass(frozen=True)
class WallTimeQuestion:
    """Attributes: title, text (one sentence or two), detail (what was typed),
    options: ``(button label, instant)`` in the order shown."""

    title: str
    text: str
    detail: str
    options: tuple[tuple[str, datetime], ...]


def wall_time_question(parsed: ParsedTime) -> WallTimeQuestion:
    """The question for a typed time in a gap or overlap (``parsed.needs_choice`` must be true)."""
    wall = parsed.wall
    if wall is None or not parsed.needs_choice:
        raise ValueError("only a time in a DST gap or overlap needs a choice")
    clock = "%H:%M:%S" if parsed.precision is TimePrecision.SECOND else "%H:%M"
    zone = wall.zone

    def short(moment: datetime) -> str:
        return f"{to_zone(moment, zone).strftime(clock)} {abbreviation(moment, zone)}"

    assert wall.jump_from is not None and wall.jump_to is not None
    jump = f"{wall.jump_from.strftime('%H:%M')} to {wall.jump_to.strftime('%H:%M')}"
    typed = f"You typed {wall.naive.strftime('%Y-%m-%d ' + clock)}."
    if parsed.is_gap:
        forward, back = wall.candidates
        return WallTimeQuestion(
            "Time does not exist",
            f"This time does not exist in {zone} (clocks jumped from {jump}). "
            f"Use {short(forward)} or {short(back)}?",
            typed,
            ((short(forward), forward), (short(back), back)),
        )
    first, second = wall.candidates
    return WallTimeQuestion(
        "Time happens twice",
        f"{wall.naive.strftime(clock)} happens twice in {zone} on {wall.naive.strftime('%Y-%m-%d')} "
        f"(clocks went back from {jump}). Which one do you mean?",
        typed,
        (
            (f"{short(first)} ({offset_text(first.utcoffset())}, first)", first),
            (f"{short(second)} ({offset_text(second.utcoffset())}, second)", second),
        ),
    )
