"""A second (or first) writer process for the two-writer tests, driven over stdin.

``writer_worker.py loop DATABASE PM_ID COUNT TAG`` waits for ``go`` on stdin, then
``COUNT`` times: loads the postmortem, appends one timeline event named ``TAG-<i>``, sets
the title and saves with ``expected_version``; a ``ConflictError`` (the other writer
got in first) reloads and retries the same edit. Prints ``done <conflicts> <version>``.

``writer_worker.py step DATABASE PM_ID`` obeys one command per line: ``load`` (prints
``loaded <version>``), ``title <text>``, ``save`` (prints ``saved <version>`` or
``conflict <expected> <actual>``), ``quit``.
"""

from __future__ import annotations

import sys

from desktop_app.domain.models import TimelineEvent
from desktop_app.storage.database import open_database
from desktop_app.storage.repository import ConflictError, PostmortemRepository


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    sys.stdout.flush()


def loop(repo: PostmortemRepository, pm_id: str, count: int, tag: str) -> None:
    assert sys.stdin.readline().strip() == "go"
    conflicts = 0
    version = 0
    for index in range(count):
        while True:
            pm, version = repo.get_with_version(pm_id)
            pm.timeline.append(TimelineEvent(id=f"{tag}-{index}", description=f"{tag} edit {index} <&> 編集"))
            pm.title = f"{tag} {index}"
            try:
                version = repo.save(pm, expected_version=version)
                break
            except ConflictError:
                conflicts += 1
    say("done", conflicts, version)


def step(repo: PostmortemRepository, pm_id: str) -> None:
    pm, version = repo.get_with_version(pm_id)
    for line in sys.stdin:
        command, _, argument = line.rstrip("\n").partition(" ")
        if command == "load":
            pm, version = repo.get_with_version(pm_id)
            say("loaded", version)
        elif command == "title":
            pm.title = argument
        elif command == "save":
            try:
                version = repo.save(pm, expected_version=version)
                say("saved", version)
            except ConflictError as exc:
                say("conflict", exc.expected, exc.actual)
        elif command == "quit":
            return


def main(argv: list[str]) -> None:
    mode, database, pm_id = argv[:3]
    repo = PostmortemRepository(open_database(database))
    if mode == "loop":
        loop(repo, pm_id, int(argv[3]), argv[4])
    else:
        step(repo, pm_id)


if __name__ == "__main__":
    main(sys.argv[1:])
