"""Reference outputs of the Swin recipe's augmentations for ensdsl's pixel operations (tests/Runtime.Tests/Imaging).

timm's RandAugment (timm 0.9, data/auto_augment.py, as the authors' Swin configs use it) applies each operation as
one Pillow call on an RGB image; this script makes the same Pillow calls (Debian's python3-pil 9.4, the Pillow of the
authors' environment is 9.2, same code for these operations) so that the tests compare bytes.
Run with:  /usr/bin/python3 make_augment_reference.py OUT_DIR    (the tests run it at test time). It writes:
  images/NAME.u8          the input images, H*W*3 bytes, and images.json with their sizes
  ops/N.u8, ops.json      one operation with its argument applied to one image, H*W*3 bytes
  pipeline/N.f32, pipeline.json
                          torchvision's resized_crop(BICUBIC) + hflip + operations + ToTensor + Normalize (the Swin
                          training transform without its random draws and without RandomErasing), and
                          Resize(256, BICUBIC) + CenterCrop(224) + ToTensor + Normalize (its test transform), float32 C*H*W
"""
import json, os, sys
import numpy as np
from PIL import Image, ImageEnhance, ImageOps
import torchvision.transforms as T
import torchvision.transforms.functional as F

import reference_versions

reference_versions.require()

out = sys.argv[1]
for d in ("images", "ops", "pipeline"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
rng = np.random.default_rng(20261130)
FILL = (124, 116, 104)   # timm's img_mean for the ImageNet mean: round(255 * m)


def synthetic(w, h, lo=0, hi=255):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    channels = []
    for c in range(3):
        f = rng.uniform(0.02, 0.3, size=2)
        v = 0.5 + 0.35 * np.sin(x * f[0] + c) * np.cos(y * f[1] - c) + rng.normal(0, 0.08, size=(h, w))
        v += np.where((x // 5 + y // 7) % 2 == 0, 0.1, -0.1)
        channels.append(np.clip(lo + (hi - lo) * v, lo, hi).astype(np.uint8))
    return Image.fromarray(np.stack(channels, axis=2), "RGB")


images = {
    "photo": synthetic(61, 47),
    "square": synthetic(40, 40),
    "low": synthetic(33, 27, 60, 170),                                       # autocontrast and equalize have work to do
    "flat": Image.new("RGB", (9, 7), (200, 13, 77)),                         # one value per channel: identity tables
    "sparse": Image.fromarray(rng.choice([0, 3, 250], size=(12, 14, 3)).astype(np.uint8), "RGB"),   # equalize's large steps
    "big": synthetic(32, 32).resize((224, 224), Image.BICUBIC),              # CIFAR as the Swin sees it
}
meta = {}
for name, img in images.items():
    np.asarray(img, dtype=np.uint8).tofile(os.path.join(out, "images", name + ".u8"))
    meta[name] = {"width": img.size[0], "height": img.size[1]}
with open(os.path.join(out, "images.json"), "w") as f:
    json.dump(meta, f)


def affine(img, matrix):
    return img.transform(img.size, Image.AFFINE, matrix, resample=Image.BICUBIC, fillcolor=FILL)


# timm's NAME_TO_OP, each as the Pillow call it makes (the argument as timm's level function produces it).
OPS = {
    "AutoContrast": lambda img: ImageOps.autocontrast(img),
    "Equalize": lambda img: ImageOps.equalize(img),
    "Invert": lambda img: ImageOps.invert(img),
    "Posterize": lambda img, bits: img if bits >= 8 else ImageOps.posterize(img, bits),
    "Solarize": lambda img, thresh: ImageOps.solarize(img, thresh),
    "SolarizeAdd": lambda img, add: img.point([min(255, i + add) if i < 128 else i for i in range(256)] * 3),
    "Color": lambda img, factor: ImageEnhance.Color(img).enhance(factor),
    "Contrast": lambda img, factor: ImageEnhance.Contrast(img).enhance(factor),
    "Brightness": lambda img, factor: ImageEnhance.Brightness(img).enhance(factor),
    "Sharpness": lambda img, factor: ImageEnhance.Sharpness(img).enhance(factor),
    "Rotate": lambda img, degrees: img.rotate(degrees, resample=Image.BICUBIC, fillcolor=FILL),
    "ShearX": lambda img, factor: affine(img, (1, factor, 0, 0, 1, 0)),
    "ShearY": lambda img, factor: affine(img, (1, 0, 0, factor, 1, 0)),
    "TranslateXRel": lambda img, pct: affine(img, (1, 0, pct * img.size[0], 0, 1, 0)),
    "TranslateYRel": lambda img, pct: affine(img, (1, 0, 0, 0, 1, pct * img.size[1])),
}
ARGS = {
    "AutoContrast": [None], "Equalize": [None], "Invert": [None],
    "Posterize": [0, 1, 2, 3, 4, 8],
    "Solarize": [0, 26, 128, 231, 256],
    "SolarizeAdd": [0, 45, 99, 128],
    "Color": [0.1, 0.37, 1.0, 1.55, 1.9],
    "Contrast": [0.1, 0.37, 1.0, 1.55, 1.9],
    "Brightness": [0.1, 0.37, 1.0, 1.55, 1.9],
    "Sharpness": [0.1, 0.37, 1.0, 1.55, 1.9],
    "Rotate": [0.0, 27.0, -27.0, 13.37, -8.9, 30.0, 90.0, 180.0, -90.0, 400.5],
    "ShearX": [0.3, -0.3, 0.123, -0.21],
    "ShearY": [0.3, -0.3, 0.123, -0.21],
    "TranslateXRel": [0.45, -0.45, 0.2, -0.137],
    "TranslateYRel": [0.45, -0.45, 0.2, -0.137],
}
cases = []
for name, img in images.items():
    for op, args in ARGS.items():
        for arg in args:
            result = OPS[op](img) if arg is None else OPS[op](img, arg)
            file = f"ops/{len(cases)}.u8"
            np.asarray(result.convert("RGB"), dtype=np.uint8).tofile(os.path.join(out, file))
            cases.append({"image": name, "op": op, "arg": arg, "file": file})
with open(os.path.join(out, "ops.json"), "w") as f:
    json.dump(cases, f, indent=1)

normalise = T.Compose([T.ToTensor(), T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
pipeline = []


def emit(entry, tensor):
    file = f"pipeline/{len(pipeline)}.f32"
    tensor.numpy().astype("<f4").tofile(os.path.join(out, file))
    pipeline.append({**entry, "file": file, "shape": list(tensor.shape)})


for name in ("photo", "square", "big"):
    img = images[name]
    w, h = img.size
    for k, (top, left, bh, bw, size, flip, ops) in enumerate((
            (0, 0, h, w, 24, False, [["Rotate", 21.5], ["SharpnessIncreasing", 1.7]]),
            (h // 5, w // 7, h // 2, w // 3, 32, True, [["ShearX", -0.25], ["Equalize", None]]),
            (2, 3, h - 5, w - 4, 224, True, [["TranslateYRel", 0.31], ["Color", 0.4]]),
            (1, 1, h - 2, w - 2, 20, False, []))):
        result = F.resized_crop(img, top, left, bh, bw, [size, size], T.InterpolationMode.BICUBIC)
        if flip:
            result = F.hflip(result)
        for op, arg in ops:
            op = op.replace("Increasing", "")
            result = OPS[op](result) if arg is None else OPS[op](result, arg)
        emit({"image": name, "kind": "train", "top": top, "left": left, "height": bh, "width": bw, "size": size, "flip": flip,
              "ops": ops}, normalise(result))
    test = T.Compose([T.Resize(256, interpolation=T.InterpolationMode.BICUBIC), T.CenterCrop(224)])
    emit({"image": name, "kind": "test"}, normalise(test(img)))
with open(os.path.join(out, "pipeline.json"), "w") as f:
    json.dump(pipeline, f, indent=1)
print(f"{len(cases)} operations, {len(pipeline)} pipelines")
