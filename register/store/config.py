"""The register's own settings file, `register.yaml`, which also marks the register's root."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InvalidRecord, Problem, RefusedInput
from ..records.checks import described
from ..records.loader import load_record
from ..records.settings import Settings

CONFIG_FILE = "register.yaml"
DEFAULT_FOLDERS = ("strategy", "decisions")
Config = Settings


def read_config(root: Path) -> Settings:
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RefusedInput([Problem(CONFIG_FILE, 1, 1, f"cannot be read: {error.strerror}")]) from None
    return parse_config(raw)


def parse_config(raw: bytes, source: str = CONFIG_FILE) -> Settings:
    """The settings in a register.yaml's content (from the working tree or any version); a
    broken settings file is the environment's fault, not a record's: exit 2, located."""
    from pydantic import ValidationError

    if not raw.strip() or all(
        line.lstrip().startswith("#") for line in raw.decode("utf-8", "replace").splitlines() if line.strip()
    ):
        return Settings()
    try:
        loaded = load_record(raw, source)
    except InvalidRecord as error:
        raise RefusedInput(error.problems) from None
    try:
        return Settings.model_validate(loaded.data)
    except ValidationError as error:
        problems = [
            described(Settings, loaded.data, e, source, loaded.locations)
            for e in error.errors(include_url=False)
        ]
        raise RefusedInput(sorted(set(problems))) from None


def config_text(
    council: str, house: str = "seed", address: str | None = None, email: str | None = None
) -> str:
    where = "# Where the council's documents can be had: statutory notices print it.\n"
    if address:
        where += f"address: {json.dumps(address, ensure_ascii=False)}\n"
    else:
        where += '# address: "County Hall, Anytown AB1 2CD"\n'
    if email:
        where += f"email: {json.dumps(email, ensure_ascii=False)}\n"
    return (
        "# This file marks the top of a register and holds its settings.\n"
        f"council: {json.dumps(council, ensure_ascii=False)}\n"
        + where
        + "# Folders whose .yaml files are records (a record's id is its path without .yaml).\n"
        f"record_folders: [{', '.join(DEFAULT_FOLDERS)}]\n"
        "# The house format of the papers: templates/houses/<house>.yaml (see the README).\n"
        f"house: {house}\n"
        "# The council's calendar (clear days, call-in, closures, key-decision threshold): see the README.\n"
    )
