"""An OpenAI-compatible FastAPI app serving the workbook's GPT.

Endpoints (the subset of the OpenAI API that clients such as the official ``openai``
package, LangChain or curl scripts use for text):

* ``GET /health`` -- ``{"status": "ok"}``;
* ``GET /v1/models`` -- the one model served;
* ``POST /v1/completions`` -- ``prompt`` (a string or a list), ``max_tokens``,
  ``stop``, ``stream``;
* ``POST /v1/chat/completions`` -- ``messages``; with ``"stream": true`` the answer
  comes as server-sent events (``data: {chunk}`` lines, then ``data: [DONE]``).

Decoding is greedy (the lesson measures accuracy, so answers are deterministic);
``temperature`` and ``top_p`` are accepted for compatibility and ignored. The chat
template is plain: the messages' contents joined by newlines, then a newline (the
small model was never trained on a chat format, so nothing fancier would help it).

**Errors** are answered as OpenAI does: status 400 and
``{"error": {"message", "type", "param", "code"}}``. A prompt plus ``max_tokens``
longer than the model's context is ``context_length_exceeded``; a malformed body
(wrong types, unknown fields, ``n`` other than 1) is ``invalid_request_error``. The
server stays up after either.

The module does not use ``from __future__ import annotations``: FastAPI reads the
request models from the endpoints' annotations.
"""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from helpers.core.validation import check_int
from helpers.llm.harness_lm import MAX_PROMPTS, ContextTooLong, LocalLM
from helpers.llm.tokenizer import encode

MAX_CHARS = 20_000
"""Longest prompt or message accepted before tokenising (the context is far shorter;
this only bounds the work of saying so)."""


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str | None = None
    max_tokens: int | None = Field(default=None, ge=1, le=4096)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)
    n: int | None = Field(default=1, ge=1, le=1)
    stop: str | list[str] | None = None
    stream: bool | None = False
    user: str | None = None


class CompletionRequest(_Request):
    """Body of ``/v1/completions``."""

    prompt: str | list[str] = Field(..., max_length=MAX_PROMPTS)


class Message(BaseModel):
    """One chat message."""

    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "user", "assistant"]
    content: str = Field(..., max_length=MAX_CHARS)


class ChatRequest(_Request):
    """Body of ``/v1/chat/completions``."""

    messages: list[Message] = Field(..., min_length=1, max_length=64)


def chat_prompt(messages: list[Message]) -> str:
    """The plain chat template: contents joined by newlines, ending in a newline."""
    return "\n".join(m.content for m in messages) + "\n"


def _error(status: int, message: str, *, code: str, param: str | None = None):
    body = {
        "error": {
            "message": message,
            "type": "invalid_request_error",
            "param": param,
            "code": code,
        }
    }
    return JSONResponse(body, status_code=status)


def create_app(lm: LocalLM, *, default_max_tokens: int = 16) -> FastAPI:
    """The app serving ``lm`` (greedy decoding, one request at a time)."""
    if not isinstance(lm, LocalLM):
        raise TypeError(f"lm must be a LocalLM, got {type(lm).__name__}")
    default_max_tokens = check_int(
        "default_max_tokens", default_max_tokens, low=1, high=4096
    )
    app = FastAPI(title="workbook OpenAI-compatible server")
    lock = threading.Lock()  # one generation at a time: the model is not shared

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        message = f"invalid request: {where or 'body'}: {first.get('msg', exc)}"
        return _error(400, message, code="invalid_request_error", param=where or None)

    @app.exception_handler(ContextTooLong)
    async def _too_long(request: Request, exc: ContextTooLong):
        return _error(400, str(exc), code="context_length_exceeded", param="prompt")

    @app.exception_handler(ValueError)
    async def _bad_value(request: Request, exc: ValueError):
        return _error(400, str(exc), code="invalid_request_error")

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok"}

    def _model_card() -> dict:
        return {"id": lm.name, "object": "model", "created": 0, "owned_by": "workbook"}

    @app.get("/v1/models")
    def models() -> dict:
        return {"object": "list", "data": [_model_card()]}

    def _check(prompts: list[str], max_tokens: int) -> None:
        for p in prompts:
            if len(p) > MAX_CHARS:
                raise ContextTooLong(
                    f"this model's context is {lm.context} tokens; the prompt has "
                    f"{len(p)} characters"
                )
            lm.encode_prompt(p, max_tokens)  # raises ContextTooLong

    def _usage(prompts: list[str], texts: list[str]) -> dict:
        p = sum(len(encode(x)) for x in prompts)
        c = sum(len(t) for t in texts)
        return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}

    def _finish(text: str, max_tokens: int) -> str:
        return "length" if len(text) >= max_tokens else "stop"

    @app.post("/v1/completions")
    def completions(body: CompletionRequest):
        prompts = [body.prompt] if isinstance(body.prompt, str) else body.prompt
        if not prompts:
            raise ValueError("prompt must not be an empty list")
        max_tokens = body.max_tokens or default_max_tokens
        _check(prompts, max_tokens)
        if body.stream:
            if len(prompts) != 1:
                raise ValueError("stream takes one prompt")
            return _sse(prompts[0], max_tokens, body.stop, chat=False)
        with lock:
            texts = lm.complete(prompts, max_tokens, stop=body.stop)
        choices = [
            {
                "text": t,
                "index": i,
                "logprobs": None,
                "finish_reason": _finish(t, max_tokens),
            }
            for i, t in enumerate(texts)
        ]
        return {
            "id": f"cmpl-{uuid.uuid4().hex[:24]}",
            "object": "text_completion",
            "created": int(time.time()),
            "model": lm.name,
            "choices": choices,
            "usage": _usage(prompts, texts),
        }

    @app.post("/v1/chat/completions")
    def chat(body: ChatRequest):
        prompt = chat_prompt(body.messages)
        max_tokens = body.max_tokens or default_max_tokens
        _check([prompt], max_tokens)
        if body.stream:
            return _sse(prompt, max_tokens, body.stop, chat=True)
        with lock:
            text = lm.complete([prompt], max_tokens, stop=body.stop)[0]
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": lm.name,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": _finish(text, max_tokens),
                }
            ],
            "usage": _usage([prompt], [text]),
        }

    def _sse(prompt: str, max_tokens: int, stop, *, chat: bool) -> StreamingResponse:
        ident = f"{'chatcmpl' if chat else 'cmpl'}-{uuid.uuid4().hex[:24]}"
        created = int(time.time())

        def chunk(piece: str | None, finish: str | None, first: bool = False) -> str:
            if chat:
                delta = {"role": "assistant", "content": ""} if first else {}
                if piece:
                    delta["content"] = piece
                choice = {"index": 0, "delta": delta, "finish_reason": finish}
                kind = "chat.completion.chunk"
            else:
                choice = {
                    "index": 0,
                    "text": piece or "",
                    "logprobs": None,
                    "finish_reason": finish,
                }
                kind = "text_completion"
            data = {
                "id": ident,
                "object": kind,
                "created": created,
                "model": lm.name,
                "choices": [choice],
            }
            return f"data: {json.dumps(data)}\n\n"

        def events() -> Iterator[str]:
            if chat:
                yield chunk(None, None, first=True)
            with lock:
                text = lm.complete([prompt], max_tokens, stop=stop)[0]
            # decoded greedily in one batch step, then sent one character per event
            # (the client sees the stream protocol; the small model answers in ms)
            for ch in text:
                yield chunk(ch, None)
            yield chunk(None, _finish(text, max_tokens))
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


__all__ = ["ChatRequest", "CompletionRequest", "Message", "chat_prompt", "create_app"]
