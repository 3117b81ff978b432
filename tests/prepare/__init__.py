"""Tests of helpers.prepare."""
