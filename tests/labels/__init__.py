"""Tests of helpers.labels."""
