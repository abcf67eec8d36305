"""The recorder: a week of customer messages to the salon, run through the
package as a runtime would (examples/runtime/python_week.py), makes the log
`handoff report` reads. What the
rules' `log:` does not save is never written, personal data is removed
before the line is, a torn last line costs only itself, and the records
follow `reload()`."""

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

import handoff

from conftest import EXAMPLES, load_example

# The week of examples/runtime/python_week.py: the salon's messages, run
# through the package as a runtime would.
example = load_example("python_week")
WEEK = example.WEEK
run_week = example.run_week


def read(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_a_week_of_records_is_what_the_rules_log_keeps(salon, tmp_path):
    log = tmp_path / "week.jsonl"
    written = run_week(salon, log)
    assert read(log) == written
    assert len(written) == len(WEEK)
    text = log.read_text(encoding="utf-8")
    for private in ["070-123", "lisa@example.com"]:
        assert private not in text
    first = written[0]
    # The salon saves question, answer, sources, topic and handed off.
    assert set(first) == {"time", "policy", "conversation", "channel", "topic", "handed_off", "rules", "held", "question", "answer", "sources"}
    assert first["question"].endswith("[phone]")
    assert first["time"] == "2026-11-23T09:00:00+01:00"
    assert first["topic"] == "booking" and first["handed_off"] is False
    # The Swedish confirmation and the discount were held back.
    held = [r for r in written if r["held"]]
    assert [h["held"][0]["phrase"] for h in held] == ["bekräfta", "discount"]
    assert all(r["handed_off"] for r in held)
    # Every record names the rules' version.
    assert {r["policy"] for r in written} == {written[0]["policy"]}
    assert written[0]["policy"].startswith("sha256:")


def test_what_save_leaves_out_is_never_written(tmp_path):
    policy = handoff.Policy.from_source(
        'business "Shop"\ntopic orders: about order\nlog: save topic, handed off; redact names\n'
    )
    log = tmp_path / "log.jsonl"
    record = policy.recorder(log, channel="web").record(
        "where is my order 12345", reply="It ships Friday.", sources=["orders"]
    )
    assert "question" not in record and "answer" not in record and "sources" not in record
    assert record["channel"] == "web"
    assert record["topic"] == "orders"
    assert "12345" not in log.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="does not save `mood`"):
        policy.recorder(log).record("hi", extra={"mood": "happy"})
    with pytest.raises(ValueError, match="RFC 3339"):
        policy.recorder(log).record("hi", time="last tuesday")
    with pytest.raises(ValueError, match="RFC 3339"):
        policy.recorder(log).record("hi", time=datetime(2026, 11, 23, 9, 0))
    with pytest.raises(OSError):
        policy.recorder(tmp_path / "missing" / "log.jsonl").record("hi")


def test_a_torn_line_costs_only_itself_and_records_follow_reload(tmp_path):
    rules = tmp_path / "rules.handoff"
    rules.write_text('business "Cafe"\ntopic menu: about menu\nlog: save question\n', encoding="utf-8")
    policy = handoff.Policy.from_file(rules)
    log = tmp_path / "log.jsonl"
    recorder = policy.recorder(log)
    recorder.record("can I see the menu")
    with log.open("ab") as f:
        f.write(b'{"time": "2026-11-2')  # the runtime died mid-write
    rules.write_text('business "Cafe"\ntopic menu: about menu, dishes\nlog: save question\n', encoding="utf-8")
    policy.reload()
    recorder.record("which dishes do you have")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[1] == '{"time": "2026-11-2'
    first, second = json.loads(lines[0]), json.loads(lines[2])
    assert first["policy"] != second["policy"]
    assert second["topic"] == "menu"


@pytest.mark.skipif("HANDOFF_BIN" not in os.environ, reason="needs the handoff binary (HANDOFF_BIN)")
def test_handoff_report_reads_the_week_the_package_wrote(salon, tmp_path):
    log = tmp_path / "week.jsonl"
    written = run_week(salon, log)
    out = subprocess.run(
        [os.environ["HANDOFF_BIN"], "report", str(log), "--rules", str(EXAMPLES / "salon.handoff"), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    week = json.loads(out.stdout)
    assert week["messages"] == len(written)
    assert week["handed_off"] == sum(r["handed_off"] for r in written)
    assert week["held"] == sum(bool(r["held"]) for r in written)
    assert week["no_topic"] == sum(r["topic"] is None for r in written)
    assert week["from"] == "2026-11-23" and week["to"] == "2026-11-29"
    assert week["conversations"] == len({r["conversation"] for r in written})
    assert [c["name"] for c in week["channels"]] == ["whatsapp", "instagram", "web"]
