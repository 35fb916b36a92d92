"""The statistics of repeated runs as SciPy and NumPy compute them, for tests/Runtime.Tests/Results/StatisticsTests.

Writes statistics.json into the folder given: Student's t quantiles, and for fixed samples their mean, sample
standard deviation (ddof=1) and the paired 95 % t-interval of a mean difference (scipy.stats.t.interval on the
differences' standard error). Run by the tests with Debian's python3-scipy: python3 make_statistics_reference.py DIR
"""
import json
import sys

import numpy as np
from scipy import stats

quantiles = [{"p": p, "df": df, "q": float(stats.t.ppf(p, df))}
             for p in (0.975, 0.95, 0.995, 0.6, 0.025) for df in (1, 2, 3, 4, 5, 9, 10, 29, 30, 100, 1000)]

samples = [
    ([0.632, 0.641, 0.628, 0.650, 0.637], [0.651, 0.655, 0.640, 0.662, 0.649]),
    ([0.7012, 0.7055], [0.6998, 0.7031]),
    ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], [1.5, 1.9, 3.2, 4.4, 4.6, 6.1, 7.3, 8.8, 8.9, 10.2]),
    ([0.5, 0.5, 0.5], [0.4, 0.45, 0.41]),
]
pairs = []
for a, b in samples:
    a, b = np.array(a), np.array(b)
    d = a - b
    low, high = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
    pairs.append({"a": a.tolist(), "b": b.tolist(), "mean_a": float(a.mean()), "std_a": float(a.std(ddof=1)),
                  "mean": float(d.mean()), "low": float(low), "high": float(high)})

with open(f"{sys.argv[1]}/statistics.json", "w") as f:
    json.dump({"quantiles": quantiles, "pairs": pairs}, f, indent=1)
