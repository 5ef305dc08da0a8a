"""Case use cases: one short method per command, in the glossary's words, plus queries."""
