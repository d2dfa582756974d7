"""The register at one version: the one way every command reads records.

`Register.at(ref)` is the register as it was at a commit; `Register.working()` is the folder as it
stands, uncommitted edits included. A `Version` knows its files and their blob ids; what each blob
says (kind, title, references, problems) comes from the per-blob index, computed once and cached;
a record is parsed into its typed model only when it is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from .. import __version__
from ..bundled import bundled
from ..errors import InvalidRecord, NotFound, Problem, RefusedInput, UsageError
from ..records.checks import Checked, reference_problem
from ..records.glance import plain_kind_and_status
from ..records.ids import SUFFIX, check_id, id_of_path, path_of_id
from ..records.loader import MAX_RECORD_BYTES, load_data, load_record
from ..records.paths import FieldPath
from ..records.provenance import Provenance
from ..records.registry import FILE, KINDS
from ..records.trusted import construct
from .ahead import reading_for
from .cache import blob_id, verdicts_stamp
from .config import CONFIG_FILE, Config, parse_config
from .git import BlobReader
from .index import Facts, Snapshot, index_blobs, index_blobs_ahead, kept_facts, unreadable_facts
from .parsed import parsed
from .repository import Store, find_root

if TYPE_CHECKING:
    from ..records.kinds import RecordModel

Verdict = TypeVar("Verdict")
TEMPLATES = "templates"
_MODELS_KEPT = 256  # parsed models a version holds on to; the rest are parsed again when read


class FileAt(NamedTuple):
    """One record file of a version: git's blob id of its content, and its size (a tuple: a
    whole register makes ten thousand of them at every command)."""

    blob: str
    size: int | None
    """None where the listing did not measure it (a working file git's index vouches for, a
    staged file): measured only if it must be read."""
    content: bytes | None = None  # held only for content not yet on disk or in git (a change being made)
    unreadable: str | None = None  # why the file cannot be read (permissions, say)


@dataclass(frozen=True)
class TemplateFile:
    name: str
    content: bytes
    path: str  # as problems name it: templates/report.yaml, or templates/report.yaml@1a2b3c4
    source: str  # where it came from, as a paper's provenance says it


class Register:
    """A register: a git repository of YAML records with `register.yaml` at its top."""

    def __init__(self, root: Path) -> None:
        self.store = Store(root)

    @classmethod
    def find(cls, start: Path | None = None) -> Register:
        return cls(find_root(start or Path.cwd()))

    @property
    def root(self) -> Path:
        return self.store.root

    @property
    def config(self) -> Config:
        return self.store.config

    def __repr__(self) -> str:
        return f"Register({str(self.root)!r})"

    def working(self) -> Version:
        """The records as they stand in the folder, uncommitted edits included."""
        store, folders = self.store, list(self.config.record_folders)
        changed = set(store.changed_paths([*folders, TEMPLATES, CONFIG_FILE]))
        # git's index knows the blob id of every file git status calls unchanged: those are not
        # read again; only new and edited files are hashed.
        known = {path: blob for path, blob in store.staged_blobs(folders).items() if path not in changed}
        store.note_copies(known)
        files, skipped = _scan(store, known)
        head = store.head()
        version = Version(self, None, None, head is not None and not changed, head, files, tuple(skipped))
        version.__dict__["uncommitted"] = sorted(changed)  # known already: the cached property's value
        return version

    def staged(self) -> Version:
        """The records as git's index holds them: what the next commit will hold."""
        store, folders = self.store, list(self.config.record_folders)
        blobs = {path: blob for path, blob in store.staged_blobs(folders).items() if path.endswith(SUFFIX)}
        files = {path: FileAt(blob, None) for path, blob in blobs.items()}  # measured when read
        return Version(self, None, "the index", False, store.head(), files, (), _files_in_git=True)

    def at(self, ref: str, *, folders: list[str] | None = None) -> Version:
        """The records as they were at a commit, tag, branch, `HEAD~3` or date (YYYY-MM-DD)
        (only those under `folders`, when given)."""
        commit = self.store.resolve(ref)
        kept = self.store.tree(
            commit, [CONFIG_FILE, TEMPLATES], suffix=""
        )  # the settings and templates: one listing
        config = _config_from(self.store, kept)
        tree = self.store.tree(commit, folders if folders is not None else list(config.record_folders))
        files = {path: FileAt(blob, size) for path, (blob, size) in tree.items()}
        version = Version(self, commit, ref, True, commit, files)
        version.__dict__["config"] = config  # read once: the cached property's value
        version.__dict__["_templates_at"] = {
            path: found for path, found in kept.items() if path != CONFIG_FILE
        }
        return version

    def version(self, at: str | None = None) -> Version:
        return self.working() if at is None else self.at(at)

    def path_of(self, record_id: str) -> str:
        """The file of a record id typed by a person (refusing ids outside the record folders)."""
        return self.store.path_of(record_id)

    def facts_at(self, specs: list[str]) -> dict[str, tuple[str, Facts]]:
        """The blob and facts of each file `commit:path` names (those that exist), each blob
        read once, ever: what verify knows of every version a decision pinned."""
        named = {spec: found for spec, found in self.store.blobs_named(specs).items() if found}
        facts = self._facts_of_blobs({found: _at_name(spec) for spec, found in named.items()})
        return {spec: (blob, facts[blob]) for spec, (blob, _size) in named.items()}

    def blob_facts(self, blobs: list[str]) -> dict[str, Facts]:
        """The facts of these blobs of the repository (those that exist): git is asked only of
        those whose facts are not kept already."""
        kept = kept_facts(self.store.cache, blobs)
        named = self.store.blobs_named([blob for blob in blobs if blob not in kept])
        fresh = self._facts_of_blobs({found: blob[:10] for blob, found in named.items() if found})
        return {**kept, **fresh}

    def _facts_of_blobs(self, sources: dict[tuple[str, int], str]) -> dict[str, Facts]:
        names = {blob: source for (blob, _size), source in sources.items()}
        sizes = {blob: size for blob, size in sources}
        with self.store.blobs() as reader:
            return index_blobs(
                self.store.cache,
                sorted(names),
                lambda blobs: {blob: sizes[blob] for blob in blobs},
                lambda blob: reader.read(blob) or b"",
                names.__getitem__,
            )


