"""The audit log: an append-only record of every back-office action (who, when, what, and
the fields before and after).

``capture`` records what the ORM writes while a signed-in user's request to an audited
blueprint (the back office, the supplier portal) is handled, without the views doing
anything; ``services.record`` is for statements the ORM does not see. ``models`` holds the
row and the guards that refuse to change or delete one; ``queries`` reads them for the
back office."""
