"""The review meeting's agenda, time boxes, timer texts and blameless prompts."""

from __future__ import annotations

import pytest

from desktop_app.domain.facilitation import (
    AGENDA,
    BLAMELESS_PROMPTS,
    PROMPT_STEPS,
    AgendaKey,
    box_text,
    clamp_minutes,
    clock_text,
    prompt_at,
    remaining_text,
)


def test_default_agenda_in_meeting_order():
    assert [(s.key, s.title, s.minutes) for s in AGENDA] == [
        (AgendaKey.CONTEXT, "Context and impact", 5),
        (AgendaKey.TIMELINE, "Timeline walk-through", 15),
        (AgendaKey.ROOT_CAUSE, "Root cause analysis", 20),
        (AgendaKey.LESSONS, "Went well, wrong, lucky", 10),
        (AgendaKey.ACTIONS, "Action items", 10),
        (AgendaKey.PARKING_LOT, "Parking lot review", 5),
    ]
    assert sum(s.minutes for s in AGENDA) == 65
    assert PROMPT_STEPS == {AgendaKey.TIMELINE, AgendaKey.ROOT_CAUSE}


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(720, "12:00 left"), (59, "0:59 left"), (0, "0:00 left"), (-30, "+0:30 over"), (-135, "+2:15 over"),
     (-3725, "+1:02:05 over"), (3600, "1:00:00 left")],
)
def test_remaining_text(seconds, text):
    assert remaining_text(seconds) == text


def test_clock_and_box_texts():
    assert [clock_text(s) for s in (0, 5, 61, 991, 3599, 3600, 36061, -4)] == [
        "0:00", "0:05", "1:01", "16:31", "59:59", "1:00:00", "10:01:01", "0:00"]
    assert box_text(15) == "15 min"
    assert [clamp_minutes(m) for m in (-3, 0, 1, 45, 180, 999)] == [1, 1, 1, 45, 180, 180]


def test_prompts_are_short_open_questions():
    assert len(BLAMELESS_PROMPTS) == 12
    assert len(set(BLAMELESS_PROMPTS)) == 12
    assert BLAMELESS_PROMPTS[:4] == (
        "What allowed this to happen?",
        "What did the responders know at that moment?",
        "What made the right action hard?",
        "What would make this safer?",
    )
    for prompt in BLAMELESS_PROMPTS:
        assert prompt.endswith("?") and len(prompt) <= 60, prompt
        assert not {"who", "blame", "fault", "should have"} & set(prompt.lower().replace("?", "").split())


def test_prompt_at_wraps_both_ways():
    assert prompt_at(12) == prompt_at(0) == "What allowed this to happen?"
    assert prompt_at(-1) == BLAMELESS_PROMPTS[-1] == "What are we still assuming that we have not checked?"