def open_register(path: str | os.PathLike[str] | None = None) -> Register:
    """The register at `path` or the nearest folder above it holding register.yaml."""
    return Register.find(Path(path) if path is not None else None)


@dataclass(frozen=True, eq=False)
class Version:
    """The register at one version. Immutable: what it computes it keeps."""

    register: Register
    commit: str | None
    """The commit, or None for the working tree."""
    ref: str | None
    """The version as it was asked for (`HEAD~3`, `2021-09-30`), or None for the working tree."""
    clean: bool
    """False when the working tree's records, templates or settings differ from its commit."""
    base: str | None
    """The commit the records were read at (for the working tree: the commit it is on)."""
    files: Mapping[str, FileAt]
    skipped: tuple[str, ...] = ()
    """Things named *.yaml in the record folders that are not record files (a folder, a pipe)."""
    _facts: dict[str, Facts] = field(default_factory=dict, repr=False)
    _models: dict[str, Any] = field(default_factory=dict, repr=False)
    _files_in_git: bool = False
    """A commit with some files replaced: the others are read from git, not from the folder."""
    _kept: dict[str, bytes | None] = field(default_factory=dict, repr=False)
    _measured: dict[str, int] = field(default_factory=dict, repr=False)
    _ahead: dict[str, Callable[[], None]] = field(default_factory=dict, repr=False)
    """Files whose facts are being worked out ahead, each with what waits for them (`facts_ahead`)."""

    def __repr__(self) -> str:
        where = self.commit[:10] if self.commit else "working tree"
        return f"<Version {where} of {self.register.root}: {len(self.files)} record files>"

    # --- which records ---------------------------------------------------------------------

    def ids(self) -> list[str]:
        """Every record file's id, readable or not, in order."""
        return sorted(id_of_path(path) for path in self.files)

    @cached_property
    def uncommitted(self) -> list[str]:
        """The files of the records, templates and settings that differ from HEAD (working tree only)."""
        if self.commit is not None:
            return []
        store = self.register.store
        return store.changed_paths([*self.config.record_folders, TEMPLATES, CONFIG_FILE])

    def source(self, path: str) -> str:
        """How problems name a file: `strategy/x.yaml`, or `strategy/x.yaml@1a2b3c4` at a commit."""
        return path if self.commit is None else f"{path}@{self.commit[:7]}"

    def path(self, record_id: str) -> str:
        """The file of a record id, which must exist in this version."""
        path = self.register.path_of(record_id)
        if path not in self.files:
            where = f" at {self.ref or self.commit[:10]}" if self.commit else f" (there is no file {path})"
            raise NotFound(f"no record '{id_of_path(path)}'{where}")
        return path

    # --- what each record says -------------------------------------------------------------

    @cached_property
    def index(self) -> Mapping[str, Facts]:
        """Every record file's facts, by path: one pass over the blobs the cache has not seen."""
        return self.facts(self.files)

    def facts(self, paths: Iterable[str]) -> dict[str, Facts]:
        """The facts of these record files, by path (waiting for those being worked out ahead)."""
        paths = list(paths)
        for finish in {self._ahead[path] for path in paths if path in self._ahead}:
            finish()
        wanted = [path for path in paths if path not in self._facts]
        if wanted:
            self._index(wanted)
        return {path: self._facts[path] for path in paths}

    @cached_property
    def glance(self) -> Mapping[str, tuple[str | None, str | None]]:
        """Each record file's kind and status, at the least cost: from the cache where it knows
        them, from a plain top-level `kind:` and `status:` line where the file states them so (a
        strategy is not parsed to read two keys), else from the file parsed. Files whose facts
        are being worked out ahead (`facts_ahead`) are not looked at: their facts are asked for
        once the rest are. A decision's status is not given here (None): it is its outcome,
        which no plain line states."""
        known = self.cached_facts()  # those that could not be parsed are looked at as if unknown
        found = {path: _glanced(f.kind, f.status) for path, f in known.items() if f.kind is not None}
        glanced = self._snapshot("glance")
        unknown = [path for path in self.files if path not in found]
        coming = [path for path in unknown if path in self._ahead]
        parse = self._glanced_plainly([path for path in unknown if path not in self._ahead], found, glanced)
        if coming:
            found.update(
                (path, _glanced(f.kind, f.status)) for path, f in self.facts(coming).items() if f.kind
            )
            parse += self._glanced_plainly([path for path in coming if path not in found], found, glanced)
        found.update((path, _glanced(f.kind, f.status)) for path, f in self.facts(parse).items())
        return found

    def _glanced_plainly(
        self,
        paths: list[str],
        found: dict[str, tuple[str | None, str | None]],
        glanced: Snapshot | None,
    ) -> list[str]:
        """The kind and status of each of these files that its plain lines give (or gave before:
        `glanced` keeps them), put in `found`; the files that must be parsed to tell."""
        seen_before = glanced.get(self.files[path].blob for path in paths) if glanced else {}
        parse: list[str] = []
        seen_now: dict[str, tuple[str | None, str | None]] = {}
        sizes = self.sizes([path for path in paths if self.files[path].blob not in seen_before])
        for path in paths:
            blob = self.files[path].blob
            if blob in seen_before:
                kind, status = seen_before[blob]
                found[path] = (kind, status)
                continue
            seen = self._plain_kind_and_status(path) if sizes[path] <= MAX_RECORD_BYTES else None
            if seen is None:
                parse.append(path)
            else:
                found[path] = seen_now[blob] = _glanced(*seen)
        if glanced and seen_now:
            glanced.put(seen_now)
        return parse

    def _plain_kind_and_status(self, path: str) -> tuple[str, str | None] | None:
        """The kind and status a file's plain lines give; None where only parsing can tell, or
        the file cannot be read (parsing it says why)."""
        try:
            return plain_kind_and_status(self.content(path))
        except InvalidRecord:
            return None

    def remembered(self, name: str, compute: Callable[[], Verdict]) -> Verdict:
        """What `compute` finds over the whole working tree, worked out once for the files it
        holds: kept in the cache under the tree's digest with the files beside the records it
        looked at (an appendix a record names), and believed only while those are unchanged."""
        if self._snapshot(name) is None:
            return compute()
        cache, digest = self.register.store.cache, self._digest
        kept = cache.get_snapshot(name, digest)  # (files looked at -> blob, verdict), signed
        if kept is not None:
            looked_at, verdict = kept
            if all(_blob_or_none(self.kept_file(path)) == blob for path, blob in looked_at.items()):
                return cast(Verdict, verdict)
        verdict = compute()
        looked_at = {path: _blob_or_none(content) for path, content in self._kept.items()}
        cache.put_snapshot(name, digest, (looked_at, verdict))
        return verdict

    @cached_property
    def _digest(self) -> str:
        """Names this working tree's record files and settings exactly, under today's rules."""
        digest = hashlib.sha256(verdicts_stamp().encode())
        with contextlib.suppress(OSError):
            digest.update((self.register.root / CONFIG_FILE).read_bytes())
        for path in sorted(self.files):
            digest.update(f"\0{path}\0{self.files[path].blob}".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _snapshot(self, name: str) -> Snapshot | None:
        """The working tree's snapshot of what is known of its blobs (none for other versions:
        one register, one snapshot of each kind, always of the tree the officer works in)."""
        if self.commit is not None or len(self.files) < SNAPSHOT_FROM:
            return None
        universe = frozenset(file.blob for file in self.files.values())
        return Snapshot(self.register.store.cache, name, universe)

    @cached_property
    def _facts_snapshot(self) -> Snapshot | None:
        return self._snapshot("facts")

    def cached_facts(self) -> dict[str, Facts]:
        """The facts the cache already holds for this version's files: nothing is parsed."""
        blobs: dict[str, list[str]] = {}
        for path, file in self.files.items():
            if file.unreadable is None:
                blobs.setdefault(file.blob, []).append(path)
        found = kept_facts(self.register.store.cache, blobs, self._facts_snapshot)
        return {path: facts for blob, facts in found.items() for path in blobs[blob]}

    def facts_ahead(self, paths: Iterable[str]) -> Callable[[], None]:
        """The facts of these record files worked out by the workers from now (each reads and
        parses its share of the files), or by a reading begun as the command started (see
        `ahead.py`), while this process goes on with other work; call the result before asking
        for them."""
        wanted = [path for path in paths if path not in self._facts]
        if self.commit is not None or self._files_in_git or any(self.files[p].content for p in wanted):
            return lambda: self._index(wanted)  # not files of the folder: read when asked for
        store = self.register.store
        for folder in {path.rpartition("/")[0] or "." for path in wanted}:
            store.check_folder(folder)
        by_blob = self._by_blob(wanted)
        read_ahead = reading_for(wanted)
        if read_ahead is not None:
            if kept_facts(store.cache, by_blob, self._facts_snapshot).keys() >= by_blob.keys():
                return lambda: self._index(wanted)  # all known: the reading is not waited for
            return self._coming(wanted, lambda: self._index_read_ahead(wanted, read_ahead))
        finish = index_blobs_ahead(
            store.cache,
            list(by_blob),
            self._sizes_of(by_blob),
            store.root,
            lambda blob: by_blob[blob][0],
            self._source_of(by_blob),
            snapshot=self._facts_snapshot,
        )
        return self._coming(wanted, lambda: self._keep(by_blob, finish()))

    def _coming(self, paths: list[str], work: Callable[[], None]) -> Callable[[], None]:
        """`work`, which gives the facts of `paths`, done once: by the first to ask for any of them."""

        def finish() -> None:
            if any(self._ahead.get(path) is finish for path in paths):
                for path in paths:
                    self._ahead.pop(path, None)
                work()

        self._ahead.update((path, finish) for path in paths)
        return finish

    def _index_read_ahead(self, paths: list[str], read_ahead: Callable[[], dict[str, Any]]) -> None:
        """The facts of these files: what was read ahead (kept by the reading, by the blob of the
        bytes it read), and any file changed since, read now."""
        found = read_ahead()
        self.register.store.cache.seen_facts.update((blob, Facts.from_json(v)) for blob, v in found.items())
        self._index(paths)

    def _index(self, paths: list[str]) -> None:
        by_blob = self._by_blob(paths)

        def keep(blob: str, checked: Checked) -> None:
            if checked.model is not None and len(self._models) < _MODELS_KEPT:
                self._models[blob] = checked.model

        reader = self._reader()
        found = index_blobs(
            self.register.store.cache,
            list(by_blob),
            self._sizes_of(by_blob),
            lambda blob: reader.read(by_blob[blob][0]),
            self._source_of(by_blob),
            keep,
            snapshot=self._facts_snapshot,
        )
        self._keep(by_blob, found)

    def _by_blob(self, paths: list[str]) -> dict[str, list[str]]:
        """The files to index by blob (a file that could not be read has its facts now)."""
        by_blob: dict[str, list[str]] = {}
        for path in paths:
            file = self.files[path]
            if file.unreadable is not None:
                self._facts[path] = unreadable_facts(file.unreadable)
            else:
                by_blob.setdefault(file.blob, []).append(path)
        return by_blob

    def _sizes_of(self, by_blob: dict[str, list[str]]) -> Callable[[list[str]], dict[str, int]]:
        def sizes_of(blobs: list[str]) -> dict[str, int]:
            measured = self.sizes([by_blob[blob][0] for blob in blobs])
            return {blob: measured[by_blob[blob][0]] for blob in blobs}

        return sizes_of

    def _source_of(self, by_blob: dict[str, list[str]]) -> Callable[[str], str]:
        """How problems name each blob: by its first file."""
        return {blob: self.source(paths[0]) for blob, paths in by_blob.items()}.__getitem__

    def _keep(self, by_blob: dict[str, list[str]], found: dict[str, Facts]) -> None:
        for blob, facts in found.items():
            for path in by_blob[blob]:
                self._facts[path] = facts

    # --- reading records -------------------------------------------------------------------

    @cached_property
    def records(self) -> Records:
        """The valid records, by id, as typed models; each parsed only when it is read."""
        return Records(self)

    def record(self, record_id: str) -> RecordModel:
        """One record as its typed model; NotFound, or InvalidRecord naming its problems."""
        path = self.path(record_id)
        facts = self.facts([path])[path]
        if not facts.valid:
            raise InvalidRecord(facts.problems_in(self.source(path)))
        blob = self.files[path].blob
        model = self._models.get(blob)
        if model is None:
            # The index found this exact content valid under today's schemas: build its model
            # without building pydantic's validators again.
            kind = KINDS[cast(str, facts.kind)]
            model = construct(kind.model, load_data(self.content(path), self.source(path)))
            if len(self._models) < _MODELS_KEPT:
                self._models[blob] = model
        return cast("RecordModel", model)

    def data(self, record_id: str) -> dict[str, Any]:
        """A record's own data as its file holds it (no defaults filled in), valid or not."""
        path = self.path(record_id)
        blob = self.files[path].blob
        if self.size(path) > MAX_RECORD_BYTES:
            self.content(path)  # refused, with its problem
        with self._reader() as reader:
            found = parsed(self.register.store, {blob: self.source(path)}, lambda _: reader.read(path))[blob]
        if isinstance(found, InvalidRecord):
            raise found
        data: dict[str, Any] = found
        return data

    def content(self, path: str) -> bytes:
        """The exact bytes of a file of this version."""
        if self.size(path) > MAX_RECORD_BYTES or self.files[path].unreadable is not None:
            raise InvalidRecord(self.facts([path])[path].problems_in(self.source(path)))
        with self._reader() as reader:
            try:
                return reader.read(path)
            except OSError as error:  # it could be read a moment ago
                reason = error.strerror or str(error)
                raise InvalidRecord(
                    [Problem(self.source(path), 1, 1, f"the file cannot be read: {reason}")]
                ) from None

    def in_git(self, path: str) -> bool:
        """Whether git's objects hold this file's content as it is in this version (a commit's
        file, a staged one, or a working file git's index vouches for)."""
        return self.commit is not None or self._files_in_git or self.files[path].size is None

    def size(self, path: str) -> int:
        """A file's size in bytes (measured now if it was not when the files were listed)."""
        return self.sizes([path])[path]

    def sizes(self, paths: list[str]) -> dict[str, int]:
        """These files' sizes in bytes; those not measured when listed are measured now, in one
        go, and once."""
        found: dict[str, int] = {}
        unmeasured: list[str] = []
        for path in paths:
            size = self.files[path].size
            size = self._measured.get(path) if size is None else size
            if size is None:
                unmeasured.append(path)
            else:
                found[path] = size
        if unmeasured and self._files_in_git:
            named = self.register.store.blobs_named([self.files[path].blob for path in unmeasured])
            found.update((path, (named[self.files[path].blob] or ("", 0))[1]) for path in unmeasured)
        elif unmeasured:
            for path in unmeasured:
                try:  # listed by the scan as a regular file, not a link: no need to resolve it
                    found[path] = os.lstat(f"{self.register.root}/{path}").st_size
                except OSError:
                    found[path] = 0  # gone since it was listed: reading it says so
        self._measured.update((path, found[path]) for path in unmeasured)
        return found

    # --- problems ----------------------------------------------------------------------------

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Everything wrong in this version: each record on its own, and the links between them."""
        found = self.remembered(
            "problems", lambda: [astuple(problem) for problem in self.problems_of(self.ids())]
        )
        return tuple(Problem(*problem) for problem in found)

    def problems_of(self, record_ids: Iterable[str]) -> list[Problem]:
        """The problems of these records: on their own, their names, and the records they name."""
        paths = [path for i in record_ids if (path := path_of_id(i)) in self.files]
        facts = self.facts(paths)
        problems: list[Problem] = []
        for path in paths:
            problems += facts[path].problems_in(self.source(path))
            problems += _unnameable(path, self.source(path))
            problems += self._broken_references(path, facts[path])
        return sorted(set(problems))

    def _broken_references(self, path: str, facts: Facts) -> list[Problem]:
        targets = {target for _, target, _ in facts.references}
        known = {path_of_id(t) for t in targets if path_of_id(t) in self.files}
        kinds = {id_of_path(p): f.kind for p, f in self.facts(known).items()}
        kind_of = _KindsWithIds(kinds, self.files)
        broken = [
            (field_path, message)
            for field_path, target, allowed in facts.references
            if not _pin_of_a_renamed_record(field_path, target, kind_of)
            and (
                message := self._missing_file(field_path, target)
                if allowed == FILE
                else reference_problem(FieldPath.parse(field_path), target, allowed, kind_of)
            )
        ]
        if not broken:
            return []
        located = load_record(self.content(path), self.source(path))
        return [
            Problem(
                self.source(path),
                *located.locations.of_value(FieldPath.parse(field_path).positions(located.data)),
                message,
            )
            for field_path, message in broken
        ]

    def _missing_file(self, field_path: str, target: str) -> str | None:
        if self.kept_file(target) is not None:
            return None
        return f"{field_path}: no file {target} in the register" + (
            "" if self.commit is None else f" at {self.commit[:10]}"
        )

    def kept_file(self, path: str) -> bytes | None:
        """A file the register keeps beside its records (an appendix, a template) as it is in this
        version, or None if it has none of that name."""
        if path not in self._kept:
            self._kept[path] = self._read_kept(path)
        return self._kept[path]

    @cached_property
    def _templates_at(self) -> dict[str, tuple[str, int]]:
        """Every file of templates/ at this commit, listed once: a paper reads several."""
        assert self.commit is not None
        return self.register.store.tree(self.commit, [TEMPLATES], suffix="")

    def _read_kept(self, path: str) -> bytes | None:
        store = self.register.store
        if self.commit is not None:
            tree = (
                self._templates_at
                if path.startswith(f"{TEMPLATES}/")
                else store.tree(self.commit, [path], suffix="")
            )
            return store.read_blob(tree[path][0]) if path in tree else None
        own = store.inside(path)  # refuses a link that leads out of the register
        if not (own.exists() or own.is_symlink()):
            return None
        if not own.is_file():
            raise UsageError(f"{path}: not a regular file")
        try:
            return own.read_bytes()
        except OSError as error:
            raise UsageError(f"{path}: cannot be read: {error.strerror or error}") from None

    def refuse_problems(self, record_ids: Iterable[str]) -> None:
        """Refuse (exit 2, nothing written) to go on with records that have problems."""
        problems = self.problems_of(record_ids)
        if problems:
            raise RefusedInput(problems)

    # --- a version with changes, before they are committed --------------------------------

    def replaced(self, writes: Mapping[str, bytes]) -> Version:
        """This working tree with some files' content replaced: what a change would make."""
        files = dict(self.files)
        for path, content in writes.items():
            files[path] = FileAt(blob_id(content), len(content), content)
        kept = {p: f for p, f in self._facts.items() if p not in writes}
        in_git = self.commit is not None or self._files_in_git
        return replace(
            self,
            commit=None,
            clean=False,
            files=files,
            _facts=kept,
            _models={},
            _files_in_git=in_git,
            _measured={},
        )

    # --- settings, templates and provenance ------------------------------------------------

    @cached_property
    def config(self) -> Config:
        return self.register.config if self.commit is None else _config_at(self.register.store, self.commit)

    def template(self, name: str) -> TemplateFile:
        """A file of templates/ as it is in this version, or the one bundled with register."""
        own = self.own_template(name)
        if own is not None:
            return own
        path = f"{TEMPLATES}/{name}"
        shipped = bundled(TEMPLATES) / name
        if ".." in name.split("/") or not shipped.is_file():
            raise UsageError(f"{path}: not in the register, and no template of that name ships with register")
        return TemplateFile(
            name, shipped.read_bytes(), f"{path} (shipped)", f"{path} as shipped with register {__version__}"
        )

    def own_template(self, name: str) -> TemplateFile | None:
        """A file of the register's own templates/ as it is in this version, if it has one."""
        path = f"{TEMPLATES}/{name}"
        content = self.kept_file(path)
        if content is None:
            return None
        source = path if self.commit is None else f"{path} at {self.commit[:10]}"
        return TemplateFile(name, content, self.source(path), source)

    def provenance(self, *templates: str) -> Provenance:
        """Where a paper made from this version comes from (with the templates it used)."""
        sources = tuple(self.template(name).source for name in templates)
        return Provenance(self.config.council, self.base, self.clean, self.ref, sources, made_by=__version__)

    # --- reading bytes -------------------------------------------------------------------------

    def _reader(self) -> _Reader:
        return _Reader(self)


class Records(Mapping[str, "RecordModel"]):
    """The valid records of a version, by id; a record is parsed when it is first read."""

    def __init__(self, version: Version) -> None:
        self._version = version

    @cached_property
    def _valid(self) -> list[str]:
        index = self._version.index
        return sorted(id_of_path(path) for path, facts in index.items() if facts.valid)

    def __getitem__(self, record_id: str) -> RecordModel:
        path = path_of_id(record_id)
        if path not in self._version.files or not self._version.facts([path])[path].valid:
            raise KeyError(record_id)
        return self._version.record(record_id)

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str):
            return False
        path = path_of_id(record_id)
        return path in self._version.files and self._version.facts([path])[path].valid

    def __iter__(self) -> Iterator[str]:
        return iter(self._valid)

    def __len__(self) -> int:
        return len(self._valid)


