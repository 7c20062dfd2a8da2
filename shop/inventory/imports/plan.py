"""The preview: what each row of a file would add or change (field: old → new), leave as it
is, or why it cannot be applied.

Rows are compared with the catalogue in chunks of ``CHUNK`` SKUs, one query for the products
and one for their stock levels per chunk. Each planned row keeps what applying needs to
write and what it must find unchanged: the product's ``updated_at`` at preview time and the
on-hand each stock change starts from (see ``shop.inventory.imports.apply``).

Scopes: staff may create products (name, category, brand and price required; the type is
the category's usual one unless a ``type`` column gives it; the MPN is the SKU unless an
``mpn`` column gives it; new products are drafts unless a ``status`` is given) and change
name, category, brand, status, price and stock of any product. A supplier may change only
the price and stock of its own listings: other values must match the listing, a SKU of
anyone else is refused, and a new SKU is refused with a pointer to the portal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select

from shop.catalog.models import Product, ProductStatus
from shop.extensions import db
from shop.inventory.imports.models import RowKind
from shop.inventory.imports.parse import Location, Lookups, ParsedRow
from shop.inventory.models import StockLevel

CHUNK = 1000
LISTING_FIELDS = ("name", "category", "brand", "status")
FIXED_FIELDS = ("type", "mpn")
_PRODUCT = Product.__table__
_LEVEL = StockLevel.__table__


@dataclass(frozen=True)
class Scope:
    supplier_id: int | None = None  # None: staff

    @property
    def staff(self) -> bool:
        return self.supplier_id is None


@dataclass
class Context:
    """What every row of one preview is compared with."""

    scope: Scope
    lookups: Lookups
    locations: dict[int, Location]
    category_slugs: dict[int, str]
    brand_names: dict[int, str]
    stock_columns: dict[int, str] = field(default_factory=dict)  # location id → its column
    _types: dict[int, str] | None = field(default=None, repr=False)

    def usual_type(self, category_id: int) -> str | None:
        """The type most products of a category have (None: the category is empty)."""
        if self._types is None:
            counts: dict[int, Counter] = defaultdict(Counter)
            for category_id_, ptype, n in db.session.execute(
                    select(_PRODUCT.c.category_id, _PRODUCT.c.product_type, func.count())
                    .group_by(_PRODUCT.c.category_id, _PRODUCT.c.product_type)):
                counts[category_id_][ptype] = n
            self._types = {cid: c.most_common(1)[0][0] for cid, c in counts.items()}
        return self._types.get(category_id)


def stamp(moment: datetime | None) -> str:
    """A product's ``updated_at`` as the plan keeps it (SQLite hands back naive UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def mark_duplicates(rows: list[ParsedRow]) -> None:
    """A SKU on several rows is an error on each of them."""
    where: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.sku:
            where[row.sku].append(row.number)
    for row in rows:
        numbers = where.get(row.sku, ())
        if len(numbers) > 1:
            listed = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10
                                                                else "")
            row.error("sku", f"SKU {row.sku} appears on more than one row ({listed}); keep "
                             f"one.")


def _products(skus: list[str]) -> dict[str, dict]:
    found = db.session.execute(select(_PRODUCT).where(_PRODUCT.c.sku.in_(skus))).mappings()
    return {row["sku"]: dict(row) for row in found}


