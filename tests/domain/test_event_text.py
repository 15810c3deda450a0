"""A timeline event's description without the actor it starts with, for tables with an Actor column."""

from __future__ import annotations

import pytest

from desktop_app.domain.event_text import without_leading_actor


@pytest.mark.parametrize(("description", "actor", "shown"), [
    ("`@nova` First report of slow response times in Discord", "@nova",
     "First report of slow response times in Discord"),
    ("`@UptimeRobot` First alert received", "@UptimeRobot", "First alert received"),
    ("@dma status.hachyderm.io updated", "@dma", "status.hachyderm.io updated"),
    ("@nova — paged the database team", "@nova", "paged the database team"),
    ("**Ana:** rolled back the deploy", "Ana", "rolled back the deploy"),
    ("**Ana** - rolled back", "Ana", "rolled back"),
    ("Ana: rolled back", "ana", "rolled back"),
    ("deploy-bot: pushed v2.3.1", "deploy-bot", "pushed v2.3.1"),
    ("`Responder 3` First alert received", "Responder 3", "First alert received"),
    ("李雷: 回滚了发布", "李雷", "回滚了发布"),
    ("אנה: החזירה את הגרסה", "אנה", "החזירה את הגרסה"),
])
def test_a_marked_leading_actor_is_left_to_its_column(description: str, actor: str, shown: str) -> None:
    assert without_leading_actor(description, actor) == shown


@pytest.mark.parametrize(("description", "actor"), [
    ("Ana Ruiz restarted the pod", "Ana Ruiz"),  # a sentence, not a chat line
    ("Anaïs rolled back", "Ana"),
    ("@novak did it", "@nova"),
    ("`@nova`", "@nova"),  # nothing would be left
    ("Rolled back by Ana", "Ana"),
    ("First report", ""),
    ("", "@nova"),
])
def test_anything_else_stays_as_written(description: str, actor: str) -> None:
    assert without_leading_actor(description, actor) == description
