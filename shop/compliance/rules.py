"""The screening rules, pure: no database, no configuration, no clock.

A destination is refused when its country is restricted as a whole (ISO 3166-1 codes in the
list), or when the address falls in a restricted region (ISO 3166-2 codes) as far as the
address can tell: the region given as its code or in a common spelling, the city being one of
the region's main cities, or the postal code lying in the region's range. Regions are checked
for addresses in their own country and in any country that claims them (Crimea, Sevastopol,
Donetsk and Luhansk are also written as Russian addresses).

Items: an export classification (ECCN) other than ``EAR99`` (or none) marks a controlled item,
and an order holding one is held for staff review.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

import pycountry

RULES_REVISION = "2025.1"
NOT_CONTROLLED = "EAR99"


class Outcome(StrEnum):
    CLEAR = "clear"
    HOLD = "hold"  # a person must review before fulfilment
    REFUSED = "refused"  # the shop may not sell this


_SEVERITY = {Outcome.CLEAR: 0, Outcome.HOLD: 1, Outcome.REFUSED: 2}


@dataclass(frozen=True)
class ScreeningResult:
    outcome: Outcome
    reasons: tuple[str, ...]
    rule_version: str
    country: str = ""
    region: str = ""
    city: str = ""
    postal_code: str = ""
    message: str = ""  # for the customer when refused or held

    @property
    def refused(self) -> bool:
        return self.outcome is Outcome.REFUSED

    @property
    def held(self) -> bool:
        return self.outcome is Outcome.HOLD

    @property
    def clear(self) -> bool:
        return self.outcome is Outcome.CLEAR

    @property
    def summary(self) -> str:
        """The outcome and its reasons in one line, for people."""
        return "; ".join((self.outcome.value, *self.reasons))


def normalise(text: str | None) -> str:
    """Case, accents and punctuation away; words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\W_]+", bare)).strip()


def _contains_phrase(text: str, phrase: str) -> bool:
    """Whether the normalised ``phrase`` appears in ``text`` as whole words."""
    return bool(phrase) and f" {phrase} " in f" {text} "


@dataclass(frozen=True)
class RegionRule:
    code: str  # ISO 3166-2, e.g. UA-43
    name: str  # for people
    countries: frozenset[str]  # where an address in this region may say it is
    spellings: tuple[str, ...] = ()  # region names, normalised
    cities: tuple[str, ...] = ()  # main cities, normalised
    postal_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def matches(self, country: str, region: str, city: str, postal_code: str) -> str | None:
        """Why the address lies in this region, or None."""
        if country not in self.countries:
            return None
        region_n, city_n = normalise(region), normalise(city)
        suffix = self.code.split("-", 1)[1].lower()
        if region_n in (normalise(self.code), suffix if country == self.code[:2] else None):
            return f"region code {region.strip()}"
        for given, text, label in ((region_n, region, "region"), (city_n, city, "city")):
            if any(_contains_phrase(given, name) for name in (*self.spellings, *self.cities)):
                return f"{label} '{text.strip()}'"
        digits = re.sub(r"\s+", "", postal_code or "")
        expected = {"UA": 5, "RU": 6}.get(country)
        if digits.isdigit() and (expected is None or len(digits) == expected):
            if any(digits.startswith(p) for p in self.postal_prefixes.get(country, ())):
                return f"postal code {postal_code.strip()}"
        return None


def _rule(code: str, name: str, countries: Iterable[str], spellings: Iterable[str],
          cities: Iterable[str] = (), postal: dict[str, tuple[str, ...]] | None = None,
          ) -> RegionRule:
    subdivision = pycountry.subdivisions.get(code=code)
    names = [*spellings, *([subdivision.name] if subdivision else [])]
    return RegionRule(code=code, name=name, countries=frozenset(countries),
                      spellings=tuple(dict.fromkeys(normalise(s) for s in names)),
                      cities=tuple(dict.fromkeys(normalise(c) for c in cities)),
                      postal_prefixes=postal or {})


#: What we know of the regions under comprehensive sanctions beyond their codes. Postal
#: codes: Ukraine's first two digits name the region; Russia numbers Crimea 295–298 and
#: Sevastopol 299.
KNOWN_REGIONS: dict[str, RegionRule] = {rule.code: rule for rule in (
    _rule("UA-43", "Crimea", {"UA", "RU"},
          ["Crimea", "Krym", "Krim", "Qırım", "Crimean", "Respublika Krym",
           "Republic of Crimea", "Autonomous Republic of Crimea", "Крым", "Крим"],
          ["Simferopol", "Simferopil", "Kerch", "Yalta", "Yevpatoria", "Yevpatoriya",
           "Evpatoria", "Eupatoria", "Feodosia", "Feodosiya", "Theodosia", "Dzhankoi",
           "Dzhankoy", "Alushta", "Симферополь", "Сімферополь", "Керчь", "Керч", "Ялта",
           "Евпатория", "Феодосия"],
          {"UA": ("95", "96", "97", "98"), "RU": ("295", "296", "297", "298")}),
    _rule("UA-40", "Sevastopol", {"UA", "RU"},
          ["Sevastopol", "Sebastopol", "Sevastopil", "Севастополь", "Севастопіль"],
          ["Sevastopol", "Sebastopol", "Sevastopil", "Balaklava", "Inkerman"],
          {"UA": ("99",), "RU": ("299",)}),
    _rule("UA-14", "Donetsk region", {"UA", "RU"},
          ["Donetsk", "Donetska", "Donetskaya", "Donetskaja", "Donetsk Oblast",
           "Donetsk People's Republic", "DNR", "DPR", "Донецк", "Донецьк", "Донецька",
           "Донецкая", "ДНР"],
          ["Donetsk", "Makiivka", "Makeevka", "Makeyevka", "Horlivka", "Gorlovka",
           "Yenakiieve", "Yenakiyevo", "Enakievo", "Khartsyzk", "Shakhtarsk", "Torez",
           "Chystiakove", "Snizhne", "Макеевка", "Макіївка", "Горловка", "Горлівка"],
          {"UA": ("83", "84", "85", "86", "87")}),
    _rule("UA-09", "Luhansk region", {"UA", "RU"},
          ["Luhansk", "Lugansk", "Luhanska", "Luganskaya", "Luhanskaya", "Luhansk Oblast",
           "Luhansk People's Republic", "LNR", "LPR", "Луганск", "Луганськ", "Луганська",
           "Луганская", "ЛНР"],
          ["Luhansk", "Lugansk", "Alchevsk", "Kadiivka", "Stakhanov", "Krasnyi Luch",
           "Khrustalnyi", "Rovenky", "Antratsyt", "Dovzhansk"],
          {"UA": ("91", "92", "93", "94")}),
)}


