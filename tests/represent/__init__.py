"""Tests of helpers.represent."""
