"""Making registers and records: `init` and `new`."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from ..bundled import HOUSES, bundled, shipped_houses
from ..errors import UsageError
from ..records.ids import check_id, check_slug, id_of_path
from ..records.registry import NAMES, kind_named
from ..records.values import Result
from ..store.config import CONFIG_FILE, DEFAULT_FOLDERS, config_text
from ..store.git import Git
from ..store.repository import Author, Store
from ..store.version import Register, Version

SCHEMA_DIR = "schemas"
TEMPLATE_DIR = "templates"


class Created(Result):
    root: Path
    commit: str
    files: list[str]


def init_register(
    path: Path,
    *,
    council: str = "The Council",
    house: str = "seed",
    address: str | None = None,
    email: str | None = None,
    author: Author | None = None,
) -> Created:
    """A new register at `path`: git repository, folders, templates (the house format named, of
    those that ship), editor schemas, one commit."""
    path = path.resolve()
    shipped = shipped_houses()
    if house not in shipped:
        raise UsageError(f"no house format '{house}' ships with register: choose one of {', '.join(shipped)}")
    if (path / CONFIG_FILE).exists():
        raise UsageError(f"{path} is already a register (it holds {CONFIG_FILE})")
    made_folder = not path.exists()
    made_git = not (path / ".git").exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
        if made_git:
            Git(path).run("init", "--quiet")
            Git(path).run("symbolic-ref", "HEAD", "refs/heads/main")  # `git init -b` needs git 2.28
        store = Store(path)
        writes = scaffold_files(council, house, address, email)
        with store.locked():
            commit = store.commit(writes, f"Start the register for {council}", author)
    except BaseException:
        if made_folder:
            shutil.rmtree(path, ignore_errors=True)
        elif made_git:
            shutil.rmtree(path / ".git", ignore_errors=True)
        raise
    return Created(root=path, commit=commit, files=sorted(writes))


def scaffold_files(
    council: str, house: str, address: str | None = None, email: str | None = None
) -> dict[str, bytes]:
    """A new register's files: its settings, the house style and the one house format it uses
    (its own copy, to change as the council likes), record templates, and editor schemas."""
    from ..records.kinds import combined_json_schema, json_schema

    files: dict[str, bytes] = {CONFIG_FILE: config_text(council, house, address, email).encode()}
    for folder in DEFAULT_FOLDERS:
        files[f"{folder}/.gitkeep"] = b""
    templates = bundled(TEMPLATE_DIR)
    for file in sorted(templates.rglob("*")):
        name = file.relative_to(templates).as_posix()
        if file.is_file() and (not name.startswith(f"{HOUSES}/") or name == f"{HOUSES}/{house}.yaml"):
            files[f"{TEMPLATE_DIR}/{name}"] = file.read_bytes()
    for kind in NAMES:
        files[f"{SCHEMA_DIR}/{kind}.schema.json"] = _json(json_schema(kind))
    files[f"{SCHEMA_DIR}/record.schema.json"] = _json(combined_json_schema())
    files[".vscode/settings.json"] = _json(
        {"yaml.schemas": {f"./{SCHEMA_DIR}/record.schema.json": [f"{f}/**/*.yaml" for f in DEFAULT_FOLDERS]}}
    )
    files[".gitattributes"] = b"*.yaml text eol=lf\n*.docx binary\n"
    files[".gitignore"] = (
        b"# Papers made from the records: they can be made again from any version.\n/papers/\n"
    )
    return files


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


class Made(Result):
    record: str
    path: str
    commit: str


def new_record(
    register: Register,
    kind: str,
    slug: str,
    *,
    title: str | None = None,
    screens: str | None = None,
    today: dt.date | None = None,
    author: Author | None = None,
) -> Made:
    """A record made from its kind's template, validated and committed."""
    found = kind_named(kind)
    if kind == "ehria" and not screens:
        raise UsageError("an EHRIA screening must say what it screens: add --screens RECORD-ID")
    path = f"{found.folder}/{check_slug(slug)}.yaml"
    with register.store.locked():
        if (register.root / path).exists():
            raise UsageError(f"{path} already exists: choose another name")
        version = register.working()
        day = (_meeting_date(slug) if kind == "decision" else None) or today or dt.date.today()
        text = render_template(version, kind, title or _title_of(slug), screens, day)
        if kind == "decision" and "\nreport:" not in text:
            text += _report_skeleton(version)
        changed = version.replaced({path: text.encode()})
        changed.refuse_problems([id_of_path(path)])
        made = changed.record(id_of_path(path))
        commit = register.store.commit(
            {path: text.encode()}, f"Add {kind} {id_of_path(path)}: {made.title}", author
        )
    return Made(record=id_of_path(path), path=path, commit=commit)


def render_template(version: Version, kind: str, title: str, screens: str | None, today: dt.date) -> str:
    """A kind's record template (the register's own, else the one shipped) with its names filled in."""
    template = version.template(kind_named(kind).template).content.decode("utf-8")
    values = {
        "title": json.dumps(title, ensure_ascii=False),
        "council": json.dumps(version.config.council, ensure_ascii=False),
        "screens": check_id(screens) if screens else "",
        "today": today.isoformat(),
        "month": today.strftime("%Y-%m"),
        "year": str(today.year),
        "year_end": str(today.year + 3),
    }
    # Only these names are filled in: a council's template may hold YAML's own braces, {start: 2020}.
    return re.sub(r"\{(" + "|".join(values) + r")\}", lambda found: values[found.group(1)], template)


def _meeting_date(slug: str) -> dt.date | None:
    """The meeting's date, where the name starts with it as decisions are named: 2025-01-23-cabinet-…"""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:-|$)", slug)
    if not found:
        return None
    try:
        return dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        raise UsageError(f"{slug} starts with {found.group(0).rstrip('-')}, which is not a date") from None


def _report_skeleton(version: Version) -> str:
    from ..publish.documents import house_format
    from .skeleton import report_skeleton

    house, form = house_format(version)
    return report_skeleton(house, form.path)


def _title_of(slug: str) -> str:
    words = re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", slug)  # a decision's name starts with its date
    return (words or slug).replace("-", " ").replace("_", " ").strip().capitalize()
