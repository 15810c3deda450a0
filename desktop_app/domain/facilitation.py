"""Facilitating the review meeting: the agenda, its time boxes, the timer's words and blameless prompts.

Pure data and functions (no Qt): the presentation window reads them, tests check them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AgendaKey(StrEnum):
    """The steps of the review meeting, in order."""

    CONTEXT = "context"
    TIMELINE = "timeline"
    ROOT_CAUSE = "root_cause"
    LESSONS = "lessons"
    ACTIONS = "actions"
    PARKING_LOT = "parking_lot"


@dataclass(frozen=True)
class AgendaStep:
    """One agenda item: what it is, its title and its default time box in minutes."""

    key: AgendaKey
    title: str
    minutes: int


AGENDA: tuple[AgendaStep, ...] = (
    AgendaStep(AgendaKey.CONTEXT, "Context and impact", 5),
    AgendaStep(AgendaKey.TIMELINE, "Timeline walk-through", 15),
    AgendaStep(AgendaKey.ROOT_CAUSE, "Root cause analysis", 20),
    AgendaStep(AgendaKey.LESSONS, "Went well, wrong, lucky", 10),
    AgendaStep(AgendaKey.ACTIONS, "Action items", 10),
    AgendaStep(AgendaKey.PARKING_LOT, "Parking lot review", 5),
)
"""The default agenda of a review meeting (65 minutes in all)."""

PROMPT_STEPS: frozenset[AgendaKey] = frozenset({AgendaKey.TIMELINE, AgendaKey.ROOT_CAUSE})
"""The agenda items during which the blameless prompts are shown."""

MIN_BOX_MINUTES = 1
MAX_BOX_MINUTES = 180

PROMPT_SECONDS = 45
"""How long one facilitation prompt stays up before the next one."""

BLAMELESS_PROMPTS: tuple[str, ...] = (
    "What allowed this to happen?",
    "What did the responders know at that moment?",
    "What made the right action hard?",
    "What would make this safer?",
    "What did this look like from where they stood?",
    "Which signals were there, and what made them easy to miss?",
    "What made sense to do at the time, and why?",
    "Where did our tools or processes get in the way?",
    "What helped us recover sooner than we might have?",
    "What would we need to notice this earlier next time?",
    "Where else could the same conditions show up?",
    "What are we still assuming that we have not checked?",
)
"""Short questions that keep the discussion on systems and decisions, not on people."""


def prompt_at(index: int) -> str:
    """The prompt at ``index``, wrapping around both ways."""
    return BLAMELESS_PROMPTS[index % len(BLAMELESS_PROMPTS)]


def clamp_minutes(minutes: int) -> int:
    """A time box kept within ``MIN_BOX_MINUTES``..``MAX_BOX_MINUTES``."""
    return max(MIN_BOX_MINUTES, min(MAX_BOX_MINUTES, int(minutes)))


def clock_text(seconds: int) -> str:
    """``m:ss`` below an hour, ``h:mm:ss`` from an hour on (``seconds`` ≥ 0)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def remaining_text(remaining_seconds: int) -> str:
    """``12:00 left`` while time remains, ``+0:30 over`` once the time box is used up."""
    if remaining_seconds >= 0:
        return f"{clock_text(remaining_seconds)} left"
    return f"+{clock_text(-remaining_seconds)} over"


def box_text(minutes: int) -> str:
    """A time box as the agenda shows it: ``15 min``."""
    return f"{minutes} min"
