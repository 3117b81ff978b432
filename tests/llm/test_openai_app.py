"""The OpenAI-compatible app in process (FastAPI TestClient, a tiny random GPT)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from helpers.llm.openai_app import Message, chat_prompt, create_app
from llm.openai_support import tiny_lm


@pytest.fixture(scope="module")
def lm():
    return tiny_lm()


@pytest.fixture(scope="module")
def client(lm):
    with TestClient(create_app(lm)) as c:
        yield c


def test_health_and_models(client):
    assert client.get("/health").json() == {"status": "ok"}
    data = client.get("/v1/models").json()
    assert data["object"] == "list" and data["data"][0]["id"] == "tiny-test"


def test_completions_match_the_model(client, lm):
    body = {"model": "tiny-test", "prompt": ["ab", "cde"], "max_tokens": 5}
    data = client.post("/v1/completions", json=body).json()
    texts = [c["text"] for c in data["choices"]]
    assert texts == lm.complete(["ab", "cde"], 5)
    assert data["object"] == "text_completion"
    assert data["usage"]["prompt_tokens"] == 5
    assert data["usage"]["total_tokens"] == 5 + sum(map(len, texts))


def test_chat_and_stream_agree(client, lm):
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi"},
    ]
    body = {"model": "tiny-test", "messages": messages, "max_tokens": 6}
    answer = client.post("/v1/chat/completions", json=body).json()
    text = answer["choices"][0]["message"]["content"]
    prompt = chat_prompt([Message(**m) for m in messages])
    assert prompt == "be brief\nhi\n"
    assert text == lm.complete([prompt], 6)[0]
    with client.stream(
        "POST", "/v1/chat/completions", json={**body, "stream": True}
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [ln for ln in r.iter_lines() if ln.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(ln[6:]) for ln in lines[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    streamed = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert streamed == text
    assert chunks[-1]["choices"][0]["finish_reason"] in ("stop", "length")


def test_errors_are_openai_shaped_and_the_server_stays_up(client):
    r = client.post("/v1/completions", json={"prompt": "x" * 40, "max_tokens": 4})
    assert r.status_code == 400
    err = r.json()["error"]
    assert (
        err["code"] == "context_length_exceeded" and "context is 32" in err["message"]
    )
    r = client.post("/v1/completions", json={"prompt": 3})
    assert r.status_code == 400 and "prompt" in r.json()["error"]["message"]
    r = client.post("/v1/chat/completions", json={"messages": []})
    assert r.status_code == 400
    r = client.post("/v1/completions", json={"prompt": "a", "n": 2})
    assert r.status_code == 400
    assert client.get("/health").status_code == 200


def test_create_app_refuses_non_models():
    with pytest.raises(TypeError):
        create_app("model")
