"""Shared by the OpenAI-server tests: a tiny random GPT and an in-process server."""

from __future__ import annotations

import contextlib
import threading
import time

import torch
import uvicorn

from helpers.deploy.server import free_port
from helpers.llm.harness_lm import LocalLM
from helpers.llm.model import GPT, GPTConfig
from helpers.llm.openai_app import create_app


def tiny_lm(block_size: int = 32) -> LocalLM:
    """A seeded untrained GPT (1 layer, 16 channels) behind :class:`LocalLM`."""
    torch.manual_seed(0)
    model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=block_size))
    return LocalLM(model, name="tiny-test")


@contextlib.contextmanager
def app_in_thread(lm: LocalLM):
    """The app served by uvicorn in a thread on 127.0.0.1; yields the base URL and
    stops the server on exit."""
    port = free_port()
    config = uvicorn.Config(
        create_app(lm), host="127.0.0.1", port=port, log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            server.should_exit = True
            raise TimeoutError("the in-thread server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
