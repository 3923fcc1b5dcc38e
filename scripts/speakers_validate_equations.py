#!/usr/bin/env python3
"""Validates Emovox's i-vector extraction and two-covariance PLDA scoring against NumPy implementations of
the same equations on small random problems (validation only, never a runtime dependency).

i-vector: L = I + Σ_c N_c T_cᵀ Σ_c⁻¹ T_c, w = L⁻¹ Σ_c T_cᵀ Σ_c⁻¹ F̃_c (Dehak et al. 2011).
PLDA: log N([x_1…x_n, y]; μ, joint) − log N([x_1…x_n]; μ, enrol) − log N(y; μ, B + W), with the joint
covariance B off the diagonal blocks and B + W on them, computed directly with full covariances (Emovox
uses the simultaneously diagonalized form). Both must agree to 1e-6 relative.

  /work/.venv-ref/bin/python scripts/speakers_validate_equations.py [--emovox .build/release/emovox]
"""
import argparse, json, os, subprocess, sys, tempfile

import numpy as np
from scipy.stats import multivariate_normal

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def run_equations(emovox, payload):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(payload, f)
        path = f.name
    try:
        out = subprocess.run([emovox, "speakers", "equations", "--input", path], capture_output=True, text=True,
                             check=True)
    finally:
        os.unlink(path)
    return json.loads(out.stdout)


def ivector_reference(T, sigma, N, F, C, D, R):
    L = np.eye(R)
    b = np.zeros(R)
    for c in range(C):
        Tc = T[c * D:(c + 1) * D]
        Pc = Tc.T @ np.diag(1 / sigma[c * D:(c + 1) * D])
        L += N[c] * Pc @ Tc
        b += Pc @ F[c * D:(c + 1) * D]
    return np.linalg.solve(L, b)


def plda_reference(mu, B, W, enrol, test):
    n, d = len(enrol), len(mu)
    joint = np.kron(np.ones((n + 1, n + 1)), B) + np.kron(np.eye(n + 1), W)
    x = np.concatenate([e - mu for e in enrol] + [test - mu])
    enrol_cov = joint[: n * d, : n * d]
    return (multivariate_normal(np.zeros(len(x)), joint).logpdf(x)
            - multivariate_normal(np.zeros(n * d), enrol_cov).logpdf(x[: n * d])
            - multivariate_normal(np.zeros(d), B + W).logpdf(test - mu))


def spd(rng, d, scale):
    G = rng.standard_normal((d, d))
    return scale * (G @ G.T + d * np.eye(d) * 0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emovox", default=os.path.join(ROOT, ".build", "debug", "emovox"))
    ap.add_argument("--trials", type=int, default=20)
    args = ap.parse_args()
    rng = np.random.default_rng(2026)
    worst = {"ivector": 0.0, "plda": 0.0}
    for trial in range(args.trials):
        C, D, R = rng.integers(2, 9), rng.integers(2, 7), rng.integers(2, 11)
        T = rng.standard_normal((C * D, R))
        sigma = 0.2 + rng.random(C * D) * 2
        N = rng.random(C) * 50
        F = rng.standard_normal(C * D) * 5
        d = int(rng.integers(2, 12))
        mu = rng.standard_normal(d)
        B, W = spd(rng, d, 1.0), spd(rng, d, 0.3)
        enrol = [rng.standard_normal(d) * 2 for _ in range(int(rng.integers(1, 4)))]
        test = rng.standard_normal(d) * 2
        out = run_equations(args.emovox, {
            "ivector": {"components": int(C), "dimension": int(D), "matrix": T.ravel().tolist(),
                        "variances": sigma.tolist(), "zeroth": N.tolist(), "first": F.tolist()},
            "plda": {"mean": mu.tolist(), "between": B.ravel().tolist(), "within": W.ravel().tolist(),
                     "enrollment": [e.tolist() for e in enrol], "test": test.tolist()}})
        w_ref = ivector_reference(T, sigma, N, F, C, D, R)
        w = np.array(out["ivector"])
        worst["ivector"] = max(worst["ivector"], float(np.max(np.abs(w - w_ref)) / np.max(np.abs(w_ref))))
        s_ref = plda_reference(mu, B, W, enrol, test)
        worst["plda"] = max(worst["plda"], abs(out["plda_score"] - s_ref) / max(1.0, abs(s_ref)))
    report = {"trials": args.trials, "max_relative_error": worst, "pass": bool(max(worst.values()) <= 1e-6)}
    print(json.dumps(report, indent=2))
    sys.exit(0 if report["pass"] else 1)


if __name__ == "__main__":
    main()
