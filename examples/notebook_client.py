#!/usr/bin/env python3
"""Submit a tiny InitLab experiment, wait for it, and read its CSV and comparison.

Uses only Python's standard library, so it runs anywhere Python 3 does:

    python3 examples/notebook_client.py [BASE_URL]      # default http://localhost:8080

Where InitLab asks for sign-in, give an editor's name and password (sent with HTTP Basic, as
curl -u and requests' auth= do):

    INITLAB_USER=ada INITLAB_PASSWORD=... python3 examples/notebook_client.py https://initlab.example

Exits non-zero if what InitLab returned does not add up.
"""
import base64
import csv
import io
import json
import os
import sys
import time
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080").rstrip("/")
USER = os.environ.get("INITLAB_USER")
CREDENTIALS = None if not USER else base64.b64encode(
    f"{USER}:{os.environ.get('INITLAB_PASSWORD', '')}".encode()).decode()
SPEC = {
    "name": "notebook client: zero vs one, tiny synthetic",
    "dataset": "synthetic",
    "imageSize": 16,
    "epochs": 2,
    "batchSize": 16,
    "trainLimit": 64,
    "validLimit": 32,
    "variants": [{"name": "zero-init", "bn2Gamma": 0.0}, {"name": "one-init", "bn2Gamma": 1.0}],
    "seeds": [0, 1],
}
FINISHED = {"SUCCEEDED", "FAILED", "CANCELLED"}


def call(path, body=None, accept="application/json"):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, headers={"Accept": accept})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if CREDENTIALS:
        request.add_header("Authorization", "Basic " + CREDENTIALS)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if accept == "application/json" else text


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


experiment = call("/api/experiments", SPEC)
print(f"submitted {experiment['id']}: {len(experiment['runs'])} runs")

deadline = time.time() + 600
while True:
    experiment = call(f"/api/experiments/{experiment['id']}")
    statuses = [run["status"] for run in experiment["runs"]]
    print("statuses:", ", ".join(statuses), flush=True)
    if all(status in FINISHED for status in statuses):
        break
    check(time.time() < deadline, "runs did not finish within 10 minutes")
    time.sleep(2)
check(all(status == "SUCCEEDED" for status in statuses), f"every run should succeed, got {statuses}")

rows = list(csv.DictReader(io.StringIO(call(f"/api/experiments/{experiment['id']}/metrics?format=csv",
                                            accept="text/csv"))))
check(len(rows) == 4 * SPEC["epochs"], f"expected {4 * SPEC['epochs']} CSV rows, got {len(rows)}")
check({row["variant"] for row in rows} == {"zero-init", "one-init"}, "both variants in the CSV")
check(all(0.0 <= float(row["accuracy"]) <= 1.0 for row in rows), "accuracies between 0 and 1")

comparison = call(f"/api/experiments/{experiment['id']}/comparison")
final = {curve["name"]: curve["epochs"][-1] for curve in comparison["variants"]}
for name, epoch in final.items():
    accuracy = epoch["accuracy"]
    print(f"{name}: epoch {epoch['epoch']}, n={epoch['n']}, mean accuracy {accuracy['mean']:.4f}"
          f" (95% CI {accuracy['ciLow']:.4f} to {accuracy['ciHigh']:.4f})")
    check(epoch["n"] == 2, f"{name} should have 2 seeds at the last epoch")
print("verdict:", comparison["verdict"])
check(bool(comparison["verdict"]), "a verdict")
print("ok")
