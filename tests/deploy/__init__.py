"""Tests of the deploy/ folder."""
