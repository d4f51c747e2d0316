"""Time to a trustworthy verdict, answered both ways against a running InitLab (BENCHMARKS.md, section 4).

The same question (does zero-init differ from one-init by the smallest difference worth finding?) is put
to the server twice per repetition, one design after the other so that they never share the workers:

- fixed: a pilot of --initial seeds; when it has finished, the seeds its power analysis advises are
  added with POST /api/experiments/{id}/seeds (its pairsNeeded, at most --max-seeds), and the verdict is
  the paired t-test's once they have finished;
- sequential: the same first seeds with "stopping": {"rule": "anytime", "maxSeeds": --max-seeds,
  "seedsPerStep": --seeds-per-step}; InitLab adds seeds by itself until the state is final.

Each repetition uses its own seeds (100 r, 100 r + 1, ...), the same for both designs. Prints one line per
design and repetition (wall seconds from the first POST until the answer, seeds used, the answer) and a
summary. Python's standard library only:

    java -jar target/initlab-*.jar --initlab.data-dir=/tmp/ttv-data &     # a fresh instance, nothing else queued
    python3 bench/time_to_verdict.py --repetitions 3
"""
import argparse
import json
import statistics
import sys
import time
import urllib.request

RECIPE = {"dataset": "fashion-mnist", "imageSize": 16, "epochs": 3, "batchSize": 64, "trainLimit": 2000,
          "validLimit": 1000, "device": "cpu"}
VARIANTS = [{"name": "zero-init", "bn2Gamma": 0}, {"name": "one-init", "bn2Gamma": 1}]


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def finished(base, experiment_id):
    runs = call(base, "GET", f"/api/experiments/{experiment_id}")["runs"]
    return all(run["status"] in ("SUCCEEDED", "FAILED", "CANCELLED") for run in runs), len(runs)


def wait_until_finished(base, experiment_id, poll):
    while True:
        done, runs = finished(base, experiment_id)
        if done:
            return runs
        time.sleep(poll)


def comparison(base, experiment_id):
    return call(base, "GET", f"/api/experiments/{experiment_id}/comparison")["pairs"][0]


def fixed(base, args, seeds, name):
    start = time.monotonic()
    spec = dict(RECIPE, name=name, variants=VARIANTS, seeds=seeds, smallestDifference=args.smallest_difference)
    experiment_id = call(base, "POST", "/api/experiments", spec)["id"]
    wait_until_finished(base, experiment_id, args.poll)
    power = comparison(base, experiment_id)["power"]
    needed = power["pairsNeeded"] if power["pairsNeeded"] is not None else args.max_seeds
    more = max(0, min(needed, args.max_seeds) - len(seeds))
    if more > 0:
        call(base, "POST", f"/api/experiments/{experiment_id}/seeds", {"count": more})
        wait_until_finished(base, experiment_id, args.poll)
    pair = comparison(base, experiment_id)
    return time.monotonic() - start, len(seeds) + more, needed, pair["verdict"]


def sequential(base, args, seeds, name):
    start = time.monotonic()
    spec = dict(RECIPE, name=name, variants=VARIANTS, seeds=seeds, smallestDifference=args.smallest_difference,
                stopping={"rule": "anytime", "maxSeeds": args.max_seeds, "seedsPerStep": args.seeds_per_step})
    experiment_id = call(base, "POST", "/api/experiments", spec)["id"]
    while True:
        time.sleep(args.poll)
        done, runs = finished(base, experiment_id)
        state = comparison(base, experiment_id)["sequential"]
        if done and state["state"] != "continuing":
            return time.monotonic() - start, runs // len(VARIANTS), state["state"], state["sentence"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://localhost:8080")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--initial", type=int, default=4, help="seeds of the pilot and of the first step")
    parser.add_argument("--max-seeds", type=int, default=30)
    parser.add_argument("--seeds-per-step", type=int, default=2)
    parser.add_argument("--smallest-difference", type=float, default=0.02)
    parser.add_argument("--poll", type=float, default=0.5, help="seconds between looks at the server")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    print(f"recipe {json.dumps(RECIPE)}; smallest difference {args.smallest_difference}; "
          f"{args.initial} first seeds; cap {args.max_seeds}; {args.seeds_per_step} seeds a step", flush=True)
    times = {"fixed": [], "sequential": []}
    seeds_used = {"fixed": [], "sequential": []}
    for repetition in range(args.repetitions):
        seeds = [100 * repetition + i for i in range(args.initial)]
        seconds, used, advised, verdict = fixed(base, args, seeds, f"time to verdict {repetition}: fixed")
        times["fixed"].append(seconds)
        seeds_used["fixed"].append(used)
        print(f"repetition {repetition} fixed      {seconds:7.1f} s  {used:3d} seeds (advised {advised})  "
              f"{verdict}", flush=True)
        seconds, used, state, sentence = sequential(base, args, seeds, f"time to verdict {repetition}: sequential")
        times["sequential"].append(seconds)
        seeds_used["sequential"].append(used)
        print(f"repetition {repetition} sequential {seconds:7.1f} s  {used:3d} seeds  {state}: {sentence}",
              flush=True)
    for design in ("fixed", "sequential"):
        print(f"{design:10s} median {statistics.median(times[design]):7.1f} s (min {min(times[design]):.1f}, "
              f"max {max(times[design]):.1f}); seeds median {statistics.median(seeds_used[design])} "
              f"({', '.join(map(str, seeds_used[design]))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
