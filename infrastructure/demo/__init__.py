"""A realistic demo centre and a year of simulated cases (``caseledger demo``)."""
