"""`make bench`: speed of duplicate detection at NRW scale on a synthetic population.

Measures, all in memory (no database): building the blocking keys of every client; and, for
one large region, the intake duplicate check per query — prefilter through an in-memory key
index (what the ClientSearchKey table and its index do) and ranking of the candidates.
Prints the machine and the data sizes with the figures. Usage:

    python -m kim.bench [--regions 54] [--per-region 2800] [--big-region 10000] [--queries 500] [--seed 2026]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from django.conf import settings

if not settings.configured:
    # Only the gettext of the match reasons needs Django; no database, no project settings.
    settings.configure(USE_I18N=False)

from kim.bench.population import Person, make_person, population, variant_record
from kim.cases import matching
from kim.cases.matching import PersonRecord


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def clear_caches() -> None:
    for function in (matching._analyse_names, matching._token, matching._token_similarity):
        function.cache_clear()


def build_keys(regions: list[tuple[list[Person], list[PersonRecord]]], out: TextIO) -> list[set[str]]:
    """Blocking keys of every record (what saving a client does), caches cold at the start.
    Returns the keys of the first (queried) region."""
    clear_caches()
    key_counts: list[int] = []
    first_region: list[set[str]] = []
    total = sum(len(records) for _, records in regions)
    wall, cpu = time.perf_counter(), time.process_time()
    for number, (_, records) in enumerate(regions):
        region_keys = [matching.blocking_keys(record) for record in records]
        key_counts.extend(len(keys) for keys in region_keys)
        if number == 0:
            first_region = region_keys
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out.write("1. blocking keys for all records\n")
    out.write(
        f"   {wall:.1f} s wall ({cpu:.1f} s CPU) for {total:,} records = {wall / total * 1e6:.0f} µs per record; "
        f"keys per record: mean {statistics.mean(key_counts):.1f}, max {max(key_counts)}; "
        f"key rows in total: {sum(key_counts):,}\n\n"
    )
    return first_region


def make_queries(
    people: list[Person], records: list[PersonRecord], count: int, seed: int
) -> list[tuple[PersonRecord, str | None]]:
    """Four fifths: another office's record of a person in the region; one fifth: new people."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    queries: list[tuple[PersonRecord, str | None]] = []
    for number in range(count):
        if number % 5 == 4:
            queries.append((variant_record(make_person(rng), f"q{number}", rng), None))
        else:
            position = rng.randrange(len(people))
            queries.append((variant_record(people[position], f"q{number}", rng), records[position].id))
    return queries


def run_queries(
    records: list[PersonRecord], keys: list[set[str]], queries: list[tuple[PersonRecord, str | None]], out: TextIO
) -> None:
    """Intake duplicate check per query: prefilter through a key index, then rank."""
    index: dict[str, list[int]] = defaultdict(list)
    for position, record_keys in enumerate(keys):
        for key in record_keys:
            index[key].append(position)
    clear_caches()  # a fresh worker: nothing analysed yet
    prefilter_times: list[float] = []
    rank_times: list[float] = []
    candidate_counts: list[int] = []
    planted = found = 0
    cpu = time.process_time()
    for query, expected in queries:
        started = time.perf_counter()
        positions: set[int] = set()
        for key in matching.prefilter_keys(query):
            positions.update(index.get(key, ()))
        candidates = [records[p] for p in positions]
        middle = time.perf_counter()
        matches = matching.rank(query, candidates, limit=10)
        prefilter_times.append(middle - started)
        rank_times.append(time.perf_counter() - middle)
        candidate_counts.append(len(candidates))
        if expected is not None:
            planted += 1
            found += any(m.record_id == expected for m in matches)
    cpu = time.process_time() - cpu
    totals = [p + r for p, r in zip(prefilter_times, rank_times, strict=True)]

    def ms(values: Sequence[float]) -> str:
        return f"median {statistics.median(values) * 1e3:.1f} ms, p95 {percentile(values, 0.95) * 1e3:.1f} ms"

    out.write(f"2. intake duplicate check: {len(queries)} queries against one region of {len(records):,} records\n")
    out.write(f"   key index: {len(index):,} distinct keys, {sum(map(len, index.values())):,} rows\n")
    out.write(f"   prefilter (keys + index lookup): {ms(prefilter_times)}\n")
    out.write(f"   rank (score candidates):         {ms(rank_times)}\n")
    out.write(f"   total per query:                 {ms(totals)}, max {max(totals) * 1e3:.1f} ms\n")
    out.write(f"   CPU time for all queries: {cpu:.2f} s ({cpu / len(queries) * 1e3:.2f} ms per query)\n")
    out.write(
        f"   candidates per query: median {statistics.median(candidate_counts):.0f}, "
        f"p95 {percentile(candidate_counts, 0.95):.0f}, max {max(candidate_counts)} (of {len(records):,})\n"
    )
    if planted:
        out.write(
            f"   planted duplicates found in the top 10: {found} of {planted} ({found / planted:.1%}) "
            f"at threshold {matching.DEFAULT_THRESHOLD}\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kim.bench", description="Duplicate detection at NRW scale.")
    parser.add_argument("--regions", type=int, default=54, help="number of Kreise and kreisfreie Städte")
    parser.add_argument("--per-region", type=int, default=2860, help="clients per region (all but the big one)")
    parser.add_argument("--big-region", type=int, default=10000, help="clients in the region that is queried")
    parser.add_argument("--queries", type=int, default=500, help="intake queries against the big region")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same population)")
    args = parser.parse_args(argv)

    out = sys.stdout
    out.write("KIM benchmark: duplicate detection (kim.cases.matching)\n")
    out.write(f"machine: {cpu_model()}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}\n")
    out.write(f"python: {platform.python_implementation()} {platform.python_version()}\n")
    started = time.perf_counter()
    regions = population(seed=args.seed, regions=args.regions, per_region=args.per_region, big_region=args.big_region)
    total = sum(len(records) for _, records in regions)
    out.write(
        f"data: {args.regions} regions, {total:,} person records "
        f"(queried region {args.big_region:,}, others {args.per_region:,} each), seed {args.seed}, "
        f"generated in {time.perf_counter() - started:.1f} s\n\n"
    )
    keys = build_keys(regions, out)
    people, records = regions[0]
    run_queries(records, keys, make_queries(people, records, args.queries, args.seed + 1), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
