"""The shipped production setup keeps slow clients away from gunicorn's sync workers: the
nginx configuration in deploy/nginx buffers whole requests and answers and drops clients that
stall (bench/slow_clients.py proves it against a running shop), and gunicorn listens on
loopback only, behind it."""

from __future__ import annotations

import re

from shop.config import PROJECT_ROOT

PROXY = PROJECT_ROOT / "deploy" / "nginx" / "proxy.conf"
SITE = PROJECT_ROOT / "deploy" / "nginx" / "shop.conf"


def _directives(path) -> dict[str, str]:
    text = re.sub(r"#.*", "", path.read_text())
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"(\w+)\s+([^;{}]*);", text)}


def _seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value).groups()
    return int(number) * (60 if unit == "m" else 1)


def test_nginx_buffers_requests_and_drops_stalled_clients():
    d = _directives(PROXY)
    assert d["proxy_request_buffering"] == "on" and d["proxy_buffering"] == "on"
    for name in ("client_header_timeout", "client_body_timeout", "send_timeout"):
        assert _seconds(d[name]) <= 30, name
    general = re.search(r"^client_max_body_size\s+(\S+);", PROXY.read_text(), re.M)
    assert general.group(1) == "16m"  # the shop's MAX_CONTENT_LENGTH
    assert d["proxy_set_header"]  # and it tells the app who the client is (PROXY_COUNT=1)
    text = PROXY.read_text()
    assert "X-Forwarded-For $remote_addr" in text and "X-Forwarded-Proto $scheme" in text


def test_only_the_supplier_upload_routes_take_large_bodies():
    from shop.suppliers.services.documents import MAX_UPLOAD_BODY

    text = PROXY.read_text()
    block = re.search(r"location ~ \^/suppliers/(\S+) \{(.*?)\}", text, re.S)
    pattern = re.compile(block.group(1))
    for path in ("/suppliers/apply", "/suppliers/applications/12/answer",
                 "/suppliers/applications/12/documents"):
        assert pattern.match(path[len("/suppliers/"):]), path
    assert not pattern.match("account/register")
    limit = re.search(r"client_max_body_size (\d+)m;", block.group(2)).group(1)
    assert int(limit) * 1024 * 1024 >= MAX_UPLOAD_BODY
    assert "error_page 413 /suppliers/upload-too-large;" in block.group(2)


def test_the_site_includes_the_proxy_settings_and_gunicorn_stays_on_loopback():
    assert "include /srv/shop/deploy/nginx/proxy.conf;" in SITE.read_text()
    assert "server 127.0.0.1:8000;" in SITE.read_text()
    conf = (PROJECT_ROOT / "gunicorn.conf.py").read_text()
    assert '"GUNICORN_BIND", "127.0.0.1:8000"' in conf