@dataclass(frozen=True)
class Restrictions:
    countries: frozenset[str]
    regions: tuple[RegionRule, ...]
    version: str


@lru_cache(maxsize=16)
def restrictions(codes: tuple[str, ...]) -> Restrictions:
    """Read a configured list: ISO 3166-1 alpha-2 codes refuse a country, ISO 3166-2 codes a
    region. Unknown codes raise ValueError (a typo must not silently allow a destination)."""
    countries: set[str] = set()
    regions: list[RegionRule] = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if "-" in code:
            rule = KNOWN_REGIONS.get(code)
            if rule is None:
                subdivision = pycountry.subdivisions.get(code=code)
                if subdivision is None:
                    raise ValueError(f"unknown ISO 3166-2 region code {code!r}")
                rule = _rule(code, subdivision.name, {subdivision.country_code}, [])
            regions.append(rule)
        elif pycountry.countries.get(alpha_2=code) is not None:
            countries.add(code)
        else:
            raise ValueError(f"unknown ISO 3166-1 country code {code!r}")
    digest = hashlib.sha256(",".join(sorted({*countries, *(r.code for r in regions)}))
                            .encode()).hexdigest()[:8]
    return Restrictions(frozenset(countries), tuple(regions),
                        f"destinations-{RULES_REVISION}-{digest}")


def country_code(value: str | None) -> str | None:
    """An ISO alpha-2 code from a code or a name ("IR", "IRN", "Iran"), or None."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def country_label(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return (getattr(country, "common_name", None) or country.name) if country else code


REFUSED_MESSAGE = ("We cannot ship to this destination: export regulations do not allow "
                   "our products to be sent to {place}. Nothing has been charged.")


def screen_destination(country: str | None, region: str | None, city: str | None,
                       postal_code: str | None, *, restricted: Sequence[str]) -> ScreeningResult:
    """Screen one destination against the ``restricted`` codes."""
    rules = restrictions(tuple(restricted))
    given = {"country": (country or "").strip(), "region": (region or "").strip(),
             "city": (city or "").strip(), "postal_code": (postal_code or "").strip()}
    code = country_code(country)
    if code is None:
        return ScreeningResult(Outcome.HOLD, (f"country {given['country']!r} not recognised",),
                               rules.version, **given,
                               message="We could not check this destination; we will "
                                       "review the order before it ships.")
    if code in rules.countries:
        place = country_label(code)
        return ScreeningResult(Outcome.REFUSED, (f"restricted country: {place} ({code})",),
                               rules.version, **given,
                               message=REFUSED_MESSAGE.format(place=place))
    for rule in rules.regions:
        why = rule.matches(code, given["region"], given["city"], given["postal_code"])
        if why:
            return ScreeningResult(
                Outcome.REFUSED, (f"restricted region: {rule.name} ({rule.code}), by {why}",),
                rules.version, **given, message=REFUSED_MESSAGE.format(place=rule.name))
    return ScreeningResult(Outcome.CLEAR, (), rules.version, **given)


def is_controlled(eccn: str | None) -> bool:
    value = (eccn or "").strip().upper()
    return bool(value) and value != NOT_CONTROLLED


def screen_items(eccns: Iterable[str | None]) -> ScreeningResult:
    """Hold when any item carries an export classification other than EAR99."""
    controlled = sorted({(e or "").strip().upper() for e in eccns if is_controlled(e)})
    version = f"eccn-{RULES_REVISION}"
    if not controlled:
        return ScreeningResult(Outcome.CLEAR, (), version)
    return ScreeningResult(
        Outcome.HOLD, (f"controlled items: {', '.join(controlled)}",), version,
        message="Your order holds export-controlled items; our staff review it before it "
                "ships.")


def combine(*results: ScreeningResult) -> ScreeningResult:
    """One result for several screenings: the most severe outcome, every reason, every rule
    version, the destination of the first result that names one."""
    if not results:
        raise ValueError("nothing to combine")
    worst = max(results, key=lambda r: _SEVERITY[r.outcome])
    located = next((r for r in results if r.country), results[0])
    return replace(
        located, outcome=worst.outcome,
        reasons=tuple(reason for r in results for reason in r.reasons),
        rule_version="+".join(dict.fromkeys(r.rule_version for r in results)),
        message=worst.message)
