"""The back office's product list: search, filters, sorting and one page of rows, in a fixed
number of queries whatever the page size (a count, the page, its thumbnails).

It reads the catalogue and the stock levels together, so it lives here, above both domains.
Search reuses the catalogue's own: part numbers normalised and matched by prefix through
``product_identifier`` (an index range scan), names through the title index
(``catalog.search.title_matches``). Every filter is an indexed condition; sorts by name,
price and last update walk their own index. Stock is on hand less reserved and allocated
units, summed over locations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, not_, or_, select

from shop.catalog.models import (
    Brand,
    Category,
    Product,
    ProductIdentifier,
    ProductImage,
    ProductStatus,
)
from shop.catalog.partnumbers import normalise, prefix_upper_bound
from shop.catalog.queries import descendant_ids, product_for_edit
from shop.catalog.search import title_matches
from shop.catalog.specs import ProductType
from shop.errors import NotFound
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.pagination import db_id

LOW_STOCK = 5  # 1 to 5 units available is "low"
PER_PAGE = 50
MAX_QUERY = 100

STATUS_TEXT = {ProductStatus.DRAFT: "Draft", ProductStatus.PENDING_REVIEW: "Awaiting review",
               ProductStatus.PUBLISHED: "Published", ProductStatus.ARCHIVED: "Archived"}
STOCK_TEXT = {"in": f"In stock (more than {LOW_STOCK})", "low": f"Low (1 to {LOW_STOCK})",
              "out": "Out of stock"}
TYPE_TEXT = {ProductType.SWITCH: "Switch", ProductType.ADAPTER: "Network adapter",
             ProductType.CABLE: "Cable", ProductType.TRANSCEIVER: "Transceiver",
             ProductType.EMULATOR: "Network emulator"}
SORT_TEXT = {"relevance": "Best match", "updated": "Recently updated", "name": "Name, A to Z",
             "price": "Price, low to high", "-price": "Price, high to low",
             "stock": "Stock, least first", "-stock": "Stock, most first"}


@dataclass(frozen=True)
class ListParams:
    q: str = ""
    category: int | None = None
    brand: int | None = None
    status: str = ""
    stock: str = ""
    supplier: str = ""  # "", "own" (the shop's stock) or a supplier number
    sort: str = "updated"

    def query_args(self, **overrides) -> dict[str, object]:
        """The list's query string (without defaults), for links and hidden fields."""
        values = {"q": self.q, "category": self.category, "brand": self.brand,
                  "status": self.status, "stock": self.stock, "supplier": self.supplier,
                  "sort": self.sort if self.sort != self.default_sort else ""}
        values.update(overrides)
        return {k: v for k, v in values.items() if v not in ("", None)}

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q else "updated"

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.category or self.brand or self.status or self.stock
                    or self.supplier)


def parse_params(args: Mapping[str, str]) -> ListParams:
    """Read the list's query string; values it does not know are ignored, not errors."""
    q = " ".join((args.get("q") or "").split())[:MAX_QUERY]
    status = args.get("status", "")
    stock = args.get("stock", "")
    supplier = args.get("supplier", "")
    if supplier != "own":
        supplier = str(db_id(supplier) or "")
    sort = args.get("sort", "") or ("relevance" if q else "updated")
    if sort not in SORT_TEXT or (sort == "relevance" and not q):
        sort = "relevance" if q else "updated"
    return ListParams(
        q=q, category=db_id(args.get("category")), brand=db_id(args.get("brand")),
        status=status if status in {s.value for s in ProductStatus} else "",
        stock=stock if stock in STOCK_TEXT else "", supplier=supplier, sort=sort)


def _available():
    return StockLevel.on_hand - StockLevel.reserved - StockLevel.allocated


def _stock_having(condition):
    return (select(StockLevel.product_id).group_by(StockLevel.product_id)
            .having(condition(func.sum(_available()))))


def _part_number_ids(q: str):
    norm = normalise(q)
    if len(norm) < 2:
        return None
    return select(ProductIdentifier.product_id).where(
        ProductIdentifier.norm >= norm, ProductIdentifier.norm < prefix_upper_bound(norm))


def conditions(params: ListParams) -> list:
    """The WHERE conditions of a list (also what a bulk action on "all matching" selects)."""
    where = []
    if params.q:
        by_number, by_title = _part_number_ids(params.q), title_matches(params.q)
        either = [Product.id.in_(s) for s in (by_number, by_title) if s is not None]
        where.append(or_(*either) if either else Product.id.is_(None))
    if params.category:
        category = db.session.get(Category, params.category)
        where.append(Product.category_id.in_(descendant_ids(category)) if category
                     else Product.id.is_(None))
    if params.brand:
        where.append(Product.brand_id == params.brand)
    if params.status:
        where.append(Product.status == params.status)
    if params.supplier == "own":
        where.append(Product.supplier_id.is_(None))
    elif params.supplier:
        where.append(Product.supplier_id == int(params.supplier))
    if params.stock == "in":
        where.append(Product.id.in_(_stock_having(lambda units: units > LOW_STOCK)))
    elif params.stock == "low":
        where.append(Product.id.in_(_stock_having(lambda units: units.between(1, LOW_STOCK))))
    elif params.stock == "out":
        where.append(not_(Product.id.in_(_stock_having(lambda units: units > 0))))
    return where


