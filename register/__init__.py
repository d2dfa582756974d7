"""register: a council's governance records as versioned YAML in git, and the papers made from them.

The Python API, as the command line uses it::

    import register

    reg = register.open("path/to/register")        # a Register: finds register.yaml like git finds .git
    now = reg.working()                            # a Version: the folder as it stands
    then = reg.at("2020-09-18")                    # a Version: any commit, tag, branch or date
    strategy = then.records["strategy/send-inclusion-2020-2023"]   # its typed model
    register.validate(now).valid                   # each function returns a typed result;
    register.verify(reg).model_dump(mode="json")   # its JSON is what `--json` prints

Names are imported when first used (PEP 562), so `import register` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "open": "register.store.version:open_register",
    "Register": "register.store.version:Register",
    "Version": "register.store.version:Version",
    "Problem": "register.errors:Problem",
    "RegisterError": "register.errors:RegisterError",
    "init": "register.make.scaffold:init_register",
    "new": "register.make.scaffold:new_record",
    "save": "register.make.save:save",
    "migrate": "register.make.migrate:migrate",
    "demo": "register.make.demo:build_demo",
    "list_records": "register.store.listing:list_records",
    "show": "register.store.listing:show_record",
    "validate": "register.audit.validate:validate",
    "decide": "register.audit.decide:decide",
    "verify": "register.audit.verify:verify",
    "history": "register.audit.history:history",
    "review": "register.audit.compare:review",
    "review_all": "register.audit.compare:review_all",
    "check": "register.audit.check:check",
    "calendar": "register.audit.due:calendar",
    "notice": "register.publish.notices:notice",
    "forward_plan": "register.publish.notices:forward_plan",
    "measure": "register.audit.events:measure",
    "revisit": "register.audit.events:revisit",
    "stocktake": "register.audit.events:stocktake",
    "progress": "register.audit.progress:progress",
    "evidence_pack": "register.publish.evidence:evidence_pack",
    "report": "register.publish.documents:report",
    "render": "register.publish.documents:render",
    "write_review": "register.publish.documents:write_review",
    "PaperOptions": "register.publish.documents:PaperOptions",
}

__all__ = [  # noqa: RUF022  (the order of the docs: opening a register, then one function per command)
    "open",
    "Register",
    "Version",
    "Problem",
    "RegisterError",
    "init",
    "new",
    "save",
    "migrate",
    "demo",
    "list_records",
    "show",
    "validate",
    "decide",
    "verify",
    "history",
    "review",
    "review_all",
    "check",
    "calendar",
    "notice",
    "forward_plan",
    "measure",
    "revisit",
    "stocktake",
    "progress",
    "evidence_pack",
    "report",
    "render",
    "write_review",
    "PaperOptions",
]

if TYPE_CHECKING:
    from .audit.check import check
    from .audit.compare import review, review_all
    from .audit.decide import decide
    from .audit.due import calendar
    from .audit.events import measure, revisit, stocktake
    from .audit.history import history
    from .audit.progress import progress
    from .audit.validate import validate
    from .audit.verify import verify
    from .errors import Problem, RegisterError
    from .make.demo import build_demo as demo
    from .make.migrate import migrate
    from .make.save import save
    from .make.scaffold import init_register as init
    from .make.scaffold import new_record as new
    from .publish.documents import PaperOptions, render, report, write_review
    from .publish.evidence import evidence_pack
    from .publish.notices import forward_plan, notice
    from .store.listing import list_records
    from .store.listing import show_record as show
    from .store.version import Register, Version
    from .store.version import open_register as open


def __getattr__(name: str) -> Any:
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'register' has no attribute '{name}'")
    module, attribute = target.split(":")
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
