"""`register save`: commit an officer's edited records, checked, so an officer never needs git.

Only the records named (or, when none is named, every record file changed since the last
commit) go into the commit; other files, staged or not, are left as they are. The records are
checked as the commit would hold them: each on its own and the records it names, so a saved
register is always a valid one. What `register decide` writes (a decision's approved versions)
cannot be saved by hand.
"""

from __future__ import annotations

from ..errors import UsageError
from ..records.ids import id_of_path
from ..records.registry import FILE
from ..records.values import Result
from ..store.repository import Author
from ..store.version import Register, Version


class Saved(Result):
    records: list[str]
    files: list[str] = []
    """Files the records name (appendices) saved with them."""
    commit: str


def save(
    register: Register,
    record_ids: list[str] | None = None,
    *,
    message: str | None = None,
    author: Author | None = None,
) -> Saved:
    store = register.store
    with store.locked():
        changed = [
            p for p in store.changed_paths(list(register.config.record_folders)) if p.endswith(".yaml")
        ]
        paths = _chosen(register, record_ids, changed)
        gone = [path for path in paths if not (register.root / path).exists()]
        if gone:
            raise UsageError(
                f"{', '.join(gone)}: deleted, and save does not delete records (a decision may have "
                "approved one); put the file back, or remove it with git if it must go"
            )
        paths += _files_named(register, paths)
        writes = {path: store.inside(path).read_bytes() for path in paths}
        ids = [id_of_path(path) for path in paths if path.endswith(".yaml")]
        after = _as_committed(register, writes)
        after.refuse_problems(ids)
        _refuse_pin_edits(register, after, ids)
        commit = store.commit(writes, message or _message(after, ids), author)
    return Saved(records=ids, files=[path for path in paths if not path.endswith(".yaml")], commit=commit)


def _chosen(register: Register, record_ids: list[str] | None, changed: list[str]) -> list[str]:
    if not record_ids:
        if not changed:
            raise UsageError("nothing to save: no record has changed since the last commit")
        return changed
    paths = [register.path_of(record_id) for record_id in record_ids]
    unchanged = [id_of_path(path) for path in paths if path not in changed]
    if unchanged:
        raise UsageError(f"{', '.join(unchanged)}: no changes to save (or no such record)")
    return list(dict.fromkeys(paths))


def _files_named(register: Register, paths: list[str]) -> list[str]:
    """Files kept in the register (an appendix in PDF, say) that these records name and that are
    new or changed: they go into the same commit, or the commit would name a file it lacks."""
    facts = register.working().facts(paths)
    named = sorted({target for f in facts.values() for _, target, kinds in f.references if kinds == FILE})
    present = [path for path in named if register.store.inside(path).is_file()]
    return register.store.changed_paths(present) if present else []


def _as_committed(register: Register, writes: dict[str, bytes]) -> Version:
    """The register as the commit would hold it: HEAD with these files as they are now."""
    head = register.store.head()
    base = register.at(head) if head else register.working()
    return base.replaced(writes)


def _refuse_pin_edits(register: Register, after: Version, ids: list[str]) -> None:
    head = register.store.head()
    before = register.at(head) if head else None
    for record_id in ids:
        now = after.data(record_id).get("approved_versions")
        then = (
            before.data(record_id).get("approved_versions") if before and record_id in before.ids() else None
        )
        if now != then:
            raise UsageError(
                f"{record_id}: approved_versions is written by `register decide`, never by hand: undo "
                "that edit (an approval can only be recorded by deciding)"
            )


def _message(version: Version, ids: list[str]) -> str:
    if len(ids) == 1:
        return f"Save {ids[0]}: {version.record(ids[0]).title}"
    return f"Save {len(ids)} records\n\n" + "\n".join(f"- {record_id}" for record_id in ids)
