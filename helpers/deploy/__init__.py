"""Deployment (lesson 13): model formats, quantization, serving an API."""
