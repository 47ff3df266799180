"""The benchmark script runs end to end at a tiny size (the real run is by hand: see
BENCHMARKS.md). It also checks that the app's statuses agree with the hand-written SQL."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "gap_report.py"


def test_benchmark_runs_small(capsys):
    spec = importlib.util.spec_from_file_location("gap_report_bench", SCRIPT)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert (
        bench.main(
            [
                "--people",
                "40",
                "--units",
                "25",
                "--competences",
                "6",
                "--repeat",
                "1",
                "--sqlite-only",
            ]
        )
        == 0
    )
    assert "[SQLite] CSV" in capsys.readouterr().out
