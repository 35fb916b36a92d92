"""Compute reuse of a sweep's plan (`ensdsl plan --json`): the epochs the authors' scripts train, where every report
item is a run of its own that trains everything it needs from the start, against the epochs ensdsl trains (each node
once), and the longest chain of epochs: the authors' longest single run against ensdsl's critical path when
independent branches run in parallel. Prints RESULT lines for bench/table.py."""
import json
import sys

plan, name = json.load(open(sys.argv[1])), sys.argv[2]
nodes = {n["id"]: n for n in plan["nodes"]}


def closure(node_id, seen=None):
    seen = set() if seen is None else seen
    if node_id not in seen:
        seen.add(node_id)
        for parent in nodes[node_id]["parents"]:
            closure(parent, seen)
    return seen


# One run per sweep cell, as the authors' scripts run each (E + (N-1)·C epochs, sequential). A cell reports an ensemble
# and a soup of the same members: one run computes both, so outputs with the same closure are one cell.
cells = {frozenset(i for i in closure(o["node"]) if nodes[i]["epochs"] > 0) for o in plan["outputs"]}
runs = [sum(nodes[i]["epochs"] for i in cell) for cell in cells]
totals = plan["totals"]
assert sum(runs) == totals["epochs_without_sharing"], (sum(runs), totals)
print(f"RESULT reuse {name} authors-epochs {sum(runs)}")
print(f"RESULT reuse {name} ensdsl-epochs {totals['epochs']}")
print(f"RESULT reuse {name} authors-longest {max(runs)}")
print(f"RESULT reuse {name} ensdsl-critical {totals['critical_path_epochs']}")
print(f"RESULT reuse {name} cells {len(runs)}")
