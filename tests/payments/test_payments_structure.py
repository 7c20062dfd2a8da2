"""Stripe sits behind one module: ``shop/payments/gateway.py`` is the only importer of
``stripe`` in the shop, and the payments and compliance packages import without the orders,
cart or checkout packages."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import shop

SHOP = Path(shop.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_the_gateway_imports_stripe():
    importers = sorted(
        str(path.relative_to(SHOP)) for path in SHOP.rglob("*.py")
        if any(name == "stripe" or name.startswith("stripe.") for name in _imports(path)))
    assert importers == ["payments/gateway.py"]


def test_payments_and_compliance_stand_without_orders_cart_or_checkout():
    later = ("shop.orders", "shop.cart", "shop.checkout")
    for package in ("payments", "compliance"):
        for path in (SHOP / package).glob("*.py"):
            assert not any(name.startswith(later) for name in _imports(path)), path
            if path.stem != "__init__":
                importlib.import_module(f"shop.{package}.{path.stem}")
