"""Checkout: details, prices, review and placing the order (``services``), on top of the cart,
orders, inventory, payments and compliance."""
