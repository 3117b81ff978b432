"""Tests of helpers.acquire."""
