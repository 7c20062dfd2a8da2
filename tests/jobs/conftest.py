import pytest

from tests.jobs import helpers


@pytest.fixture(autouse=True)
def _forget_calls():
    helpers.CALLS.clear()
    yield
    helpers.CALLS.clear()
