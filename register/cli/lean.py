"""What a command's process leaves out that a long-running program may want: pydantic's plugins.

pydantic looks for plugins when it builds its first model, through `importlib.metadata`, and
importing that alone costs every command about 20 ms (a fifteenth of a warm `verify`). A command
of this tool uses no plugin, so in the command line pydantic's plugin loader, when pydantic
imports it, is one that finds none. A program that imports `register` as a library keeps pydantic
as it is.
"""

from __future__ import annotations

import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

_LOADER = "pydantic.plugin._loader"


class _NoPlugins:
    """Gives pydantic a plugin loader with no plugins to load (an import finder and loader:
    `importlib.abc` is not imported for it, which would cost more than it saves)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _LOADER:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None  # a plain module

    def exec_module(self, module: types.ModuleType) -> None:
        module.get_plugins = _no_plugins  # type: ignore[attr-defined]  # the one name pydantic asks for


def _no_plugins() -> tuple[()]:
    return ()


def without_pydantic_plugins() -> None:
    """From now on in this process, pydantic finds no plugins (unless it has looked already)."""
    if _LOADER not in sys.modules and not any(isinstance(f, _NoPlugins) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoPlugins())
