"""Tests of users, sign-in, CSRF and device tokens."""
