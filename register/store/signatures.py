"""Who signed which commits, as git checks it: SSH signatures against the register's own
allowed-signers file (as it stands at HEAD), GPG signatures against this machine's keyring.
Nothing but a clone is needed: no hosted-git API."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .repository import Store


@dataclass(frozen=True)
class Signature:
    code: str
    """git's %G?: G good, U good but not trusted, B bad, X/Y expired, R revoked, E cannot check, N none."""
    signer: str
    """The principal (SSH) or the signer's name and email (GPG)."""
    key: str
    """The key's fingerprint (SSH) or id (GPG)."""

    @property
    def signed(self) -> bool:
        return self.code != "N"

    @property
    def trusted(self) -> bool:
        return self.code == "G"


def signatures(store: Store, commits: list[str], allowed_signers: bytes | None) -> dict[str, Signature]:
    """Each commit's signature, checked by git in one run."""
    if not commits:
        return {}
    with tempfile.TemporaryDirectory(prefix="register-signers-") as folder:
        signers = Path(folder) / "allowed_signers"
        signers.write_bytes(allowed_signers or b"")
        out_text = store.git.run(
            "-c",
            f"gpg.ssh.allowedSignersFile={signers}",
            "log",
            "--no-walk=unsorted",
            "--stdin",
            "--format=%H%x00%G?%x00%GS%x00%GK%x1e",
            stdin="\n".join(commits) + "\n",
        )
    found = {}
    for entry in out_text.split("\x1e"):
        parts = entry.strip("\n").split("\0")
        if len(parts) == 4:
            commit, code, signer, key = parts
            found[commit] = Signature(code or "N", signer, key)
    return found
