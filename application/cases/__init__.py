"""Cases: the commands defined once (``commands``), the work on cases, the law's automatic acts, the record
and its audit, re-dating after a calendar notice; ``store`` is how each of them acts on a case."""
