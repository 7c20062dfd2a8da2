"""Typed specifications: what each product type records, and how filters read it.

A spec value is never free text that filters cannot read: numbers carry a unit, enums
have a closed list of choices, booleans are booleans. Free text is allowed only for
specs declared TEXT, and those are never facets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SpecKind(StrEnum):
    NUMBER = "number"
    ENUM = "enum"
    BOOL = "bool"
    TEXT = "text"


class ProductType(StrEnum):
    SWITCH = "switch"
    ADAPTER = "adapter"
    CABLE = "cable"
    TRANSCEIVER = "transceiver"
    EMULATOR = "emulator"


@dataclass(frozen=True)
class SpecDef:
    code: str
    label: str
    kind: SpecKind
    unit: str | None = None
    choices: tuple[str, ...] = ()
    facet: bool = False  # offered as a checkbox facet on listings
    range_filter: bool = False  # offered as a min/max filter on listings
    multi: bool = False  # a product may hold several values (e.g. a VPI adapter's protocols)
    help: str = ""
    whole: bool = False  # numbers only: a count, never a fraction

    def value_key(self, value: object) -> str:
        """The canonical string a facet groups and filters by."""
        if self.kind is SpecKind.BOOL:
            return "yes" if value else "no"
        if self.kind is SpecKind.NUMBER:
            return format_number(float(value))  # type: ignore[arg-type]
        return str(value)

    def display(self, value: object) -> str:
        if self.kind is SpecKind.BOOL:
            return "Yes" if value else "No"
        if self.kind is SpecKind.NUMBER:
            return format_quantity(float(value), self.unit)  # type: ignore[arg-type]
        return str(value)


def format_number(value: float) -> str:
    """400.0 -> "400", 0.5 -> "0.5", 1310.0 -> "1310"."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


# Units shown in a larger unit from a threshold on: 10000 m reads "10 km", 20000 ms "20 s".
LARGER_UNITS = {"m": (1000, "km"), "ms": (1000, "s")}


def format_quantity(value: float, unit: str | None) -> str:
    """A number with its unit, the way every page writes it: "0.5 m", "100 m", "2 km",
    "400 Gb/s". The one formatter for spec values, facet labels, chips and filter hints."""
    if not unit:
        return format_number(value)
    larger = LARGER_UNITS.get(unit)
    if larger is not None and abs(value) >= larger[0]:
        return f"{format_number(value / larger[0])} {larger[1]}"
    return f"{format_number(value)} {unit}"


GENERATIONS = (
    "EDR", "HDR100", "HDR", "NDR200", "NDR", "XDR",
    "10GbE", "25GbE", "40GbE", "50GbE", "100GbE", "200GbE", "400GbE", "800GbE",
)
CAGES = ("SFP+", "SFP28", "SFP56", "QSFP+", "QSFP28", "QSFP56", "QSFP112", "QSFP-DD", "OSFP")
MEDIA = (
    "DAC", "ACC", "AOC", "SR", "LR", "SR4", "DR4", "FR4", "LR4", "SR8", "2xSR4", "2xDR4",
    "2xFR4", "DR8", "Copper",
)

SPECS: dict[str, SpecDef] = {
    s.code: s
    for s in [
        SpecDef("protocol", "Protocol", SpecKind.ENUM, choices=("InfiniBand", "Ethernet"),
                facet=True, multi=True),
        SpecDef("generation", "Generation", SpecKind.ENUM, choices=GENERATIONS, facet=True,
                multi=True, help="InfiniBand generation or Ethernet speed class"),
        SpecDef("data_rate", "Data rate", SpecKind.NUMBER, unit="Gb/s", facet=True, multi=True,
                help="Per-port line rate"),
        SpecDef("port_count", "Ports", SpecKind.NUMBER, facet=True, whole=True),
        SpecDef("form_factor", "Cage / form factor", SpecKind.ENUM, choices=CAGES, facet=True,
                multi=True),
        SpecDef("pcie_generation", "PCIe generation", SpecKind.ENUM,
                choices=("PCIe 3.0", "PCIe 4.0", "PCIe 5.0", "PCIe 6.0"), facet=True),
        SpecDef("pcie_lanes", "PCIe lanes", SpecKind.NUMBER, unit="lanes", whole=True),
        SpecDef("card_form_factor", "Card format", SpecKind.ENUM,
                choices=("PCIe HHHL", "PCIe FHHL", "OCP 3.0 SFF", "OCP 3.0 TSFF", "Socket Direct"),
                facet=True),
        SpecDef("media", "Media", SpecKind.ENUM, choices=MEDIA, facet=True),
        SpecDef("reach", "Reach", SpecKind.NUMBER, unit="m", range_filter=True),
        SpecDef("wavelength", "Wavelength", SpecKind.NUMBER, unit="nm", facet=True),
        SpecDef("connector", "Connector", SpecKind.ENUM,
                choices=("LC", "MPO-12", "MPO-12 APC", "Dual MPO-12 APC", "Direct attach"),
                facet=True),
        SpecDef("switching_capacity", "Switching capacity", SpecKind.NUMBER, unit="Tb/s"),
        SpecDef("power", "Typical power", SpecKind.NUMBER, unit="W"),
        SpecDef("managed", "Managed", SpecKind.BOOL, facet=True),
        SpecDef("airflow", "Airflow", SpecKind.ENUM,
                choices=("P2C", "C2P", "Front-to-back", "Back-to-front"), facet=True),
        SpecDef("rack_units", "Rack units", SpecKind.NUMBER, unit="U", facet=True),
        SpecDef("max_delay", "Maximum added delay", SpecKind.NUMBER, unit="ms"),
        SpecDef("impairments", "Impairments", SpecKind.TEXT),
    ]
}

