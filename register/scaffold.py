"""Making registers and records: `init` and `new`."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .bundled import bundled
from .config import CONFIG_FILE, DEFAULT_FOLDERS, config_text
from .errors import UsageError
from .git import Git
from .ids import FOLDER_OF_KIND, KINDS, check_id, check_slug, id_of_path
from .records import parse_record
from .store import Author, Store
from .validate import refuse_invalid

SCHEMA_DIR = "schemas"
TEMPLATE_DIR = "templates"


@dataclass(frozen=True)
class Created:
    root: Path
    commit: str
    files: list[str]


def init_register(path: Path, council: str, author: Author | None = None) -> Created:
    """A new register at `path`: git repository, folders, templates, editor schemas, one commit."""
    path = path.resolve()
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
        writes = scaffold_files(council)
        with store.locked():
            commit = store.commit(writes, f"Start the register for {council}", author)
    except BaseException:
        if made_folder:
            shutil.rmtree(path, ignore_errors=True)
        elif made_git:
            shutil.rmtree(path / ".git", ignore_errors=True)
        raise
    return Created(path, commit, sorted(writes))


def scaffold_files(council: str) -> dict[str, bytes]:
    from .kinds import combined_json_schema, json_schema

    files: dict[str, bytes] = {CONFIG_FILE: config_text(council).encode()}
    for folder in DEFAULT_FOLDERS:
        files[f"{folder}/.gitkeep"] = b""
    templates = bundled(TEMPLATE_DIR)
    for file in sorted(templates.rglob("*")):
        if file.is_file():
            files[f"{TEMPLATE_DIR}/{file.relative_to(templates).as_posix()}"] = file.read_bytes()
    for kind in KINDS:
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


def new_record(
    store: Store,
    kind: str,
    slug: str,
    title: str | None = None,
    screens: str | None = None,
    today: dt.date | None = None,
    author: Author | None = None,
) -> tuple[str, str]:
    """A record made from its kind's template, validated and committed: (id, commit)."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if kind == "ehria" and not screens:
        raise UsageError("an EHRIA screening must say what it screens: add --screens RECORD-ID")
    path = f"{FOLDER_OF_KIND[kind]}/{check_slug(slug)}.yaml"
    if (store.root / path).exists():
        raise UsageError(f"{path} already exists: choose another name")
    text = render_template(store, kind, title or _title_of(slug), screens, today or dt.date.today())
    record = parse_record(id_of_path(path), path, text)
    refuse_invalid(store, [record])
    with store.locked():
        commit = store.commit({path: text.encode()}, f"Add {kind} {record.id}: {record.title}", author)
    return record.id, commit


def render_template(store: Store, kind: str, title: str, screens: str | None, today: dt.date) -> str:
    own = store.root / TEMPLATE_DIR / "records" / f"{kind}.yaml"
    template = own if own.is_file() else bundled(TEMPLATE_DIR) / "records" / f"{kind}.yaml"
    values = {
        "title": json.dumps(title, ensure_ascii=False),
        "council": json.dumps(store.config.council, ensure_ascii=False),
        "screens": check_id(screens) if screens else "",
        "today": today.isoformat(),
        "month": today.strftime("%Y-%m"),
        "year": str(today.year),
        "year_end": str(today.year + 3),
    }
    # Only these names are filled in: a council's template may hold YAML's own braces, {start: 2020}.
    return re.sub(
        r"\{(" + "|".join(values) + r")\}",
        lambda found: values[found.group(1)],
        template.read_text(encoding="utf-8"),
    )


def _title_of(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").strip().capitalize()
