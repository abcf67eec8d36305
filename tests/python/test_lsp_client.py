"""`handoff lsp` against a language client not written here: pytest-lsp
(on pygls) starts the real binary over stdio, as an editor would, and checks
diagnostics, hover, completion, definition and formatting.

Run by `cargo test --workspace` (tests/outputs.rs) with the binary in
`HANDOFF_BIN`.
"""

import os
from pathlib import Path

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("HANDOFF_BIN", ROOT / "target" / "debug" / "handoff"))
URI = "file:///rules/salon.handoff"
RULES = """business "Salon Lina"
system calendar: read
topic booking: about book; may suggest times using calendar; must not confirm
topic menu: about prices
test "Can I book?" -> booking
channels whatsap
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[str(BINARY), "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


async def open_rules(client: LanguageClient, text: str = RULES):
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=URI, language_id="handoff", version=1, text=text)
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


def at(line: int, character: int):
    return lsp.TextDocumentIdentifier(uri=URI), lsp.Position(line=line, character=character)


async def test_diagnostics_name_the_check_and_the_place(client: LanguageClient):
    await open_rules(client)
    diagnostics = client.diagnostics[URI]
    codes = {d.code for d in diagnostics}
    assert "H007/unknown-channel" in codes
    channel = next(d for d in diagnostics if d.code == "H007/unknown-channel")
    assert channel.range.start == lsp.Position(line=5, character=9)
    assert channel.severity == lsp.DiagnosticSeverity.Error
    assert "did you mean `whatsapp`" in channel.message


async def test_hover_tells_a_topics_rules(client: LanguageClient):
    await open_rules(client)
    doc, position = at(4, 23)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=doc, position=position)
    )
    assert hover is not None
    assert "**topic `booking`**" in hover.contents.value
    assert "must not: confirm" in hover.contents.value


async def test_completion_after_using_offers_the_systems(client: LanguageClient):
    await open_rules(client, RULES.replace("using calendar", "using "))
    doc, position = at(2, 51)
    result = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=doc, position=position)
    )
    items = result.items if hasattr(result, "items") else result
    assert [item.label for item in items] == ["calendar"]


async def test_definition_goes_to_the_declaration(client: LanguageClient):
    await open_rules(client)
    doc, position = at(2, 53)
    result = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=doc, position=position)
    )
    location = result[0] if isinstance(result, list) else result
    assert location.range.start == lsp.Position(line=1, character=7)


async def test_formatting_rewrites_the_document(client: LanguageClient):
    await open_rules(client, 'BUSINESS   "Salon Lina"\ntopic booking :about book\ntest "Can I book?"->booking\n')
    edits = await client.text_document_formatting_async(
        lsp.DocumentFormattingParams(
            text_document=lsp.TextDocumentIdentifier(uri=URI),
            options=lsp.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert len(edits) == 1
    assert edits[0].new_text == (
        'business "Salon Lina"\ntopic booking: about book\ntest "Can I book?" -> booking\n'
    )
