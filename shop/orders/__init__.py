"""Orders: numbers, lines, totals, statuses and their timeline (see ``models``)."""
