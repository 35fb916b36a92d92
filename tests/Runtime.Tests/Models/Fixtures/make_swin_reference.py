#!/usr/bin/python3
"""Swin Transformer references for ensdsl's golden tests, made at test time with Debian's python3-torch/torchvision.

torchvision's SwinTransformer (v1) computes the same function as Microsoft's official implementation that the paper's
authors use (models/swin/swin_transformer.py in isadrtdinov/ens-for-transfer): patch embedding + LayerNorm, window
attention with relative position bias, every second block shifted by half a window with the -100 mask, patch
merging in the same 2x2 order, final LayerNorm, average pooling, linear head. Its parameter names differ; this script
renames them to the official ones, so the files are in the authors' checkpoint layout {'model': state_dict}.

For each configuration, seeded random weights (LayerNorm affine and relative-position tables too, so that every
parameter matters), the head scaled so that the largest logit is 5, and a fixed input x[i] = sin(0.37 i):
  {name}-model.pt        {'model': official state dict, with the relative_position_index buffers}
  tiny-params.pt         {'model': official state dict without any buffer}  (ensdsl recomputes them)
  {name}-logits.json     {"shape": [...], "values": [...]}, eval mode
  {name}-step.json       the logits after one AdamW step (lr 1e-3, betas 0.9/0.999, eps 1e-8, wd 0.05) on
                         cross-entropy with labels [1, 0], in train mode without stochastic depth
Configurations: tiny (32 px, patch 4, embed 24, depths (2, 2), heads (2, 4), window 4: shifted windows at 8x8
tokens, a window equal to the 4x4 grid after merging) and swin_t (224 px, torchvision's swin_t shape: the paper's).

Run: /usr/bin/python3 make_swin_reference.py OUT_DIR [tiny,swin_t]
The other way: /usr/bin/python3 make_swin_reference.py --logits FILE NAME loads a state dict in the official layout
(as ensdsl writes it) into torchvision's Swin of configuration NAME and prints its logits for the fixed input (JSON).
"""
import json
import os
import re
import sys

import torch
import torchvision
from torchvision.models.swin_transformer import SwinTransformer

CONFIGS = {
    "tiny": dict(size=32, patch_size=[4, 4], embed_dim=24, depths=[2, 2], num_heads=[2, 4], window_size=[4, 4], classes=10),
    "swin_t": dict(size=224, patch_size=[4, 4], embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24], window_size=[7, 7], classes=1000),
}


def official_name(key, depths):
    """torchvision's name of a Swin parameter -> the official implementation's."""
    if m := re.fullmatch(r"features\.0\.0\.(weight|bias)", key):
        return f"patch_embed.proj.{m[1]}"
    if m := re.fullmatch(r"features\.0\.2\.(weight|bias)", key):
        return f"patch_embed.norm.{m[1]}"
    if m := re.fullmatch(r"features\.(\d+)\.(\d+)\.(.+)", key):
        feature, block, rest = int(m[1]), m[2], m[3]
        assert feature % 2 == 1, key
        rest = rest.replace("mlp.0.", "mlp.fc1.").replace("mlp.3.", "mlp.fc2.")
        return f"layers.{(feature - 1) // 2}.blocks.{block}.{rest}"
    if m := re.fullmatch(r"features\.(\d+)\.(reduction|norm)\.(weight|bias)", key):
        feature = int(m[1])
        assert feature % 2 == 0, key
        return f"layers.{feature // 2 - 1}.downsample.{m[2]}.{m[3]}"
    if re.fullmatch(r"(norm|head)\.(weight|bias)", key):
        return key
    raise ValueError(f"unmapped key {key}")


