"""Small distribution-shift test sets in their published layouts, written with NumPy (tests/Runtime.Tests/Data).

Run with:  /usr/bin/python3 make_shift_sets.py OUT_DIR    (the tests run it at test time). It writes:
  cifar100c/{fog,zoom_blur}.npy, cifar100c/labels.npy    CIFAR-100-C's layout: 5 severities x 7 images, 32x32x3 uint8,
                                                           labels uint8 (the published file's type), one per image
  c10/CIFAR-10-C/gaussian_noise.npy, .../labels.npy       CIFAR-10-C as its archive unpacks, labels int64
  cifar10_1/cifar10.1_v4_{data,labels}.npy                CIFAR-10.1 v4 (labels int64), and v6 in a .npy version 2 header
  expected/NAME.u8, expected/NAME.labels                  what a reader must give: channel-first bytes, int64 labels
"""
import os, sys
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(16)
for d in ("cifar100c", "c10/CIFAR-10-C", "cifar10_1", "expected"):
    os.makedirs(os.path.join(out, d), exist_ok=True)


def expect(name, images, labels):
    np.ascontiguousarray(images.transpose(0, 3, 1, 2)).tofile(os.path.join(out, "expected", name + ".u8"))
    labels.astype("<i8").tofile(os.path.join(out, "expected", name + ".labels"))


per = 7
labels100 = np.tile(rng.integers(0, 100, size=per), 5).astype(np.uint8)
np.save(os.path.join(out, "cifar100c", "labels.npy"), labels100)
for corruption in ("fog", "zoom_blur"):
    images = rng.integers(0, 256, size=(5 * per, 32, 32, 3), dtype=np.uint8)
    np.save(os.path.join(out, "cifar100c", corruption + ".npy"), images)
    for severity in (1, 3, 5):
        rows = slice((severity - 1) * per, severity * per)
        expect(f"cifar100c-{corruption}-{severity}", images[rows], labels100[rows])

labels10 = np.tile(rng.integers(0, 10, size=per), 5).astype(np.int64)
images = rng.integers(0, 256, size=(5 * per, 32, 32, 3), dtype=np.uint8)
np.save(os.path.join(out, "c10", "CIFAR-10-C", "labels.npy"), labels10)
np.save(os.path.join(out, "c10", "CIFAR-10-C", "gaussian_noise.npy"), images)
expect("cifar10c-gaussian_noise-2", images[per:2 * per], labels10[per:2 * per])

for version, count in ((4, 21), (6, 20)):
    images = rng.integers(0, 256, size=(count, 32, 32, 3), dtype=np.uint8)
    labels = rng.integers(0, 10, size=count).astype(np.int64)
    for suffix, array in (("data", images), ("labels", labels)):
        path = os.path.join(out, "cifar10_1", f"cifar10.1_v{version}_{suffix}.npy")
        if version == 6:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, array, version=(2, 0))
        else:
            np.save(path, array)
    expect(f"cifar10.1-v{version}", images, labels)
print("written")
