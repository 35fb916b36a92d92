"""The tables of bench/run.sh and bench/swin.sh from paired rounds.   python3 bench/paired_table.py RESULTS

RESULTS holds lines `RESULT <round> <section> <config> <side> <images/s>`. A side named `pytorch:<variant>` is one of
PyTorch's configurations tuned for speed (channels-last or not, one optimizer implementation or another): the faster
variant of a round is PyTorch's figure for that round, as a PyTorch user would pick it. Every other side (`engine`,
`plain`, `shipped`, ...) is a column of its own. Per configuration: the median images/s of each side over the rounds,
and the ratio engine / side taken within each round (both measured back to back), as its median and min–max.
"""
import statistics
import sys
from collections import defaultdict

LABELS = {"pytorch": "PyTorch, tuned", "shipped": "PyTorch as shipped", "plain": "plain TorchSharp"}
rows = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))    # section -> config -> round -> side -> value
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        _, r, section, config, side, value = line.split()
        rows[section][config][int(r)][side] = float(value)


def group(side):
    return side.split(":")[0]


def summary(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


for section, configs in rows.items():
    peers = list(dict.fromkeys(group(s) for c in configs.values() for sides in c.values() for s in sides if s != "engine"))
    header = ["configuration", "rounds", "ensdsl img/s"]
    for peer in peers:
        header += [f"{LABELS.get(peer, peer)} img/s", f"ensdsl / {LABELS.get(peer, peer)}"]
    print(f"**{'Training' if section == 'train' else 'Evaluation'}**, images/s, medians over rounds; ratios per round, "
          "median (min–max)\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for config, rounds in configs.items():
        engine = [sides["engine"] for sides in rounds.values() if "engine" in sides]
        cells = [config, str(len(engine)), summary(engine)]
        for peer in peers:
            values, ratios, chosen = [], [], defaultdict(int)
            for sides in rounds.values():
                variants = {s: v for s, v in sides.items() if group(s) == peer}
                if "engine" not in sides or not variants:
                    continue
                best = max(variants, key=variants.get)
                chosen[best.partition(":")[2]] += 1
                values.append(variants[best])
                ratios.append(sides["engine"] / variants[best])
            if not values:
                cells += ["—", "—"]
                continue
            picks = ", ".join(f"{v} ×{n}" for v, n in chosen.items() if v)
            cells += [summary(values) + (f" [{picks}]" if picks else ""),
                      f"**{statistics.median(ratios):.2f}×** ({min(ratios):.2f}–{max(ratios):.2f})"]
        print("| " + " | ".join(cells) + " |")
    print()
