"""JPEG files like the authors' SUN-397 copy (shrunk to at most 120,000 pixels, quality 72): seeded synthetic scenes of
several sizes in an ImageFolder layout.   /usr/bin/python3 make_images.py OUT_DIR COUNT"""
import os, sys
import numpy as np
from PIL import Image

out, count = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(397)
sizes = [(400, 300), (300, 400), (346, 346), (420, 280), (360, 320)]
for k in range(count):
    w, h = sizes[k % len(sizes)]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    f = rng.uniform(0.005, 0.05, size=6)
    img = np.stack([127 + 100 * np.sin(x * f[c] + y * f[c + 3] + c) for c in range(3)], axis=2)
    img += rng.normal(0, 18, size=img.shape)
    folder = os.path.join(out, f"class_{k % 10:02d}")
    os.makedirs(folder, exist_ok=True)
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(os.path.join(folder, f"{k:05d}.jpg"), quality=72)