class _Reader:
    """Reads files of a version: from the folder, from memory, or through one `git cat-file`."""

    def __init__(self, version: Version) -> None:
        self._version = version
        self._blobs: BlobReader | None = None

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *_: object) -> None:
        pass  # the store's reader serves the whole command

    def read(self, path: str) -> bytes:
        file = self._version.files[path]
        if file.content is not None:
            return file.content
        if self._version.commit is None and not self._version._files_in_git:
            return self._version.register.store.read_inside(path)
        if self._blobs is None:
            self._blobs = self._version.register.store.shared_blobs()
        content: bytes | None = self._blobs.read(file.blob)
        return content or b""


class _KindsWithIds(Mapping[str, "str | None"]):
    """The kind of each record a reference names; every record id is known, for suggestions."""

    def __init__(self, kinds: dict[str, str | None], files: Mapping[str, FileAt]) -> None:
        self._kinds, self._files = kinds, files

    def __getitem__(self, record_id: str) -> str | None:
        if record_id in self._kinds:
            return self._kinds[record_id]
        if path_of_id(record_id) in self._files:
            return None
        raise KeyError(record_id)

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and (
            record_id in self._kinds or path_of_id(record_id) in self._files
        )

    def __iter__(self) -> Iterator[str]:
        return (id_of_path(path) for path in self._files)

    def __len__(self) -> int:
        return len(self._files)


