"""The cause tree as plain data: descendants, the bone a cause sits on, and new lists for each edit.

Pure functions over ``list[Cause]`` (no Qt): each edit returns a fresh list of copies that the
editor hands to the document as one undo step. A sub-cause carries its top ancestor's
category, so a subtree moved to another bone is re-labelled as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.models import Cause
from desktop_app.formats.fishbone_layout import OTHER_CATEGORY


class MoveRefused(ValueError):
    """A re-parent that would put a cause inside itself or its own descendant."""


def children_of(causes: Sequence[Cause]) -> dict[str | None, list[Cause]]:
    """Each parent id (``None`` for the bones) mapped to its children, in list order."""
    ids = {cause.id for cause in causes}
    children: dict[str | None, list[Cause]] = {}
    for cause in causes:
        parent = cause.parent_id if cause.parent_id in ids and cause.parent_id != cause.id else None
        children.setdefault(parent, []).append(cause)
    return children


def subtree_ids(causes: Sequence[Cause], cause_id: str) -> list[str]:
    """``cause_id`` and all its descendants, in pre-order."""
    children = children_of(causes)
    order: list[str] = []
    seen: set[str] = set()
    stack = [cause_id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        order.append(current)
        stack.extend(child.id for child in reversed(children.get(current, [])))
    return order


def find(causes: Sequence[Cause], cause_id: str) -> Cause | None:
    return next((cause for cause in causes if cause.id == cause_id), None)


def top_ancestor(causes: Sequence[Cause], cause_id: str) -> Cause | None:
    """The top-level cause whose tree holds ``cause_id`` (itself when top-level)."""
    by_id = {cause.id: cause for cause in causes}
    current = by_id.get(cause_id)
    seen: set[str] = set()
    while current is not None and current.parent_id in by_id and current.id not in seen:
        seen.add(current.id)
        current = by_id[current.parent_id]  # type: ignore[index]
    return current


def bone_of(causes: Sequence[Cause], categories: Sequence[str], cause_id: str) -> str:
    """The category bone the cause is drawn on (``"Other"`` for an unknown category)."""
    top = top_ancestor(causes, cause_id)
    if top is None:
        return ""
    return top.category if top.category in categories else OTHER_CATEGORY


def added(causes: Sequence[Cause], cause: Cause) -> list[Cause]:
    """The list with ``cause`` appended (it becomes the last child of its parent or bone)."""
    return [c.model_copy() for c in causes] + [cause]


def reparented(causes: Sequence[Cause], cause_id: str, parent_id: str | None, category: str) -> list[Cause]:
    """The list with ``cause_id`` moved under ``parent_id`` (``None``: onto the bone ``category``).

    The moved cause goes to the end of the list, so it is its new parent's last child; it and
    its descendants take ``category``. Raises ``MoveRefused`` for a move into itself or a descendant.
    """
    moving = subtree_ids(causes, cause_id)
    if parent_id is not None and parent_id in moving:
        raise MoveRefused("A cause cannot move into itself or one of its own sub-causes.")
    result: list[Cause] = []
    moved: Cause | None = None
    members = set(moving)
    for cause in causes:
        copy = cause.model_copy()
        if cause.id in members:
            copy.category = category
        if cause.id == cause_id:
            copy.parent_id = parent_id
            moved = copy
            continue
        result.append(copy)
    if moved is None:
        raise KeyError(f"no cause with id {cause_id!r}")
    return result + [moved]


def without_subtree(causes: Sequence[Cause], cause_id: str) -> tuple[list[Cause], list[str]]:
    """The list without ``cause_id`` and its descendants, and the removed ids (pre-order)."""
    removed = subtree_ids(causes, cause_id)
    gone = set(removed)
    return [cause.model_copy() for cause in causes if cause.id not in gone], removed


def recategorised(causes: Sequence[Cause], old: str, new: str) -> list[Cause]:
    """Every cause on the bone ``old`` (its tree included) now labelled ``new``."""
    tops = {cause.id for cause in causes if cause.category == old and top_ancestor(causes, cause.id) is cause}
    members = {member for top in tops for member in subtree_ids(causes, top)}
    result = []
    for cause in causes:
        copy = cause.model_copy()
        if cause.id in members or cause.category == old:
            copy.category = new
        result.append(copy)
    return result


def causes_on(causes: Sequence[Cause], categories: Sequence[str], category: str) -> list[Cause]:
    """The causes drawn on one bone (top-level ones and their descendants)."""
    return [cause for cause in causes if bone_of(causes, categories, cause.id) == category]


def on_other_bone(causes: Sequence[Cause], categories: Sequence[str]) -> list[Cause]:
    """The causes drawn on the fallback "Other" bone: their top cause's category is none of ``categories``
    (the layout draws that bone only when it holds causes and no bone is called "Other")."""
    if OTHER_CATEGORY in categories:
        return []
    known = set(categories)
    children = children_of(causes)
    stack = [top for top in reversed(children.get(None, [])) if top.category not in known]
    seen: set[str] = set()
    while stack:
        cause = stack.pop()
        if cause.id in seen:
            continue
        seen.add(cause.id)
        stack.extend(reversed(children.get(cause.id, [])))
    return [cause for cause in causes if cause.id in seen]


def adopted(causes: Sequence[Cause], categories: Sequence[str], name: str) -> list[Cause]:
    """Every cause on the fallback bone (its tree included) now labelled ``name``."""
    members = {cause.id for cause in on_other_bone(causes, categories)}
    result = []
    for cause in causes:
        copy = cause.model_copy()
        if cause.id in members:
            copy.category = name
        result.append(copy)
    return result
