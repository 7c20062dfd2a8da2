"""Imports every domain's models so the metadata (and Alembic) sees all tables."""

from shop import mail as mail_models  # noqa: F401,E402  (outbox_message)
from shop.accounts import models as accounts_models  # noqa: F401
from shop.audit import models as audit_models  # noqa: F401
from shop.cart import models as cart_models  # noqa: F401
from shop.catalog import edit_models as catalog_edit_models  # noqa: F401
from shop.catalog import models as catalog_models  # noqa: F401
from shop.compliance import models as compliance_models  # noqa: F401
from shop.content import models as content_models  # noqa: F401,E402
from shop.inventory import count_models as inventory_count_models  # noqa: F401
from shop.inventory import models as inventory_models  # noqa: F401
from shop.inventory import purchase_models as inventory_purchase_models  # noqa: F401
from shop.inventory.imports import models as import_models  # noqa: F401
from shop.jobs_state import models as jobs_models  # noqa: F401
from shop.orders import models as orders_models  # noqa: F401
from shop.payments import models as payments_models  # noqa: F401
from shop.suppliers import models as suppliers_models  # noqa: F401
from shop.suppliers import models_messages as supplier_message_models  # noqa: F401
from shop.suppliers.listings import models as supplier_listing_models  # noqa: F401
