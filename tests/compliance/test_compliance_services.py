"""Screening services: the list comes from configuration, and every screening is recorded for
its subject with its result, reasons and rule version."""

from __future__ import annotations

import pytest

from shop.compliance import queries, services
from shop.compliance.models import Screening, ScreeningSubject
from shop.config import BaseConfig
from shop.extensions import db


def test_the_default_list_is_the_comprehensive_embargoes():
    assert BaseConfig.RESTRICTED_DESTINATIONS == ["CU", "IR", "KP", "SY", "UA-43", "UA-40",
                                                  "UA-14", "UA-09"]


def test_screening_reads_the_configured_list(ctx, monkeypatch):
    assert services.screen_destination("IR", "Tehran", "Tehran", "11369").refused
    assert services.screen_destination("UA", "Crimea").refused
    assert services.screen_destination("DE", "Berlin", "Berlin", "10115").clear
    monkeypatch.setitem(ctx.config, "RESTRICTED_DESTINATIONS", ["DE"])
    assert services.screen_destination("DE", "Berlin", "Berlin", "10115").refused
    assert services.screen_destination("IR", "Tehran").clear


def test_an_order_is_refused_held_or_clear(ctx):
    assert services.screen_order("SY", "", "Damascus", "", ["EAR99"]).refused
    assert services.screen_order("UA", "", "Donetsk", "", ["5A002"]).refused
    assert services.screen_order("NL", "", "Amsterdam", "1011", ["5A002", None]).held
    assert services.screen_order("NL", "", "Amsterdam", "1011", ["EAR99", None]).clear


def test_record_writes_one_row_per_screening(ctx):
    refused = services.screen_order("UA", "Krym", "Simferopol", "95000", ["EAR99"])
    row = services.record(ScreeningSubject.ORDER, 41, refused)
    db.session.commit()
    assert (row.subject_type, row.subject_id, row.result) == ("order", 41, "refused")
    assert (row.country, row.region, row.city, row.postal_code) == ("UA", "Krym",
                                                                   "Simferopol", "95000")
    assert "UA-43" in row.reasons and row.rule_version.startswith("destinations-")
    assert row.created_at is not None

    held = services.screen_order("FR", "", "Paris", "75001", ["5A002"])
    services.record("order", 42, held)
    services.record("application", 42, services.screen_destination("FR", "", "Paris"))
    db.session.commit()
    assert [s.result for s in queries.screenings_for("order", 42)] == ["hold"]
    assert queries.latest_screening("application", 42).result == "clear"
    assert queries.latest_screening("order", 43) is None
    assert [s.subject_id for s in queries.screenings_with_result("hold")] == [42]
    assert queries.screenings_for("order", 42)[0].reason_list == [
        "controlled items: 5A002"]
    assert db.session.query(Screening).count() == 3


def test_record_refuses_an_unknown_subject_type(ctx):
    with pytest.raises(ValueError):
        services.record("invoice", 1, services.screen_items([]))
