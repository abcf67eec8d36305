"""The package's tests run against the installed wheel (scripts/test.sh
builds it and installs it into a fresh environment), never the source tree."""

import importlib.util
import sys
from pathlib import Path

import pytest

import handoff

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def salon() -> handoff.Policy:
    return handoff.Policy.from_file(EXAMPLES / "salon.handoff")


def load_example(name: str):
    """A program of examples/runtime, imported as a module."""
    path = EXAMPLES / "runtime" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
