"""Tests of helpers.evaluate."""
