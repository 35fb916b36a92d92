"""The peer of bench/Loader: torchvision's ImageFolder + DataLoader with the authors' training transform
(RandomResizedCrop(224) + RandomHorizontalFlip + ToTensor + ImageNet Normalize), shuffled, the same worker count.
Prints one line per epoch: "epoch N images/s X".   /usr/bin/python3 torchvision_loader.py ROOT WORKERS BATCH EPOCHS"""
import sys, time
import torch
import torchvision.transforms as T
from torch.utils.data import DataLoader
from torchvision.datasets import ImageFolder

root, workers, batch, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(1)
transform = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor(),
                       T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
loader = DataLoader(ImageFolder(root, transform=transform), batch_size=batch, shuffle=True, num_workers=workers,
                    persistent_workers=workers > 0)
for epoch in range(epochs):
    start, images = time.perf_counter(), 0
    for x, y in loader:
        images += x.shape[0]
    print(f"epoch {epoch} images/s {images / (time.perf_counter() - start):.1f}", flush=True)
