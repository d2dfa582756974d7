"""Writing an improvement plan's evidence pack as a file, in the register's house style."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..records.kinds.plan import Plan
from ..store.version import Register
from .documents import (
    PLAIN,
    PaperOptions,
    Published,
    _house,
    _opened,
    _refuse_problems,
    _write,
    refuse_exempt,
)


def evidence_pack(
    register: Register,
    plan_id: str,
    *,
    output: Path,
    at: str | None = None,
    options: PaperOptions = PLAIN,
) -> Published:
    """Each area's judgement, actions, measures (charted) and recent evidence, as a .docx."""
    from ..audit.progress import progress
    from ..papers.evidence import evidence_pack as pack

    version, plan = _opened(register, plan_id, at, options)
    if not isinstance(plan, Plan):
        raise UsageError(f"{plan_id} is a {plan.kind}: an evidence pack is of an improvement plan")
    refuse_exempt(plan_id, plan.exempt is not None, options)
    _refuse_problems(version, plan_id)
    house, provenance, template = _house(version, options)
    paper = pack(
        progress(version, plan_id),
        plan,
        provenance=provenance,
        house=house,
        include_exempt=options.include_exempt,
    )
    return _write(register, [(output, paper)], template, pdf=options.pdf)
