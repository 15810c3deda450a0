"""The tracker decides every row in one pass with the same answers as ``TrackerFilter.matches``,
and ``filterAcceptsRow`` only looks them up."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.domain.models import ActionKind, ActionStatus, Severity, Status
from desktop_app.storage.action_tracker import NO_OWNER, NO_SEVERITY, TrackedItem, TrackerFilter, is_overdue
from desktop_app.ui.tracker.model import ItemRole, RowKeys, TrackerModel, TrackerProxy

TODAY = date(2024, 6, 10)
OWNERS = ["Ana García", " ana garcía ", "李雷", "", "   ", "Zoë", "ZOË"]


def _items() -> list[TrackedItem]:
    items = []
    for n, (status, severity, owner) in enumerate(
        itertools.product(ActionStatus, [None, Severity.SEV1, Severity.SEV3], OWNERS)
    ):
        due = None if n % 5 == 0 else TODAY + timedelta(days=n % 23 - 11)
        items.append(TrackedItem(
            f"pm-{n % 4}", f"Incident {n % 4}: Lock waits" if n % 2 else "", severity, Status.DRAFT, None,
            f"a{n}", f"Add alert on queue depth > {n}" if n % 3 else "Überwachung der DB", "p99 lag" if n % 7 else "",
            ActionKind.DETECT, owner, due, "Q3" if due is None else "", status, None, None, f"OPS-{n}", float(n),
            is_overdue(status, due, TODAY),
        ))
    return items


FILTERS = [
    TrackerFilter(),
    TrackerFilter(overdue_only=True),
    TrackerFilter(due_soon=True),
    TrackerFilter(statuses=frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})),
    TrackerFilter(postmortem_ids=frozenset({"pm-1", "pm-3"})),
    TrackerFilter(severities=frozenset({NO_SEVERITY})),
    TrackerFilter(severities=frozenset({"SEV1"}), overdue_only=True),
    TrackerFilter(owners=frozenset({NO_OWNER})),
    TrackerFilter(owners=frozenset({"ANA GARCÍA "})),
    TrackerFilter(owners=frozenset({"zoë"}), statuses=frozenset({ActionStatus.DONE})),
    TrackerFilter(text="lock WAITS"),
    TrackerFilter(text="  überwachung  "),
    TrackerFilter(text="ops-1 alert", due_soon=True),
    TrackerFilter(text="nothing matches"),
]


def test_one_pass_decides_as_tracker_filter_matches() -> None:
    items = _items()
    keys = RowKeys(items)
    for tracker_filter in FILTERS:
        expected = [tracker_filter.matches(item, TODAY) for item in items]
        assert keys.accepted(tracker_filter, TODAY) == expected, tracker_filter
    assert any(keys.accepted(TrackerFilter(due_soon=True), TODAY))
    assert any(keys.accepted(TrackerFilter(owners=frozenset({"ANA GARCÍA "})), TODAY))


def test_the_proxy_follows_sorting_and_written_states(qtbot) -> None:
    from desktop_app.storage.action_tracker import ItemState
    from desktop_app.ui.tracker.model import OWNER

    model = TrackerModel()
    proxy = TrackerProxy(lambda: TODAY)
    proxy.setSourceModel(model)
    items = _items()
    model.set_items(items)
    tracker_filter = TrackerFilter(owners=frozenset({"zoë"}), statuses=frozenset({ActionStatus.OPEN}))
    proxy.set_filter(tracker_filter)

    def shown() -> list[str]:
        return sorted(proxy.index(r, 0).data(ItemRole).item_id for r in range(proxy.rowCount()))

    expected = sorted(i.item_id for i in items if tracker_filter.matches(i, TODAY))
    assert shown() == expected and expected
    model.sort(OWNER)
    assert shown() == expected
    # an item written as done leaves the list; its owner written as Zoë brings another in
    first = next(i for i in model.items() if i.item_id == expected[0])
    other = next(i for i in model.items() if i.status is ActionStatus.OPEN and i.owner_name.casefold() != "zoë")
    model.apply_states({
        first.key: ItemState(ActionStatus.DONE, TODAY, first.owner),
        other.key: ItemState(ActionStatus.OPEN, None, "Zoë"),
    }, TODAY)
    assert shown() == sorted([*expected[1:], other.item_id])
    assert proxy.overdue_count() == sum(1 for i in model.items() if i.overdue and tracker_filter.matches(i, TODAY))


def test_set_owner_has_no_information_icon(qtbot, repo) -> None:
    from desktop_app.ui.tracker.window import TrackerWindow

    tracker_window = TrackerWindow(repo, today=lambda: TODAY)
    qtbot.addWidget(tracker_window)
    info = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView)
    icon: QIcon = tracker_window.owner_action.icon()
    assert not icon.isNull()
    assert icon.pixmap(16, 16).toImage() != info.pixmap(16, 16).toImage()