SNAPSHOT_FROM = 500
"""A register with fewer record files than this reads its facts from the cache row by row."""


def _glanced(kind: str | None, status: str | None) -> tuple[str | None, str | None]:
    return kind, None if kind == "decision" else status


def _blob_or_none(content: bytes | None) -> str | None:
    return None if content is None else blob_id(content)


def _at_name(spec: str) -> str:
    """`commit:path` as problems name a file at a version: `path@1a2b3c4`."""
    commit, path = spec.split(":", 1)
    return f"{path}@{commit[:7]}"


def _unnameable(path: str, source: str) -> list[Problem]:
    """A file whose name cannot be typed as a record id (capitals, spaces): commands could not reach it."""
    try:
        check_id(id_of_path(path))
    except UsageError:
        return [
            Problem(
                source,
                1,
                1,
                "the file's name cannot be used as a record id: rename it "
                "with lower-case letters, digits and hyphens (git mv OLD NEW)",
            )
        ]
    return []


def _pin_of_a_renamed_record(field_path: str, target: str, kind_of: Mapping[str, str | None]) -> bool:
    """A pin names the record as it was named when approved: after a rename it names none, and
    that is no mistake to correct by hand (verify follows the rename, and judges the pin)."""
    return field_path.startswith("approved_versions") and target not in kind_of


