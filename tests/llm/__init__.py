"""Tests of helpers.llm."""
