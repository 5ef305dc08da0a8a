"""The inspectors' work: supervision orders (more of issue 19 lands here: complaints, evaluations, findings)."""
