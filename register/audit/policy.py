"""Whether the rules of signing were themselves changed by someone those rules trusted.

Signed approvals are judged against the allowed signers (and the signers of each body) as
register.yaml and the allowed-signers file stand at HEAD. An unsigned commit that adds a key, or
a new signer for Cabinet, would otherwise let that key approve anything. So every commit that
changed those rules must be signed by a key the rules before it trusted; the first rules a
register has are trusted as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RegisterError
from ..records.settings import ApprovalPolicy
from ..store.config import CONFIG_FILE, parse_config
from ..store.signatures import signatures
from ..store.version import Register


@dataclass(frozen=True)
class Rules:
    policy: ApprovalPolicy
    signers: bytes | None


def untrusted_rule_changes(register: Register) -> list[str]:
    """One line for each commit that changed who may sign approvals without a signature the
    rules before it trusted."""
    store = register.store
    signers = register.config.approvals.allowed_signers
    files = [CONFIG_FILE, *([signers] if signers else [])]
    out = store.git.run("log", "--topo-order", "--format=%H %P", "HEAD", "--", *files, ok=(0, 128))
    findings = []
    for line in out.splitlines():
        commit, *parents = line.split()
        if not parents:
            continue  # the register's first rules
        before, after = _rules_at(register, parents[0]), _rules_at(register, commit)
        if before == after or before.signers is None:
            continue  # nothing about signing changed, or nothing was enforced before
        signature = signatures(store, [commit], before.signers).get(commit)
        if signature is None or not signature.trusted:
            findings.append(
                f"commit {commit[:10]} changed who may sign approvals, and is not signed by a key the "
                "register trusted before it: approvals signed by the keys it added cannot be relied on"
            )
    return findings


def _rules_at(register: Register, commit: str) -> Rules:
    store = register.store
    found = store.tree(commit, [CONFIG_FILE], suffix="")
    try:
        policy = (
            parse_config(store.read_blob(found[CONFIG_FILE][0])).approvals
            if CONFIG_FILE in found
            else ApprovalPolicy()
        )
    except RegisterError:  # settings that could not be read then enforced nothing
        policy = ApprovalPolicy()
    signers = None
    if policy.allowed_signers:
        named = store.tree(commit, [policy.allowed_signers], suffix="")
        signers = (
            store.read_blob(named[policy.allowed_signers][0]) if policy.allowed_signers in named else None
        )
    return Rules(policy, signers)
