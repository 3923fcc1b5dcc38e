#!/usr/bin/env python3
"""Fills an (already migrated) Emovox catalog with N synthetic samples over S speakers, for
benchmarks of queries and splits. Deterministic: the same arguments give the same rows."""
import random
import sqlite3
import sys

path, samples, speakers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
emotions = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]
languages = ["en", "de", "fr", "es"]
accents = ["General American", "British", "Scottish", "Caribbean", None]
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = OFF")
with db:
    for c in range(4):
        db.execute("INSERT INTO corpus (name, license) VALUES (?, 'synthetic')", (f"bench-{c}",))
    corpus_ids = [row[0] for row in db.execute("SELECT id FROM corpus WHERE name LIKE 'bench-%' ORDER BY id")]
    speaker_rows = []
    for s in range(speakers):
        speaker_rows.append((corpus_ids[s % 4], f"s{s:05d}", "female" if s % 2 else "male",
                             20 + s % 50, accents[s % len(accents)], languages[s % 4]))
    db.executemany("INSERT INTO speaker (corpusId, code, gender, age, accent, nativeLanguage) VALUES (?,?,?,?,?,?)",
                   speaker_rows)
    ids = [(row[0], row[1]) for row in db.execute("SELECT id, corpusId FROM speaker ORDER BY id")]
    batch = []
    for i in range(samples):
        sid, cid = ids[rng.randrange(len(ids))]
        emotion = emotions[rng.randrange(len(emotions))]
        batch.append((cid, sid, "/bench", f"s{sid}/{i:07d}.wav", f"{rng.getrandbits(256):064x}", 100000,
                      "wav", "pcm16", 16000, 1, 48000, 3.0, languages[sid % 4], f"{i % 20:02d}", None,
                      emotion, emotion, "normal", "speech", 1, "2026-01-01 00:00:00"))
        if len(batch) == 50000:
            db.executemany("INSERT INTO sample (corpusId, speakerId, root, path, checksum, fileSize, container, encoding,"
                           " sampleRate, channels, frames, duration, language, statement, transcript, emotionOriginal,"
                           " emotion, intensity, vocalChannel, repetition, importedAt)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        db.executemany("INSERT INTO sample (corpusId, speakerId, root, path, checksum, fileSize, container, encoding,"
                       " sampleRate, channels, frames, duration, language, statement, transcript, emotionOriginal,"
                       " emotion, intensity, vocalChannel, repetition, importedAt)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
