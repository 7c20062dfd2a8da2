"""What plugs into what: the compatibility rules for cables, transceivers and ports.

A switch or adapter has groups of identical *ports*; a cable or transceiver has *ends* (a
transceiver one, a straight cable two alike, a splitter one switch end and two or four legs).
Ports and ends are described the same way (``Interface``):

* a cage and, for OSFP, the top: switch cages take finned-top plugs, adapter cages (with a
  riding heat sink) take flat-top ones;
* the modes it runs, each a number of lanes at a lane rate (``4x50``: four 50G lanes, HDR or
  200GbE; ``8x100``: a twin-port OSFP carrying two 400G ports);
* the protocols it speaks (InfiniBand, Ethernet or both);
* a role: ports belong to a switch or a host; most ends go anywhere, but the combined end of
  a splitter belongs in a switch and its legs in hosts.

An end fits a port when the port accepts the plug mechanically (an SFP plug in any SFP cage,
a QSFP28/56/112 plug in any QSFP cage or a QSFP-DD cage, a QSFP-DD plug only in QSFP-DD, an
OSFP plug only in OSFP with the same top), the roles agree, and the two share a mode and a
protocol. The link then runs at the fastest shared mode. Nothing here reads the database:
``shop.catalog.compatibility`` applies the same rules to the stored descriptions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from shop.catalog.specs import CAGES

PROTOCOLS = ("InfiniBand", "Ethernet")
TOPS = ("", "finned", "flat")
ROLES = ("", "switch", "host")
LANE_RATES = (1, 10, 25, 50, 100, 200)  # Gb/s per lane
LANE_COUNTS = (1, 2, 4, 8)

SFP = frozenset({"SFP+", "SFP28", "SFP56"})
QSFP = frozenset({"QSFP+", "QSFP28", "QSFP56", "QSFP112"})
TOP_LABELS = {"finned": "finned top", "flat": "flat top"}
_MODE = re.compile(r"^\s*([1-9]\d?)\s*[x×]\s*([1-9]\d{0,2})\s*$")


@dataclass(frozen=True, order=True)
class Mode:
    """``lanes`` electrical lanes at ``rate`` Gb/s each."""

    lanes: int
    rate: int

    @property
    def gbps(self) -> int:
        return self.lanes * self.rate

    @property
    def code(self) -> str:
        return f"{self.lanes}x{self.rate}"

    @property
    def label(self) -> str:
        return f"{self.gbps} Gb/s ({self.lanes} × {self.rate}G lanes)"

    @classmethod
    def parse(cls, text: str) -> Mode:
        match = _MODE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a mode like 4x50 (lanes x Gb/s per lane)")
        lanes, rate = int(match.group(1)), int(match.group(2))
        if lanes not in LANE_COUNTS or rate not in LANE_RATES:
            raise ValueError(f"{text!r}: lanes are one of {LANE_COUNTS}, lane rates one of "
                             f"{LANE_RATES} Gb/s")
        return cls(lanes, rate)


def _rank(mode: Mode) -> tuple[int, int]:
    return (mode.gbps, mode.rate)


@dataclass(frozen=True)
class Interface:
    """A port cage or a plug, as far as fitting is concerned."""

    cage: str
    modes: frozenset[Mode]
    protocols: frozenset[str]
    top: str = ""
    role: str = ""

    def __post_init__(self) -> None:
        if self.cage not in CAGES:
            raise ValueError(f"unknown cage {self.cage!r}")
        if self.top not in TOPS or (self.top and self.cage != "OSFP"):
            raise ValueError("only OSFP has a top, finned or flat")
        if self.cage == "OSFP" and not self.top:
            raise ValueError("an OSFP cage or plug is finned-top or flat-top")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if not self.modes:
            raise ValueError("at least one mode (lanes x lane rate)")
        if not self.protocols or not self.protocols <= set(PROTOCOLS):
            raise ValueError("protocols are InfiniBand, Ethernet or both")

    @property
    def lanes(self) -> int:
        return max(m.lanes for m in self.modes)

    @property
    def lane_rates(self) -> tuple[int, ...]:
        return tuple(sorted({m.rate for m in self.modes}, reverse=True))

    @property
    def best(self) -> Mode:
        return max(self.modes, key=_rank)

    @property
    def shell(self) -> str:
        return f"{self.cage}, {TOP_LABELS[self.top]}" if self.top else self.cage

    @property
    def profile(self) -> str:
        """A short key naming everything fitting depends on: interfaces with the same
        profile fit the same things."""
        text = "|".join([self.cage, self.top, self.role,
                         ",".join(m.code for m in sorted(self.modes)),
                         ",".join(sorted(self.protocols))])
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Connector:
    """A group of identical ports on a device, or one end (or set of legs) of a part."""

    label: str
    count: int
    interface: Interface

    def describe(self) -> str:
        return f"{self.label} ({self.count} × {self.interface.shell})" if self.count > 1 \
            else f"{self.label} ({self.interface.shell})"


def accepts(port: Interface, plug: Interface) -> bool:
    """Whether the plug goes into the port's cage at all (shells and tops only)."""
    if plug.cage in SFP:
        return port.cage in SFP
    if plug.cage in QSFP:
        return port.cage in QSFP or port.cage == "QSFP-DD"
    if plug.cage == "QSFP-DD":
        return port.cage == "QSFP-DD"
    return port.cage == "OSFP" and port.top == plug.top


