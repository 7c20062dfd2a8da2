"""Postal codes checked by country where the format is known, and addresses written in each
country's usual order.

Only formats that are simple and stable are listed; for any other country a postal code is
taken as typed (trimmed, at most 20 characters). A listed format is also how the code is
stored: upper case, with the country's usual space ("SW1A 1AA", "H2X 1Y4", "1012 AB").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PostalFormat:
    pattern: str  # matched against the code upper-cased with spaces and dashes removed
    example: str
    canonical: str = ""  # a re.sub template over the pattern's groups; "" keeps the match
    required: bool = True


FORMATS: dict[str, PostalFormat] = {
    "US": PostalFormat(r"(\d{5})(\d{4})?", "12345 or 12345-6789", ""),
    "CA": PostalFormat(r"([ABCEGHJ-NPRSTVXY]\d[A-Z])(\d[A-Z]\d)", "K1A 0B1", r"\1 \2"),
    "GB": PostalFormat(r"([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})", "SW1A 1AA", r"\1 \2"),
    "NL": PostalFormat(r"([1-9]\d{3})([A-Z]{2})", "1012 AB", r"\1 \2"),
    "DE": PostalFormat(r"(\d{5})", "10115"), "FR": PostalFormat(r"(\d{5})", "75001"),
    "IT": PostalFormat(r"(\d{5})", "00184"), "ES": PostalFormat(r"(\d{5})", "28013"),
    "FI": PostalFormat(r"(\d{5})", "00100"), "MX": PostalFormat(r"(\d{5})", "06000"),
    "AT": PostalFormat(r"(\d{4})", "1010"), "BE": PostalFormat(r"(\d{4})", "1000"),
    "CH": PostalFormat(r"(\d{4})", "8001"), "DK": PostalFormat(r"(\d{4})", "1050"),
    "NO": PostalFormat(r"(\d{4})", "0150"), "AU": PostalFormat(r"(\d{4})", "2000"),
    "NZ": PostalFormat(r"(\d{4})", "6011"), "LU": PostalFormat(r"(\d{4})", "1009"),
    "SE": PostalFormat(r"(\d{3})(\d{2})", "114 55", r"\1 \2"),
    "CZ": PostalFormat(r"(\d{3})(\d{2})", "110 00", r"\1 \2"),
    "PL": PostalFormat(r"(\d{2})(\d{3})", "00-950", r"\1-\2"),
    "PT": PostalFormat(r"(\d{4})(\d{3})", "1100-148", r"\1-\2"),
    "JP": PostalFormat(r"(\d{3})(\d{4})", "100-0001", r"\1-\2"),
    "IN": PostalFormat(r"([1-9]\d{5})", "110001"), "SG": PostalFormat(r"(\d{6})", "018956"),
    "IL": PostalFormat(r"(\d{7})", "6100000"), "KR": PostalFormat(r"(\d{5})", "03187"),
    "BR": PostalFormat(r"(\d{5})(\d{3})", "01310-100", r"\1-\2"),
    "IE": PostalFormat(r"([AC-FHKNPRTV-Y]\d{2}|D6W)([0-9AC-FHKNPRTV-Y]{4})", "D02 X285",
                       r"\1 \2", required=False),
}


def check_postal_code(country_code: str, raw: str) -> tuple[str, str | None]:
    """The postal code as stored, or an error message for a country whose format is known."""
    text = " ".join((raw or "").split())
    fmt = FORMATS.get((country_code or "").upper())
    if fmt is None:
        return text[:20], None
    if not text:
        return "", (f"Enter the postal code, for example {fmt.example}." if fmt.required
                    else None)
    compact = re.sub(r"[\s\-]", "", text.upper())
    match = re.fullmatch(fmt.pattern, compact)
    if match is None:
        return text, f"This is not a postal code of that country; for example {fmt.example}."
    if country_code.upper() == "US":
        return (match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")), None
    return (match.expand(fmt.canonical) if fmt.canonical else compact), None


# How the locality line(s) are written: "{p}" postal code, "{c}" city, "{r}" region.
# Each entry is a list of lines; empty parts and the punctuation around them drop out.
LOCALITY: dict[str, list[str]] = {
    "US": ["{c}, {r} {p}"], "CA": ["{c} {r} {p}"], "AU": ["{c} {r} {p}"],
    "GB": ["{c}", "{r}", "{p}"], "IE": ["{c}", "{r}", "{p}"],
    "JP": ["〒{p}", "{r} {c}"], "KR": ["{r} {c}", "{p}"], "IN": ["{c} {p}", "{r}"],
    "SG": ["{c} {p}"], "NZ": ["{c} {p}"],
    "BR": ["{c} - {r}", "{p}"], "IT": ["{p} {c} {r}"], "ES": ["{p} {c}", "{r}"],
    "MX": ["{p} {c}, {r}"],
}
DEFAULT_LOCALITY = ["{p} {c}", "{r}"]  # most of continental Europe and elsewhere


def locality_lines(country_code: str, city: str, region: str, postal_code: str) -> list[str]:
    """The city, region and postal code lines of an address, in the country's order."""
    out = []
    for template in LOCALITY.get((country_code or "").upper(), DEFAULT_LOCALITY):
        line = template.format(p=postal_code or "", c=city or "", r=region or "")
        line = re.sub(r"\s+", " ", line)
        line = re.sub(r"(^[\s,\-]+|[\s,\-]+$)", "", line)
        line = re.sub(r"\s,", ",", line).replace(", ,", ",")
        if line and line != "〒":
            out.append(line)
    return out
