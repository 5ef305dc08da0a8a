"""Integrity infrastructure: the checkpoint key and the kept seal leaves."""
