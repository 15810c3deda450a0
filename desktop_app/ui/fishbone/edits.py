"""Every fishbone and 5 Whys edit as one undo step on the document's stack.

The canvas, the category panel and the 5 Whys panel call these; each method pushes a single
command (or nothing, when nothing would change) so Ctrl+Z undoes exactly one user action
and the window autosaves after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.models import Cause, CauseKind, WhyChain, WhyStep
from desktop_app.ui.document import PostmortemDocument
from desktop_app.ui.fishbone import cause_tree
from desktop_app.ui.fishbone.cause_tree import MoveRefused

__all__ = ["FishboneEdits", "MoveRefused", "why_question"]


def why_question(previous: str) -> str:
    """The pre-filled question for the next why, from the previous answer (or the problem)."""
    text = " ".join(previous.split()).rstrip(".!?;:, ")
    return f"Why did “{text}” happen?" if text else "Why?"


class FishboneEdits:
    """Edits of the cause tree, the bones, the effect, links and 5 Whys chains of ``doc``."""

    def __init__(self, doc: PostmortemDocument) -> None:
        self.doc = doc

    @property
    def causes(self) -> list[Cause]:
        return self.doc.pm.causes

    # -- causes ---------------------------------------------------------------------------------

    def add_cause(self, text: str = "", *, category: str = "", parent_id: str | None = None) -> str:
        """Append a cause on a bone (or under ``parent_id``, on its bone); returns its id."""
        if parent_id is not None:
            category = cause_tree.bone_of(self.causes, self.doc.pm.fishbone_categories, parent_id)
        cause = Cause(text=text, category=category, parent_id=parent_id)
        what = "Add sub-cause" if parent_id else "Add cause"
        self.doc.add_item(("causes",), len(self.causes), cause, text=what)
        return cause.id

    def put_back_cause(self, cause: Cause, row: int) -> None:
        """Add ``cause`` as it is (id, text and all) at ``row`` of the cause list: one "Add" step."""
        what = "Add sub-cause" if cause.parent_id else "Add cause"
        self.doc.add_item(("causes",), row, cause, text=what)

    def set_text(self, cause_id: str, text: str) -> bool:
        return self._set(("causes", cause_id, "text"), text, "Edit cause")

    def set_kind(self, cause_id: str, kind: CauseKind) -> bool:
        return self._set(("causes", cause_id, "kind"), kind, f"Mark as {kind.label.lower()}")

    def toggle_kind(self, cause_id: str) -> bool:
        current = self.doc.get(("causes", cause_id, "kind"))
        other = CauseKind.CONTRIBUTING_FACTOR if current is CauseKind.ROOT_CAUSE else CauseKind.ROOT_CAUSE
        return self.set_kind(cause_id, other)

    def set_note(self, cause_id: str, note: str) -> bool:
        return self._set(("causes", cause_id, "note"), note, "Edit cause note")

    def reparent(self, cause_id: str, parent_id: str | None, category: str = "") -> bool:
        """Move a cause (with its sub-causes) under another cause or onto a bone; one undo step.

        Raises ``MoveRefused`` for a move into itself or its own descendant; False when the
        cause is already there.
        """
        pm = self.doc.pm
        if parent_id is not None:
            category = cause_tree.bone_of(pm.causes, pm.fishbone_categories, parent_id)
        cause = cause_tree.find(pm.causes, cause_id)
        if cause is None:
            raise KeyError(f"no cause with id {cause_id!r}")
        new = cause_tree.reparented(pm.causes, cause_id, parent_id, category)
        current_bone = cause_tree.bone_of(pm.causes, pm.fishbone_categories, cause_id)
        if cause.parent_id == parent_id and (parent_id is not None or current_bone == category):
            return False
        return self.doc.edit_fields([(("causes",), new)], text="Move cause")

    def delete_cause(self, cause_id: str) -> list[str]:
        """Delete a cause and its sub-causes, unlinking action items and 5 Whys chains; returns removed ids."""
        pm = self.doc.pm
        remaining, removed = cause_tree.without_subtree(pm.causes, cause_id)
        gone = set(removed)
        changes: list[tuple[tuple, object]] = [(("causes",), remaining)]
        for item in pm.action_items:
            if gone & set(item.cause_ids):
                changes.append((("action_items", item.id, "cause_ids"), [c for c in item.cause_ids if c not in gone]))
        for chain in pm.why_chains:
            if chain.cause_id in gone:
                changes.append((("why_chains", chain.id, "cause_id"), None))
        what = "Delete cause" if len(removed) == 1 else f"Delete cause and {len(removed) - 1} sub-causes"
        self.doc.edit_fields(changes, text=what)
        return removed

    def link_actions(self, cause_id: str, action_ids: Sequence[str]) -> bool:
        """Make exactly ``action_ids`` the action items that address this cause."""
        wanted = set(action_ids)
        changes = []
        for item in self.doc.pm.action_items:
            has = cause_id in item.cause_ids
            if item.id in wanted and not has:
                changes.append((("action_items", item.id, "cause_ids"), [*item.cause_ids, cause_id]))
            elif item.id not in wanted and has:
                changes.append((("action_items", item.id, "cause_ids"), [c for c in item.cause_ids if c != cause_id]))
        return self.doc.edit_fields(changes, text="Link action items")

    # -- effect and categories ---------------------------------------------------------------------

    def set_effect(self, text: str) -> None:
        self.doc.edit(("fishbone_effect",), text, text="Edit problem statement")

    def set_categories(self, names: Sequence[str], *, text: str = "Change categories") -> bool:
        return self.doc.edit_fields([(("fishbone_categories",), list(names))], text=text)

    def choose_set(self, names: Sequence[str]) -> list[str]:
        """Use a category set; bones that still hold causes are kept after it. Returns the kept ones."""
        pm = self.doc.pm
        kept = [
            name for name in pm.fishbone_categories
            if name not in names and cause_tree.causes_on(pm.causes, pm.fishbone_categories, name)
        ]
        self.set_categories([*names, *kept], text="Choose category set")
        return kept

    def add_category(self, name: str) -> bool:
        name = name.strip()
        categories = self.doc.pm.fishbone_categories
        if not name or name in categories:
            return False
        return self.set_categories([*categories, name], text="Add category")

    def rename_category(self, old: str, new: str) -> bool:
        """Rename a bone; its causes move along (one undo step). False for an empty or taken name."""
        new = new.strip()
        pm = self.doc.pm
        if not new or new == old or new in pm.fishbone_categories or old not in pm.fishbone_categories:
            return False
        names = [new if name == old else name for name in pm.fishbone_categories]
        return self.doc.edit_fields(
            [(("fishbone_categories",), names), (("causes",), cause_tree.recategorised(pm.causes, old, new))],
            text="Rename category",
        )

    def adopt_other(self, name: str, index: int | None = None) -> bool:
        """Make the fallback "Other" bone (causes whose category is none of the bones) a bone of its own
        named ``name``, at ``index`` among the bones (the end for ``None``); its causes move along. One
        undo step; False for an empty or taken name or when no cause is on the fallback bone."""
        name = name.strip()
        pm = self.doc.pm
        names = list(pm.fishbone_categories)
        if not name or name in names or not cause_tree.on_other_bone(pm.causes, names):
            return False
        moved = cause_tree.adopted(pm.causes, names, name)
        names.insert(len(names) if index is None else max(0, min(index, len(names))), name)
        return self.doc.edit_fields([(("fishbone_categories",), names), (("causes",), moved)],
                                    text="Make a bone of the other causes")

    def remove_category(self, name: str, move_to: str | None = None) -> bool:
        """Remove a bone; its causes go to ``move_to`` (required when it has any)."""
        pm = self.doc.pm
        if name not in pm.fishbone_categories:
            return False
        names = [n for n in pm.fishbone_categories if n != name]
        changes: list[tuple[tuple, object]] = [(("fishbone_categories",), names)]
        if cause_tree.causes_on(pm.causes, pm.fishbone_categories, name):
            if move_to is None or move_to == name:
                raise ValueError(f"the category “{name}” still has causes: say where they go")
            changes.append((("causes",), cause_tree.recategorised(pm.causes, name, move_to)))
        return self.doc.edit_fields(changes, text="Remove category")

    def move_category(self, name: str, step: int) -> bool:
        names = list(self.doc.pm.fishbone_categories)
        row = names.index(name)
        to = row + step
        if not 0 <= to < len(names):
            return False
        names.insert(to, names.pop(row))
        return self.set_categories(names, text="Move category")

    # -- 5 Whys ------------------------------------------------------------------------------------------

    def add_chain(self, problem: str = "") -> str:
        chain = WhyChain(problem=problem, whys=[WhyStep(question=why_question(problem) if problem else "Why?")])
        self.doc.add_item(("why_chains",), len(self.doc.pm.why_chains), chain, text="Add 5 Whys chain")
        return chain.id

    def remove_chain(self, chain_id: str) -> None:
        row = [c.id for c in self.doc.pm.why_chains].index(chain_id)
        self.doc.delete_item(("why_chains",), row, text="Delete 5 Whys chain")

    def add_why(self, chain_id: str) -> str:
        chain = self.doc.get(("why_chains", chain_id))
        previous = chain.whys[-1].answer if chain.whys else chain.problem
        step = WhyStep(question=why_question(previous))
        self.doc.add_item(("why_chains", chain_id, "whys"), len(chain.whys), step, text="Add why")
        return step.id

    def remove_why(self, chain_id: str, why_id: str) -> None:
        whys = self.doc.get(("why_chains", chain_id, "whys"))
        row = [w.id for w in whys].index(why_id)
        self.doc.delete_item(("why_chains", chain_id, "whys"), row, text="Delete why")

    def move_why(self, chain_id: str, why_id: str, step: int) -> bool:
        whys = self.doc.get(("why_chains", chain_id, "whys"))
        row = [w.id for w in whys].index(why_id)
        to = row + step
        if not 0 <= to < len(whys):
            return False
        self.doc.reorder_item(("why_chains", chain_id, "whys"), row, to, text="Move why")
        return True

    def chain_to_cause(self, chain_id: str, category: str, text: str, *, root_cause: bool) -> str:
        """Turn a chain's conclusion into a new cause on ``category`` and link the chain to it (one step)."""
        kind = CauseKind.ROOT_CAUSE if root_cause else CauseKind.CONTRIBUTING_FACTOR
        cause = Cause(text=text, category=category, kind=kind)
        self.doc.edit_fields(
            [(("causes",), cause_tree.added(self.causes, cause)), (("why_chains", chain_id, "cause_id"), cause.id)],
            text="Turn 5 Whys answer into a cause",
        )
        return cause.id

    def link_chain(self, chain_id: str, cause_id: str | None, *, root_cause: bool = False) -> bool:
        """Link a chain to an existing cause (or unlink with ``None``), optionally marking it root cause."""
        changes: list[tuple[tuple, object]] = [(("why_chains", chain_id, "cause_id"), cause_id)]
        if cause_id is not None and root_cause:
            changes.append((("causes", cause_id, "kind"), CauseKind.ROOT_CAUSE))
        return self.doc.edit_fields(changes, text="Link 5 Whys chain" if cause_id else "Unlink 5 Whys chain")

    # -- helpers ------------------------------------------------------------------------------------

    def _set(self, path: tuple, value: object, text: str) -> bool:
        if self.doc.get(path) == value:
            return False
        self.doc.edit(path, value, text=text, merge=False)
        return True
