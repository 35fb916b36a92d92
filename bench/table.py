"""Turns bench/run.sh's RESULT lines into the Markdown tables of the README: medians, min–max, ratios to peers."""
import collections
import os
import platform
import statistics
import subprocess
import sys

import torch

path, rounds, measurements, startups = sys.argv[1], *sys.argv[2:5]
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


cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
memory = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1024 ** 2
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
os_name = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")), "")
print(f"Machine: {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {os_name}; .NET SDK {dotnet}; ensdsl: TorchSharp 0.107 "
      f"on libtorch 2.10 (CPU); PyTorch {torch.__version__} (Debian python3-torch); {os.cpu_count()} threads on every side (set "
      f"explicitly: Debian's torch defaults to {torch.get_num_threads()}). {rounds} rounds × {measurements} measurements per figure.\n")

for section, title in (("train", "Training throughput, images/s (one epoch of the authors' step: SGD momentum 0.9, wd 1e-4, CE)"),
                       ("eval", "Evaluation throughput, images/s (log-probabilities for the test set, no_grad)")):
    print(f"**{title}**\n")
    print("| model, image size, batch | PyTorch | plain TorchSharp | ensdsl engine | ensdsl / PyTorch | ensdsl / plain |")
    print("|---|---|---|---|---|---|")
    for c in configs(section):
        e, p, t = med(section, c, "engine"), med(section, c, "pytorch"), med(section, c, "plain")
        print(f"| {c} | {cell(section, c, 'pytorch')} | {cell(section, c, 'plain')} | {cell(section, c, 'engine')} | **{e / p:.2f}** | **{e / t:.3f}** |")
    print()

print("**Memory over 20 epochs** (cifar-resnet8x16, embedded target task, batch 8: 500 steps), MiB\n")
print("| | resident after epoch 2 | after epoch 20 | growth | peak (VmHWM) | anonymous after epoch 20 | resident at exit (after the final evaluation) | anonymous at exit |")
print("|---|---|---|---|---|---|---|---|")
arch = "cifar-resnet8x16"
for who, label in (("engine", "ensdsl engine (a plan: per-epoch state, final evaluation)"), ("plain", "plain TorchSharp loop"), ("pytorch", "PyTorch")):
    growth = cell("memory-growth", arch, who, "{:+.1f}%")
    print(f"| {label} | {cell('memory-epoch2', arch, who)} | {cell('memory-epoch20', arch, who)} | {growth} | "
          f"{cell('memory-peak', arch, who)} | {cell('memory-anonymous-epoch20', arch, who)} | {cell('memory-end', arch, who)} | "
          f"{cell('memory-anonymous-end', arch, who)} |")
print()

print("**Compute reuse** (`ensdsl plan --json`; the authors' scripts run every cell from the pre-trained checkpoint)\n")
print("| sweep | cells | epochs, authors' scripts | epochs, ensdsl | saved | longest run, authors (sequential) | critical path, ensdsl |")
print("|---|---|---|---|---|---|---|")
for sweep in configs("reuse"):
    g = lambda who: med("reuse", sweep, who)
    a, e = g("authors-epochs"), g("ensdsl-epochs")
    print(f"| {sweep} | {g('cells'):.0f} | {a:.0f} | {e:.0f} | {(1 - e / a) * 100:.1f}% | {g('authors-longest'):.0f} | {g('ensdsl-critical'):.0f} |")
print()

print(f"**Start-up**, whole processes, ms ({startups} runs each; cold = no compiled-script cache)\n")
print("| command | median (min–max) | ratio to `python3 -c 'import torch, torchvision'` |")
print("|---|---|---|")
peer = med("startup", "import", "pytorch")
print(f"| python3 -c 'import torch, torchvision' (peer) | {cell('startup', 'import', 'pytorch', '{:.0f}')} | 1.00 |")
for label, text in (("plan", "ensdsl plan experiments/starsse_sweep.csx (730 nodes)"), ("run-cached", "ensdsl run experiments/quickstart.csx, all 54 nodes cached")):
    for mode in ("cold", "warm"):
        print(f"| {text}, {mode} | {cell('startup', label, 'ensdsl-' + mode, '{:.0f}')} | {med('startup', label, 'ensdsl-' + mode) / peer:.2f} |")
