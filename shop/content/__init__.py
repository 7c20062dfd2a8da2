"""Editorial content: posts that lead readers to products, and their comments. Readers' pages
in ``views`` and ``comment_views`` (on the ``content`` blueprint of ``blueprint``); writes in
``services``; reads in ``queries``. The staff pages are ``shop.admin.posts`` and
``shop.admin.comments``."""
