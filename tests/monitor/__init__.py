"""Tests of helpers.monitor."""