def torchvision_name(key):
    """The official implementation's name of a Swin parameter or buffer -> torchvision's."""
    if m := re.fullmatch(r"patch_embed\.(proj|norm)\.(weight|bias)", key):
        return f"features.0.{0 if m[1] == 'proj' else 2}.{m[2]}"
    if m := re.fullmatch(r"layers\.(\d+)\.blocks\.(\d+)\.(.+)", key):
        rest = m[3].replace("mlp.fc1.", "mlp.0.").replace("mlp.fc2.", "mlp.3.")
        return f"features.{2 * int(m[1]) + 1}.{m[2]}.{rest}"
    if m := re.fullmatch(r"layers\.(\d+)\.downsample\.(.+)", key):
        return f"features.{2 * int(m[1]) + 2}.{m[2]}"
    if re.fullmatch(r"(norm|head)\.(weight|bias)", key):
        return key
    raise ValueError(f"unmapped key {key}")


def print_logits(path, name):
    config = CONFIGS[name]
    net = model(config, 0)
    sd = torch.load(path)
    # torchvision keeps no masks and a flattened index; both are recomputed from the shape anyway.
    sd = {torchvision_name(k): v.flatten() if k.endswith("relative_position_index") else v
          for k, v in sd.items() if not k.endswith("attn_mask")}
    net.load_state_dict(sd, strict=True)
    net.eval()
    size = config["size"]
    x = torch.arange(2 * 3 * size * size, dtype=torch.float64).mul(0.37).sin().float().view(2, 3, size, size)
    with torch.no_grad():
        print(json.dumps(net(x).flatten().tolist()))


def model(config, seed):
    torch.manual_seed(seed)
    net = SwinTransformer(patch_size=config["patch_size"], embed_dim=config["embed_dim"], depths=config["depths"],
                          num_heads=config["num_heads"], window_size=config["window_size"], stochastic_depth_prob=0.0,
                          num_classes=config["classes"])
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith("relative_position_bias_table"):
                p.normal_(0, 0.5)
            elif p.dim() == 1 and ("norm" in name):
                p.uniform_(0.5, 1.5) if name.endswith("weight") else p.uniform_(-0.2, 0.2)
    return net


def main():
    if sys.argv[1] == "--logits":
        print_logits(sys.argv[2], sys.argv[3])
        return
    out = sys.argv[1]
    names = sys.argv[2].split(",") if len(sys.argv) > 2 else list(CONFIGS)
    os.makedirs(out, exist_ok=True)
    for i, name in enumerate(names):
        config = CONFIGS[name]
        net = model(config, 200 + i).eval()
        size = config["size"]
        x = torch.arange(2 * 3 * size * size, dtype=torch.float64).mul(0.37).sin().float().view(2, 3, size, size)
        with torch.no_grad():
            scale = 5.0 / net(x).abs().max().item()
            net.head.weight.mul_(scale)
            net.head.bias.mul_(scale)
        # torchvision keeps the relative position index flattened; the official code as (window^2, window^2).
        sd = {official_name(k, config["depths"]): v.view(int(v.numel() ** 0.5), -1) if k.endswith("relative_position_index") else v
              for k, v in net.state_dict().items()}
        torch.save({"model": sd}, os.path.join(out, f"{name}-model.pt"))
        if name == "tiny":
            torch.save({"model": {k: v for k, v in sd.items() if not k.endswith("relative_position_index")}}, os.path.join(out, f"{name}-params.pt"))
        with torch.no_grad():
            logits = net(x)
        with open(os.path.join(out, f"{name}-logits.json"), "w") as f:
            json.dump({"shape": list(logits.shape), "values": logits.flatten().tolist()}, f)
        # One training step: the gradients of every parameter, through AdamW's decoupled decay.
        net.train()
        optimizer = torch.optim.AdamW(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.05)
        loss = torch.nn.functional.cross_entropy(net(x), torch.tensor([1, 0]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        net.eval()
        with torch.no_grad():
            stepped = net(x)
        with open(os.path.join(out, f"{name}-step.json"), "w") as f:
            json.dump({"loss": loss.item(), "shape": list(stepped.shape), "values": stepped.flatten().tolist()}, f)
    print("wrote", out)


if __name__ == "__main__":
    main()
