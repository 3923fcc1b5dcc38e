#!/usr/bin/env python3
"""Train/test grid of bench_robustness.sh: reads the exported feature tables, makes RAVDESS
round-robin speaker 5-fold splits (speakers in code order, fold = rank mod 5), trains the bundled
trainer (`emovox train --train-csv`) and evaluates it (`emovox evaluate --test-csv`), and prints
pooled out-of-fold UAR for clean-train/clean-test, clean-train/noisy-test and (with --matched)
noisy-train/noisy-test, per spec, as JSON lines and a Markdown table."""
import argparse
import csv
import json
import os
import subprocess
import sys

import numpy as np


def load(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    i_path, i_spk, i_emo = header.index("path"), header.index("speaker"), header.index("emotion")
    feats = [j for j, h in enumerate(header) if h not in ("sample_id", "path", "speaker", "emotion")]
    table = {}
    for r in rows:
        # Paths are absolute (source or noisy folder); the speaker is "corpus/code". Key both by what
        # the copies share: the actor folder and file name, and the speaker code.
        key = os.path.splitext("/".join(r[i_path].split("/")[-2:]))[0]
        table[key] = (r[i_spk].split("/")[-1], r[i_emo], [r[j] for j in feats])
    return [header[j] for j in feats], table


def write(path, names, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["label"] + names)
        for _, emo, values in rows:
            w.writerow([emo] + values)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return r.stdout


def pooled_uar(confusions):
    labels = sorted({l for c in confusions for l in c["labels"]})
    total = np.zeros((len(labels), len(labels)))
    for c in confusions:
        idx = [labels.index(l) for l in c["labels"]]
        m = np.array(c["confusion"])
        for a, ia in enumerate(idx):
            for b, ib in enumerate(idx):
                total[ia, ib] += m[a, b]
    recalls = [total[i, i] / total[i].sum() for i in range(len(labels)) if total[i].sum() > 0]
    return float(np.mean(recalls))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--specs", nargs="+", required=True)
    p.add_argument("--conditions", required=True, help="corrupt --json report")
    p.add_argument("--matched", action="store_true")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--params", default="")
    args = p.parse_args()
    conditions = json.load(open(args.conditions))["conditions"]
    params = args.params.split()
    scratch = os.path.join(args.work, "grid")
    os.makedirs(scratch, exist_ok=True)
    results = []

    def evaluate(model, names, rows, tag):
        test = os.path.join(scratch, f"{tag}.test.csv")
        write(test, names, rows)
        out = run([args.bin, "evaluate", "--model", model, "--test-csv", test, "--label-column", "label", "--json"])
        return json.loads(out)

    def train(names, rows, tag):
        path = os.path.join(scratch, f"{tag}.train.csv")
        write(path, names, rows)
        model = os.path.join(scratch, f"{tag}.model.json")
        run([args.bin, "train", "--train-csv", path, "--label-column", "label", "--out", model, *params])
        return model

    for spec in args.specs:
        names, clean = load(os.path.join(args.work, "features", spec, "ravdess.csv"))
        speakers = sorted({v[0] for v in clean.values()})
        fold_of = {s: i % args.folds for i, s in enumerate(speakers)}
        noisy = {}
        for c in conditions:
            n, t = load(os.path.join(args.work, "features", spec, c["corpus"] + ".csv"))
            assert n == names
            noisy[(c["noise"], c["snr_db"])] = t
        confusions = {"clean": []}
        confusions.update({k: [] for k in noisy})
        matched = {k: [] for k in noisy}
        for fold in range(args.folds):
            train_rows = [v for v in clean.values() if fold_of[v[0]] != fold]
            model = train(names, train_rows, f"{spec}-clean-f{fold}")
            test_keys = sorted(k for k, v in clean.items() if fold_of[v[0]] == fold)
            confusions["clean"].append(evaluate(model, names, [clean[k] for k in test_keys], f"{spec}-clean-f{fold}"))
            for cond, table in noisy.items():
                tag = f"{spec}-{cond[0]}-{cond[1]:g}-f{fold}"
                rows = [table[k] for k in test_keys if k in table]
                confusions[cond].append(evaluate(model, names, rows, tag + "-cleantrain"))
                if args.matched:
                    m = train(names, [v for v in table.values() if fold_of[v[0]] != fold], tag + "-matched")
                    matched[cond].append(evaluate(m, names, rows, tag + "-matched"))
        line = {"spec": spec, "clean": round(pooled_uar(confusions["clean"]), 4)}
        for cond in noisy:
            key = f"{cond[0]}@{cond[1]:g}dB"
            line[key + " clean-train"] = round(pooled_uar(confusions[cond]), 4)
            if args.matched:
                line[key + " matched"] = round(pooled_uar(matched[cond]), 4)
        results.append(line)
        print(json.dumps(line), flush=True)

    columns = [k for k in results[0] if k != "spec"]
    print("\n| spec | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for r in results:
        print(f"| {r['spec']} | " + " | ".join(f"{r[c]:.3f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
