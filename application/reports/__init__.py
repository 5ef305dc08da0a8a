"""Reports over the views, each one entry of ``registry.REPORTS``: its name and titles, the views it
reads, the filters it honours, its row and how its rows are made (SQL through the ``ViewReader``, then a
fold in plain Python where working days are counted). The CLI, the REST routes (with the row as their
response model) and the console are all derived from that one entry."""