def _stock_units():
    return (select(func.coalesce(func.sum(_available()), 0))
            .where(StockLevel.product_id == Product.id).correlate(Product).scalar_subquery())


def _order(params: ListParams, units):
    if params.sort == "relevance":
        by_number = _part_number_ids(params.q)
        first = case((Product.id.in_(by_number), 0), else_=1) if by_number is not None else None
        return [o for o in (first, Product.name, Product.id) if o is not None]
    return {
        "updated": [Product.updated_at.desc(), Product.id.desc()],
        "name": [Product.name, Product.id],
        "price": [Product.price_cents, Product.id],
        "-price": [Product.price_cents.desc(), Product.id.desc()],
        "stock": [units, Product.id],
        "-stock": [units.desc(), Product.id.desc()],
    }[params.sort]


@dataclass(frozen=True)
class ProductRow:
    id: int
    name: str
    sku: str
    mpn: str
    brand: str
    category: str
    status: str
    price_cents: int
    currency: str
    units: int
    supplier_id: int | None
    eol: bool
    updated_at: datetime
    thumb: str | None = None


@dataclass
class ListPage:
    rows: list[ProductRow]
    total: int
    params: ListParams
    per_page: int = PER_PAGE


def count(params: ListParams) -> int:
    return db.session.execute(
        select(func.count()).select_from(Product).where(*conditions(params))).scalar_one()


def list_page(params: ListParams, page: int, per_page: int | None = None) -> ListPage:
    """One page of the list and how many products match (three queries)."""
    per_page = per_page or PER_PAGE
    where = conditions(params)
    total = db.session.execute(
        select(func.count()).select_from(Product).where(*where)).scalar_one()
    units = _stock_units().label("units")
    rows = db.session.execute(
        select(Product.id, Product.name, Product.sku, Product.mpn, Brand.name, Category.name,
               Product.status, Product.price_cents, Product.currency, units,
               Product.supplier_id, Product.eol, Product.updated_at)
        .join(Brand, Brand.id == Product.brand_id)
        .join(Category, Category.id == Product.category_id)
        .where(*where).order_by(*_order(params, units))
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    thumbs = _thumbs([r[0] for r in rows])
    return ListPage([ProductRow(*r, thumb=thumbs.get(r[0])) for r in rows], total, params,
                    per_page)


def _thumbs(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    found: dict[int, str] = {}
    for pid, path, thumb in db.session.execute(
        select(ProductImage.product_id, ProductImage.path, ProductImage.thumb_path)
        .where(ProductImage.product_id.in_(ids))
        .order_by(ProductImage.product_id, ProductImage.position.desc(), ProductImage.id.desc())
    ):
        found[pid] = thumb or path  # the last one read is position 0
    return found


def matching_items(params: ListParams) -> list[tuple[int, int]]:
    """(id, version) of every product a list's filters select, for a bulk change."""
    return [(pid, version) for pid, version in db.session.execute(
        select(Product.id, Product.version).where(*conditions(params)).order_by(Product.id))]


def items_for_ids(ids: list[int]) -> list[tuple[int, int]]:
    """(id, version) of the products ticked on a page."""
    if not ids:
        return []
    return [(pid, version) for pid, version in db.session.execute(
        select(Product.id, Product.version).where(Product.id.in_(ids)).order_by(Product.id))]


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the filter selects (brands, categories as a tree, suppliers)."""
    brands = db.session.execute(select(Brand.id, Brand.name).order_by(Brand.name)).all()
    suppliers = db.session.scalars(
        select(Product.supplier_id).where(Product.supplier_id.is_not(None))
        .group_by(Product.supplier_id).order_by(Product.supplier_id).limit(500)).all()
    return {"brands": [(str(i), n) for i, n in brands],
            "categories": [(str(i), label) for i, label in category_tree()],
            "suppliers": [(str(s), f"Supplier #{s}") for s in suppliers]}


def category_tree() -> list[tuple[int, str]]:
    """Every category as (id, "Parent › Child"), in tree order."""
    rows = db.session.execute(
        select(Category.id, Category.parent_id, Category.name)
        .order_by(Category.position, Category.name)).all()
    children: dict[int | None, list[tuple[int, str]]] = {}
    for cid, parent, name in rows:
        children.setdefault(parent, []).append((cid, name))
    out: list[tuple[int, str]] = []

    def walk(parent: int | None, trail: str) -> None:
        for cid, name in children.get(parent, []):
            label = f"{trail} › {name}" if trail else name
            out.append((cid, label))
            walk(cid, label)

    walk(None, "")
    return out


def brand_choices() -> list[tuple[int, str]]:
    return [(i, n) for i, n in db.session.execute(
        select(Brand.id, Brand.name).order_by(Brand.name))]



def product_or_404(product_id: int) -> Product:
    """A product of any status for its back-office pages, or the 404 page."""
    product = product_for_edit(product_id)
    if product is None:
        raise NotFound(f"no product {product_id}")
    return product
