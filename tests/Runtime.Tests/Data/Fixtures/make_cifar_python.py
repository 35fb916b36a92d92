"""CIFAR's python version in miniature, for ensdsl's CifarPython reader (tests/Runtime.Tests/Data/CifarPythonTests).
   /usr/bin/python3 make_cifar_python.py OUT_DIR
Writes, with pixel p of channel c of image i holding (label + c + p) % 256 and labels (first + i) % classes:
  py2/cifar-10-batches-py/    data_batch_1..5 (2 images each), test_batch (3): byte for byte the pickle Python 2's
                              cPickle.dump(protocol=2) writes for a dict of str keys, a list of ints and a NumPy uint8
                              array (str data as BINSTRING), as in the official archive
  py3/cifar-100-python/       train (4 images), test (2): pickle.dump(protocol=2) by Python 3 (bytes via _codecs.encode)
  py4/cifar-100-python/       the same with protocol 4 (BINBYTES, bytes keys, as pickle.load(encoding='bytes') shows them)
  evil/cifar-10-batches-py/   data_batch_1 whose unpickling would call os.system(touch OUT_DIR/pwned)
"""
import os, pickle, struct, sys
import numpy as np

out = sys.argv[1]


def images(count, classes, first):
    labels = [(first + i) % classes for i in range(count)]
    data = np.array([[(l + c + p) % 256 for c in range(3) for p in range(1024)] for l in labels], dtype=np.uint8)
    return labels, data


def short_or_long_string(b):
    return (b"U" + bytes([len(b)]) + b) if len(b) < 256 else (b"T" + struct.pack("<i", len(b)) + b)


def integer(v):
    if 0 <= v < 256: return b"K" + bytes([v])
    if 0 <= v < 65536: return b"M" + struct.pack("<H", v)
    return b"J" + struct.pack("<i", v)


def py2_pickle(batch_label, labels_key, labels, data):
    """What Python 2's cPickle.dump(d, f, 2) writes (memo opcodes left out: they do not change the value)."""
    array = (b"cnumpy.core.multiarray\n_reconstruct\n" + b"cnumpy\nndarray\n" + integer(0) + b"\x85" + short_or_long_string(b"b") + b"\x87R"
             + b"(" + integer(1) + integer(data.shape[0]) + integer(data.shape[1]) + b"\x86"
             + b"cnumpy\ndtype\n" + short_or_long_string(b"u1") + integer(0) + integer(1) + b"\x87R"
             + b"(" + integer(3) + short_or_long_string(b"|") + b"NNN" + b"J\xff\xff\xff\xff" * 2 + integer(0) + b"tb"   # (3, '|', None, None, None, -1, -1, 0)
             + b"\x89" + short_or_long_string(data.tobytes()) + b"tb")
    items = (short_or_long_string(b"batch_label") + short_or_long_string(batch_label)
             + short_or_long_string(labels_key) + b"](" + b"".join(integer(v) for v in labels) + b"e"
             + short_or_long_string(b"data") + array)
    return b"\x80\x02}(" + items + b"u."


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)


for i in range(1, 6):
    labels, data = images(2, 10, i)
    write(f"{out}/py2/cifar-10-batches-py/data_batch_{i}", py2_pickle(f"training batch {i} of 5".encode(), b"labels", labels, data))
labels, data = images(3, 10, 7)
write(f"{out}/py2/cifar-10-batches-py/test_batch", py2_pickle(b"testing batch 1 of 1", b"labels", labels, data))
# Check the hand-written pickle the way users load the official files.
with open(f"{out}/py2/cifar-10-batches-py/test_batch", "rb") as f:
    check = pickle.load(f, encoding="bytes")
assert check[b"labels"] == labels and (check[b"data"] == data).all()

for name, count, first in (("train", 4, 3), ("test", 2, 60)):
    labels, data = images(count, 100, first)
    d = {"batch_label": "training batch 1 of 1", "fine_labels": labels, "coarse_labels": [l // 5 for l in labels], "data": data,
         "filenames": [f"img_{k}.png" for k in range(count)]}
    write(f"{out}/py3/cifar-100-python/{name}", pickle.dumps(d, protocol=2))
    write(f"{out}/py4/cifar-100-python/{name}", pickle.dumps({k.encode(): v for k, v in d.items()}, protocol=4))


class Evil:
    def __reduce__(self):
        return (os.system, (f"touch {out}/pwned",))


write(f"{out}/evil/cifar-10-batches-py/data_batch_1", pickle.dumps({"data": Evil(), "labels": [1]}, protocol=2))
