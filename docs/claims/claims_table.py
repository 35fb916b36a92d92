"""The claims table of the README, from the results.json of
    ./ensdsl run experiments/claims.csx --set cycleLr=[0.005,0.01,0.02,0.04,0.08,0.16] --repeat seed=1..5
Usage: python3 docs/claims/claims_table.py runs/claims/TIMESTAMP/results.json [BASE]   (or the README's run:
       python3 docs/claims/claims_table.py docs/claims/results.json.gz)
BASE is the fine-tuning LR, the cycle LR called x1 (default 0.02; x4 and x8 are its multiples): e.g. 0.1 for
       python3 docs/claims/claims_table.py docs/fashion/results-lr0.1.json.gz 0.1
Every number comes from the run's own "groups" and "comparisons" (means, and paired 95 % t-intervals computed by
ensdsl); this script only picks the rows and writes them as Markdown.
"""
import gzip
import json
import sys

results = json.load(gzip.open(sys.argv[1], "rt") if sys.argv[1].endswith(".gz") else open(sys.argv[1]))
groups = {g["name"]: g for g in results["groups"]}
comparisons = {(c["a"], c["b"], c["metric"]): c for c in results["comparisons"]}
lr = float(sys.argv[2]) if len(sys.argv) > 2 else 0.02       # x1: the fine-tuning LR
base, x4, x8 = (f"cycleLr={m * lr:g}" for m in (1, 4, 8))


def mean(name, metric="acc"):
    g = groups[name]["metrics"][metric]
    return f'{g["mean"]:.3f} ± {g["std"]:.3f}'


def row(claim, a, b, metric="acc", better="higher"):
    c = comparisons.get((a, b, metric))
    sign = 1
    if c is None:
        c, sign = comparisons[(b, a, metric)], -1
    m, lo, hi = sign * c["mean"], sign * (c["low"] if sign > 0 else c["high"]), sign * (c["high"] if sign > 0 else c["low"])
    holds = (lo > 0) if better == "higher" else (hi < 0)
    against = (hi < 0) if better == "higher" else (lo > 0)
    verdict = "holds" if holds else "reversed" if against else "undecided"
    print(f"| {claim} | {a}: {mean(a, metric)} | {b}: {mean(b, metric)} | {m:+.3f} [{lo:+.3f}, {hi:+.3f}] | {verdict} |")


print(f'| claim | A (mean ± std, n = {groups["Local DE"]["n"]}) | B | A − B, 95 % paired interval | verdict |')
print("|---|---|---|---|---|")
row("transfer benefit", "fine-tuned", "from scratch")
row("Global DE beats Local DE", "Global DE", "Local DE")
row("SSE beats Local DE at equal cost (×1)", f"SSE [{base}]", "Local DE")
row("StarSSE beats Local DE at equal cost (×1)", f"StarSSE [{base}]", "Local DE")
row("StarSSE beats SSE, ensembles (×1)", f"StarSSE [{base}]", f"SSE [{base}]")
row("StarSSE beats SSE, ensembles (×4)", f"StarSSE [{x4}]", f"SSE [{x4}]")
row("StarSSE beats SSE, soups (×1)", f"StarSSE soup [{base}]", f"SSE soup [{base}]")
row("StarSSE beats SSE, soups (×4)", f"StarSSE soup [{x4}]", f"SSE soup [{x4}]")
row("leaving the basin hurts: SSE ×1 beats ×8", f"SSE [{base}]", f"SSE [{x8}]")
row("leaving the basin hurts: StarSSE ×1 beats ×8", f"StarSSE [{base}]", f"StarSSE [{x8}]")
row("SSE drifts further than StarSSE (×1, mean L2 to the fine-tuned model)", f"SSE basin [{base}]", f"StarSSE basin [{base}]", "mean_distance_to_center")
