"""The back office under ``/admin``: one ``admin`` blueprint (``blueprint``), one module per
domain (``posts``, ``comments``, ``users``, ``outbox``; orders, products, inventory and
suppliers join the same way) and the dashboard that links them (``dashboard``, where the links
are declared). Each module reads its domain's ``queries`` and writes through its domain's
``services``. Every view is for staff (``@staff_required``); user management is for admins."""
