"""The one back-office blueprint. The modules of ``shop.admin`` register their routes on it;
endpoints read ``admin.posts``, ``admin.post_edit``, ``admin.users`` …"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
