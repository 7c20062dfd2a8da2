"""Supplier programme use cases, one module per entity: ``applications`` (apply, confirm,
answer, links), ``documents`` (check and store uploads), ``review`` (staff's moves and notes),
``organisations`` (organisations, members, invitations) and ``history`` (the one way a status
changes). Services take plain arguments, add and flush; the caller commits once."""
