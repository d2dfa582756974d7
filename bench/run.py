"""Benchmarks: register's commands as whole processes, side by side with the tool a user would otherwise use.

    python bench/run.py                 # everything (builds the synthetic registers: a minute or two)
    python bench/run.py report history  # only some

Each row is the median of several runs of a whole process (start-up included), in the same run
as its yardstick, on the same data. Cold means the blob cache under .git was removed before
each run; warm means it was filled by an earlier run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "tests" / "seed" / "000_9517cb8584e395a4.txt"
REGISTER = [sys.executable, "-c", "from register.cli import main; main()"]
CACHE = "register-cache.sqlite"


def timed(
    command: list[str], runs: int, cwd: Path | None = None, before: Callable[[], None] | None = None
) -> float:
    """Median wall-clock seconds of `command` as a whole process."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def row(
    name: str, seconds: float, yardstick: float | None = None, note: str = "", peak_mb: float | None = None
) -> dict[str, object]:
    return {
        "benchmark": name,
        "seconds": round(seconds, 3),
        "ratio": round(seconds / yardstick, 2) if yardstick else None,
        "peak_mb": round(peak_mb) if peak_mb is not None else None,
        "note": note,
    }


def timed_with_memory(
    command: list[str], runs: int, cwd: Path | None = None, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """Median wall-clock seconds, and the largest peak resident memory (MB) of the process."""
    import os

    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed")
    return statistics.median(times), max(peaks)


FLOOR = """
import gc, glob, sys, yaml
gc.disable()
for folder in sys.argv[1:]:
    for name in glob.glob(folder + "/**/*.yaml", recursive=True):
        with open(name, "rb") as file:
            yaml.load(file.read(), Loader=yaml.CSafeLoader)
"""


WHOLE_SIZES = (10000, 50000)


def bench_whole(work: Path, runs: int, sizes: tuple[int, ...] = WHOLE_SIZES) -> list[dict[str, object]]:
    """validate, list and validate --staged on registers of 10,000 and 50,000 records, beside
    their floors: PyYAML's C loader over the same files in one process, and git's own listing."""
    rows = []
    for records in sizes:
        folder = work / f"whole-{records}"
        synthetic(folder, records, 10, 0)
        settle(folder)
        note = f"{records:,} records"
        floor, floor_mb = timed_with_memory(
            [sys.executable, "-c", FLOOR, "strategy", "decisions"], runs, folder
        )
        rows.append(row(f"C loader alone, one process ({note})", floor, floor, note, floor_mb))
        validate = [*REGISTER, "-C", str(folder), "validate"]
        cold, cold_mb = timed_with_memory(validate, runs, before=forget(folder))
        rows.append(
            row(f"register validate, no cache ({note})", cold, floor, "target ≤ 1.3× the floor", cold_mb)
        )
        warm, warm_mb = timed_with_memory(validate, runs)
        ls_files = timed(["git", "-C", str(folder), "ls-files", "-s"], runs)
        rows.append(row(f"git ls-files -s ({note})", ls_files, ls_files, "yardstick"))
        target = "≤ 0.3 s" if records == 10000 else "≤ 1 s"
        rows.append(row(f"register validate, warm ({note})", warm, ls_files, f"target {target}", warm_mb))
        listed, listed_mb = timed_with_memory([*REGISTER, "-C", str(folder), "list"], runs)
        rows.append(
            row(f"register list, warm, piped ({note})", listed, ls_files, f"target {target}", listed_mb)
        )
        if records == 10000:
            edited = folder / "strategy" / sorted(p.name for p in (folder / "strategy").glob("*.yaml"))[0]
            edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1))
            subprocess.run(["git", "-C", str(folder), "add", "--", str(edited)], check=True)
            staged, staged_mb = timed_with_memory(
                [*REGISTER, "-C", str(folder), "validate", "--staged"], runs
            )
            rows.append(
                row(
                    f"register validate --staged, one record changed ({note})",
                    staged,
                    ls_files,
                    "target ≤ 0.3 s",
                    staged_mb,
                )
            )
        shutil.rmtree(folder)
    return rows


def settle(folder: Path) -> None:
    """The working tree checked out, and git's index refreshed as any officer's first `git status`
    does: files just written are "racily clean" until git's index records their times, and every
    status until then reads them all again (register reads with GIT_OPTIONAL_LOCKS=0, so it never
    rewrites the officer's index). git compares whole seconds: the index is written a second after
    the files."""
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "-f", "HEAD"], check=True)
    time.sleep(1.1)
    subprocess.run(["git", "-C", str(folder), "update-index", "-q", "--refresh"], check=True)


def synthetic(folder: Path, records: int, commits: int, approvals: int) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "synth.py"),
            str(folder),
            "--records",
            str(records),
            "--commits",
            str(commits),
            "--approvals",
            str(approvals),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def forget(register: Path) -> Callable[[], None]:
    """Delete the cache (and its write-ahead log): the next run is cold."""

    def delete() -> None:
        for file in (register / ".git").glob(f"{CACHE}*"):
            file.unlink(missing_ok=True)

    return delete


