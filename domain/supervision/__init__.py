"""Electronic supervision (电子监察): the inspectors' own records, kept as aggregates of the same ledger."""
