"""scikit-learn's stratified train_test_split on seeded label sequences, for ensdsl's StratifiedSplit, and the
authors' SUN-397 split (a train_test_split per class, re-seeded), for PerClassSplit
(tests/Runtime.Tests/Data/StratifiedSplitTests). Needs Debian's python3-sklearn (1.2), which .ci/run installs.
   /usr/bin/python3 make_split_reference.py OUT_DIR      writes OUT_DIR/splits.json and OUT_DIR/per_class.json"""
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


# The authors' SUN-397 validation split (data/get_datasets.py, split_targets_by_class): for each class in label order,
# train_test_split(its indices, train_size=10, random_state=42); the 10 are the validation images, the rest train.
def per_class(name, labels, n, seed=42):
    labels = np.asarray(labels)
    train, validation = [], []
    for label in np.unique(labels):
        ind = np.where(labels == label)[0]
        drawn, rest = train_test_split(ind, train_size=n, random_state=seed)
        validation += [int(v) for v in drawn]
        train += [int(v) for v in rest]
    per_class_cases.append({"name": name, "labels": [int(v) for v in labels], "per_class": n, "seed": seed,
                            "train": train, "validation": validation})


per_class_cases = []
# SUN-397's partition 01 as Training_01.txt lists it: 397 classes of 50 images, class by class.
per_class("sun397 partition 01: 397 classes x 50 in file order", np.repeat(np.arange(397), 50), 10)
per_class("shuffled, unbalanced", rng.permutation(np.repeat(np.arange(12), [11, 12, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60])), 10)
per_class("another seed and size", rng.permutation(np.repeat(np.arange(5), 9)), 3, seed=0)
with open(os.path.join(out, "per_class.json"), "w") as f:
    json.dump(per_class_cases, f)
