"""Fixtures of the supplier programme's tests: uploads in a folder of the test's own, and
clients signed in as staff."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import login, user


@pytest.fixture
def uploads(app, clean, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def staff(app, client, uploads):
    """A member of staff, signed in on ``client``; their id is ``client.staff_id``."""
    with app.app_context():
        person = user("staff@shop.example", role="staff")
        client.staff_id = person.id
    login(client, "staff@shop.example")
    return client


@pytest.fixture
def setup(app, uploads):
    """The listing tests' world: a catalogue, an approved supplier (Fabric Parts B.V., its
    member ada@) and a signed-in staff client."""
    from tests.suppliers import listing_helpers as h

    cat = h.catalogue(app)
    owner = h.supplier(app, "Fabric Parts B.V.", "ada@fabparts.example")
    staff = h.staff_client(app)
    return cat, owner, staff
