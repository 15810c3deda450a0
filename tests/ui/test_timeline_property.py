"""Random sequences of moves, inserts, deletes, sorts, undos and redos: model == plain list, always."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.domain.models import Postmortem, TimelineEvent
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.timeline import order
from desktop_app.ui.timeline.model import TimelineModel

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)

op = st.one_of(
    st.tuples(st.just("drop"), st.lists(st.integers(0, 30), min_size=1, max_size=4), st.integers(0, 31)),
    st.tuples(st.just("step"), st.lists(st.integers(0, 30), min_size=1, max_size=3), st.sampled_from([-1, 1])),
    st.tuples(st.just("insert"), st.integers(0, 31), st.none()),
    st.tuples(st.just("delete"), st.lists(st.integers(0, 30), min_size=1, max_size=3), st.none()),
    st.tuples(st.just("sort"), st.none(), st.none()),
    st.tuples(st.just("undo"), st.none(), st.none()),
    st.tuples(st.just("redo"), st.none(), st.none()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    minutes=st.lists(st.one_of(st.none(), st.integers(0, 20)), min_size=1, max_size=8),
    ops=st.lists(op, max_size=14),
)
def test_model_matches_a_plain_list(qapp, minutes, ops):
    events = [
        TimelineEvent(id=f"e{i}", occurred_at=None if m is None else T0 + timedelta(minutes=m))
        for i, m in enumerate(minutes)
    ]
    times = {e.id: e.occurred_at for e in events}
    doc = PostmortemDocument()
    doc.load(Postmortem(timeline=events), 1)
    model = TimelineModel(doc)
    history: list[list[str]] = [[e.id for e in events]]  # states; history[at] is the current one
    at = 0
    fresh = 0
    for name, a, b in ops:
        current = list(history[at])
        n = len(current)
        expected: list[str] | None = None
        if name == "drop" and n:
            rows = sorted({r % n for r in a})
            dest = b % (n + 1)
            data = model.mimeData([model.index(r, 0) for r in rows])
            assert model.dropMimeData(data, Qt.DropAction.MoveAction, dest, 0, QModelIndex()) is False
            rest = [x for i, x in enumerate(current) if i not in rows]
            cut = dest - sum(1 for r in rows if r < dest)
            expected = rest[:cut] + [current[r] for r in rows] + rest[cut:]
        elif name == "step" and n:
            rows = sorted({r % n for r in a})
            model.step_rows(rows, b)
            expected = [current[i] for i in order.order_after(order.plan_step(rows, b, n), n)]
        elif name == "insert":
            row = a % (n + 1)
            new_id = f"n{fresh}"
            fresh += 1
            times[new_id] = None
            model.insert_event(row, TimelineEvent(id=new_id))
            expected = current[:row] + [new_id] + current[row:]
        elif name == "delete" and n:
            rows = {r % n for r in a}
            model.delete_rows(sorted(rows))
            expected = [x for i, x in enumerate(current) if i not in rows]
        elif name == "sort":
            model.sort_by_time()
            by_id = {x: TimelineEvent(id=x, occurred_at=times[x]) for x in current}
            expected = [current[i] for i in order.time_sorted_order([by_id[x] for x in current])]
        elif name == "undo" and at > 0:
            doc.undo_stack.undo()
            at -= 1
        elif name == "redo" and at < len(history) - 1:
            doc.undo_stack.redo()
            at += 1
        if expected is not None and expected != current:
            history[at + 1 :] = [expected]
            at += 1
        assert doc.undo_stack.index() == at
        assert model.ids() == history[at]
        assert [model.index(r, 0).data(TimelineModel.EventIdRole) for r in range(model.rowCount())] == history[at]
        marks = order.out_of_order_rows([times[x] for x in history[at]])
        assert [model.is_out_of_order(r) for r in range(model.rowCount())] == marks
