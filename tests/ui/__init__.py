"""Tests of helpers.ui."""
