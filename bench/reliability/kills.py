"""SIGKILL an `ensdsl run` at many moments, resume each time, and compare the store with an uninterrupted run's.

Half the kills land at a random time into the run; the other half land the moment a store write is seen in progress
(a temporary file `*.tmp-*` beside weights, optimizer state, predictions, training state or node.json). Every stored
file must end equal to the uninterrupted run's: tensor files byte for byte, node.json except its timings.
Usage: python3 kills.py ENSDSL SCRIPT WORKDIR KILLS SEED
"""
import hashlib, json, os, random, shutil, signal, subprocess, sys, time

ensdsl, script, work, kills, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
VOLATILE = {"seconds", "train_images_per_second"}      # timings differ from run to run; everything else must not


def run(store, out):
    return subprocess.Popen([ensdsl, "run", script, "--store", store, "--out", out, "--no-progress", "--no-tracking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def snapshot(store):
    files = {}
    nodes = os.path.join(store, "nodes")
    for node in sorted(os.listdir(nodes)):
        for name in sorted(os.listdir(os.path.join(nodes, node))):
            path = os.path.join(nodes, node, name)
            if name == ".lock":
                continue
            if name == "node.json":
                record = json.load(open(path))
                files[f"{node}/{name}"] = json.dumps({k: v for k, v in record.items() if k not in VOLATILE}, sort_keys=True)
            else:
                files[f"{node}/{name}"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    return files


def writes_in_progress(store):
    nodes = os.path.join(store, "nodes")
    if not os.path.isdir(nodes):
        return []
    found = []
    for node in os.listdir(nodes):
        try:
            found += [n.split(".tmp-")[0] for n in os.listdir(os.path.join(nodes, node)) if ".tmp-" in n]
        except FileNotFoundError:
            pass
    return found


t0 = time.time()
reference = run(os.path.join(work, "reference"), os.path.join(work, "out-reference"))
reference.wait()
assert reference.returncode == 0, reference.stderr.read()
straight = time.time() - t0
expected = snapshot(os.path.join(work, "reference"))

store = os.path.join(work, "killed")
landed, cycles, compared, differ = [], 0, 0, []


def check():
    """The store after a run that completed: every file as the uninterrupted run's."""
    global compared
    actual = snapshot(store)
    compared += len(expected)
    differ.extend(f"cycle {cycles + 1}: {k}" for k in sorted(set(expected) | set(actual)) if expected.get(k) != actual.get(k))


# Targeted kills go after each kind of write in turn; a kind a run never shows mid-write (node.json is written in well
# under a millisecond) is given up after a few runs, for whatever write comes next.
KINDS = ["node.json", "optimizer.tensors", "weights.tensors", "predictions.tensors", "train-state"]
missed = {kind: 0 for kind in KINDS}
k = 0
while len(landed) < kills:
    process = run(store, os.path.join(work, f"out-{k}"))
    start = time.time()
    targeted = len(landed) % 2 == 1
    kind = KINDS[(len(landed) // 2) % len(KINDS)]
    wanted = kind if missed[kind] < 3 else ""
    delay = rng.uniform(0.3, straight)
    what = "random moment"
    while process.poll() is None:
        elapsed = time.time() - start
        if targeted and elapsed > delay / 3:
            writing = writes_in_progress(store)
            if any(w.startswith(wanted) for w in writing):
                what = "writing " + ", ".join(sorted(set(writing)))
                break
        elif not targeted and elapsed > delay:
            break
        time.sleep(0.001 if targeted else 0.01)
    k += 1
    if process.poll() is not None:
        # The run completed before this kill: check it, and start the next cycle from an empty store.
        if process.returncode != 0:
            sys.exit(f"run {k} failed (exit {process.returncode}):\n{process.stderr.read()}")
        if targeted:
            missed[kind] += 1
        check()
        cycles += 1
        shutil.rmtree(store)
        continue
    process.send_signal(signal.SIGKILL)
    process.wait()
    landed.append(f"cycle {cycles + 1}, {what} at {time.time() - start:.2f} s")

final = run(store, os.path.join(work, "out-final"))
final.wait()
assert final.returncode == 0, final.stderr.read()
check()
cycles += 1
for i, what in enumerate(landed):
    print(f"kill {i + 1:2d}: {what}")
print(f"uninterrupted run: {straight:.1f} s; kills: {len(landed)}, of which during a write: {sum(1 for w in landed if 'writing' in w)}; "
      f"runs resumed to completion: {cycles}; stored files compared: {compared}; differing: {len(differ)}")
for name in differ:
    print(f"  differs: {name}")
sys.exit(1 if differ else 0)
