"""Tests of helpers.train."""