def _roles_agree(port: Interface, plug: Interface) -> bool:
    return not plug.role or not port.role or plug.role == port.role


def link(plug: Interface, port: Interface) -> Mode | None:
    """The fastest mode a plug runs in a port, or None when it does not fit."""
    if not accepts(port, plug) or not _roles_agree(port, plug):
        return None
    if not plug.protocols & port.protocols:
        return None
    shared = plug.modes & port.modes
    return max(shared, key=_rank) if shared else None


def why_not(plug: Interface, port: Interface) -> str:
    """Why a plug does not fit a port, in words (empty when it fits)."""
    if not accepts(port, plug):
        if plug.cage == "OSFP" and port.cage == "OSFP":
            return (f"{TOP_LABELS[plug.top]} OSFP plugs do not fit "
                    f"{TOP_LABELS[port.top]} OSFP cages")
        return f"{plug.cage} plugs do not fit {port.cage} cages"
    if not _roles_agree(port, plug):
        return f"this end belongs in a {plug.role} port, not a {port.role} port"
    if not plug.protocols & port.protocols:
        return (f"the plug speaks {' and '.join(sorted(plug.protocols))}, the port "
                f"{' and '.join(sorted(port.protocols))}")
    if not plug.modes & port.modes:
        return "no lane count and lane rate that both run"
    return ""


@dataclass(frozen=True)
class Placement:
    """One end of a part in one group of a device's ports, and the link it makes."""

    end: Connector
    port: Connector
    mode: Mode
    protocols: frozenset[str]

    def describe(self) -> str:
        speaks = " or ".join(p for p in PROTOCOLS if p in self.protocols)
        return (f"{self.end.label.capitalize()} into the {self.port.label}: "
                f"{self.mode.label}, {speaks}")


@dataclass(frozen=True)
class FitResult:
    """Whether a part fits a device: every placement that works, best first, or why not."""

    placements: tuple[Placement, ...] = ()
    reasons: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.placements)

    @property
    def best(self) -> Placement | None:
        return self.placements[0] if self.placements else None

    @property
    def gbps(self) -> int:
        return self.best.mode.gbps if self.best else 0


def fit_connectors(ends: Iterable[Connector], ports: Iterable[Connector]) -> FitResult:
    """Every way the ends of a part go into the ports of a device."""
    ends, ports = list(ends), list(ports)
    placements, reasons = [], []
    for end in ends:
        for port in ports:
            mode = link(end.interface, port.interface)
            if mode is None:
                reason = why_not(end.interface, port.interface)
                if reason and reason not in reasons:
                    reasons.append(reason)
                continue
            placements.append(Placement(end, port, mode,
                                        end.interface.protocols & port.interface.protocols))
    placements.sort(key=lambda p: (-p.mode.gbps, -p.mode.rate))
    return FitResult(tuple(placements), () if placements else tuple(reasons))


def fits(part, device) -> FitResult:
    """Whether a cable or transceiver fits a switch's or adapter's ports, and which of its
    ends goes into which port. Takes products (or anything with ``ends`` and ``ports``
    lists of ``Connector``) and reads no more than their own descriptions. Given the
    other way round (a device, then a part) it answers the same."""
    if not part.ends and device.ends:
        part, device = device, part
    return fit_connectors(part.ends, device.ports)


# --- reading descriptions ------------------------------------------------------------------


def interface_from(data: Mapping, default_protocols: Iterable[str] = (),
                   default_role: str = "") -> Interface:
    """An interface from plain data (the demo catalogue, forms): ``cage``, ``modes``
    (["4x50", ...]), optional ``top``, ``role`` and ``protocols`` (else the product's)."""
    protocols = data.get("protocols") or list(default_protocols)
    modes = data.get("modes") or ()
    if isinstance(modes, str):
        modes = modes.split()
    return Interface(
        cage=str(data.get("cage", "")),
        modes=frozenset(Mode.parse(str(m)) for m in modes),
        protocols=frozenset(protocols),
        top=str(data.get("top") or ""),
        role=str(data.get("role") or default_role),
    )


def port_role(product_type: str) -> str:
    """Ports of a switch take switch ends; ports of anything else are host ports."""
    return "switch" if product_type == "switch" else "host"


def connector_from(data: Mapping, default_protocols: Iterable[str] = (),
                   default_label: str = "ports", default_role: str = "") -> Connector:
    count = data.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 1024:
        raise ValueError("count is a whole number from 1")
    label = str(data.get("label") or default_label).strip()[:60]
    return Connector(label, count, interface_from(data, default_protocols, default_role))
