"""Reference values for SequentialSeedUseTest, written apart from the Java: NumPy draws the accuracies,
SciPy's brentq finds where the safe paired t-test's e-value reaches K/alpha, and the experiment is replayed
look by look.

    python3 bench/sequential_seed_use.py  [simulations]
"""
import sys

import numpy as np
from scipy.optimize import brentq


def e_value(t, n, g):
    nu = n - 1
    s = 1 + n * g
    return s ** -0.5 * ((1 + t * t / nu) / (1 + t * t / (nu * s))) ** ((nu + 1) / 2)


def critical_t(n, g, threshold):
    if n < 2 or (1 + n * g) ** ((n - 1) / 2) <= threshold:
        return np.inf
    return brentq(lambda t: e_value(t, n, g) - threshold, 0, 1e6, xtol=1e-14)


def simulate(k, initial, step, cap, alpha, g, delta, epsilon, simulations, seed):
    rng = np.random.default_rng(seed)
    crit = [critical_t(n, g, k / alpha) for n in range(cap + 1)]
    noise = rng.normal(0, np.sqrt(0.5), size=(simulations, cap, k + 1))
    differences = delta + noise[:, :, 1:] - noise[:, :, :1]
    used = np.zeros(simulations, dtype=int)
    decided_all = 0
    settled_all = 0
    for i in range(simulations):
        state = [None] * k
        seeds = initial
        looked = 0
        while True:
            for n in range(max(looked + 1, 2), seeds + 1):
                for j in range(k):
                    if state[j] is not None:
                        continue
                    d = differences[i, :n, j]
                    half = crit[n] * d.std(ddof=1) / np.sqrt(n)
                    if abs(d.mean()) >= half:
                        state[j] = "decided"
                    elif abs(d.mean()) + half <= epsilon:
                        state[j] = "equivalent"
            looked = seeds
            if all(s is not None for s in state) or seeds >= cap:
                break
            seeds = min(cap, seeds + step)
        used[i] = seeds
        decided_all += all(s == "decided" for s in state)
        settled_all += all(s is not None for s in state)
    return used.mean(), used.std(ddof=1) / np.sqrt(simulations), decided_all / simulations, settled_all / simulations


if __name__ == "__main__":
    simulations = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for k, initial, step, cap, delta, epsilon in [(1, 4, 2, 30, 1.0, 1.0), (2, 4, 2, 30, 1.0, 1.0),
                                                  (1, 2, 1, 30, 0.0, 0.5), (1, 6, 3, 20, 0.5, 0.5)]:
        mean, se, decided, settled = simulate(k, initial, step, cap, 0.05, 1.0, delta, epsilon, simulations, 1)
        print(f"K={k} initial={initial} step={step} cap={cap} delta={delta} epsilon={epsilon}: "
              f"expected seeds {mean:.4f} (se {se:.4f}), all decided {decided:.4f}, all settled {settled:.4f}")
