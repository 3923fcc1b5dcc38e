#!/usr/bin/env python3
"""Validates Emovox's diagonal-GMM EM (the speaker UBM) against scikit-learn (validation only, never a
runtime dependency).

Speaker frames (MFCC+Δ+ΔΔ, VAD, CMVN) of a few recordings come from `emovox speakers equations`; both sides
start from the same model (seeded random frames as means, the global variance, equal weights), run the same
number of EM iterations, and the average log-likelihood of the frames under each trained model must agree
within 1 %. Recordings: RAVDESS clips when ../shared/corpora/ravdess exists, else espeak-ng speech.

  /work/.venv-ref/bin/python scripts/speakers_validate_ubm.py [--emovox .build/release/emovox]
"""
import argparse, glob, json, os, subprocess, sys, tempfile

import numpy as np
from sklearn.mixture import GaussianMixture

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def run_equations(emovox, payload, tmp):
    path = os.path.join(tmp, "input.json")
    with open(path, "w") as f:
        json.dump(payload, f)
    out = subprocess.run([emovox, "speakers", "equations", "--input", path], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def recordings(tmp, count):
    ravdess = os.path.join(ROOT, "..", "shared", "corpora", "ravdess")
    files = sorted(glob.glob(os.path.join(ravdess, "Actor_0[1-4]", "*.wav")))
    if files:
        return files[:: max(1, len(files) // count)][:count]
    voices = ["en-us+m3", "en-us+f2", "en-gb-x-rp+m1", "en-gb-scotland+f3"]
    paths = []
    for i in range(count):
        p = os.path.join(tmp, f"clip{i}.wav")
        subprocess.run(["espeak-ng", "-v", voices[i % 4], "-w", p, f"Sentence number {i} is spoken here"], check=True)
        paths.append(p)
    return paths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emovox", default=os.path.join(ROOT, ".build", "debug", "emovox"))
    ap.add_argument("--recordings", type=int, default=12)
    ap.add_argument("--components", type=int, default=32)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        frames = []
        for path in recordings(tmp, args.recordings):
            frames += run_equations(args.emovox, {"features": path}, tmp)["frames"]
        X = np.array(frames)
        rng = np.random.default_rng(args.seed)
        means = X[rng.choice(len(X), args.components, replace=False)]
        variances = np.tile(X.var(axis=0), (args.components, 1))
        weights = np.full(args.components, 1.0 / args.components)
        swift = run_equations(args.emovox, {"gmm": {
            "frames": X.tolist(), "weights": weights.tolist(), "means": means.ravel().tolist(),
            "variances": variances.ravel().tolist(), "iterations": args.iterations}}, tmp)
    gm = GaussianMixture(n_components=args.components, covariance_type="diag", max_iter=args.iterations, tol=0,
                         reg_covar=1e-6, weights_init=weights, means_init=means, precisions_init=1 / variances,
                         init_params="random")
    gm.fit(X)
    reference = gm.score(X)
    ours = swift["gmm_average_log_likelihood"]
    start = swift["gmm_initial_log_likelihood"]
    relative = abs(ours - reference) / abs(reference)
    report = {"frames": len(X), "dimension": X.shape[1], "components": args.components, "iterations": args.iterations,
              "initial_average_log_likelihood": start, "emovox": ours, "sklearn": reference,
              "relative_difference": relative, "pass": bool(relative <= 0.01)}
    print(json.dumps(report, indent=2))
    sys.exit(0 if report["pass"] else 1)


if __name__ == "__main__":
    main()
