"""How busy the machine's cores are while one register command runs: where a cold command's time
goes on one core, and where on all of them.

    python bench/timeline.py PATH verify --json        # cold: the cache under PATH/.git removed first
    python bench/timeline.py --warm PATH verify --json

Samples /proc/stat (Linux) every 20 ms and prints, for each sample, how many cores were busy, then
the run's wall time, its processor time and how much of it ran on more than one core. Run it on a
quiet machine: it counts every process, not only the command's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REGISTER = [sys.executable, "-c", "from register.cli import main; main()"]
CORES = 2  # the project's machine; the bars are drawn for it


def busy_and_total() -> tuple[int, int]:
    """Clock ticks the cores have spent busy, and in all, since the machine started."""
    with Path("/proc/stat").open() as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and waiting for the disk
    return sum(ticks) - idle, sum(ticks)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--warm", action="store_true", help="keep the cache (default: remove it first)")
    parser.add_argument("register", type=Path)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    if not arguments.warm:
        for cache in (arguments.register / ".git").glob("register-cache*"):
            cache.unlink()
    command = [*REGISTER, "-C", str(arguments.register), *arguments.command]
    start = time.perf_counter()
    last = busy_and_total()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, float]] = []
    while child.poll() is None:
        time.sleep(0.02)
        now = busy_and_total()
        ticks = now[1] - last[1]
        samples.append((time.perf_counter() - start, CORES * (now[0] - last[0]) / ticks if ticks else 0.0))
        last = now
    wall = time.perf_counter() - start
    for at, cores in samples:
        print(f"{at:6.2f} s  {'#' * round(cores * 20):<{20 * CORES}}  {cores:.2f}")
    spent = sum(cores * 0.02 for _, cores in samples)
    both = sum(0.02 for _, cores in samples if cores > 1.5)
    print(f"wall {wall:.2f} s; about {spent:.2f} s of processor time; more than one core busy {both:.2f} s")


if __name__ == "__main__":
    main()
