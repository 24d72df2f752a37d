"""The benchmark harness: discovery, repeated runs in fresh processes, results.

A benchmark is one module in this package that defines ``BENCHMARK = Benchmark(...)``;
``python -m bench`` finds it, so adding one is adding one module. Its ``run``
function receives a ``Context`` and returns ``Table``s. Each measured run happens in
a fresh process (``Context.repeat``) so that one run's memory, caches and garbage do
not flatter or burden the next, and each run reports its own wall time and the peak
resident memory of the measured block only (``Probe``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pkgutil
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

BENCH_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


# --- one measured block ----------------------------------------------------------------


def _status(key: str) -> int:
    text = Path("/proc/self/status").read_text()
    found = re.search(rf"{key}:\s+(\d+)", text)
    return int(found.group(1)) * 1024 if found else 0


class Probe:
    """Wall time and peak resident memory of the block it wraps, in this process.

    The kernel's high-water mark (VmHWM) is reset on entry, so the peak is that of the
    block, not of whatever setup came before it; ``base_mib`` is what was resident
    on entry (the interpreter, libraries, and the setup's data).
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.peak_mib = 0.0
        self.base_mib = 0.0

    def __enter__(self) -> Probe:
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")
        self.base_mib = _status("VmRSS") / 2**20
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start
        self.peak_mib = _status("VmHWM") / 2**20


@dataclass
class Sample:
    """What one run measured: its time, the items it processed, its memory, anything else."""

    seconds: float
    items: int
    peak_mib: float = 0.0
    base_mib: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, probe: Probe, items: int, **extra: Any) -> Sample:
        return cls(probe.seconds, items, probe.peak_mib, probe.base_mib, extra)


# --- results -----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a table: a variant measured over several runs."""

    label: str
    samples: list[Sample]
    group: str = ""  # rows are compared with the peers of their group (e.g. the database)
    peer: bool = False  # a baseline others are compared with (a raw driver, another library)
    note: str = ""

    @property
    def items(self) -> int:
        return self.samples[0].items

    @property
    def rates(self) -> list[float]:
        return [s.items / s.seconds for s in self.samples if s.seconds > 0]

    @property
    def rate(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    @property
    def median_seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mib(self) -> float:
        return max(s.peak_mib for s in self.samples)

    @property
    def base_mib(self) -> float:
        return min(s.base_mib for s in self.samples)


@dataclass
class Target:
    """A goal a row should meet: a rate, or a fraction of a peer's rate in its group."""

    label: str  # a substring of the row labels it applies to
    min_rate: float | None = None
    min_peer_ratio: float | None = None
    text: str = ""


@dataclass
class Table:
    title: str
    unit: str  # what the rate counts: "ballots", "residents", "events"
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    series: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # for line plots
    series_axes: tuple[str, str] = ("", "")
    runs_are: str = "each in a fresh process"  # how the runs of a row were made


@dataclass
class Benchmark:
    name: str
    summary: str
    run: Callable[[Context], list[Table]]
    available: Callable[[], str | None] = lambda: None  # a reason it cannot run, or None


# --- running -------------------------------------------------------------------------------


@dataclass
class Context:
    """What a benchmark needs: the mode, a scratch folder, the databases, a way to repeat."""

    quick: bool
    runs: int
    workdir: Path
    postgres_url: str | None

    def repeat(self, work: Callable[..., T], *args: Any, runs: int | None = None) -> list[T]:
        """Run ``work(*args)`` ``runs`` times, each in a fresh process, and collect what it returns.

        ``work`` must be a module-level function (it is pickled by name).
        """
        samples: list[T] = []
        for _ in range(runs or self.runs):
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                samples.append(pool.submit(work, *args).result())
        return samples

    def databases(self) -> list[str]:
        return ["sqlite", "postgresql"] if self.postgres_url else ["sqlite"]

    def fresh_url(self, kind: str, name: str) -> str:
        """An empty database of `kind` for one run (a new SQLite file, a new PostgreSQL db)."""
        if kind == "sqlite":
            path = self.workdir / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        assert self.postgres_url is not None
        return fresh_postgres(self.postgres_url, name)


def fresh_postgres(server: str, name: str) -> str:
    import psycopg

    db = f"bench_{name}".replace("-", "_")
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    return server.rsplit("/", 1)[0] + f"/{db}"


def drop_postgres(server: str, prefix: str) -> None:
    """Drop the databases a benchmark made (their names start with `bench_<prefix>`)."""
    import psycopg

    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        names = [r[0] for r in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                            (f"bench\\_{prefix}\\_%",))]
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def discover() -> dict[str, Benchmark]:
    """Every module of this package that defines ``BENCHMARK``, in a stable order."""
    found: dict[str, Benchmark] = {}
    for info in sorted(pkgutil.iter_modules([str(BENCH_DIR)]), key=lambda m: m.name):
        if info.name.startswith("_") or info.name in ("harness", "report"):
            continue
        try:
            module = importlib.import_module(f"bench.{info.name}")
        except ImportError:
            continue
        bench = getattr(module, "BENCHMARK", None)
        if isinstance(bench, Benchmark):
            found[bench.name] = bench
    return found


def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                                  check=False).stdout.strip()
        except OSError:
            return ""

    import sqlite3

    return {
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.machine(),
        "cores": str(os.cpu_count()),
        "memory": sh("free -g | awk '/Mem:/ {print $2 \" GiB\"}'"),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME") or platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": sh("ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1"),
        "load": sh("cut -d' ' -f1-3 /proc/loadavg"),
    }


def tables_json(tables: list[Table]) -> list[dict[str, Any]]:
    """Tables as plain JSON, with each row's derived figures alongside its raw samples."""
    def row(r: Row) -> dict[str, Any]:
        return {**asdict(r), "rate": r.rate, "median_seconds": r.median_seconds,
                "peak_mib": r.peak_mib}

    return [{**{k: v for k, v in asdict(t).items() if k != "rows"},
             "rows": [row(r) for r in t.rows]} for t in tables]
