"""Tests of helpers.core."""
