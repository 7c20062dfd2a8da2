"""The back office's product list: search, filters, sorting and one page of rows, in a fixed
number of queries whatever the page holds (the counts, the page's ids, its rows, their
thumbnails), fast at 100,000 products.

It reads the catalogue and the stock levels together, so it lives here, above both domains.
Search reuses the catalogue's own: part numbers normalised and matched by prefix through
``product_identifier`` (an index range scan), names through the title index
(``catalog.search.title_hit_ids``). Stock comes from ``product_index``, which each worker
keeps in step with the change feed. Search hits and stock filters become sets of ids worked
out in memory and handed to SQL as one parameter (or, when they are most of the catalogue,
as the few ids they leave out); the column filters are indexed conditions; sorts by name,
price and last update walk their own index, a sort by stock happens in memory.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import ARRAY, Integer, bindparam, false, func, select, text, true

from shop.admin import product_index
from shop.admin.product_index import ProductIndex
from shop.catalog.models import Brand, Category, Product, ProductImage, ProductStatus
from shop.catalog.queries import descendant_ids, product_for_edit
from shop.catalog.search import part_number_ids, title_hit_ids
from shop.catalog.specs import ProductType
from shop.errors import NotFound
from shop.extensions import db
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


@dataclass
class Selection:
    """What a list's parameters select: SQL conditions on the product's own columns, and
    for a search or a stock filter the matching ids, worked out in memory (search hits from
    the catalogue's indexes, stock from ``product_index``) as disjoint tiers of relevance:
    part-number matches first, then name matches."""

    where: list
    tiers: list[np.ndarray] | None  # None: no search and no stock filter
    index: ProductIndex

    @property
    def universe(self) -> np.ndarray:
        return self.index.ids

    def ids(self) -> np.ndarray | None:
        if self.tiers is None:
            return None
        if len(self.tiers) == 1:
            return self.tiers[0]
        return np.sort(np.concatenate(self.tiers)) if self.tiers else np.zeros(0, np.int64)


def _members(universe: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of ``universe`` (sorted, unique) are among ``ids``: a mask over ``universe``."""
    mask = np.zeros(len(universe), dtype=bool)
    if len(universe) and len(ids):
        pos = np.clip(np.searchsorted(universe, ids), 0, len(universe) - 1)
        mask[pos[universe[pos] == ids]] = True
    return mask


def _known(universe: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``ids`` that are in ``universe``, sorted and unique."""
    return universe[_members(universe, ids)]


def select_products(params: ListParams) -> Selection:
    index = product_index.current()
    where = []
    if params.category:
        category = db.session.get(Category, params.category)
        where.append(Product.category_id.in_(descendant_ids(category)) if category
                     else false())
    if params.brand:
        where.append(Product.brand_id == params.brand)
    if params.status:
        where.append(Product.status == params.status)
    if params.supplier == "own":
        where.append(Product.supplier_id.is_(None))
    elif params.supplier:
        where.append(Product.supplier_id == int(params.supplier))
    tiers = None
    if params.q:
        number = _members(index.ids, part_number_ids(params.q, 2))
        name = _members(index.ids, title_hit_ids(params.q)) & ~number
        tiers = [index.ids[number], index.ids[name]]
    if params.stock:
        wanted = {"in": index.where_units(low=LOW_STOCK + 1),
                  "low": index.where_units(1, LOW_STOCK),
                  "out": index.where_units(high=0)}[params.stock]
        tiers = [wanted] if tiers is None else [_known(wanted, t) for t in tiers]
    if tiers is not None and where and any(len(t) for t in tiers):
        # Exact sets from here on, the column filters taken in: asked of the database for
        # these ids when they are few, else every id the filters select (an index scan).
        chosen = np.concatenate(tiers)
        allowed = (_all_ids([*where, _in(chosen)]) if len(chosen) <= _ASK_LIMIT[
            db.engine.dialect.name] else _all_ids(where))
        tiers = [_known(allowed, t) for t in tiers]
    return Selection(where, tiers, index)


_names = itertools.count()
# Up to this many ids, the column filters are checked for these ids only (one index lookup
# each); above it, every id the filters select is read (SQLite reads 50,000 ids from an
# index in a few milliseconds; PostgreSQL visits the rows).
_ASK_LIMIT = {"sqlite": 2000, "postgresql": 5000}


def _in(ids: np.ndarray, *, negate: bool = False):
    """``product.id`` among ``ids`` (or not), as one parameter whatever their number."""
    name = f"ids_{next(_names)}"
    values = ids.tolist()
    among = "NOT IN" if negate else "IN"
    if db.engine.dialect.name == "postgresql":  # hashed when the array is long
        test = "<> ALL" if negate else "= ANY"
        return text(f"product.id {test}(CAST(:{name} AS integer[]))").bindparams(
            bindparam(name, value=values, type_=ARRAY(Integer)))
    return text(f"product.id {among} (SELECT value FROM json_each(:{name}))").bindparams(
        **{name: json.dumps(values)})


def _id_condition(ids: np.ndarray, universe: np.ndarray):
    """A condition for "one of ``ids``": the ids themselves, or when they are most of the
    catalogue, "none of the others" (fewer to send)."""
    if len(ids) == 0:
        return false()
    if 2 * len(ids) <= len(universe):
        return _in(ids)
    others = universe[~_members(universe, ids)]
    return true() if len(others) == 0 else _in(others, negate=True)


def conditions(selection: Selection, ids: np.ndarray | None = None) -> list:
    """The WHERE conditions of a selection (or of one of its tiers). A selection with ids
    has taken its column filters in already."""
    ids = selection.ids() if ids is None else ids
    if ids is None:
        return list(selection.where)
    return [_id_condition(ids, selection.universe)]


def _all_ids(where) -> np.ndarray:
    """Every id matching ``where``, sorted, crossing from the database as one value."""
    gather = (func.array_agg(Product.id) if db.engine.dialect.name == "postgresql"
              else func.group_concat(Product.id))
    value = db.session.execute(select(gather).where(*where)).scalar()
    if not value:
        return np.zeros(0, dtype=np.int64)
    if isinstance(value, str):
        return np.sort(np.fromstring(value, dtype=np.int64, sep=","))
    return np.sort(np.asarray(value, dtype=np.int64))


def _count_where(where) -> int:
    return db.session.execute(select(func.count()).select_from(Product).where(*where)
                              ).scalar_one()


ORDERS = {
    "updated": [Product.updated_at.desc(), Product.id.desc()],
    "name": [Product.name, Product.id],
    "price": [Product.price_cents, Product.id],
    "-price": [Product.price_cents.desc(), Product.id.desc()],
}


def _page_ids(selection: Selection, params: ListParams, offset: int,
              limit: int) -> list[int]:
    """The page's ids in order. Without a search or stock filter, SQL walks the sort's
    index; otherwise (or to sort by stock) the selected ids are ordered in memory."""
    if selection.tiers is None and params.sort in ORDERS:
        return list(db.session.scalars(
            select(Product.id).where(*selection.where).order_by(*ORDERS[params.sort])
            .limit(limit).offset(offset)))
    if selection.tiers is None:
        ids = _all_ids(selection.where) if selection.where else selection.universe
        tiers = None
    else:
        ids = np.concatenate(selection.tiers) if selection.tiers else np.zeros(0, np.int64)
        tiers = np.concatenate([np.full(len(t), n) for n, t in enumerate(selection.tiers)]) \
            if selection.tiers else None
    return [int(i) for i in selection.index.page(ids, params.sort, offset, limit, tiers)]


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


def list_page(params: ListParams, page: int, per_page: int | None = None) -> ListPage:
    """One page of the list and how many products match: a count (or one per relevance
    tier), the page's ids, its rows and their thumbnails, whatever the page holds."""
    per_page = per_page or PER_PAGE
    selection = select_products(params)
    if selection.tiers is not None:
        total = sum(len(t) for t in selection.tiers)
    else:  # without a filter, the index knows how many products there are
        total = _count_where(selection.where) if selection.where else len(selection.universe)
    ids = _page_ids(selection, params, (page - 1) * per_page, per_page)
    return ListPage(_rows(ids, selection.index), total, params, per_page)


def _rows(ids: list[int], index: ProductIndex) -> list[ProductRow]:
    if not ids:
        return []
    found = {r[0]: r for r in db.session.execute(
        select(Product.id, Product.name, Product.sku, Product.mpn, Brand.name, Category.name,
               Product.status, Product.price_cents, Product.currency, Product.supplier_id,
               Product.eol, Product.updated_at)
        .join(Brand, Brand.id == Product.brand_id)
        .join(Category, Category.id == Product.category_id)
        .where(Product.id.in_(ids)))}
    units = dict(zip(ids, (int(u) for u in index.units_of(np.asarray(ids, dtype=np.int64))),
                     strict=True))
    thumbs = _thumbs(ids)
    rows = []
    for pid in ids:
        r = found.get(pid)
        if r is not None:
            rows.append(ProductRow(*r[:9], units[pid], *r[9:], thumb=thumbs.get(pid)))
    return rows


def _thumbs(ids: list[int]) -> dict[int, str]:
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
    selection = select_products(params)
    return [(pid, version) for pid, version in db.session.execute(
        select(Product.id, Product.version).where(*conditions(selection))
        .order_by(Product.id))]


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
