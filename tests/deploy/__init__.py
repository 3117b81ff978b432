"""Tests of helpers.deploy."""
