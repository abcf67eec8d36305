"""The rules of a `.handoff` file, for Python agent runtimes.

Load the rules once, then for each customer message::

    policy = handoff.Policy.from_file("rules.handoff")
    decision = policy.route(message)
    verdict = policy.check_reply(reply, topic=decision.topic)

`route` is the router of `handoff route`, `check_reply` the guard of
`handoff guard`, both from the same Rust core as the CLI, so a runtime
decides every message exactly as `handoff test` does. The adapters for agent
libraries are imported on their own (`handoff.agents` for the OpenAI Agents
SDK, `handoff.langchain` for LangChain), so this package needs neither.

`route` and `check_reply` take microseconds (see docs/runtime.md) and hold
the GIL while they run: call them straight from a coroutine, no executor
needed. `Policy.reload()` swaps in new rules atomically. `policy.recorder(path)`
keeps the conversation log the rules' `log:` declares (one JSON line per
message, personal data removed first), which `handoff report` reads back.
"""

from handoff._handoff import (
    Decision,
    FormatWarning,
    Policy,
    Recorder,
    RulesError,
    Verdict,
    __version__,
)
from handoff.meta import META_METADATA_LIMIT, meta_metadata

__all__ = [
    "META_METADATA_LIMIT",
    "Decision",
    "FormatWarning",
    "Policy",
    "Recorder",
    "RulesError",
    "Verdict",
    "__version__",
    "meta_metadata",
]
