"""The ``caseledger`` command line."""
