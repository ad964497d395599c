"""Parser throughput on a generated corpus: reports per second on one core (target ≥ 200/s).

python -m bench.parse_speed [--reports 500] [--seed 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from index.parse import parse_file
from index.testing.generate import write_corpus


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
    figures = measure(args.reports, args.seed)
    print(
        f"parsed {figures['reports']:.0f} generated reports ({figures['mb']:.1f} MB) in {figures['seconds']:.2f} s "
        f"on one core: {figures['per_second']:.0f} reports/s"
    )


if __name__ == "__main__":
    main()
