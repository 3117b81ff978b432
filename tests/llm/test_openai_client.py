"""OpenAIClient against the app served in a thread; unreachable, silent and
malformed endpoints fail fast with the URL in the message."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from helpers.deploy.server import free_port
from helpers.llm.openai_client import ENV_MODEL, ENV_URL, EndpointError, OpenAIClient
from llm.openai_support import app_in_thread, tiny_lm


@pytest.fixture(scope="module")
def served():
    lm = tiny_lm()
    with app_in_thread(lm) as url:
        yield lm, url


def test_complete_chat_and_stream(served):
    lm, url = served
    client = OpenAIClient(f"{url}/v1/")
    assert client.base_url == f"{url}/v1" and client.model == "tiny-test"
    assert client.complete(["ab", "xyz"], 5) == lm.complete(["ab", "xyz"], 5)
    text = client.chat("hi", 6)
    assert text == lm.complete(["hi\n"], 6)[0]
    assert "".join(client.stream_chat("hi", 6)) == text


def test_server_errors_name_the_url(served):
    _, url = served
    with pytest.raises(EndpointError, match=rf"{url}/v1/completions answered 400"):
        OpenAIClient(f"{url}/v1").complete(["x" * 40], 4)
    with pytest.raises(EndpointError, match="answered 404"):
        OpenAIClient(f"{url}/nope").models()


def test_unreachable_endpoint_fails_fast():
    url = f"http://127.0.0.1:{free_port()}/v1"
    start = time.perf_counter()
    with pytest.raises(EndpointError, match=f"cannot reach {url}/models"):
        OpenAIClient(url, timeout=2).models()
    assert time.perf_counter() - start < 5


def test_silent_endpoint_times_out():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)  # accepts connections, never answers
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    try:
        with pytest.raises(EndpointError, match=r"did not answer within 0.5 s"):
            OpenAIClient(url, timeout=0.5, model="m").complete(["a"], 2)
    finally:
        sock.close()


def test_non_openai_answer_is_refused():
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>hello</html>")

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        with pytest.raises(EndpointError, match=f"{url}/models did not answer with"):
            OpenAIClient(url).models()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_from_env(monkeypatch):
    monkeypatch.delenv(ENV_URL, raising=False)
    assert OpenAIClient.from_env(default="http://127.0.0.1:1/v1").external is False
    monkeypatch.setenv(ENV_URL, "http://127.0.0.1:2/v1")
    monkeypatch.setenv(ENV_MODEL, "big")
    client = OpenAIClient.from_env(default="http://127.0.0.1:1/v1")
    assert client.base_url.endswith(":2/v1") and client.external
    assert client.model == "big"
    monkeypatch.delenv(ENV_URL)
    with pytest.raises(ValueError, match=ENV_URL):
        OpenAIClient.from_env()
    with pytest.raises(ValueError, match="http:// or https://"):
        OpenAIClient("ftp://x")
