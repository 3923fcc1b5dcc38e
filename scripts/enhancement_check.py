#!/usr/bin/env python3
"""Enhancement check for the `enhance` step (issue 18), on a RAVDESS subset.

1. Imports a subset of RAVDESS (default 40 files: actors 01-20, two files each, spread over
   emotions) through `emovox import csv` into a scratch catalog.
2. `emovox corrupt` adds white, pink and babble noise at 5 dB active-speech SNR (--as-corpus).
3. `emovox run` writes 16 kHz audio of every corpus three ways: as is (decode + resample), through
   the `enhance` step and through the `denoise` step (spectral gating), with a `write` step.
4. Measures SI-SDR (NumPy) and STOI (pystoi) of noisy, enhanced and gated audio against the clean
   16 kHz reference; on clean input, SI-SDR of the enhanced output against its input.

Prints one JSON object; exits 1 when an acceptance target fails: per noise, mean SI-SDR improvement
>= 5 dB and mean STOI not below the noisy input's; on clean input, mean SI-SDR >= 25 dB.
Run with the reference venv: .venv-ref/bin/python scripts/enhancement_check.py --bin .build/release/emovox
"""
import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf
from pystoi import stoi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOISES = ["white", "pink", "babble"]


def si_sdr(estimate, reference):
    n = min(len(estimate), len(reference))
    e, r = estimate[:n].astype(np.float64), reference[:n].astype(np.float64)
    alpha = np.dot(e, r) / np.dot(r, r)
    target = alpha * r
    return 10 * np.log10(np.sum(target**2) / np.sum((e - target) ** 2))


def emovox(binary, db, *args):
    result = subprocess.run([binary, *args, "--db", db], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"emovox {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def pick_subset(corpus, files):
    """`files` recordings: actors in turn, each actor's emotions in turn (deterministic)."""
    actors = sorted(d for d in os.listdir(corpus) if d.startswith("Actor_"))
    per_actor = {a: sorted(f for f in os.listdir(os.path.join(corpus, a)) if f.endswith((".wav", ".flac")))
                 for a in actors}
    chosen, round_ = [], 0
    while len(chosen) < files:
        for a in actors[: max(1, min(len(actors), files // 2))]:
            names = per_actor[a]
            # Step through the actor's files so emotions and statements vary.
            name = names[(round_ * 17 + int(a[-2:]) * 5) % len(names)]
            chosen.append((a, name))
            if len(chosen) == files:
                break
        round_ += 1
    return chosen


def write_spec(path, name, step):
    with open(path, "w") as f:
        f.write(f"name: {name}\nsteps:\n  - decode: {{channel: mix}}\n"
                f"  - resample: {{rate: 16000, converter: soxr_hq}}\n")
        if step:
            f.write(f"  - {step}\n")
        f.write(f"  - write: {{directory: {os.path.join(os.path.dirname(path), name)}}}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/debug/emovox"))
    parser.add_argument("--corpus", default=os.path.join(ROOT, "../shared/corpora/ravdess"))
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--snr", type=float, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="enhancement-check-")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "c.sqlite")
    corpus = os.path.abspath(args.corpus)
    binary = os.path.abspath(args.bin)

    if not os.path.exists(db):
        listing = os.path.join(work, "subset.csv")
        with open(listing, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["path", "speaker", "emotion"])
            codes = {"01": "neutral", "02": "calm", "03": "happy", "04": "sad", "05": "angry",
                     "06": "fearful", "07": "disgust", "08": "surprised"}
            for actor, name in pick_subset(corpus, args.files):
                w.writerow([f"{actor}/{name}", actor[-2:], codes[name.split("-")[2]]])
        emovox(binary, db, "import", "csv", listing, "--corpus", "sub", "--root", corpus)
        snr = f"{args.snr:g}"
        emovox(binary, db, "corrupt", "--corpus", "sub", "--noise", *NOISES, "--snr", snr, "--seed",
               str(args.seed), "--out", os.path.join(work, "noisy"), "--as-corpus", "subn")
    variants = {"plain": None,
                "enhanced": "enhance: {}",
                "gated": "denoise: {}"}
    for name, step in variants.items():
        spec = os.path.join(work, f"{name}.yaml")
        write_spec(spec, name, step)
        emovox(binary, db, "run", spec, "--cache", os.path.join(work, "cache"))

    con = sqlite3.connect(db)
    rows = con.execute("SELECT s.id, c.name, s.path FROM sample s JOIN corpus c ON c.id = s.corpusId").fetchall()
    by_corpus = {}
    for sid, cname, path in rows:
        by_corpus.setdefault(cname, {})[os.path.splitext(path)[0]] = sid

    def load(variant, sid):
        audio, rate = sf.read(os.path.join(work, variant, f"{sid}.flac"), dtype="float32")
        assert rate == 16000
        return audio

    clean_ids = by_corpus["sub"]
    snr = f"{args.snr:g}"
    result = {"files": len(clean_ids), "input_snr_db": args.snr, "seed": args.seed, "work": work, "noises": {}}
    ok = True
    for noise in NOISES:
        ids = by_corpus[f"subn-{noise}-{snr}db"]
        m = {k: [] for k in ["sisdr_in", "sisdr_enh", "sisdr_gate", "stoi_in", "stoi_enh", "stoi_gate"]}
        for key, sid in sorted(ids.items()):
            ref = load("plain", clean_ids[key])
            noisy, enh, gate = load("plain", sid), load("enhanced", sid), load("gated", sid)
            m["sisdr_in"].append(si_sdr(noisy, ref))
            m["sisdr_enh"].append(si_sdr(enh, ref))
            m["sisdr_gate"].append(si_sdr(gate, ref))
            m["stoi_in"].append(stoi(ref, noisy, 16000, extended=False))
            m["stoi_enh"].append(stoi(ref, enh, 16000, extended=False))
            m["stoi_gate"].append(stoi(ref, gate, 16000, extended=False))
        means = {k: round(float(np.mean(v)), 3) for k, v in m.items()}
        means["sisdr_improvement_enh"] = round(means["sisdr_enh"] - means["sisdr_in"], 3)
        means["sisdr_improvement_gate"] = round(means["sisdr_gate"] - means["sisdr_in"], 3)
        means["files"] = len(ids)
        means["pass"] = bool(means["sisdr_improvement_enh"] >= 5 and means["stoi_enh"] >= means["stoi_in"])
        ok &= means["pass"]
        result["noises"][noise] = means
    clean_scores = [si_sdr(load("enhanced", sid), load("plain", sid)) for sid in clean_ids.values()]
    result["clean"] = {"sisdr_enh_vs_input_mean": round(float(np.mean(clean_scores)), 3),
                       "sisdr_enh_vs_input_min": round(float(np.min(clean_scores)), 3)}
    result["clean"]["pass"] = bool(result["clean"]["sisdr_enh_vs_input_mean"] >= 25)
    ok &= result["clean"]["pass"]
    result["pass"] = bool(ok)
    print(json.dumps(result, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
