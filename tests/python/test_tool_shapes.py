"""The handoff tool (`handoff build FILE --emit tool`) against the libraries
of the APIs it is made for: OpenAI's and Anthropic's own request types, the
OpenAI Agents SDK's strict-schema check, and `jsonschema` for sample
arguments.

Run by `cargo test --workspace` (tests/outputs.rs) with the binary it built in
`HANDOFF_BIN`; by hand: `target/py-venv/bin/python -m pytest tests/python`
after `cargo build` (see README.md).
"""

import copy
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from agents import FunctionTool
from agents.models.chatcmpl_converter import Converter
from agents.strict_schema import ensure_strict_json_schema
from anthropic.types import ToolParam
from anthropic.types.tool_param import InputSchemaTyped
from openai.types.chat import ChatCompletionFunctionToolParam
from openai.types.responses import FunctionToolParam
from openai.types.shared import FunctionDefinition
from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("HANDOFF_BIN", ROOT / "target" / "debug" / "handoff"))
EXAMPLES = sorted((ROOT / "examples").glob("*.handoff"))

# What OpenAI and Anthropic refuse at the root of a tool's parameters.
ROOT_FORBIDDEN = {"oneOf", "anyOf", "allOf", "enum", "not", "const"}

# OpenAI's strict function calling (Structured Outputs, "Supported schemas"):
# the keywords it takes and the string formats it knows.
STRICT_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "anyOf", "enum",
    "description", "title", "format", "pattern",
}
STRICT_FORMATS = {
    "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid",
}

# A value of each field type that fits it, by what the schema says.
GOOD = {
    "date": "2026-12-24",
    "time": "19:30:00",
    "email": "anna@example.se",
    "phone": "+46 70 123 45 67",
    "number": 2,
    "boolean": True,
    "string": "Friday",
}


@pytest.fixture(scope="session")
def tools(tmp_path_factory):
    """Every example's tool document, built by the real binary."""
    out = tmp_path_factory.mktemp("tools")
    docs = {}
    for example in EXAMPLES:
        run = subprocess.run(
            [str(BINARY), "build", str(example), "--emit", "tool", "-o", str(out)],
            capture_output=True, text=True, check=False,
        )
        assert run.returncode == 0, f"{example.name}: {run.stderr}"
        docs[example.stem] = json.loads((out / f"{example.stem}.tool.json").read_text())
    return docs


def params(doc):
    """The three API shapes' argument schemas, by name."""
    return {
        "openai": doc["openai"]["function"]["parameters"],
        "openai_strict": doc["openai_strict"]["function"]["parameters"],
        "anthropic": doc["anthropic"]["input_schema"],
    }


def test_every_example_is_checked(tools):
    assert EXAMPLES, "no examples found"
    assert set(tools) == {e.stem for e in EXAMPLES}


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_openai_shapes_are_chat_completions_tools(tools, stem):
    for key in ("openai", "openai_strict"):
        tool = tools[stem][key]
        # A TypedDict drops keys it does not know: equal means none were unknown.
        assert TypeAdapter(ChatCompletionFunctionToolParam).validate_python(tool) == tool, key
        FunctionDefinition.model_validate(tool["function"])
        assert tool["function"]["name"] == "handoff_to_human"
    assert "strict" not in tools[stem]["openai"]["function"]
    # The Responses API takes the same function with its keys lifted (docs/outputs.md).
    lifted = {"type": "function", **tools[stem]["openai_strict"]["function"]}
    assert TypeAdapter(FunctionToolParam).validate_python(lifted) == lifted
    assert tools[stem]["openai_strict"]["function"]["strict"] is True


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_anthropic_shape_is_a_messages_tool(tools, stem):
    tool = tools[stem]["anthropic"]
    assert TypeAdapter(ToolParam).validate_python(tool) == tool
    # ToolParam also takes any dict as the schema; the typed form pins `type: object`.
    TypeAdapter(InputSchemaTyped).validate_python(tool["input_schema"])


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_every_root_is_a_plain_closed_object(tools, stem):
    for key, schema in params(tools[stem]).items():
        assert schema["type"] == "object", key
        assert not ROOT_FORBIDDEN & schema.keys(), f"{key}: {ROOT_FORBIDDEN & schema.keys()}"
        assert schema["additionalProperties"] is False, key
        assert schema["required"] == list(schema["properties"]), key
        assert "$schema" not in schema, f"{key}: $schema belongs to json_schema only"


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_the_strict_shape_is_what_the_agents_sdk_sends(tools, stem):
    strict = tools[stem]["openai_strict"]
    schema = strict["function"]["parameters"]
    # Already strict: the SDK's check has nothing to add or change.
    assert ensure_strict_json_schema(copy.deepcopy(schema)) == schema

    async def invoke(_context, _arguments):
        return "handed over"

    tool = FunctionTool(
        name=strict["function"]["name"],
        description=strict["function"]["description"],
        params_json_schema=copy.deepcopy(schema),
        on_invoke_tool=invoke,
        strict_json_schema=True,
    )
    assert Converter.tool_to_openai(tool) == strict