def _levels(product_ids: list[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """(product, location) → (on hand, units reserved or allocated)."""
    if not product_ids:
        return {}
    rows = db.session.execute(
        select(_LEVEL.c.product_id, _LEVEL.c.location_id, _LEVEL.c.on_hand,
               _LEVEL.c.reserved + _LEVEL.c.allocated)
        .where(_LEVEL.c.product_id.in_(product_ids)))
    return {(p, loc): (on_hand, held) for p, loc, on_hand, held in rows}


def batches(rows: list[ParsedRow], context: Context) -> Iterator[list[dict]]:
    """The preview's rows (``ImportRow`` column values without the import's id), a chunk at
    a time."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        products = _products(sorted({r.sku for r in chunk if r.sku}))
        levels = _levels([p["id"] for p in products.values()])
        yield [classify(row, products.get(row.sku), levels, context) for row in chunk]


def _out(row: ParsedRow, kind: RowKind, product_id: int | None = None, changes=None,
         plan=None) -> dict:
    return {"row_number": row.number, "sku": row.sku[:64], "kind": kind.value,
            "product_id": product_id, "changes": changes or None,
            "errors": row.errors or None, "plan": plan}


def classify(row: ParsedRow, product: dict | None, levels: dict, context: Context) -> dict:
    scope = context.scope
    if product is not None and not scope.staff and product["supplier_id"] != scope.supplier_id:
        row.errors.insert(0, ["sku", f"SKU {row.sku} belongs to another supplier."])
    elif product is None and not scope.staff and row.sku:
        row.error("sku", f"SKU {row.sku} is not one of your listings. Create new listings in "
                         f"the supplier portal; a feed updates prices and stock only.")
    if row.errors:
        return _out(row, RowKind.ERROR, product["id"] if product else None)
    if product is None:
        return _new(row, levels, context)
    return _existing(row, product, levels, context)


def _stock(row: ParsedRow, product_id: int | None, levels: dict, context: Context,
           changes: list, plan: list) -> None:
    for location_id, counted in sorted(row.stock.items()):
        code = context.locations[location_id].code
        on_hand, held = levels.get((product_id, location_id), (0, 0))
        if counted == on_hand:
            continue
        if counted < held:
            row.error(context.stock_columns.get(location_id, "stock"),
                      f"{counted} is less than the {held} units at {code} already held for "
                      f"orders.")
            continue
        changes.append([f"stock:{code}", on_hand if product_id else None, counted])
        plan.append([location_id, on_hand, counted])


def _shown(name: str, value, context: Context):
    if name == "category":
        return context.category_slugs.get(value, "")
    if name == "brand":
        return context.brand_names.get(value, "")
    return value


def _existing(row: ParsedRow, product: dict, levels: dict, context: Context) -> dict:
    values, staff = row.values, context.scope.staff
    changes: list[list] = []
    fields: dict[str, object] = {}
    current = {"name": product["name"], "category": product["category_id"],
               "brand": product["brand_id"], "status": product["status"]}
    for name in LISTING_FIELDS:
        if name not in values:
            continue
        new = values[name]
        if name == "brand":
            same = new[0] == product["brand_id"]
            new_value, new_shown = list(new), new[1]
        elif name == "category":
            same = new[0] == product["category_id"]
            new_value, new_shown = new[0], new[1]
        else:
            same, new_value, new_shown = new == current[name], new, new
        if same:
            continue
        if not staff:
            row.error(name, f"A supplier feed changes prices and stock only; change the "
                            f"{name} of {row.sku} in the portal.")
            continue
        changes.append([name, _shown(name, current[name], context), new_shown])
        fields[name] = new_value
    for name, column in (("type", "product_type"), ("mpn", "mpn")):
        if name in values and values[name] != product[column]:
            row.error(name, f"An import cannot change the {name} of an existing product "
                            f"({product[column]}).")
    currency = values.get("currency", context.lookups.currency)
    if "price" in values:
        if currency != product["currency"]:
            row.error("currency", f"The price of {row.sku} is kept in {product['currency']}; "
                                  f"this row gives it in {currency}.")
        elif values["price"] != product["price_cents"]:
            changes.append(["price", product["price_cents"], values["price"], currency])
            fields["price"] = values["price"]
    elif "currency" in values and currency != product["currency"]:
        row.error("currency", f"An import cannot change the currency of {row.sku} "
                              f"({product['currency']}).")
    stock: list[list[int]] = []
    _stock(row, product["id"], levels, context, changes, stock)
    baseline = {"updated": stamp(product["updated_at"])}
    if row.errors:
        return _out(row, RowKind.ERROR, product["id"])
    if not changes:
        return _out(row, RowKind.UNCHANGED, product["id"], plan=baseline)
    plan = {**baseline, "fields": fields, "stock": stock}
    return _out(row, RowKind.CHANGED, product["id"], changes, plan)


def _new(row: ParsedRow, levels: dict, context: Context) -> dict:
    values = row.values
    for name, label in (("name", "a name"), ("category", "a category"),
                        ("brand", "a brand"), ("price", "a price")):
        if name not in values and not any(c == name for c, _r in row.errors):
            row.error(name, f"SKU {row.sku} is new, and a new product needs {label}.")
    ptype = values.get("type")
    if ptype is None and "category" in values:
        ptype = context.usual_type(values["category"][0])
        if ptype is None:
            row.error("type", f"Category {values['category'][1]} has no products yet, so "
                              f"give the new product's type in a type column.")
    stock: list[list[int]] = []
    changes: list[list] = []
    _stock(row, None, levels, context, changes, stock)
    if row.errors:
        return _out(row, RowKind.ERROR)
    currency = values.get("currency", context.lookups.currency)
    status = values.get("status", ProductStatus.DRAFT.value)
    create = {"name": values["name"], "category": values["category"][0],
              "brand": list(values["brand"]), "type": ptype,
              "mpn": values.get("mpn") or row.sku, "status": status, "currency": currency,
              "price": values["price"]}
    shown = [["name", None, create["name"]], ["category", None, values["category"][1]],
             ["brand", None, values["brand"][1] + ("" if values["brand"][0] else " (new)")],
             ["type", None, ptype], ["mpn", None, create["mpn"]], ["status", None, status],
             ["price", None, create["price"], currency]]
    return _out(row, RowKind.ADDED, None, [*shown, *changes],
                {"create": create, "stock": stock})
