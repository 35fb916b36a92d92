"""The versions the byte-exact image references are made with: Debian 12's python3-pil (Pillow 9.4) and
python3-torchvision (torchvision 0.14). Another Pillow or torchvision may round a resampled or enhanced pixel
differently, and the tests comparing bytes with its references would then fail for a reason that is not ensdsl's:
the fixture scripts refuse to make references with other versions and say which ones they need."""
import sys

import PIL
import torchvision

NEEDED = {"Pillow": ("9.4.", PIL.__version__), "torchvision": ("0.14.", torchvision.__version__)}


def require():
    wrong = [f"{name} {found} (the references need {prefix}x)" for name, (prefix, found) in NEEDED.items() if not found.startswith(prefix)]
    if wrong:
        sys.exit("these byte-exact references are made with Debian 12's Pillow 9.4 and torchvision 0.14 "
                 "(apt-get install python3-pil python3-torchvision); installed: " + ", ".join(wrong))
