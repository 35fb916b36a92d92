"""Python's reading of Fashion-MNIST's idx files, for ensdsl's reader (tests/Runtime.Tests/Data/MnistDataTests).
   /usr/bin/python3 make_idx_reference.py OUT_DIR
Reads Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*.gz) with gzip and NumPy, as the dataset's
own utils/mnist_reader.py does, and writes:
  reference.json   per file: its dimensions, the SHA-256 of its values (images: N*28*28 bytes in file order; labels: N
                   bytes), the first labels, and the training images' pixel mean and standard deviation over [0, 1]
  raw/             the four files decompressed (idx without gzip), to read the same data from plain files
  bad/NAME[.gz]    idx files whose headers lie, named for what is wrong with them (see BAD below)
  mismatch/        four small files whose training images and labels differ in number
  label12/         four small files with a label of 12
"""
import gzip, hashlib, json, os, struct, sys
import numpy as np

SOURCE = "/usr/share/datasets/fashion-mnist"
FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
out = sys.argv[1]
if not all(os.path.exists(f"{SOURCE}/{f}.gz") for f in FILES):
    sys.exit(f"Fashion-MNIST is not in {SOURCE}: install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist; .ci/run does)")

reference = {}
os.makedirs(f"{out}/raw", exist_ok=True)
for name in FILES:
    with gzip.open(f"{SOURCE}/{name}.gz", "rb") as f:
        data = f.read()
    with open(f"{out}/raw/{name}", "wb") as f:
        f.write(data)
    dims = data[3]
    shape = struct.unpack(">" + "i" * dims, data[4:4 + 4 * dims])
    values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    entry = {"shape": list(shape), "sha256": hashlib.sha256(values.tobytes()).hexdigest()}
    if dims == 1:
        entry["first"] = [int(v) for v in values[:10]]
    elif name.startswith("train"):
        pixels = values.astype(np.float64) / 255
        entry["mean"], entry["std"] = float(pixels.mean()), float(pixels.std())
    reference[name] = entry
with open(f"{out}/reference.json", "w") as f:
    json.dump(reference, f, indent=1)


def idx(path, dims, values, magic=None, gz=False):
    header = magic if magic is not None else bytes([0, 0, 8, len(dims)])
    body = header + struct.pack(">" + "i" * len(dims), *dims) + bytes(values)
    with (gzip.open if gz else open)(path, "wb") as f:
        f.write(body)


rng = np.random.default_rng(28)
images = rng.integers(0, 256, size=50 * 28 * 28, dtype=np.uint8).tobytes()
labels = rng.integers(0, 10, size=50, dtype=np.uint8).tobytes()
os.makedirs(f"{out}/bad", exist_ok=True)
BAD = {
    "wrong-magic": ([50, 28, 28], images, bytes([1, 0, 8, 3])),
    "wrong-type": ([50, 28, 28], images, bytes([0, 0, 0x0D, 3])),
    "wrong-dimensions": ([50, 28 * 28], images, None),
    "short": ([100, 28, 28], images, None),              # says 100 images, holds 50
    "long": ([40, 28, 28], images, None),                # says 40 images, holds 50
}
for name, (dims, values, magic) in BAD.items():
    idx(f"{out}/bad/{name}", dims, values, magic)
    idx(f"{out}/bad/{name}.gz", dims, values, magic, gz=True)

for folder, train_labels in (("mismatch", labels[:40]), ("label12", labels[:49] + bytes([12]))):
    os.makedirs(f"{out}/{folder}", exist_ok=True)
    idx(f"{out}/{folder}/train-images-idx3-ubyte", [50, 28, 28], images)
    idx(f"{out}/{folder}/train-labels-idx1-ubyte", [len(train_labels)], train_labels)
    idx(f"{out}/{folder}/t10k-images-idx3-ubyte.gz", [50, 28, 28], images, gz=True)
    idx(f"{out}/{folder}/t10k-labels-idx1-ubyte.gz", [50], labels, gz=True)
print("idx references written")
