#!/usr/bin/env python3
"""Checks the resident-message corpus: every file parses, every field is known and well formed, every INSEE
code exists in data/communes-auvergne-rhone-alpes.csv, and the counts the corpus promises hold.

Run from anywhere: python3 tests/corpus/check.py  (exit status 1 on any problem; prints the counts).
"""

import collections
import csv
import datetime
import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
COMMUNES = ROOT / "data" / "communes-auvergne-rhone-alpes.csv"
NOW = datetime.datetime.fromisoformat("2026-12-01T09:00:00+01:00")

FILES = {"fr": 180, "en": 30, "ar": 40}  # file → the least number of messages it must hold
LANGS = {"fr", "en", "ar"}
INTENTS = {"help", "offer", "follow", "language", "question", "emergency", "greeting", "stop", "other"}
CATEGORIES = {
    "courses", "transport", "petits_travaux", "jardin", "visite",
    "papiers", "emprunter", "numerique", "repas", "autre",
}
DAY_WORDS = {"today", "this_week", "flexible"}
ANSWERS = {"yes", "no", "human"} | {str(n) for n in range(1, 10)}
FIELDS = {"text", "lang", "intent", "category", "commune", "commune_candidates", "day", "time", "code", "answer", "note"}
SLOTS = ["category", "commune", "day", "time", "code", "answer"]
REQUEST_SLOTS = ["category", "commune", "day", "time"]


def load_communes():
    with COMMUNES.open(encoding="utf-8") as f:
        return {row["insee"]: row for row in csv.DictReader(f)}


def check_message(where, m, communes, problems):
    def bad(why):
        problems.append(f"{where}: {why} — {m.get('text', '')[:60]!r}")

    for key in m:
        if key not in FIELDS:
            bad(f"unknown field {key!r}")
    if not isinstance(m.get("text"), str) or not m["text"].strip():
        bad("text is missing or empty")
    if m.get("lang") not in LANGS:
        bad(f"lang {m.get('lang')!r} is not one of {sorted(LANGS)}")
    if m.get("intent") not in INTENTS:
        bad(f"intent {m.get('intent')!r} is not one of {sorted(INTENTS)}")
    if "category" in m and m["category"] not in CATEGORIES:
        bad(f"category {m['category']!r} is not one of {sorted(CATEGORIES)}")
    if "commune" in m:
        if m["commune"] not in communes:
            bad(f"commune {m['commune']!r} is not an INSEE code of the region")
        if "commune_candidates" in m:
            bad("commune and commune_candidates exclude each other (one place, or ask which)")
    if "commune_candidates" in m:
        cands = m["commune_candidates"]
        if not isinstance(cands, list) or len(cands) < 2:
            bad("commune_candidates must list at least two INSEE codes")
        else:
            for c in cands:
                if c not in communes:
                    bad(f"candidate {c!r} is not an INSEE code of the region")
            if len(set(cands)) != len(cands):
                bad("commune_candidates repeats a code")
    if "day" in m:
        day = m["day"]
        if day not in DAY_WORDS:
            try:
                d = datetime.date.fromisoformat(day)
            except (TypeError, ValueError):
                bad(f"day {day!r} is neither an ISO date nor one of {sorted(DAY_WORDS)}")
            else:
                if d <= NOW.date():
                    bad(f"day {day} is not after the reference day (today is written \"today\")")
    if "time" in m:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(m["time"])):
            bad(f"time {m['time']!r} is not HH:MM")
    if "code" in m:
        if not re.fullmatch(r"[1-9]\d{5}", str(m["code"])):
            bad(f"code {m['code']!r} is not 6 digits without a leading 0")
        if m.get("intent") != "follow":
            bad("a code belongs to a follow message")
    if "answer" in m and m["answer"] not in ANSWERS:
        bad(f"answer {m['answer']!r} is not one of {sorted(ANSWERS)}")
    if m.get("intent") == "emergency" and ("day" in m or "time" in m):
        bad("an emergency carries no day: it is not a request to schedule")


def main():
    communes = load_communes()
    problems = []
    messages = []
    for name, least in FILES.items():
        path = HERE / f"{name}.toml"
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            problems.append(f"{path.name}: {e}")
            continue
        if doc.get("now") != "2026-12-01T09:00:00+01:00":
            problems.append(f"{path.name}: now must be 2026-12-01T09:00:00+01:00")
        for key in doc:
            if key not in {"now", "message"}:
                problems.append(f"{path.name}: unknown top-level key {key!r}")
        file_messages = doc.get("message", [])
        if len(file_messages) < least:
            problems.append(f"{path.name}: {len(file_messages)} messages, at least {least} wanted")
        for i, m in enumerate(file_messages, 1):
            check_message(f"{path.name} #{i}", m, communes, problems)
            messages.append((name, m))

    texts = collections.Counter((n, m.get("text")) for n, m in messages)
    for (n, text), count in texts.items():
        if count > 1:
            problems.append(f"{n}.toml: the same text appears {count} times: {text!r}")

    report(messages)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nOK")
    return 0


def report(messages):
    total = len(messages)
    print(f"{total} messages")
    by_file = collections.Counter(n for n, _ in messages)
    print("per file:    " + ", ".join(f"{k} {v}" for k, v in sorted(by_file.items())))
    by_lang = collections.Counter(m.get("lang") for _, m in messages)
    print("reply lang:  " + ", ".join(f"{k} {v}" for k, v in sorted(by_lang.items())))

    print("\nintent          fr   en   ar  total    %")
    for intent in sorted(INTENTS):
        row = [sum(1 for n, m in messages if n == f and m.get("intent") == intent) for f in FILES]
        print(f"{intent:<12} {row[0]:>5}{row[1]:>5}{row[2]:>5}{sum(row):>7}{100 * sum(row) / total:>5.0f}")

    print("\nslot            fr   en   ar  total")
    for slot in SLOTS + ["commune_candidates", "note"]:
        row = [sum(1 for n, m in messages if n == f and slot in m) for f in FILES]
        print(f"{slot:<14} {row[0]:>4}{row[1]:>5}{row[2]:>5}{sum(row):>7}")

    help_msgs = [m for _, m in messages if m.get("intent") == "help"]
    rich = [m for m in help_msgs if sum(s in m for s in REQUEST_SLOTS) + ("commune_candidates" in m) >= 3]
    print(f"\nhelp messages with 3 or more slots: {len(rich)} of {len(help_msgs)}")

    print("\ncategory (all intents)")
    cats = collections.Counter(m["category"] for _, m in messages if "category" in m)
    for c in sorted(CATEGORIES):
        print(f"  {c:<15}{cats[c]:>4}")

    days = collections.Counter(
        ("date" if m["day"] not in DAY_WORDS else m["day"]) for _, m in messages if "day" in m
    )
    print("day kinds:   " + ", ".join(f"{k} {v}" for k, v in sorted(days.items())))
    answers = collections.Counter(m["answer"] for _, m in messages if "answer" in m)
    print("answers:     " + ", ".join(f"{k} {v}" for k, v in sorted(answers.items())))


if __name__ == "__main__":
    sys.exit(main())
