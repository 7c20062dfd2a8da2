"""Page numbers are read in one place (shop.pagination): a malformed page number or a page
past the last one answers 404 on every listing, so no page shows under another's address."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from shop.errors import NotFound
from shop.extensions import db
from shop.mail import send_mail
from shop.pagination import check_page, page_arg, page_count
from tests.accounts.helpers import login, user


@pytest.mark.parametrize("raw, page", [(None, 1), ("", 1), ("1", 1), ("2", 2), ("007", 7),
                                       ("999999", 999_999)])
def test_page_arg_reads_ascii_page_numbers(raw, page):
    args = MultiDict() if raw is None else MultiDict([("page", raw)])
    assert page_arg(args) == page


@pytest.mark.parametrize("raw", ["0", "-1", "+2", " 2", "2 ", "abc", "1e3", "1.0", "0x10",
                                 "²", "١٢", "１", "1234567", "9" * 5000])
def test_page_arg_refuses_what_names_no_page(raw):
    with pytest.raises(NotFound):
        page_arg(MultiDict([("page", raw)]))


def test_page_arg_reads_another_parameter_and_the_first_value():
    args = MultiDict([("p", "3"), ("p", "x"), ("page", "x")])
    assert page_arg(args, "p") == 3


def test_page_count_and_check_page():
    assert [page_count(n, 10) for n in (0, 1, 10, 11, 95)] == [1, 1, 1, 2, 10]
    check_page(1, 0)  # an empty listing has its first page
    check_page(10, 10)
    with pytest.raises(NotFound):
        check_page(2, 1)
    with pytest.raises(NotFound):
        check_page(11, 10)


def test_a_category_page_past_the_end_is_not_found(demo_client):
    second = demo_client.get("/c/cables-transceivers?page=2")
    assert second.status_code == 200 and 'aria-current="page"' in second.text
    third = demo_client.get("/c/cables-transceivers?page=3")
    assert third.status_code == 404
    assert "Page not found" in third.text and 'class="site-header"' in third.text
    assert demo_client.get("/c/cables-transceivers?page=3&sort=price_asc").status_code == 404


def test_a_search_page_past_the_end_is_not_found(demo_client):
    assert demo_client.get("/search?q=cable&page=1").status_code == 200
    assert demo_client.get("/search?q=cable&page=500").status_code == 404
    assert demo_client.get("/search?page=2").status_code == 404  # no search: one page
    assert demo_client.get("/search?page=1").status_code == 200


@pytest.mark.parametrize("path", ["/admin/posts", "/admin/comments", "/admin/users",
                                  "/admin/outbox"])
def test_back_office_lists_answer_404_past_the_end(app, client, path):
    with app.app_context():
        user("boss@example.com", role="admin")
        send_mail("x@example.com", "Hello", "plain words")
        db.session.commit()
    login(client, "boss@example.com")
    assert client.get(path).status_code == 200
    assert client.get(f"{path}?page=1").status_code == 200
    for query in ("page=2", "page=abc", "page=0", "page=²"):
        assert client.get(f"{path}?{query}").status_code == 404, query
