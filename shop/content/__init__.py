"""Editorial content: posts that lead readers to products, their comments, and the back
office that writes them. Readers' pages in ``views`` and ``comment_views``; staff pages in
``admin_views`` and ``admin_comment_views``; writes in ``services``; reads in ``queries``."""
