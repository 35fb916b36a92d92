"""Reference outputs of torchvision's transforms for ensdsl's image pipeline (tests/Runtime.Tests/Imaging).

Run with Debian's python3-torchvision (torchvision 0.14, Pillow 9.4):  /usr/bin/python3 make_transform_reference.py OUT_DIR
The tests run it at test time, like the checkpoint fixtures. It writes into OUT_DIR:
  images/*.png|*.jpg       seeded synthetic images (smooth gradients, edges, noise), several sizes, RGB and grey
  decoded/NAME.u8          Pillow's decoding of each image, Image.open(f).convert("RGB"), H*W*3 bytes
  cases/N.f32              float32 C*H*W outputs of the transforms below, little-endian
  cases.json               the cases: image, operation and its parameters, output file and shape
  crop_stats.json          statistics of RandomResizedCrop.get_params over many draws, per image shape
  bicubic.json, bicubic/   Pillow's [crop(box).]resize(size, BICUBIC) of each image, H*W*3 bytes
  tensor_cases.json, tensor/   the authors' tensor path: the same crops and resizes on float tensors, no antialiasing
"""
import json, os, sys
import numpy as np
import torch
from PIL import Image
import torchvision.transforms as T
import torchvision.transforms.functional as F

import reference_versions

reference_versions.require()

out = sys.argv[1]
os.makedirs(os.path.join(out, "images"), exist_ok=True)
os.makedirs(os.path.join(out, "decoded"), exist_ok=True)
os.makedirs(os.path.join(out, "cases"), exist_ok=True)
rng = np.random.default_rng(20231125)


