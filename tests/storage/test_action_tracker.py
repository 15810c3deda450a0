"""The follow-up tracker's storage: one query over all action items, bulk writes that bump versions."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import Engine

from desktop_app.domain.models import (
    ActionItem,
    ActionKind,
    ActionStatus,
    Postmortem,
    Priority,
    Severity,
    Status,
)
from desktop_app.storage.action_tracker import (
    NO_OWNER,
    NO_SEVERITY,
    ItemChange,
    ItemState,
    TrackedItem,
    TrackerFilter,
    apply_changes,
    list_items,
    restore,
    set_owner,
    set_status,
)
from desktop_app.storage.repository import ConflictError, PostmortemRepository

TODAY = date(2024, 6, 10)


def _three() -> list[Postmortem]:
    return [
        Postmortem(
            id="pm-a", title="Checkout <down> & 決済", severity=Severity.SEV1, status=Status.PUBLISHED,
            incident_date=date(2024, 5, 1), updated_at=datetime(2024, 5, 3, 9, 0, tzinfo=timezone.utc),
            action_items=[
                ActionItem(id="a1", title="Add lock_timeout of 5 s", owner="Ana", due_date=date(2024, 6, 1),
                           kind=ActionKind.PREVENT, priority=Priority.P1, tracker_ref="OPS-1"),
                ActionItem(id="a2", title="=HYPERLINK(\"x\")", owner="   ", due_date=date(2024, 6, 17),
                           status=ActionStatus.IN_PROGRESS),
                ActionItem(id="a3", title="Page on lock waits", owner="Bob", due_date=date(2024, 5, 2),
                           status=ActionStatus.DONE, status_changed_on=date(2024, 5, 20)),
            ],
        ),
        Postmortem(
            id="pm-b", title="DNS שגיאה", severity=None, incident_date=date(2024, 5, 20),
            action_items=[
                ActionItem(id="b1", title="Lower TTL to 60 s", owner="ana ", due_date=date(2024, 6, 18)),
                ActionItem(id="b2", title="Runbook for resolver failover", due_date=None, due_text="Q3"),
            ],
        ),
        Postmortem(
            id="pm-c", title="Queue backlog", severity=Severity.SEV3, incident_date=date(2024, 4, 2),
            action_items=[
                ActionItem(id="c1", title="Alert on backlog > 10k", owner="李雷", due_date=date(2024, 6, 9),
                           status=ActionStatus.WONT_DO, priority=Priority.P3),
            ],
        ),
        Postmortem(id="pm-empty", title="No actions", incident_date=date(2024, 6, 1)),
    ]


@pytest.fixture
def stored(repo: PostmortemRepository) -> PostmortemRepository:
    for pm in _three():
        repo.add(pm)
    return repo


def test_list_items_reads_every_item_newest_postmortem_first(stored: PostmortemRepository) -> None:
    items = list_items(stored, TODAY)
    assert [i.key for i in items] == [
        ("pm-b", "b1"), ("pm-b", "b2"), ("pm-a", "a1"), ("pm-a", "a2"), ("pm-a", "a3"), ("pm-c", "c1"),
    ]
    a1 = items[2]
    assert a1 == TrackedItem(
        postmortem_id="pm-a", postmortem_title="Checkout <down> & 決済", severity=Severity.SEV1,
        postmortem_status=Status.PUBLISHED, incident_date=date(2024, 5, 1), item_id="a1",
        title="Add lock_timeout of 5 s", description="", kind=ActionKind.PREVENT, owner="Ana",
        due_date=date(2024, 6, 1), due_text="", status=ActionStatus.OPEN, status_changed_on=None,
        priority=Priority.P1, tracker_ref="OPS-1", position=a1.position, overdue=True,
    )
    # overdue: open (or in progress) and due before today; done / won't do never are
    assert [i.item_id for i in items if i.overdue] == ["a1"]
    assert items[1].due_text == "Q3" and items[1].due_date is None
    assert items[0].postmortem_title == "DNS שגיאה" and items[0].severity is None
    assert items[3].title == "=HYPERLINK(\"x\")" and items[3].owner_name == ""
    assert list_items(stored.engine, date(2024, 6, 1))[2].overdue is False  # due today is not overdue


def test_list_items_of_an_empty_database(engine: Engine) -> None:
    assert list_items(engine, TODAY) == []


def _ids(items: list[TrackedItem], flt: TrackerFilter) -> list[str]:
    return [i.item_id for i in items if flt.matches(i, TODAY)]


def test_filters(stored: PostmortemRepository) -> None:
    items = list_items(stored, TODAY)
    assert _ids(items, TrackerFilter()) == ["b1", "b2", "a1", "a2", "a3", "c1"]
    assert TrackerFilter().is_empty and not TrackerFilter(text="x").is_empty
    # owners compare without case and surrounding spaces; only spaces means no owner
    assert _ids(items, TrackerFilter(owners=frozenset({" ANA"}))) == ["b1", "a1"]
    assert _ids(items, TrackerFilter(owners=frozenset({NO_OWNER}))) == ["b2", "a2"]
    assert _ids(items, TrackerFilter(owners=frozenset({"李雷", NO_OWNER}))) == ["b2", "a2", "c1"]
    open_statuses = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
    assert _ids(items, TrackerFilter(statuses=open_statuses)) == ["b1", "b2", "a1", "a2"]
    assert _ids(items, TrackerFilter(postmortem_ids=frozenset({"pm-c", "pm-b"}))) == ["b1", "b2", "c1"]
    assert _ids(items, TrackerFilter(severities=frozenset({NO_SEVERITY, "SEV3"}))) == ["b1", "b2", "c1"]
    assert _ids(items, TrackerFilter(overdue_only=True)) == ["a1"]
    # due soon: open and due today .. today + 7 (a2 on day 7, b1 on day 8 is out; c1 is closed)
    assert _ids(items, TrackerFilter(due_soon=True)) == ["a2"]
    assert _ids(items, TrackerFilter(text="LOCK")) == ["a1", "a3"]
    assert _ids(items, TrackerFilter(text="lock page")) == ["a3"]
    assert _ids(items, TrackerFilter(text="決済 hyperlink")) == ["a2"]
    assert _ids(items, TrackerFilter(text="ops-1")) == ["a1"]
    assert _ids(items, TrackerFilter(statuses=open_statuses, owners=frozenset({"ana"}), text="ttl")) == ["b1"]


def test_set_status_writes_items_and_bumps_each_touched_postmortem_once(stored: PostmortemRepository) -> None:
    before = {pm.id: stored.get_with_version(pm.id) for pm in _three()}
    result = set_status(stored.engine, [("pm-a", "a1"), ("pm-a", "a2"), ("pm-a", "a3"), ("pm-b", "b1")],
                        ActionStatus.DONE, TODAY)
    # a3 was done already: untouched, keeps its date
    assert result.changed == [("pm-a", "a1"), ("pm-a", "a2"), ("pm-b", "b1")]
    assert result.before[("pm-a", "a2")] == ItemState(ActionStatus.IN_PROGRESS, None, "   ")
    assert result.after[("pm-a", "a2")] == ItemState(ActionStatus.DONE, TODAY, "   ")
    assert result.versions == {"pm-a": 2, "pm-b": 2}
    assert result.missing == []
    a, version_a = stored.get_with_version("pm-a")
    assert version_a == 2
    assert [(i.id, i.status, i.status_changed_on) for i in a.action_items] == [
        ("a1", ActionStatus.DONE, TODAY), ("a2", ActionStatus.DONE, TODAY),
        ("a3", ActionStatus.DONE, date(2024, 5, 20)),
    ]
    # everything else about the items and postmortem is as it was
    expected = before["pm-a"][0].model_copy(deep=True)
    for item in expected.action_items[:2]:
        item.status, item.status_changed_on = ActionStatus.DONE, TODAY
    assert a.model_dump(exclude={"updated_at"}) == expected.model_dump(exclude={"updated_at"})
    assert a.updated_at > before["pm-a"][0].updated_at
    assert stored.version_of("pm-c") == 1 and stored.version_of("pm-empty") == 1
    assert [s.open_actions for s in stored.list_summaries(TODAY) if s.id == "pm-a"] == [0]


def test_set_owner_strips_and_only_spaces_means_nobody(stored: PostmortemRepository) -> None:
    result = set_owner(stored, [("pm-a", "a1"), ("pm-b", "b1"), ("pm-b", "b2")], "  Zoë García ")
    assert result.changed == [("pm-a", "a1"), ("pm-b", "b1"), ("pm-b", "b2")]
    assert [i.owner for i in stored.get("pm-b").action_items] == ["Zoë García", "Zoë García"]
    result = set_owner(stored, [("pm-b", "b1"), ("pm-a", "a2")], "   ")
    # a2's owner was only spaces: already nobody, so unchanged
    assert result.changed == [("pm-b", "b1")]
    assert result.versions == {"pm-b": 3}
    assert [i.owner for i in stored.get("pm-b").action_items] == ["", "Zoë García"]


def test_unknown_keys_are_reported_and_change_nothing(stored: PostmortemRepository) -> None:
    result = set_status(stored, [("pm-a", "nope"), ("pm-gone", "a1")], ActionStatus.DONE, TODAY)
    assert result.missing == [("pm-a", "nope"), ("pm-gone", "a1")]
    assert result.changed == [] and result.versions == {}
    assert stored.version_of("pm-a") == 1


def test_apply_changes_status_and_owner_together(stored: PostmortemRepository) -> None:
    result = apply_changes(
        stored,
        {("pm-c", "c1"): ItemChange(status=ActionStatus.OPEN, owner="Li Lei"),
         ("pm-b", "b2"): ItemChange(owner="")},
        TODAY,
    )
    assert result.after == {("pm-c", "c1"): ItemState(ActionStatus.OPEN, TODAY, "Li Lei")}
    assert result.versions == {"pm-c": 2}


def test_restore_undoes_exactly_and_redo_reapplies(stored: PostmortemRepository) -> None:
    keys = [("pm-a", "a2"), ("pm-c", "c1")]
    done = set_status(stored, keys, ActionStatus.OPEN, TODAY)
    undone = restore(stored, done.before)
    assert undone.after == done.before
    a2 = stored.get("pm-a").action_items[1]
    c1 = stored.get("pm-c").action_items[0]
    assert (a2.status, a2.status_changed_on) == (ActionStatus.IN_PROGRESS, None)
    assert (c1.status, c1.status_changed_on) == (ActionStatus.WONT_DO, None)
    assert undone.versions == {"pm-a": 3, "pm-c": 3}
    redone = restore(stored, done.after)
    assert redone.after == done.after
    assert stored.get("pm-c").action_items[0].status_changed_on == TODAY


def test_an_editor_that_loaded_before_a_bulk_change_gets_a_conflict(stored: PostmortemRepository) -> None:
    pm, version = stored.get_with_version("pm-a")  # the editor's copy; the repository remembers it
    set_status(stored.engine, [("pm-a", "a1")], ActionStatus.DONE, TODAY)  # bypasses the repository
    pm.action_items[1].title = "Edited in the editor"
    with pytest.raises(ConflictError) as caught:
        stored.save(pm, expected_version=version)
    assert (caught.value.expected, caught.value.actual) == (1, 2)
    # reloading then saving keeps both the tracker's change and the edit
    fresh, fresh_version = stored.get_with_version("pm-a")
    fresh.action_items[1].title = "Edited in the editor"
    assert stored.save(fresh, expected_version=fresh_version) == 3
    saved = stored.get("pm-a").action_items
    assert [(i.status, i.title) for i in saved[:2]] == [
        (ActionStatus.DONE, "Add lock_timeout of 5 s"), (ActionStatus.IN_PROGRESS, "Edited in the editor"),
    ]


def test_a_save_without_expected_version_after_a_bulk_change_rereads_the_rows(
    stored: PostmortemRepository,
) -> None:
    """The repository's remembered rows are tied to a version: a bulk change makes it read them again."""
    pm, _version = stored.get_with_version("pm-b")
    set_owner(stored.engine, [("pm-b", "b2")], "Kim")
    pm.action_items[0].owner = "Ana"
    stored.save(pm)  # last writer wins, but on the real stored rows: b2 is written back as the editor had it
    assert [i.owner for i in stored.get("pm-b").action_items] == ["Ana", ""]
    assert stored.version_of("pm-b") == 3


def test_bulk_owner_change_reaches_the_search_index(stored: PostmortemRepository) -> None:
    from desktop_app.storage import search

    assert search.search(stored.engine, "Zoë") == []
    set_owner(stored, [("pm-a", "a1"), ("pm-b", "b2")], "Zoë García")
    hits = search.search(stored.engine, "Zoë")
    assert sorted((hit.postmortem_id, hit.child_id, hit.field) for hit in hits) == [
        ("pm-a", "a1", "action_items.owner"),
        ("pm-b", "b2", "action_items.owner"),
    ]
    assert [hit.postmortem_id for hit in search.search(stored.engine, "Ana")] == ["pm-b"]  # b1 "ana " stays
