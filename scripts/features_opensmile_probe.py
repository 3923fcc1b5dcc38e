#!/usr/bin/env python3
"""Probes openSMILE eGeMAPSv02's own definitions on RAVDESS, independently of Emovox (evidence for the
choices documented in Sources/EmovoxFeatures/VoiceAnalyzer.swift). A benchmark aid, not a test.

    /work/.venv-ref/bin/python scripts/features_opensmile_probe.py [--count 40]

1. Formants: re-implements eGeMAPS' cSpecResample (11 kHz) -> cLpc (order 11, ACF) -> cFormantLpc on the
   20 ms Hamming frames and compares per-file mean F1 over openSMILE's voiced frames with openSMILE's
   F1frequency_sma3nz_amean, once with the roots of A(z) (the model's poles) and once with the roots of
   z^p - sum a_i z^(p-i) (cFormantLpc hands its root solver the coefficients with flipped sign).
2. Jitter/shimmer: a re-implementation of cPitchJitter's period chain fed with openSMILE's own F0 (from
   its LLD output, i.e. after sma3 smoothing) — how much of jitterLocal/shimmerLocaldB is reproducible
   from the waveform given (nearly) openSMILE's F0.
"""
import argparse
import pathlib
import sys

import numpy as np
import pandas as pd
import soundfile as sf

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from features_crosscheck import corpus_files  # noqa: E402


def sma3nz(x):
    y = x.copy()
    for t in range(len(x)):
        if x[t] != 0:
            w = x[max(0, t - 1):t + 2]
            y[t] = w[w != 0].mean()
    return y


def levinson(r, p):
    a = np.zeros(p + 1)
    a[0] = 1.0
    e = r[0]
    for i in range(1, p + 1):
        k = -(r[i] + np.dot(a[1:i], r[i - 1:0:-1])) / e
        a[1:i] = a[1:i] + k * a[i - 1:0:-1]
        a[i] = k
        e *= 1 - k * k
    return a


