"""The register's own settings file, `register.yaml`, which also marks the register's root."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InvalidRecord, Problem, RefusedInput
from ..records.checks import validator_path
from ..records.loader import Locations, load_record
from ..records.messages import did_you_mean, message_of
from ..records.paths import FieldPath, RawPath
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
            _described(loaded.data, e, source, loaded.locations) for e in error.errors(include_url=False)
        ]
        raise RefusedInput(sorted(set(problems))) from None


def _described(data: dict[str, Any], error: Any, source: str, locations: Locations) -> Problem:
    raw = validator_path(data, tuple(error["loc"]))
    if error["type"] == "extra_forbidden":
        guess = did_you_mean(str(raw[-1]), _known(raw[:-1]))
        return Problem(source, *locations.of_key(raw), f"unknown setting '{raw[-1]}'{guess}")
    where = str(FieldPath.named(data, raw)) or "the settings"
    return Problem(source, *locations.of_value(raw), f"{where}: {message_of(error)}")


def _known(path: RawPath) -> list[str]:
    """The settings a misspelt key may have meant, at its level."""
    model: Any = Settings
    for step in path:
        field = model.model_fields.get(step) if isinstance(step, str) else None
        model = field.annotation if field is not None else None
        if not (isinstance(model, type) and hasattr(model, "model_fields")):
            return []
    return list(model.model_fields)


def config_text(council: str) -> str:
    return (
        "# This file marks the top of a register and holds its settings.\n"
        f"council: {json.dumps(council, ensure_ascii=False)}\n"
        "# Folders whose .yaml files are records (a record's id is its path without .yaml).\n"
        f"record_folders: [{', '.join(DEFAULT_FOLDERS)}]\n"
    )