def _config_at(store: Store, commit: str) -> Config:
    return _config_from(store, store.tree(commit, [CONFIG_FILE]))


def _config_from(store: Store, tree: Mapping[str, tuple[str, int]]) -> Config:
    """The settings a commit's listing holds (the folder's, if the commit has none)."""
    if CONFIG_FILE not in tree:
        return store.config
    return parse_config(store.read_blob(tree[CONFIG_FILE][0]))


def _scan(store: Store, known: Mapping[str, str]) -> tuple[dict[str, FileAt], list[str]]:
    """Every record file in the working tree, with its blob id (from `known` where git already
    has it: such a file is not read, nor even measured); what is named *.yaml but is not a
    regular file inside the register is skipped, and said."""
    files: dict[str, FileAt] = {}
    skipped: list[str] = []
    root = store.root.resolve()
    for folder in store.config.record_folders:
        for path, entry in _walk(store.root / folder, folder):
            if entry.is_symlink() and not _leads_inside(entry.path, root):
                skipped.append(f"{path}: a link to a file outside the register (or a loop of links): skipped")
            elif not entry.is_file():
                skipped.append(f"{path}: not a regular file (a folder or a pipe named .yaml): skipped")
            elif path in known and not entry.is_symlink():
                files[path] = FileAt(known[path], None)
            else:
                files[path] = _new_file(path, entry)
    return files, skipped


def _new_file(path: str, entry: os.DirEntry[str]) -> FileAt:
    """A record file git does not know as it is: measured, and hashed unless it is too large."""
    try:
        size = entry.stat().st_size
        if size > MAX_RECORD_BYTES:  # never read: the file could be anything
            return FileAt(f"size:{size}:{path}", size)
        return FileAt(blob_id(Path(entry.path).read_bytes()), size)
    except OSError as error:
        return FileAt(f"unreadable:{path}", 0, unreadable=error.strerror or str(error))


def _leads_inside(link: str, root: Path) -> bool:
    """Whether a link leads to a file inside the register (a loop of links leads nowhere)."""
    try:
        return Path(link).resolve().is_relative_to(root)
    except (RuntimeError, OSError):  # a loop (RuntimeError before Python 3.13)
        return False


def _walk(folder: Path, relative: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path from the register's root, its entry) of everything named *.yaml below `folder`."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:  # (records that cannot be seen cannot be checked: said, not skipped)
        reason = (error.strerror or str(error)).lower()
        raise UsageError(
            f"{relative}: this folder cannot be read ({reason}): register reads every record folder"
        ) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(".yaml"):
            yield f"{relative}/{entry.name}", entry
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), f"{relative}/{entry.name}")
