"""bench/run.sh's memory, compute-reuse and start-up tables from its RESULT lines: medians, min–max, ratios to peers.
Throughput, measured in paired rounds, has its own table: bench/paired_table.py."""
import collections
import statistics
import sys

path, rounds, startups = sys.argv[1], *sys.argv[2:4]
values = collections.defaultdict(list)
for line in open(path):
    if line.startswith("RESULT "):
        _, section, config, who, value = line.split()
        values[section, config, who].append(float(value))


def med(section, config, who):
    return statistics.median(values[section, config, who])


def cell(section, config, who, fmt="{:.1f}"):
    v = values[section, config, who]
    return f"{fmt.format(statistics.median(v))} ({fmt.format(min(v))}–{fmt.format(max(v))})" if v else "—"


def configs(section):
    return list(dict.fromkeys(c for s, c, _ in values if s == section))


if configs("memory-peak"):
    print(f"**Memory over 20 epochs** (cifar-resnet8x16, embedded target task, batch 8: 500 steps), MiB, {rounds} processes each\n")
    print("| | resident after epoch 2 | after epoch 20 | growth | peak (VmHWM) | anonymous after epoch 20 | resident at exit (after the final evaluation) | anonymous at exit |")
    print("|---|---|---|---|---|---|---|---|")
    arch = "cifar-resnet8x16"
    for who, label in (("engine", "ensdsl engine (a plan: per-epoch state, final evaluation)"), ("plain", "plain TorchSharp loop"), ("pytorch", "PyTorch")):
        growth = cell("memory-growth", arch, who, "{:+.1f}%")
        print(f"| {label} | {cell('memory-epoch2', arch, who)} | {cell('memory-epoch20', arch, who)} | {growth} | "
              f"{cell('memory-peak', arch, who)} | {cell('memory-anonymous-epoch20', arch, who)} | {cell('memory-end', arch, who)} | "
              f"{cell('memory-anonymous-end', arch, who)} |")
    print()

if configs("reuse"):
    print("**Compute reuse, planned** (`ensdsl plan --json`; the authors' scripts run every cell from the pre-trained "
          "checkpoint; measured wall-clock: `bash bench/reuse.sh`)\n")
    print("| sweep | cells | epochs, authors' scripts | epochs, ensdsl | saved | longest run, authors (sequential) | critical path, ensdsl |")
    print("|---|---|---|---|---|---|---|")
    for sweep in configs("reuse"):
        g = lambda who: med("reuse", sweep, who)
        a, e = g("authors-epochs"), g("ensdsl-epochs")
        print(f"| {sweep} | {g('cells'):.0f} | {a:.0f} | {e:.0f} | {(1 - e / a) * 100:.1f}% | {g('authors-longest'):.0f} | {g('ensdsl-critical'):.0f} |")
    print()

if configs("startup"):
    # Reported alone: no peer does the same work (compiling a C# script and planning 730 nodes; or reading a store and
    # checking 54 nodes), and `import torch` is not that work.
    print(f"**Start-up**, whole processes, ms ({startups} runs each; cold = no compiled-script cache)\n")
    print("| command | median (min–max) |")
    print("|---|---|")
    for label, text in (("plan", "ensdsl plan experiments/starsse_sweep.csx (890 nodes)"), ("run-cached", "ensdsl run experiments/quickstart.csx, all 54 nodes cached")):
        for mode in ("cold", "warm"):
            print(f"| {text}, {mode} | {cell('startup', label, 'ensdsl-' + mode, '{:.0f}')} |")
