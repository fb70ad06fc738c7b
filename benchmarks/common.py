"""What both benchmarks need besides the rows: paths, the child environment, memory, printing."""

import json
import os
import resource
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def child_env(**extra: str) -> dict[str, str]:
    """The environment for the service or CLI under test: LLM tier off (GROQ_API_KEY empty)."""
    env = dict(os.environ)
    env.update(GROQ_API_KEY="", API_KEY="", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def status_kib(pid: int, field: str = "VmHWM") -> int | None:
    """A memory field of /proc/<pid>/status in KiB (VmHWM: peak resident set), None if gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children...) still running (zombies left out)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    state, parent = handle.read().rsplit(")", 1)[1].split()[:2]
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
            if state != "Z":
                children.setdefault(int(parent), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


def tree_rss_kib(pid: int) -> int:
    """Resident set (VmRSS, KiB) of process `pid` and all its descendants, summed: what a run of
    several processes holds at once (each one's own peak, ru_maxrss, would not add up)."""
    return sum(status_kib(current, "VmRSS") or 0 for current in [pid, *descendants(pid)])


def own_peak_kib() -> int:
    """Peak resident set of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:,.0f} MiB"


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def model_path() -> str:
    from settings import Settings

    return str(Settings().model_path)


def report(title: str, lines: list[tuple[str, str]], figures: dict, as_json: bool) -> None:
    """The human report, or the figures as one JSON object."""
    if as_json:
        print(json.dumps(figures, indent=2, sort_keys=True))
        return
    width = max(len(name) for name, _ in lines)
    print(f"\n== {title} ==")
    for name, value in lines:
        print(f"  {name:<{width}}  {value}")
