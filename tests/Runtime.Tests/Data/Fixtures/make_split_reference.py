"""scikit-learn's stratified train_test_split on seeded label sequences, for ensdsl's StratifiedSplit
(tests/Runtime.Tests/Data/StratifiedSplitTests). Needs Debian's python3-sklearn (1.2), which .ci/run installs.
   /usr/bin/python3 make_split_reference.py OUT_DIR      writes OUT_DIR/splits.json"""
import json, os, sys
import numpy as np
from sklearn.model_selection import train_test_split

out = sys.argv[1]
rng = np.random.default_rng(45)
cases = []


def case(name, labels, test_size, seed=42):
    train, val = train_test_split(np.arange(len(labels)), test_size=test_size, stratify=labels, random_state=seed)
    cases.append({"name": name, "labels": [int(v) for v in labels], "test_size": test_size, "seed": seed,
                  "validation_count": len(val), "train": [int(v) for v in train], "validation": [int(v) for v in val]})


case("cifar10-like 50000 balanced, 5000", rng.permutation(np.repeat(np.arange(10), 5000)), 5000)
case("cifar100-like 50000 balanced, test_size 0.1", rng.permutation(np.repeat(np.arange(100), 500)), 0.1)
case("sun-like 50 per class, 10 per class", rng.permutation(np.repeat(np.arange(37), 50)), 370)
counts = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
case("unbalanced, ties broken by the generator", rng.permutation(np.repeat(np.arange(15), counts)), 33, seed=7)
case("labels with gaps, 10%", rng.permutation(np.repeat(np.array([3, 8, 9, 20]), [6, 9, 12, 4])), 0.1, seed=0)
with open(os.path.join(out, "splits.json"), "w") as f:
    json.dump(cases, f)
