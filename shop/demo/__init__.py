"""The demo shop: the demo catalogue with its stock, and synthetic products for scale tests.

It sits above the catalogue and inventory domains (it creates products and receives their
stock through both services), as the CLI does; nothing in the shop imports it.
"""
