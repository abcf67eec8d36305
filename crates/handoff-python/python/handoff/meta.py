"""Handing a conversation to a person on WhatsApp, Messenger and Instagram.

Meta's handover (`pass_thread_control`) carries one free-text `metadata`
string to the app or inbox that takes over. `meta_metadata` renders a
decision's collected fields into it, within Meta's limit, cut at a line or a
word with a visible mark, so the person sees the topic and the fields first.
The whole record belongs in the runtime's own log: the metadata is what a
person reads, not the archive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handoff._handoff import Decision

#: The most characters Meta's handover `metadata` takes.
META_METADATA_LIMIT = 2000

_CUT = "… (cut to fit; the full record is in the log)"


def meta_metadata(
    decision: Decision | Mapping[str, Any],
    fields: Mapping[str, Any] | None = None,
    summary: str = "",
    *,
    limit: int = META_METADATA_LIMIT,
) -> str:
    """The `metadata` text for Meta's handover, at most `limit` characters.

    `decision` is a `Decision` or its record (`decision.to_dict()`, as a
    runtime logs it).

    `fields` are the collected values by field name (`party size`) or by the
    tool's argument name (`party_size`); the decision's `collect` fields come
    first, in the rule file's order, each marked when it was not collected.
    Lengths count UTF-16 code units, so the text fits whether the receiver
    counts those or characters.
    """
    if limit < len(_CUT) + 1:
        raise ValueError(f"limit must be at least {len(_CUT) + 1} characters")
    record = decision if isinstance(decision, Mapping) else decision.to_dict()
    given = {_key(name): value for name, value in (fields or {}).items()}
    lines = [f"Handoff: {record['topic'] or 'no topic'}"]
    reasons = [_reason(r) for r in record["reasons"] if r["rule"] != "about"]
    if reasons:
        lines.append("Why: " + "; ".join(reasons))
    for field in record["collect"]:
        value = given.pop(_key(field["name"]), None)
        lines.append(f"{field['name']}: {_value(value)}")
    for name, value in given.items():
        lines.append(f"{name.replace('_', ' ')}: {_value(value)}")
    if summary.strip():
        lines.append(f"Summary: {_one_line(summary)}")
    return _fit("\n".join(lines), limit)


def _key(name: str) -> str:
    return "_".join(name.lower().replace("_", " ").split())


def _value(value: Any) -> str:
    if value is None or value == "":
        return "(not collected)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _one_line(str(value))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reason(reason: Mapping[str, Any]) -> str:
    rule = str(reason["rule"]).replace("_", " ")
    phrase = reason.get("phrase")
    line = reason.get("line")
    text = f'{rule} "{phrase}"' if phrase else rule
    return f"{text} (line {line})" if line else text


def _length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> str:
    if _length(text) <= limit:
        return text
    room = limit - _length("\n" + _CUT)
    kept = ""
    for line in text.split("\n"):
        candidate = f"{kept}\n{line}" if kept else line
        if _length(candidate) <= room:
            kept = candidate
            continue
        # The line that overflows keeps the words that fit.
        words = []
        for word in line.split(" "):
            attempt = " ".join([*words, word])
            if _length(f"{kept}\n{attempt}" if kept else attempt) > room:
                break
            words.append(word)
        if words:
            kept = f"{kept}\n{' '.join(words)}" if kept else " ".join(words)
        break
    return f"{kept}\n{_CUT}" if kept else _CUT
