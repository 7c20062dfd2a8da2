"""The app class answers Flask's "is this a coroutine function?" once per function."""

import pytest

from shop import Shop


def test_plain_functions_are_returned_as_they_are_and_async_ones_still_go_to_flask():
    app = Shop(__name__)

    def plain():
        return "plain"

    async def waiting():
        return "awaited"

    assert app.ensure_sync(plain) is plain
    assert app.ensure_sync(plain) is plain
    app.add_url_rule("/p", view_func=plain)
    assert app.test_client().get("/p").text == "plain"
    # Without Flask's "async" extra (asgiref), Flask refuses async views; so does the shop,
    # every time it is asked.
    for _ in range(2):
        with pytest.raises(RuntimeError, match="async"):
            app.ensure_sync(waiting)