def compile_package() -> None:
    """Byte-compile the package first, as `pip install` does: with PYTHONDONTWRITEBYTECODE set
    (some shells set it) every run would otherwise compile the package again, and time that."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("register")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def bench_report(work: Path, runs: int) -> list[dict[str, object]]:
    demo = work / "demo"
    subprocess.run([*REGISTER, "demo", str(demo)], check=True, stdout=subprocess.DEVNULL)
    decision = "decisions/2020-09-18-cabinet-send-inclusion-strategy"
    report = [*REGISTER, "-C", str(demo), "report", decision, "-o", str(work / "report.docx")]
    pandoc = ["pandoc", str(SEED), "-f", "markdown", "-o", str(work / "pandoc.docx")]
    rows = []
    yardstick = timed(pandoc, runs) if shutil.which("pandoc") and SEED.exists() else None
    if yardstick:
        rows.append(
            row(
                "pandoc: the seed's text to .docx",
                yardstick,
                yardstick,
                "the tool a user would otherwise pick",
            )
        )
    rows.append(
        row(
            "register report (cold: no cache)",
            timed(report, runs, before=forget(demo)),
            yardstick,
            "target ≤ 0.35 s",
        )
    )
    rows.append(row("register report (warm)", timed(report, runs), yardstick, "target ≤ 0.35 s"))
    rows.append(row("register --help", timed([*REGISTER, "--help"], runs), None, "target ≤ 0.1 s"))
    return rows


def bench_history(work: Path, runs: int) -> list[dict[str, object]]:
    big = work / "synthetic-2000"
    made = synthetic(big, 2000, 10000, 500)
    settle(big)
    git_log = ["git", "-C", str(big), "log", "-p", "--follow", "--", "strategy/hot.yaml"]
    history = [*REGISTER, "-C", str(big), "history", "strategy/hot", "--json"]
    yardstick = timed(git_log, runs)
    verify = [*REGISTER, "-C", str(big), "verify", "--json"]
    note = (
        f"{made['records']} records, {made['commits']} commits, {made['hot_versions']} versions of the record"
    )
    return [
        row("git log -p --follow -- strategy/hot.yaml", yardstick, yardstick, note),
        row(
            "register history strategy/hot --json (cold)",
            timed(history, runs, before=forget(big)),
            yardstick,
            "target ≤ 2.5× git",
        ),
        row(
            "register history strategy/hot --json (warm)",
            timed(history, runs),
            yardstick,
            "target ≤ 1.2× git",
        ),
        row(
            f"register verify --json, {made['approvals']} approvals (cold)",
            timed(verify, runs, before=forget(big)),
            None,
            "target ≤ 1 s",
        ),
        row(
            f"register verify --json, {made['approvals']} approvals (warm)",
            timed(verify, runs),
            None,
            "",
        ),
    ]


def bench_review(work: Path, runs: int) -> list[dict[str, object]]:
    rows = []
    for records in (500, 2000):
        folder = work / f"synthetic-{records}"
        if not folder.exists():
            synthetic(folder, records, 10000, 0)
            settle(folder)
        start = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD~2000"], capture_output=True, text=True, check=True
        ).stdout.strip()
        end = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD~1000"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(folder), "diff", "--name-only", start, end],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.count("\n")
        stat = ["git", "-C", str(folder), "diff", "--stat", start, end]
        review = [*REGISTER, "-C", str(folder), "review", "--all", "--from", start, "--to", end, "--json"]
        yardstick = timed(stat, runs)
        note = f"{records} records, {changed} changed in 1,000 commits"
        rows.append(row(f"git diff --stat (register of {records})", yardstick, yardstick, note))
        rows.append(
            row(
                f"register review --all (cold, register of {records})",
                timed(review, runs, before=forget(folder)),
                yardstick,
                note,
            )
        )
        rows.append(
            row(f"register review --all (warm, register of {records})", timed(review, runs), yardstick, note)
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("which", nargs="*", default=["report", "history", "review", "whole"])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=WHOLE_SIZES,
        help="the register sizes of `whole` (default: 10000,50000)",
    )
    arguments = parser.parse_args()
    benches: dict[str, Callable[[Path, int], list[dict[str, object]]]] = {
        "report": bench_report,
        "history": bench_history,
        "review": bench_review,
        "whole": lambda work, runs: bench_whole(work, runs, arguments.sizes),
    }
    compile_package()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="register-bench-") as folder:
        for name in arguments.which:
            rows += benches[name](Path(folder), arguments.runs)
    print_table(rows)
    if arguments.json:
        print(json.dumps(rows, indent=2))


def print_table(rows: list[dict[str, object]]) -> None:
    width = max(len(str(r["benchmark"])) for r in rows)
    print(f"{'benchmark':<{width}}  {'median s':>8}  {'× yardstick':>11}  {'peak MB':>7}  note")
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "–"
        peak = f"{r['peak_mb']}" if r.get("peak_mb") is not None else "–"
        print(f"{r['benchmark']:<{width}}  {r['seconds']:>8.3f}  {ratio:>11}  {peak:>7}  {r['note']}")


if __name__ == "__main__":
    main()
