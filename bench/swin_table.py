"""The table of bench/swin.sh: per configuration, images/s of the engine and of its PyTorch peer (medians over the
rounds), and the ratio engine / peer taken per round (the peer of a round is the faster of PyTorch's variants in it),
as its median and min–max.   python3 bench/swin_table.py RESULTS"""
import statistics
import sys
from collections import defaultdict

rows = defaultdict(lambda: defaultdict(dict))      # (section, config) -> round -> who -> images/s
for line in open(sys.argv[1]):
    _, r, section, config, who, value = line.split()
    rows[(section, config)][int(r)][who] = float(value)

print("| configuration | engine img/s | PyTorch img/s (best variant) | engine / PyTorch, median (min–max) | rounds |")
print("|---|---|---|---|---|")
for (section, config), rounds in rows.items():
    engine, peer, ratios, variants = [], [], [], defaultdict(int)
    for r, sides in sorted(rounds.items()):
        pytorch = {w: v for w, v in sides.items() if w.startswith("pytorch")}
        if "engine" not in sides or not pytorch:
            continue
        best = max(pytorch, key=pytorch.get)
        variants[best] += 1
        engine.append(sides["engine"])
        peer.append(pytorch[best])
        ratios.append(sides["engine"] / pytorch[best])
    chosen = ", ".join(f"{w} ×{n}" for w, n in variants.items())
    print(f"| {section} {config} | {statistics.median(engine):.2f} | {statistics.median(peer):.2f} ({chosen}) | "
          f"**{statistics.median(ratios):.2f}×** ({min(ratios):.2f}–{max(ratios):.2f}) | {len(ratios)} |")
