"""Parser throughput on one core (target ≥ 200 reports/s): the seeds, and a generated corpus.

python -m bench.parse_speed [--reports 500] [--seed 1]

The seeds are parsed for a second, seven times, and the best round is given: on a shared machine the
slowest rounds measure the neighbours.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from index.parse import parse_file
from index.testing.generate import write_corpus

SEEDS = Path(__file__).resolve().parent.parent / "data" / "reports"
_ROUNDS = 7
_ROUND_SECONDS = 1.0


def measure_seeds() -> float:
    """Best reports/s over the rounds, parsing the seed reports over and over."""
    files = sorted(SEEDS.glob("*.txt"))
    for path in files:
        parse_file(path)  # warm OpenCC, the gazetteer and the regex caches
    best = 0.0
    for _ in range(_ROUNDS):
        parsed, started = 0, time.perf_counter()
        while time.perf_counter() - started < _ROUND_SECONDS:
            for path in files:
                parse_file(path)
            parsed += len(files)
        best = max(best, parsed / (time.perf_counter() - started))
    return best


def measure(reports: int, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(folder, n=reports, seed=seed, distinct=True)
        files = sorted(Path(folder).glob("*.txt"))
        size = sum(path.stat().st_size for path in files)
        parse_file(files[0])  # warm OpenCC and the regex caches
        started = time.perf_counter()
        for path in files:
            parse_file(path)
        elapsed = time.perf_counter() - started
    return {"reports": len(files), "seconds": elapsed, "per_second": len(files) / elapsed, "mb": size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"parsed the {len(list(SEEDS.glob('*.txt')))} seed reports on one core: {measure_seeds():.0f} reports/s")
    figures = measure(args.reports, args.seed)
    print(
        f"parsed {figures['reports']:.0f} generated reports ({figures['mb']:.1f} MB) in {figures['seconds']:.2f} s "
        f"on one core: {figures['per_second']:.0f} reports/s"
    )


if __name__ == "__main__":
    main()
