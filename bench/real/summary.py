"""The table of bench/real/run.sh: test accuracy and NLL per side (mean ± sd over seeds) with the 95 % Welch interval
of the difference ensdsl − PyTorch and the equivalence verdict (the interval within ±0.5 accuracy points); seconds
per epoch side by side in each paired round with the speed ratio (PyTorch's time / ensdsl's); peak resident memory.
  python3 bench/real/summary.py bench/real/results/<stamp>
"""
import glob
import json
import os
import re
import statistics
import sys

from scipy import stats

MARGIN = 0.005      # equivalence margin on accuracy: half a point


def peak_mib(directory):
    text = open(os.path.join(directory, "time.txt")).read()
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024


def ensdsl(directory):
    results = json.load(open(os.path.join(directory, "out", "results.json")))
    metrics = next(o for o in results["outputs"] if o["name"] == "resnet-20")["metrics"]
    epochs = []
    for path in glob.glob(os.path.join(directory, "mlruns", "*", "*", "metrics", "epoch_seconds")):
        epochs = [float(line.split()[1]) for line in open(path) if line.strip()]
    return metrics["test_acc"], metrics["test_nll"], epochs, peak_mib(directory)


def pytorch(directory):
    log = open(os.path.join(directory, "log.txt")).read()
    result = dict(re.findall(r"RESULT (\w+) ([\d.]+)", log))
    epochs = [float(s) for s in re.findall(r"EPOCH \d+ ([\d.]+)", log)]
    return float(result["acc"]), float(result["nll"]), epochs, peak_mib(directory)


def welch(a, b):
    """Mean difference a − b and its 95 % interval (Welch–Satterthwaite degrees of freedom)."""
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf(0.975, df) * (va + vb) ** 0.5
    d = statistics.mean(a) - statistics.mean(b)
    return d, d - half, d + half, df


def main(out):
    def seeds_of(side):
        return sorted(int(p.rsplit("-", 1)[1]) for p in glob.glob(os.path.join(out, f"{side}-*")))
    sides = {name: {s: read(os.path.join(out, f"{side}-{s}")) for s in seeds_of(side)}
             for name, side, read in (("ensdsl", "ensdsl", ensdsl), ("PyTorch", "pytorch", pytorch))}
    sides = {name: runs for name, runs in sides.items() if runs}
    seeds = sorted(set.intersection(*(set(runs) for runs in sides.values())))
    print(open(os.path.join(out, "machine.txt")).read().strip().replace("\n", "  \n"))
    print()
    print("| side | seeds | test accuracy | test NLL | s / epoch (median of a run's epochs) | peak memory (MiB) |")
    print("|---|---|---|---|---|---|")
    for name, runs in sides.items():
        acc = [r[0] for r in runs.values()]
        nll = [r[1] for r in runs.values()]
        epoch = [statistics.median(r[2]) for r in runs.values()]
        peak = [r[3] for r in runs.values()]
        print(f"| {name} | {len(acc)} | {statistics.mean(acc):.4f} ± {statistics.stdev(acc):.4f} | "
              f"{statistics.mean(nll):.4f} ± {statistics.stdev(nll):.4f} | {statistics.median(epoch):.1f} "
              f"({min(epoch):.1f}–{max(epoch):.1f}) | {statistics.median(peak):.0f} ({min(peak):.0f}–{max(peak):.0f}) |")
    if len(sides) < 2:          # one side only (SIDES=…): its own numbers, nothing to compare
        return
    print()
    for metric, i, scale in (("accuracy", 0, 100), ("NLL", 1, 1)):
        d, lo, hi, df = welch([r[i] for r in sides["ensdsl"].values()], [r[i] for r in sides["PyTorch"].values()])
        unit = " points" if scale == 100 else ""
        print(f"- {metric}, ensdsl − PyTorch: {d * scale:+.3f} [{lo * scale:+.3f}, {hi * scale:+.3f}]{unit} (95 %, Welch, df {df:.1f})")
    d, lo, hi, _ = welch([r[0] for r in sides["ensdsl"].values()], [r[0] for r in sides["PyTorch"].values()])
    verdict = "equivalent" if -MARGIN < lo and hi < MARGIN else "not shown equivalent"
    print(f"- equivalence within ±{MARGIN * 100:.1f} accuracy points: **{verdict}**")
    print()
    print("| round | ensdsl s / epoch | PyTorch s / epoch | speed, ensdsl / PyTorch | accuracy ensdsl | accuracy PyTorch |")
    print("|---|---|---|---|---|---|")
    ratios = []
    for s in seeds:
        e, p = sides["ensdsl"][s], sides["PyTorch"][s]
        ratio = statistics.median(p[2]) / statistics.median(e[2])     # images per second, as docs/benchmarks' tables
        ratios.append(ratio)
        print(f"| {s} | {statistics.median(e[2]):.1f} | {statistics.median(p[2]):.1f} | {ratio:.2f}× | {e[0]:.4f} | {p[0]:.4f} |")
    print(f"\ntraining speed, ensdsl / PyTorch: {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}), median (min–max) of {len(ratios)} paired rounds")


if __name__ == "__main__":
    main(sys.argv[1])
