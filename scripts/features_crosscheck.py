#!/usr/bin/env python3
"""Cross-checks Emovox's native `gemaps` (all 88 eGeMAPSv02 columns) against openSMILE eGeMAPSv02, at
several sample rates, on RAVDESS and on espeak-ng voices; MFCC means against librosa; `prosody`'s mean F0
against `gemaps`'; and single-threaded extraction speed. A benchmark, not a test.

    /work/.venv-ref/bin/python scripts/features_crosscheck.py [--count 200] [--rates 16000,22050,44100,48000]
        [--voices 48] [--out report.md]

Both tools get identical audio: each RAVDESS file is mixed to mono (channel mean), resampled with soxr
(very high quality) to every rate and written as 32-bit float WAV in a temporary directory; openSMILE
reads that WAV's samples, Emovox decodes the same WAV. The espeak-ng clips (several languages, male and
female variants, a few pitches and speeds) are synthesized at espeak's rate and resampled to 16 kHz the
same way; their correlations are reported separately.

The Emovox side runs through the release-built test hook, once per rate:
    EMOVOX_FEATURE_FILES=<list> EMOVOX_FEATURE_DUMP=<csv> swift test -c release --filter FeatureDumpTests
which also writes <csv>.timing.json (thread CPU seconds spent in `gemaps`, decoding excluded);
`--test-binary` runs a copy of the built test bundle instead (so the tree can be rebuilt meanwhile).
`--workdir DIR` keeps the converted audio and openSMILE's / librosa's results (and openSMILE's CPU time)
in DIR and reuses them on the next run; the report then says so.

Reports per rate the Pearson r across files of every eGeMAPS column, the number of columns below 0.9
and 0.8, openSMILE's own spread of each column (to spot degenerate, near-constant ones), the targets
(r >= 0.99: mean F0, mean loudness, MFCC 1-4 means; every column >= 0.9), MFCC 0-12 means against
librosa (n_mfcc 13, n_mels 40, fmin 0, fmax min(8000, rate/2), 25 ms frames, 10 ms hop), `prosody`
`F0semitone_mean` against `gemaps` `F0semitoneFrom27.5Hz_sma3nz_amean`, and audio-seconds per CPU-second
of Emovox gemaps vs openSMILE eGeMAPSv02 (process CPU time of `Smile.process_signal` on decoded audio).
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import soundfile as sf
import soxr

REPO = pathlib.Path(__file__).resolve().parent.parent
STRONG = ["F0semitoneFrom27.5Hz_sma3nz_amean", "loudness_sma3_amean"] + [
    f"mfcc{i}_sma3_amean" for i in range(1, 5)]
N_MFCC = 13
# espeak-ng voices: language + variant (m = male, f = female), a spread of pitches and speeds.
VOICES = ["en+m3", "en+f3", "de+m2", "de+f2", "fr+m4", "fr+f4", "es+m1", "es+f1", "hi+m3", "hi+f3",
          "ar+m2", "ar+f2"]
SENTENCES = {
    "en": ["The quick brown fox jumps over the lazy dog.", "Kids are talking by the door.",
           "I never said she stole my money, did I?", "Please call Stella and ask her to bring these things."],
    "de": ["Der schnelle braune Fuchs springt über den faulen Hund.", "Die Kinder reden an der Tür.",
           "Ich habe nie gesagt, dass sie mein Geld gestohlen hat.", "Bitte ruf Stella an und frag sie."],
    "fr": ["Le renard brun rapide saute par-dessus le chien paresseux.", "Les enfants parlent près de la porte.",
           "Je n'ai jamais dit qu'elle avait volé mon argent.", "Appelle Stella et demande-lui de venir."],
    "es": ["El rápido zorro marrón salta sobre el perro perezoso.", "Los niños hablan junto a la puerta.",
           "Nunca dije que ella robó mi dinero.", "Por favor llama a Stella y pídele que traiga esto."],
    "hi": ["तेज़ भूरी लोमड़ी आलसी कुत्ते के ऊपर कूदती है।", "बच्चे दरवाज़े के पास बात कर रहे हैं।",
           "मैंने कभी नहीं कहा कि उसने मेरे पैसे चुराए।", "कृपया स्टेला को फ़ोन करो और उसे बुलाओ।"],
    "ar": ["الثعلب البني السريع يقفز فوق الكلب الكسول.", "الأطفال يتحدثون عند الباب.",
           "لم أقل أبدا إنها سرقت أموالي.", "من فضلك اتصل بستيلا واطلب منها أن تأتي."],
}


def corpus_files(root: pathlib.Path, count: int) -> list:
    files = sorted(str(p) for p in root.glob("Actor_*/*.flac"))
    if not files:
        sys.exit(f"no RAVDESS files under {root}")
    # Evenly spaced, deterministic subset covering every actor and emotion.
    idx = np.linspace(0, len(files) - 1, num=min(count, len(files))).round().astype(int)
    return [files[i] for i in idx]


def write_resampled(source: str, rate: int, target: pathlib.Path) -> None:
    """Mono mix (channel mean), soxr very-high-quality resampling, 32-bit float WAV."""
    y, sr = sf.read(source, dtype="float64", always_2d=True)
    y = y.mean(axis=1)
    if sr != rate:
        y = soxr.resample(y, sr, rate, quality="VHQ")
    sf.write(str(target), y.astype(np.float32), rate, subtype="FLOAT")


def synthesize_voices(count: int, workdir: pathlib.Path) -> list:
    """`count` espeak-ng clips over VOICES × SENTENCES with a few pitches and speeds, at 16 kHz."""
    clips = []
    k = 0
    while len(clips) < count:
        voice = VOICES[k % len(VOICES)]
        language = voice.split("+")[0]
        sentence = SENTENCES[language][(k // len(VOICES)) % len(SENTENCES[language])]
        pitch = [50, 35, 65, 45, 55][(k // len(VOICES)) % 5]
        speed = [160, 140, 180, 150][(k // (2 * len(VOICES))) % 4]
        raw = workdir / f"voice{k:03d}.raw.wav"
        out = workdir / f"voice{k:03d}-{voice.replace('+', '_')}.wav"
        if not out.exists():
            subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", str(raw),
                            sentence], check=True, capture_output=True)
            write_resampled(str(raw), 16000, out)
            raw.unlink()
        clips.append(str(out))
        k += 1
    return clips


def run_emovox(files: list, workdir: pathlib.Path, name: str, args) -> tuple:
    listing = workdir / f"{name}.txt"
    listing.write_text("\n".join(files) + "\n")
    out = workdir / f"{name}.csv"
    env = dict(os.environ, EMOVOX_FEATURE_FILES=str(listing), EMOVOX_FEATURE_DUMP=str(out))
    if args.test_binary:
        command = [str(args.test_binary), "--testing-library", "swift-testing", "--filter", "FeatureDumpTests"]
    else:
        command = ["swift", "test", "-c", args.configuration, "--filter", "FeatureDumpTests"]
        if args.skip_build:
            command.append("--skip-build")
    subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    table = pd.read_csv(out).set_index("path").loc[files]
    timing = json.loads(pathlib.Path(str(out) + ".timing.json").read_text())
    return table, timing


def run_opensmile(files: list) -> tuple:
    import opensmile

    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.Functionals)
    rows, cpu, seconds = [], 0.0, 0.0
    for path in files:
        y, sr = sf.read(path, dtype="float32")
        seconds += len(y) / sr
        t0 = time.process_time()
        rows.append(smile.process_signal(y, sr).iloc[0])
        cpu += time.process_time() - t0
    return pd.DataFrame(rows, index=files), cpu, seconds


def librosa_mfcc_means(files: list) -> np.ndarray:
    import librosa

    means = []
    for path in files:
        y, sr = sf.read(path, dtype="float32")
        n_fft = int(round(0.025 * sr))
        n_fft += n_fft % 2
        m = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=N_MFCC, n_fft=n_fft, hop_length=int(round(0.010 * sr)),
                                 n_mels=40, fmin=0.0, fmax=min(8000.0, sr / 2))
        means.append(m.mean(axis=1))
    return np.array(means)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3 or np.std(a[ok]) == 0 or np.std(b[ok]) == 0:
        return float("nan")
    return float(np.corrcoef(a[ok], b[ok])[0, 1])


def spread(values: np.ndarray) -> float:
    """Coefficient of variation of openSMILE's values across files (|std / mean|): near 0 flags a
    column that is (nearly) the same for every file, whose correlation says little."""
    v = values[np.isfinite(values)]
    if len(v) < 2:
        return float("nan")
    return float(np.std(v) / max(abs(np.mean(v)), 1e-12))


def fmt(r: float) -> str:
    return "nan" if not np.isfinite(r) else f"{r:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    default_root = REPO.parent / "shared/corpora/ravdess"
    if not default_root.exists():
        default_root = pathlib.Path("/work/shared/corpora/ravdess")
    parser.add_argument("--corpus", type=pathlib.Path, default=default_root)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rates", default="16000,22050,44100,48000")
    parser.add_argument("--voices", type=int, default=48, help="espeak-ng clips at 16 kHz (0: none)")
    parser.add_argument("--configuration", default="release", choices=["release", "debug"],
                        help="build of the Emovox side (speed figures only mean something in release)")
    parser.add_argument("--workdir", type=pathlib.Path,
                        help="keep the converted audio and the reference results here and reuse them on the next "
                             "run (default: a fresh temporary directory)")
    parser.add_argument("--skip-build", action="store_true", help="use the existing build as it is")
    parser.add_argument("--test-binary", type=pathlib.Path,
                        help="run this copy of the built test bundle instead of `swift test` (for iterating)")
    parser.add_argument("--out", type=pathlib.Path, help="also write the report here (markdown)")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]

    files = corpus_files(args.corpus, args.count)
    workdir = args.workdir or pathlib.Path(tempfile.mkdtemp(prefix="emovox-crosscheck-"))
    sets = []  # (label, files, rate)
    for rate in rates:
        directory = workdir / str(rate)
        directory.mkdir(parents=True, exist_ok=True)
        converted = []
        for path in files:
            target = directory / (pathlib.Path(path).stem + ".wav")
            if not target.exists():
                write_resampled(path, rate, target)
            converted.append(str(target))
        sets.append((f"RAVDESS {rate / 1000:g} kHz", converted, rate))
    if args.voices > 0:
        directory = workdir / "voices"
        directory.mkdir(parents=True, exist_ok=True)
        sets.append(("espeak-ng 16 kHz", synthesize_voices(args.voices, directory), 16000))

    results = []
    cached_reference = False
    for label, converted, rate in sets:
        print(f"[{label}] Emovox ...", file=sys.stderr)
        emovox, timing = run_emovox(converted, workdir, label.replace(" ", "_"), args)
        cache = workdir / (label.replace(" ", "_") + ".reference")
        if (cache / "opensmile.csv").exists() and len(pd.read_csv(cache / "opensmile.csv")) == len(converted):
            reference = pd.read_csv(cache / "opensmile.csv", index_col=0).loc[converted]
            mfcc = np.load(cache / "librosa.npy")
            smile_cpu, seconds = json.loads((cache / "timing.json").read_text())
            cached_reference = True
        else:
            print(f"[{label}] openSMILE ...", file=sys.stderr)
            reference, smile_cpu, seconds = run_opensmile(converted)
            mfcc = librosa_mfcc_means(converted)
            cache.mkdir(exist_ok=True)
            reference.to_csv(cache / "opensmile.csv")
            np.save(cache / "librosa.npy", mfcc)
            (cache / "timing.json").write_text(json.dumps([smile_cpu, seconds]))
        results.append(dict(label=label, rate=rate, files=converted, emovox=emovox, timing=timing,
                            reference=reference, smile_cpu=smile_cpu, seconds=seconds, mfcc=mfcc))

    columns = list(results[0]["reference"].columns)
    labels = [r["label"] for r in results]
    r_table = {res["label"]: {c: pearson(res["emovox"][c].to_numpy(float), res["reference"][c].to_numpy(float))
                              for c in columns} for res in results}
    spreads = {res["label"]: {c: spread(res["reference"][c].to_numpy(float)) for c in columns}
               for res in results}

    lines = [f"# Emovox gemaps vs openSMILE eGeMAPSv02 on {len(files)} RAVDESS files at "
             f"{', '.join(f'{r / 1000:g}' for r in rates)} kHz"
             + (f" and {args.voices} espeak-ng clips at 16 kHz" if args.voices > 0 else ""), "",
             "Both tools read the same mono 32-bit float WAV (soxr VHQ resampling of the FLAC). Pearson r across "
             "files; `spread` = openSMILE's |std/mean| across the files at 16 kHz (near 0: a near-constant "
             "column).", "", "## Summary", "",
             "| audio | files | columns r < 0.9 | r < 0.8 | lowest r | strong targets (r ≥ 0.99) |",
             "|---|---:|---:|---:|---|---|"]
    failures = []
    for res in results:
        rs = r_table[res["label"]]
        below9 = [c for c in columns if not rs[c] >= 0.9]
        below8 = [c for c in columns if not rs[c] >= 0.8]
        lowest = min(columns, key=lambda c: rs[c] if np.isfinite(rs[c]) else -2)
        strong_fail = [c for c in STRONG if not rs[c] >= 0.99]
        failures += [f"{res['label']}: {c}" for c in below9 + strong_fail]
        lines.append(f"| {res['label']} | {len(res['files'])} | {len(below9)} | {len(below8)} | "
                     f"{lowest} {fmt(rs[lowest])} | {'PASS' if not strong_fail else 'FAIL ' + ', '.join(strong_fail)} |")

    lines += ["", "## Pearson r per column", "",
              "| column | " + " | ".join(labels) + " | spread |",
              "|---|" + "---:|" * (len(labels) + 1)]
    spread_label = labels[0]
    for c in columns:
        cells = []
        for label in labels:
            r = r_table[label][c]
            cells.append(("**" + fmt(r) + "**") if not r >= 0.9 else fmt(r))
        lines.append(f"| {c} | " + " | ".join(cells) + f" | {spreads[spread_label][c]:.3g} |")

    lines += ["", "## MFCC means vs librosa (Emovox `mfcc` set)", "",
              "| coefficient | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for i in range(N_MFCC):
        cells = [fmt(pearson(res["emovox"][f"mfcc{i}_mean"].to_numpy(float), res["mfcc"][:, i])) for res in results]
        lines.append(f"| mfcc{i}_mean | " + " | ".join(cells) + " |")

    lines += ["", "## `prosody` mean F0 (YIN) vs `gemaps` mean F0 (SHS), semitones re 27.5 Hz", "",
              "| audio | Pearson r | mean |difference| | median difference |", "|---|---:|---:|---:|"]
    for res in results:
        a = res["emovox"]["F0semitone_mean"].to_numpy(float)
        b = res["emovox"]["F0semitoneFrom27.5Hz_sma3nz_amean"].to_numpy(float)
        ok = np.isfinite(a) & np.isfinite(b)
        lines.append(f"| {res['label']} | {fmt(pearson(a, b))} | {np.mean(np.abs(a[ok] - b[ok])):.2f} st | "
                     f"{np.median(a[ok] - b[ok]):+.2f} st |")

    lines += ["", "## Speed (single thread, decoding excluded)", "",
              "| audio | audio s | openSMILE audio-s/CPU-s | Emovox gemaps audio-s/CPU-s | ratio |",
              "|---|---:|---:|---:|---:|"]
    for res in results:
        smile_speed = res["seconds"] / res["smile_cpu"]
        t = res["timing"]
        emovox_speed = t["audio_seconds"] / t["gemaps_cpu_seconds"]
        lines.append(f"| {res['label']} | {res['seconds']:.1f} | {smile_speed:.1f} | {emovox_speed:.1f} | "
                     f"{emovox_speed / smile_speed:.2f}× |")
    if args.configuration != "release" and not args.test_binary:
        lines.append("\n(debug build: Emovox speed not meaningful)")
    if cached_reference:
        lines.append(f"\n(openSMILE's results and CPU time come from an earlier run of this script on the same "
                     f"files, cached in {workdir})")
    lines += ["", f"Below target in total (r < 0.9, or < 0.99 for the strong targets): {len(failures)} "
              "column × audio pairs (see the summary)."]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")


if __name__ == "__main__":
    main()