# Which specs each product type records, in display order.
TYPE_SPECS: dict[ProductType, tuple[str, ...]] = {
    ProductType.SWITCH: (
        "protocol", "generation", "data_rate", "port_count", "form_factor",
        "switching_capacity", "managed", "airflow", "rack_units", "power",
    ),
    ProductType.ADAPTER: (
        "protocol", "generation", "data_rate", "port_count", "form_factor",
        "pcie_generation", "pcie_lanes", "card_form_factor", "power",
    ),
    ProductType.CABLE: (
        "protocol", "generation", "data_rate", "form_factor", "media", "reach", "power",
    ),
    ProductType.TRANSCEIVER: (
        "protocol", "generation", "data_rate", "form_factor", "media", "reach",
        "wavelength", "connector", "power",
    ),
    ProductType.EMULATOR: (
        "protocol", "data_rate", "port_count", "form_factor", "max_delay", "impairments",
        "rack_units", "power",
    ),
}


# The specs a product of each type must state before it is saved through the product forms
# (``shop.catalog.spec_forms``, ``shop.catalog.editing``): what listings, filters and the
# compatibility lists cannot do without.
REQUIRED_SPECS: dict[ProductType, frozenset[str]] = {
    ProductType.SWITCH: frozenset({"protocol", "data_rate", "port_count", "form_factor"}),
    ProductType.ADAPTER: frozenset({"protocol", "data_rate", "port_count", "form_factor"}),
    ProductType.CABLE: frozenset({"protocol", "data_rate", "form_factor", "media", "reach"}),
    ProductType.TRANSCEIVER: frozenset({"protocol", "data_rate", "form_factor", "media",
                                        "reach"}),
    ProductType.EMULATOR: frozenset({"protocol", "data_rate", "port_count"}),
}


def missing_required(product_type: ProductType, codes) -> list[str]:
    """The required specs of ``product_type`` not among ``codes``, in display order."""
    present = set(codes)
    return [c for c in TYPE_SPECS[product_type]
            if c in REQUIRED_SPECS[product_type] and c not in present]


# The specs a product card shows as short chips, in this order.
CARD_SPECS = ("data_rate", "form_factor", "port_count", "media", "reach")


def key_spec_labels(specs) -> tuple[str, ...]:
    """The short spec chips of a card, from (code, display) pairs in stored order."""
    grouped: dict[str, list[str]] = {}
    for code, display in specs:
        if code in CARD_SPECS:
            grouped.setdefault(code, []).append(display)
    out = []
    for code in CARD_SPECS:
        values = grouped.get(code)
        if not values:
            continue
        label = " / ".join(values)
        if code == "port_count":
            label += " port" if values == ["1"] else " ports"
        out.append(label)
    return tuple(out)


class SpecError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class TypedValue:
    spec: SpecDef
    num: float | None = None
    text: str | None = None
    flag: bool | None = None
    key: str = field(default="")


def coerce(product_type: ProductType, code: str, value: object) -> list[TypedValue]:
    """Check one spec value against its definition and return typed values (several for multi)."""
    if code not in TYPE_SPECS[product_type]:
        raise SpecError(code, f"not a spec of {product_type.value} products")
    spec = SPECS[code]
    values = list(value) if isinstance(value, list | tuple) else [value]
    if len(values) > 1 and not spec.multi:
        raise SpecError(code, "takes one value")
    out: list[TypedValue] = []
    for v in values:
        if spec.kind is SpecKind.NUMBER:
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise SpecError(code, f"expects a number, got {v!r}")
            if v != v or v in (float("inf"), float("-inf")) or v < 0:
                raise SpecError(code, "expects a number of zero or more")
            if spec.whole and v != int(v):
                raise SpecError(code, "expects a whole number")
            out.append(TypedValue(spec, num=float(v), key=spec.value_key(v)))
        elif spec.kind is SpecKind.ENUM:
            if v not in spec.choices:
                raise SpecError(code, f"{v!r} is not one of {', '.join(spec.choices)}")
            out.append(TypedValue(spec, text=str(v), key=str(v)))
        elif spec.kind is SpecKind.BOOL:
            if not isinstance(v, bool):
                raise SpecError(code, f"expects true or false, got {v!r}")
            out.append(TypedValue(spec, flag=v, key=spec.value_key(v)))
        else:
            if not isinstance(v, str) or not v.strip():
                raise SpecError(code, "expects text")
            out.append(TypedValue(spec, text=v.strip(), key=v.strip()[:120]))
    return out


def facet_sort_key(spec: SpecDef, key: str) -> tuple:
    """Order facet values: numbers numerically, enums in their declared order."""
    if spec.kind is SpecKind.NUMBER:
        try:
            return (0, float(key), key)
        except ValueError:
            return (1, 0.0, key)
    if spec.kind is SpecKind.ENUM and key in spec.choices:
        return (0, spec.choices.index(key), key)
    return (1, 0, key)
