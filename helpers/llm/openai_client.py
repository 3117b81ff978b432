"""A small client for any OpenAI-compatible server (httpx, no SDK needed).

Where it points, in this order: the ``base_url`` you pass; the environment variable
``WORKBOOK_LLM_BASE_URL`` (a llama.cpp, vLLM or Ollama server, or a hosted API, e.g.
``http://127.0.0.1:11434/v1``), with ``WORKBOOK_LLM_API_KEY`` and
``WORKBOOK_LLM_MODEL`` when it needs them; otherwise the ``default`` you give
:meth:`OpenAIClient.from_env` (the workbook's own server).

Every request has a timeout. An endpoint that cannot be reached, times out, answers
with an error status or with something that is not an OpenAI-shaped answer raises
:class:`EndpointError`, whose message names the URL; a malformed URL is a
``ValueError`` before anything is sent.

>>> OpenAIClient("http://127.0.0.1:9/v1").base_url
'http://127.0.0.1:9/v1'
>>> OpenAIClient("localhost:8000")
Traceback (most recent call last):
...
ValueError: base_url must start with http:// or https://, got 'localhost:8000'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence

import httpx

from helpers.core.validation import check_int, check_real
from helpers.llm.harness_lm import check_prompts, check_stop

ENV_URL, ENV_KEY, ENV_MODEL = (
    "WORKBOOK_LLM_BASE_URL",
    "WORKBOOK_LLM_API_KEY",
    "WORKBOOK_LLM_MODEL",
)


class EndpointError(ConnectionError):
    """The endpoint is unreachable, too slow, or did not answer as the OpenAI API
    does; the message names the URL."""


class OpenAIClient:
    """Completions and chat against one OpenAI-compatible base URL."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        model: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not isinstance(base_url, str):
            raise TypeError(f"base_url must be a string, got {type(base_url).__name__}")
        url = base_url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError(
                f"base_url must start with http:// or https://, got {base_url!r}"
            )
        try:
            httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as exc:
            raise ValueError(f"base_url is not a valid URL: {base_url!r}") from exc
        for label, value in (("api_key", api_key), ("model", model)):
            if value is not None and (not isinstance(value, str) or not value):
                raise TypeError(f"{label} must be a non-empty string or None")
        self.base_url = url
        self.api_key = api_key
        self._model = model
        self.timeout = check_real("timeout", timeout, low=0, open_low=True, high=600)

    @classmethod
    def from_env(cls, default: str | None = None, **kwargs) -> OpenAIClient:
        """The client for ``WORKBOOK_LLM_BASE_URL`` when it is set, else ``default``."""
        url = os.environ.get(ENV_URL) or default
        if not url:
            raise ValueError(
                f"no endpoint: set {ENV_URL} or pass default= (the workbook server)"
            )
        kwargs.setdefault("api_key", os.environ.get(ENV_KEY) or None)
        kwargs.setdefault("model", os.environ.get(ENV_MODEL) or None)
        return cls(url, **kwargs)

    @property
    def external(self) -> bool:
        """Whether this client points where ``WORKBOOK_LLM_BASE_URL`` says."""
        env = os.environ.get(ENV_URL)
        return bool(env) and env.strip().rstrip("/") == self.base_url

    def __repr__(self) -> str:
        return f"OpenAIClient({self.base_url!r}, model={self._model!r})"

    # ------------------------------------------------------------------ transport

    def _headers(self) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _request(self, method: str, path: str, body: dict | None = None) -> dict:
        url = f"{self.base_url}{path}"
        try:
            with httpx.Client(timeout=self.timeout) as client:
                response = client.request(
                    method, url, json=body, headers=self._headers()
                )
        except httpx.TimeoutException as exc:
            raise EndpointError(
                f"{url} did not answer within {self.timeout:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise EndpointError(f"cannot reach {url}: {exc}") from exc
        return _json(response, url)

    # ------------------------------------------------------------------ API

    def models(self) -> list[str]:
        """Ids of the models the endpoint serves."""
        data = self._request("GET", "/models")
        try:
            return [m["id"] for m in data["data"]]
        except (KeyError, TypeError) as exc:
            raise EndpointError(f"{self.base_url}/models: not a model list") from exc

    @property
    def model(self) -> str:
        """The model asked for: ``model=`` / ``WORKBOOK_LLM_MODEL``, else the
        endpoint's first."""
        if self._model is None:
            names = self.models()
            if not names:
                raise EndpointError(f"{self.base_url}/models lists no model")
            self._model = names[0]
        return self._model

    def complete(
        self, prompts: Sequence[str] | str, max_tokens: int = 16, *, stop=None
    ) -> list[str]:
        """Continuations of ``prompts`` from ``/completions`` (one request, greedy:
        temperature 0)."""
        prompts = check_prompts(prompts)
        max_tokens = check_int("max_tokens", max_tokens, low=1, high=4096)
        body = {
            "model": self.model,
            "prompt": prompts,
            "max_tokens": max_tokens,
            "temperature": 0,
        }
        if stop is not None:
            body["stop"] = check_stop(stop)
        data = self._request("POST", "/completions", body)
        try:
            choices = sorted(data["choices"], key=lambda c: c.get("index", 0))
            texts = [c["text"] for c in choices]
        except (KeyError, TypeError, AttributeError) as exc:
            raise EndpointError(
                f"{self.base_url}/completions: not a completion answer"
            ) from exc
        if len(texts) != len(prompts):
            raise EndpointError(
                f"{self.base_url}/completions answered {len(texts)} choices for "
                f"{len(prompts)} prompts"
            )
        return texts

    def chat(self, messages: str | list[dict], max_tokens: int = 64, *, stop=None):
        """The assistant's answer from ``/chat/completions`` (a string is taken as
        one user message)."""
        body = self._chat_body(messages, max_tokens, stop)
        data = self._request("POST", "/chat/completions", body)
        try:
            return data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise EndpointError(
                f"{self.base_url}/chat/completions: not a chat answer"
            ) from exc

    def stream_chat(
        self, messages: str | list[dict], max_tokens: int = 64, *, stop=None
    ) -> Iterator[str]:
        """The answer's pieces as the server sends them (server-sent events)."""
        body = {**self._chat_body(messages, max_tokens, stop), "stream": True}
        url = f"{self.base_url}/chat/completions"
        try:
            with (
                httpx.Client(timeout=self.timeout) as client,
                client.stream("POST", url, json=body, headers=self._headers()) as r,
            ):
                if r.status_code != 200:
                    r.read()
                    _json(r, url)  # raises with the server's message
                for line in r.iter_lines():
                    if not line.startswith("data: "):
                        continue
                    data = line[len("data: ") :]
                    if data.strip() == "[DONE]":
                        return
                    try:
                        delta = json.loads(data)["choices"][0]["delta"]
                    except (ValueError, KeyError, IndexError, TypeError) as exc:
                        raise EndpointError(
                            f"{url}: malformed event {data!r:.80}"
                        ) from exc
                    if delta.get("content"):
                        yield delta["content"]
        except httpx.TimeoutException as exc:
            raise EndpointError(
                f"{url} did not answer within {self.timeout:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise EndpointError(f"cannot reach {url}: {exc}") from exc

    def _chat_body(self, messages, max_tokens: int, stop) -> dict:
        if isinstance(messages, str):
            messages = [{"role": "user", "content": messages}]
        if not isinstance(messages, list) or not messages:
            raise TypeError("messages must be a string or a non-empty list of dicts")
        if not all(
            isinstance(m, dict) and isinstance(m.get("content"), str) for m in messages
        ):
            raise TypeError("messages must be dicts with a string 'content'")
        body = {
            "model": self.model,
            "messages": messages,
            "max_tokens": check_int("max_tokens", max_tokens, low=1, high=4096),
            "temperature": 0,
        }
        if stop is not None:
            body["stop"] = check_stop(stop)
        return body


def _json(response: httpx.Response, url: str) -> dict:
    """The JSON body of an OK answer, else :class:`EndpointError` with the server's
    message."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.status_code != 200:
        message = data.get("error", data) if isinstance(data, dict) else None
        if isinstance(message, dict):
            message = message.get("message", message)
        text = message if message is not None else response.text[:200]
        raise EndpointError(f"{url} answered {response.status_code}: {text}")
    if not isinstance(data, dict):
        raise EndpointError(f"{url} did not answer with a JSON object")
    return data