def first_formants(y, sr, flipped, order=11, target=11000.0):
    """F1 per 10 ms frame (0 where none) following cSpecResample/cLpc/cFormantLpc."""
    n = int(round(0.02 * sr))
    hop = int(round(0.01 * sr))
    nfft = 1 << int(np.ceil(np.log2(n)))
    window = 0.54 - 0.46 * np.cos(2 * np.pi * np.arange(n) / (n - 1))
    n_out = int(round(target * n / sr))          # resampled samples of the 20 ms frame
    period = nfft * n_out / n                     # resynthesis period (samples at the new rate)
    bins = (min(nfft, n_out) & ~1) // 2           # complex bins kept: 0 ..< bins
    i = np.arange(n_out)[:, None]
    k = np.arange(1, bins)[None, :]
    cos_t, sin_t = np.cos(2 * np.pi * k * i / period), np.sin(2 * np.pi * k * i / period)
    fs = sr * n_out / n
    out = np.zeros(max(0, (len(y) - n) // hop + 1))
    for t in range(len(out)):
        spectrum = np.fft.rfft(y[t * hop:t * hop + n] * window, nfft)
        x = (spectrum[0].real + cos_t @ spectrum[1:bins].real - sin_t @ spectrum[1:bins].imag) / (nfft / 2)
        r = np.array([np.dot(x[:len(x) - m], x[m:]) for m in range(order + 1)])
        if r[0] <= 0:
            continue
        a = levinson(r, order)
        roots = np.roots(np.r_[1.0, -a[1:]] if flipped else a)
        freqs = sorted(abs(np.angle(z)) * fs / (2 * np.pi) for z in roots if z.imag >= 0)
        freqs = [f for f in freqs if 50 <= f <= 5450]
        if freqs:
            out[t] = freqs[0]
    return out


def period_chain(x, f0, sr, hop, frame_length, min_cc=0.5, search=0.1, min_periods=2):
    """cPitchJitter's chain: per-frame jitterLocal and shimmerLocalDB (0 where openSMILE outputs 0)."""
    def corr(s, lag):
        a = x_seg[s:s + lag] - x_seg[s:s + lag].mean()
        b = x_seg[s + lag:s + 2 * lag] - x_seg[s + lag:s + 2 * lag].mean()
        d = np.sqrt((a * a).sum() * (b * b).sum())
        return (a * b).sum() / d if d > 0 else 0.0
    jitter, shimmer = np.zeros(len(f0)), np.zeros(len(f0))
    last_idx = carried = 0
    last_t0 = last_j = last_s = 0.0
    for t, f in enumerate(f0):
        due = hop + carried
        to_read = due
        if f > 0:
            tf = sr / f
            nominal, lo, hi = int(round(tf)), int(np.floor((1 - search) * tf)), int(np.ceil((1 + search) * tf))
            to_read = max(to_read, min_periods * hi + min_periods)
        max_read = carried + frame_length
        to_read = min(to_read, max_read)
        if t * hop - carried != last_idx:
            last_idx = t * hop
            to_read = min(to_read, frame_length)
        x_seg = x[last_idx:last_idx + to_read]
        periods = diffs = 0
        period_sum = diff_sum = amp_sum = amp_diff = 0.0
        start = last_complete = 0
        if f > 0:
            cc = np.zeros(hi - lo + 1)
            while start < len(x_seg) - 2 * hi - 1:
                for lag in range(lo, hi + 1):
                    cc[lag - lo] = corr(start, lag)
                best = -1
                for j in range(1, hi - lo - 1):
                    if cc[j - 1] < cc[j] > cc[j + 1] and (best < 0 or cc[j] > cc[best]):
                        best = j
                if best < 0:
                    start += nominal
                else:
                    length = lo + best
                    a0 = np.ptp(x_seg[start + 1:start + length - 1])
                    a1 = np.ptp(x_seg[start + length + 1:start + 2 * length - 1])
                    start += length
                    y0, y1, y2 = cc[best - 1], cc[best], cc[best + 1]
                    den = y0 - 2 * y1 + y2
                    delta = 0.5 * (y0 - y2) / den if den != 0 else 0.0
                    if y1 - 0.25 * (y0 - y2) * delta > min_cc:
                        measured = (lo + best + delta) / sr
                        period_sum += measured
                        periods += 1
                        if last_t0 > 0:
                            diff_sum += abs(last_t0 - measured)
                            diffs += 1
                        last_t0 = measured
                        amp_sum += (a0 + a1) / 2
                        amp_diff += abs(a0 - a1)
                if start < due - 1:
                    last_complete = start
            carried = due - last_complete
        else:
            last_complete, carried, last_t0, last_j, last_s = due, 0, 0.0, 0.0, 0.0
        last_idx += last_complete
        if f > 0:
            if periods > 0 and diffs > 0:
                last_j = diff_sum / diffs / (period_sum / periods)
            if periods == 0 or diffs > 0:
                jitter[t] = min(last_j, 1.0)
            if periods > 0:
                last_s = amp_diff / amp_sum if amp_sum > 0 else 0.0
            shimmer[t] = 20 * np.log10(1 + min(last_s, 1.0))
    return jitter, shimmer


def main():
    import opensmile
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=pathlib.Path, default=pathlib.Path("/work/shared/corpora/ravdess"))
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    files = corpus_files(args.corpus, args.count)
    functionals = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                                  feature_level=opensmile.FeatureLevel.Functionals)
    llds = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                           feature_level=opensmile.FeatureLevel.LowLevelDescriptors)
    rows = []
    for path in files:
        y, sr = sf.read(path, dtype="float32", always_2d=True)
        y = y.mean(axis=1)
        ref = functionals.process_signal(y, sr).iloc[0]
        lld = llds.process_signal(y, sr).reset_index(drop=True)
        semitones = lld["F0semitoneFrom27.5Hz_sma3nz"].to_numpy()
        voiced = semitones > 0
        y64 = y.astype(np.float64)
        row = {name: ref[name] for name in
               ["F1frequency_sma3nz_amean", "jitterLocal_sma3nz_amean", "shimmerLocaldB_sma3nz_amean"]}
        for flipped in (True, False):
            f1 = first_formants(y64, sr, flipped)[:len(voiced)]
            f1 = sma3nz(np.where(voiced[:len(f1)], f1, 0))
            row[f"F1 {'flipped polynomial' if flipped else 'model poles'}"] = f1[f1 > 0].mean()
        f0 = np.where(voiced, 27.5 * 2 ** (semitones / 12), 0)
        jitter, shimmer = period_chain(y64, f0, sr, int(round(0.01 * sr)), int(round(0.06 * sr)))
        jitter, shimmer = sma3nz(jitter), sma3nz(shimmer)
        row["jitter chain on openSMILE F0"] = jitter[jitter > 0].mean()
        row["shimmer chain on openSMILE F0"] = shimmer[shimmer > 0].mean()
        rows.append(row)
    table = pd.DataFrame(rows)
    print(f"{len(files)} RAVDESS files; Pearson r of per-file means vs openSMILE eGeMAPSv02:")
    for probe, reference in [("F1 flipped polynomial", "F1frequency_sma3nz_amean"),
                             ("F1 model poles", "F1frequency_sma3nz_amean"),
                             ("jitter chain on openSMILE F0", "jitterLocal_sma3nz_amean"),
                             ("shimmer chain on openSMILE F0", "shimmerLocaldB_sma3nz_amean")]:
        ok = table[probe].notna()
        r = np.corrcoef(table[probe][ok], table[reference][ok])[0, 1]
        print(f"- {probe}: r = {r:.3f} (mean {table[probe].mean():.4g} vs {table[reference].mean():.4g})")


if __name__ == "__main__":
    main()