def synthetic(w, h, grey=False):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    channels = []
    for c in range(1 if grey else 3):
        f = rng.uniform(0.01, 0.08, size=2)
        v = 127 + 90 * np.sin(x * f[0] + c) * np.cos(y * f[1] - c)
        v += np.where((x // rng.integers(7, 40) + y // rng.integers(7, 40)) % 2 == 0, 30, -30)
        v += rng.normal(0, 12, size=(h, w))
        channels.append(np.clip(v, 0, 255).astype(np.uint8))
    return Image.fromarray(channels[0] if grey else np.stack(channels, axis=2), "L" if grey else "RGB")


images = {
    "wide.png": (synthetic(500, 375), {}),
    "tall.png": (synthetic(300, 457), {}),
    "cifar.png": (synthetic(32, 32), {}),
    "grey.png": (synthetic(320, 240, grey=True), {}),
    "photo.jpg": (synthetic(400, 300), {"quality": 72}),
    "grey.jpg": (synthetic(257, 263, grey=True), {"quality": 90}),
}
for name, (img, options) in images.items():
    img.save(os.path.join(out, "images", name), **options)


def load(name):
    with open(os.path.join(out, "images", name), "rb") as f:
        return Image.open(f).convert("RGB")


for name in images:
    np.asarray(load(name), dtype=np.uint8).tofile(os.path.join(out, "decoded", name + ".u8"))

normalise = T.Compose([T.ToTensor(), T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
cases = []


def case(image, operation, params, tensor):
    n = len(cases)
    tensor.numpy().astype("<f4").tofile(os.path.join(out, "cases", f"{n}.f32"))
    cases.append({"image": image, "operation": operation, **params, "file": f"cases/{n}.f32", "shape": list(tensor.shape)})


for name in images:
    img = load(name)
    w, h = img.size
    boxes = [(0, 0, h, w), (h // 4, w // 5, h // 2, w // 3), (1, 2, h - 3, w - 2), (h - 9, w - 7, 9, 7)]
    for _ in range(4):
        params = T.RandomResizedCrop.get_params(img, (0.08, 1.0), (3 / 4, 4 / 3))
        boxes.append(params)
    for k, (i, j, bh, bw) in enumerate(boxes):
        for size in (224, 32):
            flip = (k + size) % 2 == 1
            out_img = F.resized_crop(img, i, j, bh, bw, [size, size], T.InterpolationMode.BILINEAR)
            if flip:
                out_img = F.hflip(out_img)
            case(name, "resized_crop", {"top": i, "left": j, "height": bh, "width": bw, "size": size, "flip": flip}, normalise(out_img))
    for resize, crop in ((256, 224), (36, 32), (240, 224)):
        t = T.Compose([T.Resize(resize), T.CenterCrop(crop)])
        if min(w, h) >= 0:
            case(name, "resize_center_crop", {"resize": resize, "crop": crop}, normalise(t(img)))
    case(name, "native", {}, normalise(img))

# Pillow's bicubic resize (timm's transforms for Swin), as raw RGB bytes: downscaling (antialiased), upscaling
# (CIFAR's 32 px to the Swin's 224, as the authors' img_size), a crop box, odd sizes.
bicubic = []
for name in images:
    img = load(name)
    w, h = img.size
    for k, (size, box) in enumerate((((224, 224), None), ((256, 192), None), ((37, 29), None), ((224, 224), (3, 5, w - 4, h - 2)), ((2 * w + 1, h + 3), None))):
        # A box is cropped first, then resized, as torchvision's resized_crop (and timm's RandomResizedCrop) do.
        out_img = (img.crop(box) if box else img).resize(size, Image.BICUBIC)
        file = f"bicubic/{name}.{k}.u8"
        os.makedirs(os.path.join(out, "bicubic"), exist_ok=True)
        np.asarray(out_img, dtype=np.uint8).tofile(os.path.join(out, file))
        bicubic.append({"image": name, "width": size[0], "height": size[1], "box": list(box) if box else None, "file": file})
with open(os.path.join(out, "bicubic.json"), "w") as f:
    json.dump(bicubic, f, indent=1)

stats = []
torch.manual_seed(7)
for (w, h) in ((500, 375), (32, 32), (1000, 200), (200, 1000)):
    img = Image.new("RGB", (w, h))
    draws = 20000
    rows = np.array([T.RandomResizedCrop.get_params(img, (0.08, 1.0), (3 / 4, 4 / 3)) for _ in range(draws)], dtype=np.float64)
    i, j, bh, bw = rows.T
    stats.append({"width": w, "height": h, "draws": draws,
                  "area": [float(np.mean(bh * bw / (w * h))), float(np.std(bh * bw / (w * h)))],
                  "log_ratio": [float(np.mean(np.log(bw / bh))), float(np.std(np.log(bw / bh)))],
                  "top": [float(np.mean(i + bh / 2) / h), float(np.std((i + bh / 2) / h))],
                  "left": [float(np.mean(j + bw / 2) / w), float(np.std((j + bw / 2) / w))],
                  "whole": float(np.mean((bh == h) & (bw == w)))})

with open(os.path.join(out, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
with open(os.path.join(out, "crop_stats.json"), "w") as f:
    json.dump(stats, f, indent=1)
print(f"{len(cases)} cases, {len(stats)} crop statistics")

# The authors' ResNet preprocessing on tensors: the image as floats (ToTensor: /255), F.resized_crop / F.resize on the
# tensor with bilinear interpolation and no antialiasing (torchvision 0.13-0.14's default for tensors, said here
# explicitly), F.hflip, F.normalize. Written as float32 C*H*W like the cases above, listed in tensor_cases.json.
tensor_cases = []


def tensor_case(image, operation, params, tensor):
    n = len(tensor_cases)
    os.makedirs(os.path.join(out, "tensor"), exist_ok=True)
    tensor.numpy().astype("<f4").tofile(os.path.join(out, "tensor", f"{n}.f32"))
    tensor_cases.append({"image": image, "operation": operation, **params, "file": f"tensor/{n}.f32", "shape": list(tensor.shape)})


mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
torch.manual_seed(11)
for name in images:
    img = load(name)
    t = F.to_tensor(img)
    w, h = img.size
    boxes = [(0, 0, h, w), (h // 4, w // 5, h // 2, w // 3), (h - 9, w - 7, 9, 7)]
    for _ in range(3):
        boxes.append(T.RandomResizedCrop.get_params(t, (0.08, 1.0), (3 / 4, 4 / 3)))
    for k, (i, j, bh, bw) in enumerate(boxes):
        for size in (224, 32):
            flip = (k + size) % 2 == 1
            o = F.resized_crop(t, i, j, bh, bw, [size, size], T.InterpolationMode.BILINEAR, antialias=False)
            if flip:
                o = F.hflip(o)
            tensor_case(name, "resized_crop", {"top": i, "left": j, "height": bh, "width": bw, "size": size, "flip": flip}, F.normalize(o, mean, std))
    for resize, crop in ((256, 224), (36, 32), (240, 224)):
        o = F.center_crop(F.resize(t, resize, T.InterpolationMode.BILINEAR, antialias=False), crop)
        tensor_case(name, "resize_center_crop", {"resize": resize, "crop": crop}, F.normalize(o, mean, std))
with open(os.path.join(out, "tensor_cases.json"), "w") as f:
    json.dump(tensor_cases, f)
