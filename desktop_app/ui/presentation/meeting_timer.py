"""The meeting timer: total time and time spent per agenda item, read from an injectable clock.

Pure Python (no Qt): the window asks it for figures once a second; tests drive a fake clock.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Anything that tells monotonic seconds."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: ``time.monotonic``."""

    def now(self) -> float:
        return time.monotonic()


class MeetingTimer:
    """Counts the meeting's running time and each agenda item's share of it.

    Time counts only while running (not paused); it counts towards the current item.

    Attributes:
        clock: where the time comes from.
        current: index of the current agenda item.
    """

    def __init__(self, clock: Clock, item_count: int) -> None:
        self.clock = clock
        self.current = 0
        self._spent = [0.0] * item_count
        self._total = 0.0
        self._mark: float | None = None  # clock reading since when time counts; None while paused

    @property
    def running(self) -> bool:
        return self._mark is not None

    def _settle(self) -> None:
        if self._mark is None:
            return
        now = self.clock.now()
        delta = max(0.0, now - self._mark)
        self._total += delta
        self._spent[self.current] += delta
        self._mark = now

    def start(self) -> None:
        """Start (or resume) counting."""
        if self._mark is None:
            self._mark = self.clock.now()

    def pause(self) -> None:
        self._settle()
        self._mark = None

    def toggle(self) -> bool:
        """Pause when running, resume when paused; whether it runs now."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running

    def select(self, index: int) -> None:
        """Make ``index`` the current item; the time so far stays with the previous one."""
        self._settle()
        self.current = index

    def total_seconds(self) -> int:
        """Whole seconds the meeting has run."""
        self._settle()
        return int(self._total)

    def spent_seconds(self, index: int) -> int:
        """Whole seconds spent on item ``index``."""
        self._settle()
        return int(self._spent[index])

    def remaining_seconds(self, index: int, box_minutes: int) -> int:
        """Seconds left of item ``index``'s time box; negative once it is over."""
        return box_minutes * 60 - self.spent_seconds(index)