def walk(schema, path="$"):
    """Every schema object below and including `schema`, with its path."""
    yield path, schema
    for key, sub in schema.get("properties", {}).items():
        yield from walk(sub, f"{path}.{key}")
    for i, sub in enumerate(schema.get("anyOf", [])):
        yield from walk(sub, f"{path}|{i}")


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_the_strict_shape_keeps_to_the_strict_subset(tools, stem):
    for path, node in walk(tools[stem]["openai_strict"]["function"]["parameters"]):
        assert node.keys() <= STRICT_KEYWORDS, f"{path}: {node.keys() - STRICT_KEYWORDS}"
        if "format" in node:
            assert node["format"] in STRICT_FORMATS, path
        if node.get("type") == "object":
            assert node["additionalProperties"] is False, path
            assert node["required"] == list(node["properties"]), f"{path}: all required"


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_json_schema_is_the_parameters_with_a_dialect(tools, stem):
    doc = tools[stem]
    schema = doc["json_schema"]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    bare = {k: v for k, v in schema.items() if k not in ("$schema", "title")}
    assert bare == doc["openai"]["function"]["parameters"] == doc["anthropic"]["input_schema"]


def sample(branch):
    """Arguments for one branch of `details`, every field filled in well."""
    details = {}
    for key, field in branch["properties"].items():
        if key == "topic":
            details[key] = None if field["type"] == "null" else field["enum"][0]
        elif "format" in field:
            details[key] = GOOD[field["format"]]
        elif "pattern" in field:
            details[key] = GOOD["phone"]
        else:
            details[key] = GOOD[field["type"]]
    return {"details": details, "summary": "Wants a table on Friday."}


def validators(doc):
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return {
        "json_schema": jsonschema.Draft202012Validator(doc["json_schema"], format_checker=checker),
        "openai_strict": jsonschema.Draft202012Validator(
            doc["openai_strict"]["function"]["parameters"], format_checker=checker
        ),
    }


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_sample_arguments_pass_and_broken_ones_fail(tools, stem):
    doc = tools[stem]
    branches = doc["json_schema"]["properties"]["details"]["anyOf"]
    assert branches[-1]["properties"]["topic"] == {
        "type": "null", "description": "The conversation fits no topic",
    }
    for name, validator in validators(doc).items():
        for branch in branches:
            assert branch["required"] == list(branch["properties"]), "every field required"
            assert list(branch["properties"])[0] == "topic", "the topic first"
            good = sample(branch)
            topic = good["details"]["topic"]
            errors = [e.message for e in validator.iter_errors(good)]
            assert errors == [], f"{name} {topic}: {errors}"

            for field in branch["required"]:
                missing = copy.deepcopy(good)
                del missing["details"][field]
                assert not validator.is_valid(missing), f"{name} {topic}: needs {field}"
            extra = copy.deepcopy(good)
            extra["details"]["favourite_colour"] = "blue"
            assert not validator.is_valid(extra), f"{name} {topic}: nothing undeclared"
            no_summary = copy.deepcopy(good)
            del no_summary["summary"]
            assert not validator.is_valid(no_summary), f"{name} {topic}: needs a summary"
            flat = {"topic": topic, "summary": "x", **good["details"]}
            assert not validator.is_valid(flat), f"{name} {topic}: fields go in details"

            for other in branches:
                if other is branch or set(other["required"]) == set(branch["required"]):
                    continue
                # This topic's name with another topic's fields.
                swapped = sample(other)
                swapped["details"]["topic"] = topic
                assert not validator.is_valid(swapped), f"{name}: {topic} with another's fields"

        unknown = {"details": {"topic": "no-such-topic"}, "summary": "x"}
        assert not validator.is_valid(unknown), f"{name}: unknown topic"


@pytest.mark.parametrize("stem", [e.stem for e in EXAMPLES])
def test_field_types_are_enforced(tools, stem):
    doc = tools[stem]
    for name, validator in validators(doc).items():
        for branch in doc["json_schema"]["properties"]["details"]["anyOf"]:
            good = sample(branch)
            for key, field in branch["properties"].items():
                if key == "topic":
                    continue
                wrong = copy.deepcopy(good)
                if field["type"] in ("number", "boolean"):
                    wrong["details"][key] = "two"
                elif field.get("format") == "date" or "pattern" in field:
                    wrong["details"][key] = "next Friday"
                else:
                    wrong["details"][key] = 2
                assert not validator.is_valid(wrong), f"{name} {branch['title']}: {key}"


def test_a_salon_booking_needs_the_party_size(tools):
    for name, validator in validators(tools["salon"]).items():
        booking = {"details": {"topic": "booking", "day": "Friday", "party_size": 2}, "summary": "x"}
        assert validator.is_valid(booking), name
        del booking["details"]["party_size"]
        assert not validator.is_valid(booking), name


def test_an_empty_text_is_refused_where_the_target_can_say_so(tools):
    doc = tools["salon"]
    empty = {"details": {"topic": "booking", "day": "", "party_size": 2}, "summary": "x"}
    assert not validators(doc)["json_schema"].is_valid(empty)
    # Strict mode has no `minLength`: the rule is in the words the model reads.
    branches = doc["openai_strict"]["function"]["parameters"]["properties"]["details"]["anyOf"]
    booking = next(b for b in branches if b["properties"]["topic"].get("enum") == ["booking"])
    day = booking["properties"]["day"]
    assert "minLength" not in day and day["description"].endswith("(never empty)")
