"""Catalogue entities: brands, categories, products and their typed specs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.catalog.fit import Connector, Interface, interface_from
from shop.catalog.specs import SPECS, TYPE_SPECS, ProductType, key_spec_labels
from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


class ProductStatus(StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"  # a supplier's listing awaiting moderation
    PUBLISHED = "published"
    ARCHIVED = "archived"


# Allowed status changes (``shop.catalog.editing.change_product_status`` records each one):
#   draft          → pending_review (sent for moderation), published, archived
#   pending_review → published (approved), draft (sent back), archived
#   published      → draft (unpublished: off the shop, kept for editing), archived
#   archived       → draft, published (brought back)
PRODUCT_TRANSITIONS = transitions(ProductStatus, {
    ProductStatus.DRAFT: {ProductStatus.PENDING_REVIEW, ProductStatus.PUBLISHED,
                          ProductStatus.ARCHIVED},
    ProductStatus.PENDING_REVIEW: {ProductStatus.PUBLISHED, ProductStatus.DRAFT,
                                   ProductStatus.ARCHIVED},
    ProductStatus.PUBLISHED: {ProductStatus.DRAFT, ProductStatus.ARCHIVED},
    ProductStatus.ARCHIVED: {ProductStatus.DRAFT, ProductStatus.PUBLISHED},
})


class Brand(db.Model):
    __tablename__ = "brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Category(db.Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )


class Product(TimestampMixin, db.Model):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        Index("ix_product_category_status", "category_id", "status"),
        Index("ix_product_status_sales", "status", "sales_count"),
        Index("ix_product_status_published", "status", "published_at"),
        Index("ix_product_status_price", "status", "price_cents"),
        # The back office's list sorts by these, ties broken by id (``shop.admin.product_list``).
        Index("ix_product_name", "name", "id"),
        Index("ix_product_updated_at", "updated_at", "id"),
        Index("ix_product_price_cents", "price_cents", "id"),
        Index("ix_product_supplier_status", "supplier_id", "status"),  # a supplier's listings
        # The stock list pages in SKU order (``shop.inventory.stock_list``): with the id in the
        # index, PostgreSQL skips to a deep page through the index alone.
        Index("ix_product_sku_id", "sku", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    product_type: Mapped[str] = mapped_column(String(20))
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    # Identifiers: our SKU, the manufacturer part number (OPN), an alternative or legacy
    # part number, and an optional GTIN.
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    mpn: Mapped[str] = mapped_column(String(64), index=True)
    alt_part_number: Mapped[str | None] = mapped_column(String(64))
    gtin: Mapped[str | None] = mapped_column(String(14))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    price_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    status: Mapped[str] = mapped_column(String(20), default=ProductStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    eol: Mapped[bool] = mapped_column(Boolean, default=False)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))
    # Export control: the ECCN (or EAR99) the compliance checks read.
    eccn: Mapped[str | None] = mapped_column(String(20))
    # Listings may belong to a supplier organisation; None means the shop's own stock.
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_organisation.id"), index=True)  # shop.suppliers
    sales_count: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every edit of what staff or suppliers edit (fields, specs, price, status,
    # category, ports): a form carries the version it showed, and a save made on an older
    # one is refused with what changed meanwhile (``shop.catalog.editing``).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    brand: Mapped[Brand] = relationship(lazy="joined")
    category: Mapped[Category] = relationship()
    successor: Mapped[Product | None] = relationship(remote_side=[id])
    specs: Mapped[list[ProductSpec]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductSpec.id"
    )
    images: Mapped[list[ProductImage]] = relationship(
        cascade="all, delete-orphan", order_by="ProductImage.position"
    )
    documents: Mapped[list[ProductDocument]] = relationship(
        cascade="all, delete-orphan", order_by="ProductDocument.id"
    )
    interfaces: Mapped[list[ProductInterface]] = relationship(
        cascade="all, delete-orphan", order_by="ProductInterface.position"
    )
    identifiers: Mapped[list[ProductIdentifier]] = relationship(cascade="all, delete-orphan")

    @property
    def type(self) -> ProductType:
        return ProductType(self.product_type)

    @property
    def is_published(self) -> bool:
        return self.status == ProductStatus.PUBLISHED

    @property
    def image(self) -> ProductImage | None:
        return self.images[0] if self.images else None

    @property
    def image_path(self) -> str | None:
        return self.images[0].path if self.images else None

    @property
    def key_specs(self) -> tuple[str, ...]:
        return key_spec_labels((s.code, s.display) for s in self.specs)

    @property
    def ports(self) -> list[Connector]:
        """A switch's or adapter's groups of ports (``shop.catalog.fit``)."""
        return [i.connector for i in self.interfaces if i.side == SIDE_PORT]

    @property
    def ends(self) -> list[Connector]:
        """A cable's or transceiver's ends (``shop.catalog.fit``)."""
        return [i.connector for i in self.interfaces if i.side == SIDE_END]

    def spec_values(self, code: str) -> list[ProductSpec]:
        return [s for s in self.specs if s.code == code]

    def spec_table(self) -> list[tuple[str, str]]:
        """(label, values) rows in the order the product type declares its specs."""
        order = {code: i for i, code in enumerate(TYPE_SPECS.get(self.type, ()))}
        rows: dict[str, list[str]] = {}
        for spec in sorted(self.specs, key=lambda s: (order.get(s.code, 99), s.id)):
            rows.setdefault(spec.code, []).append(spec.display)
        return [(SPECS[code].label, ", ".join(values)) for code, values in rows.items()]


class ProductSpec(db.Model):
    """One typed spec value. Multi-valued specs are several rows with the same code."""

    __tablename__ = "product_spec"
    __table_args__ = (
        UniqueConstraint("product_id", "code", "value_key"),
        Index("ix_product_spec_code_key", "code", "value_key", "product_id"),
        Index("ix_product_spec_code_num", "code", "num", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    num: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(200))
    flag: Mapped[bool | None] = mapped_column(Boolean)
    # Canonical string a facet groups by ("400", "QSFP56", "yes").
    value_key: Mapped[str] = mapped_column(String(120))

    product: Mapped[Product] = relationship(back_populates="specs")

    @property
    def definition(self):
        return SPECS[self.code]

    @property
    def display(self) -> str:
        spec = SPECS[self.code]
        if self.num is not None:
            return spec.display(self.num)
        return spec.display(self.flag if self.flag is not None else self.text)


class ProductIdentifier(db.Model):
    """Normalised part numbers (SKU, MPN, alternative, GTIN) for exact and prefix lookup."""

    __tablename__ = "product_identifier"
    __table_args__ = (Index("ix_product_identifier_norm", "norm", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # sku, mpn, alt, gtin
    value: Mapped[str] = mapped_column(String(64))
    norm: Mapped[str] = mapped_column(String(64))


class ProductImage(db.Model):
    __tablename__ = "product_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    # Relative to static/ (the demo images), or ``products/<name>`` for an upload stored by
    # ``shop.catalog.media`` (served at /media/products/<name>): at most 800 px wide.
    path: Mapped[str] = mapped_column(String(255))
    thumb_path: Mapped[str | None] = mapped_column(String(255))  # uploads: 320 px wide
    alt: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def uploaded(self) -> bool:
        return self.path.startswith("products/")


class ProductDocument(db.Model):
    __tablename__ = "product_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))  # "" when only the uploaded file exists
    kind: Mapped[str] = mapped_column(String(20), default="datasheet")
    # An uploaded PDF (``products/<name>.pdf``, served at /media/products/<name>).
    file_path: Mapped[str | None] = mapped_column(String(255))


SIDE_PORT, SIDE_END = "port", "end"


class ProductInterface(db.Model):
    """A group of identical ports of a switch or adapter, or one end (or set of legs) of a
    cable or transceiver: what ``shop.catalog.fit`` decides compatibility from.

    ``profile`` names everything fitting depends on (cage, top, role, modes, protocols), so
    compatibility is worked out once per distinct profile and found through its index.
    """

    __tablename__ = "product_interface"
    __table_args__ = (
        Index("ix_product_interface_profile", "profile", "product_id"),
        CheckConstraint("side IN ('port', 'end')", name="side_known"),
        CheckConstraint("count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(4))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(60))
    count: Mapped[int] = mapped_column(Integer, default=1)
    cage: Mapped[str] = mapped_column(String(20))
    top: Mapped[str] = mapped_column(String(8), default="")
    role: Mapped[str] = mapped_column(String(8), default="")
    modes: Mapped[str] = mapped_column(String(120))  # "4x50 4x25"
    protocols: Mapped[str] = mapped_column(String(40))  # "Ethernet InfiniBand"
    profile: Mapped[str] = mapped_column(String(16))

    @property
    def interface(self) -> Interface:
        return interface_from({"cage": self.cage, "top": self.top, "role": self.role,
                               "modes": self.modes, "protocols": self.protocols.split()})

    @property
    def connector(self) -> Connector:
        return Connector(self.label, self.count, self.interface)

    @classmethod
    def from_connector(cls, side: str, position: int, connector: Connector) -> dict:
        """Column values for a connector (rows are also written in bulk)."""
        i = connector.interface
        return {"side": side, "position": position, "label": connector.label,
                "count": connector.count, "cage": i.cage, "top": i.top, "role": i.role,
                "modes": " ".join(m.code for m in sorted(i.modes, reverse=True)),
                "protocols": " ".join(sorted(i.protocols)), "profile": i.profile}


class CatalogVersion(db.Model):
    """A counter bumped in the same transaction as a price, listing or content change.

    Cached pages are keyed on it. Stock does not move it: a sale must not lock a row that
    every other sale needs too, so stock reaches pages through slots filled at serve time
    (``shop.stock_slots``) and reaches the facet index through the change feed alone.
    Bumping takes the row's write lock, so versions become visible in the order taken.
    """

    __tablename__ = "catalog_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChangeKind(StrEnum):
    PRICE = "price"
    STOCK = "stock"
    STRUCTURE = "structure"  # listing, specs, category or status: the facet index rebuilds
    CONTENT = "content"  # something else shown on catalogue pages (posts): pages re-render


class CatalogChange(db.Model):
    """The change feed the facet index follows: one row per change, written in the change's
    own transaction.

    Rows are read by position, not by a shared counter. On SQLite writers are serialised,
    so ids become visible in order. On PostgreSQL they need not (a transaction may commit
    after a later one), so each row also records the id of the transaction that wrote it
    (``txid``); a reader asks for every row whose transaction may not have been finished at
    its previous read (see ``shop.catalog.change_feed``).
    """

    __tablename__ = "catalog_change"
    __table_args__ = (Index("ix_catalog_change_txid", "txid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int | None] = mapped_column(Integer)  # None: many or all products
    kind: Mapped[str] = mapped_column(String(12))
    txid: Mapped[int | None] = mapped_column(BigInteger)  # PostgreSQL only
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class SearchDocument(db.Model):
    """The text a product is found by. SQLite indexes it with FTS5, PostgreSQL with a GIN
    index over its tsvector (see ``shop.catalog.search``)."""

    __tablename__ = "search_document"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
