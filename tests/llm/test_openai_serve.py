"""The real server process (python -m helpers.llm.openai_serve) with the official
``openai`` client: models, completions, chat, streaming, a refused prompt; nothing
left running afterwards."""

from __future__ import annotations

import openai
import pytest

from helpers.deploy.server import port_is_open
from helpers.llm import openai_serve
from helpers.llm.openai_client import OpenAIClient


@pytest.fixture(scope="module")
def server():
    # lesson 16's tiny model: the smallest shipped weights, the quickest start
    srv = openai_serve.workbook_server("tiny")
    with srv:
        yield srv
    assert not srv.running and not port_is_open(srv.port)


@pytest.fixture(scope="module")
def sdk(server):
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def test_official_client_completes(sdk, server):
    assert [m.id for m in sdk.models.list().data] == ["workbook-tiny"]
    out = sdk.completions.create(
        model="workbook-tiny", prompt="Q: 12 + 30 = ?\nA: ", max_tokens=4
    )
    ours = OpenAIClient(f"{server.url}/v1").complete(["Q: 12 + 30 = ?\nA: "], 4)
    assert out.choices[0].text == ours[0]
    assert out.usage.prompt_tokens == len("Q: 12 + 30 = ?\nA: ")


def test_official_client_chats_and_streams(sdk):
    messages = [{"role": "user", "content": "Instruction: reverse the word stone."}]
    full = sdk.chat.completions.create(
        model="workbook-tiny", messages=messages, max_tokens=8
    )
    text = full.choices[0].message.content
    assert full.choices[0].message.role == "assistant"
    stream = sdk.chat.completions.create(
        model="workbook-tiny", messages=messages, max_tokens=8, stream=True
    )
    pieces = [c.choices[0].delta.content or "" for c in stream]
    assert "".join(pieces) == text and len(pieces) >= len(text)


def test_too_long_prompt_is_refused_and_server_stays_up(sdk, server):
    with pytest.raises(openai.BadRequestError, match="context is 64 tokens"):
        sdk.completions.create(model="workbook-tiny", prompt="x" * 80, max_tokens=4)
    assert sdk.models.list().data  # still answering
    assert server.running


def test_workbook_server_bad_input():
    with pytest.raises(ValueError, match="unknown model"):
        openai_serve.workbook_server("gpt-5")
    assert openai_serve.parse_args(["--port", "1"]).model == "prompting"
