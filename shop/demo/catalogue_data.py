"""The demo catalogue: brands, stock locations, the category tree and real products.

Pure data. Part numbers, speeds, port counts, cages and the few power figures come from the
vendors' public datasheets and user manuals; a spec is left out where the public figure was not
certain. Prices are plausible street prices in USD for a demo shop, not quotes. Every spec value
validates with :func:`shop.catalog.specs.coerce` for the product's type.
"""

from __future__ import annotations

BRANDS = [
    {
        "name": "NVIDIA",
        "slug": "nvidia",
        "description": (
            "ConnectX adapters, BlueField DPUs, Quantum InfiniBand and Spectrum Ethernet "
            "switches, and LinkX cables and optics. The line comes from Mellanox Technologies, "
            "which NVIDIA bought in 2020, so many parts still carry Mellanox labels and the "
            "familiar MCX, MQM, MSN, MCP and MFS ordering part numbers."
        ),
    },
    {
        "name": "Intel",
        "slug": "intel",
        "description": (
            "Intel Ethernet 800 series adapters built on the E810 controller, with SR-IOV, "
            "RDMA (iWARP and RoCEv2) and Application Device Queues."
        ),
    },
    {
        "name": "Broadcom",
        "slug": "broadcom",
        "description": (
            "NetXtreme-E Ethernet adapters on the BCM574xx, BCM575xx and BCM576xx (Thor) "
            "controllers, common as the OEM network card in large server fleets."
        ),
    },
    {
        "name": "Apposite Technologies",
        "slug": "apposite-technologies",
        "description": (
            "Los Angeles maker of the Linktropy WAN emulators and the Netropy network emulators, "
            "hardware boxes that sit inline and add delay, loss and bandwidth limits."
        ),
    },
    {
        "name": "Spirent",
        "slug": "spirent",
        "description": (
            "Test and measurement vendor. Its Attero impairment emulators were built with "
            "Calnex for line-rate testing of 100GbE links."
        ),
    },
]

LOCATIONS = [
    {"code": "US-EAST", "name": "US East warehouse (Ashburn, Virginia)"},
    {"code": "EU-CENTRAL", "name": "EU Central warehouse (Frankfurt am Main)"},
]

CATEGORIES = [
    {
        "slug": "switches",
        "name": "Switches",
        "parent": None,
        "description": "Fixed-configuration InfiniBand and Ethernet switches for leaf, spine "
        "and storage fabrics.",
    },
    {
        "slug": "infiniband-switches",
        "name": "InfiniBand switches",
        "parent": "switches",
        "description": "EDR, HDR and NDR InfiniBand switches for HPC and AI clusters, with "
        "managed (on-board subnet manager) and externally managed variants.",
    },
    {
        "slug": "ethernet-switches",
        "name": "Ethernet switches",
        "parent": "switches",
        "description": "Spectrum-based Ethernet switches from 25GbE top-of-rack to 800GbE "
        "spine, shipped with Onyx or Cumulus Linux depending on the part number.",
    },
    {
        "slug": "network-adapters",
        "name": "Network adapters",
        "parent": None,
        "description": "PCIe and OCP 3.0 network cards: InfiniBand/Ethernet VPI adapters, "
        "Ethernet NICs and DPUs.",
    },
    {
        "slug": "cables-transceivers",
        "name": "Cables & transceivers",
        "parent": None,
        "description": "Copper and optical interconnect: direct-attach cables, active optical "
        "cables and pluggable optics.",
    },
    {
        "slug": "dac-cables",
        "name": "DAC cables",
        "parent": "cables-transceivers",
        "description": "Passive and active copper cables, straight and splitter, for in-rack "
        "links of a few metres.",
    },
    {
        "slug": "aoc-cables",
        "name": "Active optical cables",
        "parent": "cables-transceivers",
        "description": "Cables with optics sealed into both ends: lighter and longer than "
        "copper, no separate fibre or transceivers to match.",
    },
    {
        "slug": "optical-transceivers",
        "name": "Optical transceivers",
        "parent": "cables-transceivers",
        "description": "SFP28, QSFP28, QSFP56, QSFP112, QSFP-DD and OSFP optics for multimode "
        "and single-mode fibre.",
    },
    {
        "slug": "network-emulators",
        "name": "Network emulators",
        "parent": None,
        "description": "Inline appliances that add latency, jitter, loss and bandwidth limits "
        "to real traffic, for testing applications and protocols before they meet a WAN.",
    },
]

# Shared datasheet links (vendor family pages and user manuals).
_NV_IB_ADAPTERS = {"title": "NVIDIA InfiniBand adapters",
                   "url": "https://www.nvidia.com/en-us/networking/infiniband-adapters/"}
_NV_ETH_ADAPTERS = {"title": "NVIDIA Ethernet adapters",
                    "url": "https://www.nvidia.com/en-us/networking/ethernet-adapters/"}
_NV_CX7_MANUAL = {"title": "ConnectX-7 PCIe adapter cards user manual",
                  "url": "https://docs.nvidia.com/networking/display/ConnectX7VPI"}
_NV_CX7_OCP_MANUAL = {"title": "ConnectX-7 cards for OCP 3.0 user manual",
                      "url": "https://docs.nvidia.com/networking/display/connectx7vpiocp3"}
_NV_CX5_MANUAL = {"title": "ConnectX-5 InfiniBand/Ethernet adapter cards user manual",
                  "url": "https://docs.nvidia.com/networking/display/connectx5ib"}
_NV_DPU = {"title": "NVIDIA BlueField DPUs",
           "url": "https://www.nvidia.com/en-us/networking/products/data-processing-unit/"}
_NV_IB_SWITCHES = {"title": "NVIDIA InfiniBand switches",
                   "url": "https://www.nvidia.com/en-us/networking/infiniband-switching/"}
_NV_ETH_SWITCHES = {"title": "NVIDIA Ethernet switches",
                    "url": "https://www.nvidia.com/en-us/networking/ethernet-switching/"}
_NV_QM9700_MANUAL = {"title": "QM9700/QM9790 switch systems user manual",
                     "url": "https://docs.nvidia.com/networking/display/qm97x0pub"}
_NV_SN3000_MANUAL = {"title": "Spectrum-2 SN3000 switch systems hardware user manual",
                     "url": "https://docs.nvidia.com/networking/display/sn3000um"}
_NV_SN5000_MANUAL = {"title": "Spectrum-4 SN5000 switch systems hardware user manual",
                     "url": "https://docs.nvidia.com/networking/display/sn5000"}
_NV_LINKX = {"title": "NVIDIA LinkX cables and transceivers",
             "url": "https://www.nvidia.com/en-us/networking/interconnect/"}

_ETH_100 = ["10GbE", "25GbE", "40GbE", "50GbE", "100GbE"]
_ETH_RATES_100 = [10, 25, 40, 50, 100]

PRODUCTS = [
    # ------------------------------------------------------------------ adapters: ConnectX-7
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-7 VPI adapter, 1x OSFP, 400Gb/s NDR, PCIe 5.0 x16",
        "sku": "FP-CX7-1P-NDR",
        "mpn": "MCX75310AAS-NEAT",
        "alt_part_number": "900-9X766-003N-SQ0",
        "gtin": None,
        "summary": "Single-port 400Gb/s NDR InfiniBand or 400GbE adapter with an OSFP cage, "
        "the usual GPU-server card for Quantum-2 fabrics.",
        "description": (
            "A half-height, half-length ConnectX-7 card with one OSFP port running NDR "
            "InfiniBand at 400Gb/s or 400GbE, and NDR200/200GbE when paired with a splitter "
            "on the switch side. The part ships with InfiniBand as the default link type; the "
            "port can be switched to Ethernet with mlxconfig. Crypto is disabled on this "
            "variant and secure boot is enabled.\n\n"
            "The OSFP cage uses a riding heat sink, so it takes flat-top OSFP plugs only: "
            "MMA4Z00-NS400 or MMS4X00-NS400 optics, or the flat ends of MCP7Y00 splitter DACs "
            "coming from a Quantum-2 or Spectrum-4 switch. Finned-top switch optics do not fit.\n\n"
            "Full 400Gb/s needs a PCIe 5.0 x16 slot; in a PCIe 4.0 x16 slot the host link caps "
            "throughput at roughly 200Gb/s. The card expects server-grade airflow across the "
            "heat sink. Typical power is about 25 W with passive cables."
        ),
        "price": "1695.00",
        "stock": {"US-EAST": 42, "EU-CENTRAL": 18},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR", "NDR200", "NDR", "100GbE", "200GbE", "400GbE"],
            "data_rate": [100, 200, 400],
            "port_count": 1,
            "form_factor": "OSFP",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
            "power": 24.9,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-osfp-1p.svg",
        "datasheets": [_NV_CX7_MANUAL, _NV_IB_ADAPTERS],
        "best_seller_rank": 480,
        "days_ago": 120,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-7 VPI adapter, 1x OSFP, 200Gb/s NDR200, PCIe 5.0 x16",
        "sku": "FP-CX7-1P-NDR200",
        "mpn": "MCX75310AAS-HEAT",
        "alt_part_number": "900-9X766-003N-ST0",
        "gtin": None,
        "summary": "Single-port ConnectX-7 adapter limited to NDR200 / 200GbE, for nodes that "
        "hang off one leg of a Quantum-2 splitter cable.",
        "description": (
            "Same board and OSFP cage as the 400Gb/s ConnectX-7, firmware-limited to 200Gb/s: "
            "NDR200 InfiniBand or 200GbE. It is the natural end point for a twin-port OSFP "
            "splitter that fans one switch cage out to four 200Gb/s hosts.\n\n"
            "The cage takes flat-top OSFP plugs only. In 200Gb/s mode the 400G single-port "
            "optics light only two lanes and draw less power. Typical card power is about "
            "17 W with passive cables.\n\n"
            "Runs at full rate in a PCIe 4.0 x16 slot as well as PCIe 5.0."
        ),
        "price": "1295.00",
        "stock": {"US-EAST": 16, "EU-CENTRAL": 9},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR", "NDR200", "100GbE", "200GbE"],
            "data_rate": [100, 200],
            "port_count": 1,
            "form_factor": "OSFP",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
            "power": 16.7,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-osfp-1p.svg",
        "datasheets": [_NV_CX7_MANUAL, _NV_IB_ADAPTERS],
        "best_seller_rank": 210,
        "days_ago": 95,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-7 VPI adapter, 2x QSFP112, 200Gb/s NDR200, PCIe 5.0 x16, "
        "Socket Direct ready",
        "sku": "FP-CX7-2P-NDR200",
        "mpn": "MCX755106AS-HEAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port ConnectX-7 with QSFP112 cages, NDR200 InfiniBand or 200GbE per "
        "port, ready for Socket Direct in two-socket servers.",
        "description": (
            "Two QSFP112 ports, each running NDR200 InfiniBand or 200GbE, on a half-height "
            "PCIe 5.0 x16 card. Two ports at 200Gb/s add up to the full bandwidth of the x16 "
            "host link, so a PCIe 4.0 slot will not run both ports at line rate at once.\n\n"
            "The card is Socket Direct ready: an optional auxiliary PCIe card and harness give "
            "each CPU socket its own x16 path, which avoids cross-socket traffic in dual-socket "
            "servers. The auxiliary kit is ordered separately.\n\n"
            "QSFP112 cages accept QSFP112 optics and DACs and are backward compatible with "
            "QSFP56 and QSFP28 plugs at their own rates."
        ),
        "price": "1795.00",
        "stock": {"US-EAST": 27, "EU-CENTRAL": 11},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR", "NDR200", "100GbE", "200GbE"],
            "data_rate": [100, 200],
            "port_count": 2,
            "form_factor": "QSFP112",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_CX7_MANUAL, _NV_IB_ADAPTERS],
        "best_seller_rank": 260,
        "days_ago": 60,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-7 VPI adapter, OCP 3.0 SFF, 2x QSFP112, 200Gb/s NDR200, "
        "PCIe 5.0 x16",
        "sku": "FP-CX7-OCP-2P",
        "mpn": "MCX753436MS-HEAB",
        "alt_part_number": None,
        "gtin": None,
        "summary": "ConnectX-7 in the OCP NIC 3.0 small form factor with two QSFP112 ports at "
        "NDR200 or 200GbE and a thumbscrew bracket.",
        "description": (
            "The OCP 3.0 small form factor version of the dual-port ConnectX-7, for servers "
            "with an OCP mezzanine slot. Each QSFP112 port runs NDR200 InfiniBand or 200GbE. "
            "The thumbscrew (pull-tab) bracket lets the card be swapped from the cold aisle "
            "without opening the chassis.\n\n"
            "Check how many PCIe lanes the server routes to its OCP slot: some platforms wire "
            "only x8, which halves the available host bandwidth. Multi-Host and Socket Direct "
            "configurations depend on the server's OCP implementation."
        ),
        "price": "1895.00",
        "stock": {"US-EAST": 6, "EU-CENTRAL": 4},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR", "NDR200", "100GbE", "200GbE"],
            "data_rate": [100, 200],
            "port_count": 2,
            "form_factor": "QSFP112",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "OCP 3.0 SFF",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-ocp3.svg",
        "datasheets": [_NV_CX7_OCP_MANUAL],
        "best_seller_rank": 75,
        "days_ago": 40,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-7 VPI adapter, OCP 3.0 TSFF, 1x OSFP, 400Gb/s NDR, "
        "PCIe 5.0 x16",
        "sku": "FP-CX7-OCP-1P-NDR",
        "mpn": "MCX75343AMS-NEAC",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Single-port NDR / 400GbE ConnectX-7 in the tall OCP 3.0 form factor, which "
        "leaves room for a larger heat sink.",
        "description": (
            "A single OSFP port at NDR 400Gb/s or 400GbE on an OCP NIC 3.0 Tall Small Form "
            "Factor (TSFF) card. The extra height over a standard SFF card goes into the heat "
            "sink, which matters for a 400G port in a dense server. Typical power is about "
            "24 W with passive cables.\n\n"
            "Like every ConnectX-7 OSFP card the cage takes flat-top plugs only. Confirm that "
            "the server's OCP bay accepts TSFF cards before ordering; an SFF-only bay will not "
            "take it."
        ),
        "price": "1850.00",
        "stock": {"US-EAST": 3, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR", "NDR200", "NDR", "100GbE", "200GbE", "400GbE"],
            "data_rate": [100, 200, 400],
            "port_count": 1,
            "form_factor": "OSFP",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "OCP 3.0 TSFF",
            "power": 24.4,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-ocp3.svg",
        "datasheets": [_NV_CX7_OCP_MANUAL],
        "best_seller_rank": 38,
        "days_ago": 12,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-7 EN adapter, 4x SFP56, 50/25GbE, PCIe 4.0 x16",
        "sku": "FP-CX7-4P-50G",
        "mpn": "MCX713104AS-ADAT",
        "alt_part_number": "900-9X7AO-0003-ST0",
        "gtin": None,
        "summary": "Quad-port 50/25GbE ConnectX-7 Ethernet adapter with SFP56 cages for "
        "storage and virtualisation hosts.",
        "description": (
            "Four SFP56 ports at 50GbE or 25GbE on a half-height PCIe 4.0 x16 card, bringing "
            "ConnectX-7 offloads (RoCE, ASAP2 switching, inline crypto on the AC variants, "
            "precision time) to hosts that connect to 25G/50G top-of-rack switches.\n\n"
            "SFP56 cages take SFP28 optics and DACs for 25GbE links. This is the crypto-disabled "
            "variant. Ethernet only: the card does not run InfiniBand."
        ),
        "price": "895.00",
        "stock": {"US-EAST": 14, "EU-CENTRAL": 7},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["25GbE", "50GbE"],
            "data_rate": [25, 50],
            "port_count": 4,
            "form_factor": "SFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-sfp-2p.svg",
        "datasheets": [_NV_CX7_MANUAL, _NV_ETH_ADAPTERS],
        "best_seller_rank": 44,
        "days_ago": 7,
    },
    # ------------------------------------------------------------------ adapters: ConnectX-6
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 VPI adapter, 2x QSFP56, 200Gb/s HDR, PCIe 4.0 x16",
        "sku": "FP-CX6-2P-HDR",
        "mpn": "MCX653106A-HDAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port HDR InfiniBand / 200GbE adapter with QSFP56 cages, the workhorse "
        "card of Quantum HDR clusters.",
        "description": (
            "Two QSFP56 ports, each running HDR InfiniBand at 200Gb/s, HDR100, EDR, or Ethernet "
            "from 10GbE to 200GbE. It is a PCIe 3.0/4.0 x16 card shipped with a tall bracket "
            "(a short bracket is included).\n\n"
            "A PCIe 4.0 x16 slot carries about 200Gb/s of traffic, so the two ports together "
            "cannot both run at 200Gb/s line rate; the second port is mostly for redundancy or "
            "a second rail. In a PCIe 3.0 slot expect roughly 100Gb/s in total.\n\n"
            "Pairs with MQM8700/MQM8790 switches over MCP1650 DACs or MFS1S00 AOCs."
        ),
        "price": "1395.00",
        "stock": {"US-EAST": 22, "EU-CENTRAL": 15},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["EDR", "HDR100", "HDR", "10GbE", "25GbE", "40GbE", "50GbE",
                           "100GbE", "200GbE"],
            "data_rate": [10, 25, 40, 50, 100, 200],
            "port_count": 2,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_IB_ADAPTERS],
        "best_seller_rank": 350,
        "days_ago": 400,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 VPI adapter, 1x QSFP56, 200Gb/s HDR, PCIe 4.0 x16",
        "sku": "FP-CX6-1P-HDR",
        "mpn": "MCX653105A-HDAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Single-port HDR InfiniBand / 200GbE ConnectX-6 adapter, one QSFP56 cage, "
        "PCIe 3.0/4.0 x16.",
        "description": (
            "The single-port version of the ConnectX-6 VPI card: one QSFP56 port for HDR "
            "200Gb/s, HDR100 or EDR InfiniBand, or Ethernet up to 200GbE. Tall bracket "
            "fitted, short bracket in the box.\n\n"
            "To reach 200Gb/s the card needs a PCIe 4.0 x16 slot. Storage servers that only "
            "need one rail, and nodes behind an HDR100 split, are the usual fit."
        ),
        "price": "1045.00",
        "stock": {"US-EAST": 19, "EU-CENTRAL": 8},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["EDR", "HDR100", "HDR", "10GbE", "25GbE", "40GbE", "50GbE",
                           "100GbE", "200GbE"],
            "data_rate": [10, 25, 40, 50, 100, 200],
            "port_count": 1,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_IB_ADAPTERS],
        "best_seller_rank": 190,
        "days_ago": 380,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 VPI adapter, 2x QSFP56, 100Gb/s HDR100/EDR, PCIe 4.0 x16",
        "sku": "FP-CX6-2P-HDR100",
        "mpn": "MCX653106A-ECAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port 100Gb/s ConnectX-6: HDR100 or EDR InfiniBand and 100GbE, the "
        "drop-in replacement for ConnectX-5 VPI cards.",
        "description": (
            "Two QSFP56 ports at up to 100Gb/s each: HDR100 and EDR InfiniBand, or Ethernet "
            "from 10GbE to 100GbE. HDR100 nodes usually connect to an HDR switch port through "
            "a 1-to-2 splitter (MCP7H50 DAC or MFS1S50 AOC), so one 40-port Quantum switch "
            "serves 80 hosts.\n\n"
            "PCIe 3.0/4.0 x16. It replaces the end-of-life ConnectX-5 VPI MCX556A-ECAT in new "
            "orders and works with the same EDR cables."
        ),
        "price": "895.00",
        "stock": {"US-EAST": 31, "EU-CENTRAL": 12},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["EDR", "HDR100"] + _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 2,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_IB_ADAPTERS],
        "best_seller_rank": 240,
        "days_ago": 420,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 VPI adapter, 1x QSFP56, 100Gb/s HDR100/EDR, PCIe 4.0 x16",
        "sku": "FP-CX6-1P-HDR100",
        "mpn": "MCX653105A-ECAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Single-port HDR100 / EDR InfiniBand and 100GbE adapter, the economical "
        "compute-node card for HDR100 fabrics.",
        "description": (
            "One QSFP56 port at HDR100 or EDR InfiniBand, or 10 to 100GbE Ethernet, on a "
            "PCIe 3.0/4.0 x16 card. It is the usual node card where an HDR switch port is "
            "split two ways.\n\n"
            "Tall bracket fitted, short bracket included. Works with QSFP28 EDR/100GbE cables "
            "as well as HDR100 splitter legs."
        ),
        "price": "695.00",
        "stock": {"US-EAST": 48, "EU-CENTRAL": 20},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["EDR", "HDR100"] + _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 1,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_IB_ADAPTERS],
        "best_seller_rank": 300,
        "days_ago": 450,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 Dx EN adapter, 2x QSFP56, 100GbE, PCIe 4.0 x16",
        "sku": "FP-CX6DX-2P-100G",
        "mpn": "MCX623106AN-CDAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port 100GbE ConnectX-6 Dx SmartNIC with secure boot, RoCE and "
        "hardware vSwitch offload, crypto disabled.",
        "description": (
            "Two QSFP56 cages running 10, 25, 40, 50 or 100GbE on a half-height PCIe 4.0 x16 "
            "card. ConnectX-6 Dx adds a hardware root of trust, ASAP2 flow offload for OVS, "
            "RoCE with programmable congestion control and PTP timing to the ConnectX-5 "
            "feature set. The AN in the part number means crypto is not enabled; the AC "
            "variant adds IPsec/TLS offload.\n\n"
            "Although the cages are QSFP56, this card is a 100GbE part; the 200GbE ConnectX-6 "
            "Dx is a different OPN. QSFP28 optics and DACs fit directly, and 4x25GbE breakout "
            "cables work on each port.\n\n"
            "It is the recommended replacement for the ConnectX-5 EN MCX516A-CCAT."
        ),
        "price": "1049.00",
        "stock": {"US-EAST": 64, "EU-CENTRAL": 37},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 2,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_ETH_ADAPTERS],
        "best_seller_rank": 500,
        "days_ago": 600,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 Dx EN adapter, OCP 3.0 SFF, 2x QSFP56, 100GbE, PCIe 4.0 x16",
        "sku": "FP-CX6DX-OCP-100G",
        "mpn": "MCX623436AN-CDAB",
        "alt_part_number": None,
        "gtin": None,
        "summary": "The dual-port 100GbE ConnectX-6 Dx in OCP NIC 3.0 small form factor with a "
        "thumbscrew bracket.",
        "description": (
            "Electrically the same dual-port 100GbE ConnectX-6 Dx as the PCIe card, built for "
            "the OCP 3.0 SFF slot found in most current rack servers. Crypto is disabled on "
            "this variant.\n\n"
            "The thumbscrew bracket allows tool-less swaps from the front or rear of the "
            "server, depending on where the OCP bay sits. Confirm that the OCP slot is wired "
            "x16 to get both ports at 100GbE."
        ),
        "price": "1095.00",
        "stock": {"US-EAST": 12, "EU-CENTRAL": 10},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 2,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "OCP 3.0 SFF",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-ocp3.svg",
        "datasheets": [_NV_ETH_ADAPTERS],
        "best_seller_rank": 120,
        "days_ago": 520,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-6 Lx EN adapter, 2x SFP28, 25GbE, PCIe 4.0 x8",
        "sku": "FP-CX6LX-2P-25G",
        "mpn": "MCX631102AN-ADAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port 25GbE ConnectX-6 Lx adapter, low profile, PCIe 4.0 x8, with "
        "RoCE and secure boot.",
        "description": (
            "Two SFP28 ports at 10 or 25GbE on a low-profile PCIe 4.0 x8 card. ConnectX-6 Lx "
            "is the cost-optimised member of the family, aimed at 25G server access with RoCE, "
            "SR-IOV and ASAP2 offloads. Crypto is disabled on the AN variant.\n\n"
            "It replaces the ConnectX-5 EN MCX512A-ACAT and the ConnectX-4 Lx 25GbE cards. "
            "SFP28 optics such as MMA2P00-AS and MCP2M00 DACs fit directly."
        ),
        "price": "345.00",
        "stock": {"US-EAST": 120, "EU-CENTRAL": 75},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE"],
            "data_rate": [10, 25],
            "port_count": 2,
            "form_factor": "SFP28",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 8,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-sfp-2p.svg",
        "datasheets": [_NV_ETH_ADAPTERS],
        "best_seller_rank": 410,
        "days_ago": 500,
    },
    # ------------------------------------------------------------------ adapters: ConnectX-5 (EOL)
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-5 VPI adapter, 2x QSFP28, 100Gb/s EDR, PCIe 3.0 x16",
        "sku": "FP-CX5-2P-EDR",
        "mpn": "MCX556A-ECAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "End-of-life dual-port EDR InfiniBand / 100GbE ConnectX-5 adapter; order "
        "the ConnectX-6 MCX653106A-ECAT instead.",
        "description": (
            "Two QSFP28 ports at EDR 100Gb/s InfiniBand or 10 to 100GbE Ethernet on a PCIe 3.0 "
            "x16 card. ConnectX-5 was the EDR-generation adapter under Mellanox and is still "
            "widely installed.\n\n"
            "The part has reached end of life and we no longer receive stock. For new builds "
            "and spares, the ConnectX-6 MCX653106A-ECAT takes the same cables and adds HDR100 "
            "and PCIe 4.0. A PCIe 3.0 x16 slot limits the card to about 100Gb/s in total "
            "across both ports."
        ),
        "price": "749.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["EDR"] + _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 2,
            "form_factor": "QSFP28",
            "pcie_generation": "PCIe 3.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": True,
        "successor": "MCX653106A-ECAT",
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_CX5_MANUAL],
        "best_seller_rank": 330,
        "days_ago": 900,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-5 EN adapter, 2x QSFP28, 100GbE, PCIe 3.0 x16",
        "sku": "FP-CX5-2P-100G",
        "mpn": "MCX516A-CCAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "End-of-life dual-port 100GbE ConnectX-5 Ethernet adapter; the ConnectX-6 "
        "Dx MCX623106AN-CDAT replaces it.",
        "description": (
            "Two QSFP28 ports at 10 to 100GbE on a PCIe 3.0 x16 card with RoCE, SR-IOV and "
            "OVS offload. The remaining units are last-time-buy stock.\n\n"
            "A PCIe 3.0 x16 slot carries roughly 100Gb/s, so the second port is for "
            "redundancy rather than extra bandwidth. New designs should use the ConnectX-6 Dx "
            "MCX623106AN-CDAT, which fits the same QSFP28 cables."
        ),
        "price": "595.00",
        "stock": {"US-EAST": 4, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 2,
            "form_factor": "QSFP28",
            "pcie_generation": "PCIe 3.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": True,
        "successor": "MCX623106AN-CDAT",
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_ETH_ADAPTERS],
        "best_seller_rank": 280,
        "days_ago": 950,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA ConnectX-5 EN adapter, 2x SFP28, 25GbE, PCIe 3.0 x8",
        "sku": "FP-CX5-2P-25G",
        "mpn": "MCX512A-ACAT",
        "alt_part_number": None,
        "gtin": None,
        "summary": "End-of-life dual-port 25GbE ConnectX-5 adapter; replaced by the "
        "ConnectX-6 Lx MCX631102AN-ADAT.",
        "description": (
            "Two SFP28 ports at 10 or 25GbE on a low-profile PCIe 3.0 x8 card. Sold while "
            "last-time-buy stock lasts.\n\n"
            "The ConnectX-6 Lx MCX631102AN-ADAT is the direct successor: same ports and "
            "bracket height, PCIe 4.0, secure boot."
        ),
        "price": "229.00",
        "stock": {"US-EAST": 9, "EU-CENTRAL": 2},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE"],
            "data_rate": [10, 25],
            "port_count": 2,
            "form_factor": "SFP28",
            "pcie_generation": "PCIe 3.0",
            "pcie_lanes": 8,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": True,
        "successor": "MCX631102AN-ADAT",
        "eccn": "5A992.c",
        "image": "adapter-sfp-2p.svg",
        "datasheets": [_NV_ETH_ADAPTERS],
        "best_seller_rank": 260,
        "days_ago": 980,
    },
    # ------------------------------------------------------------------ adapters: DPU
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "NVIDIA",
        "name": "NVIDIA BlueField-3 B3220 DPU, 2x QSFP112, 200GbE / NDR200, PCIe 5.0 x16",
        "sku": "FP-BF3-B3220",
        "mpn": "900-9D3B6-00CV-AA0",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Full-height BlueField-3 DPU with 16 Arm cores, 32 GB DDR5 and two "
        "QSFP112 ports at 200GbE or NDR200.",
        "description": (
            "BlueField-3 combines a ConnectX-7 network engine with 16 Arm cores and on-board "
            "DDR5, so networking, storage and security services can run on the card instead "
            "of the host CPU. This B3220 P-series card has two QSFP112 ports at 200GbE "
            "(default) or NDR200 InfiniBand, an integrated BMC, and crypto enabled.\n\n"
            "It is a full-height, half-length card that needs a PCIe 5.0 x16 slot and the "
            "server's supplementary power connector; check the platform's DPU support list "
            "first. The DPU runs its own OS (BlueField BSP / DOCA) and needs provisioning "
            "before first use."
        ),
        "price": "2795.00",
        "stock": {"US-EAST": 5, "EU-CENTRAL": 2},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR", "NDR200", "100GbE", "200GbE"],
            "data_rate": [100, 200],
            "port_count": 2,
            "form_factor": "QSFP112",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe FHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [_NV_DPU],
        "best_seller_rank": 66,
        "days_ago": 25,
    },
    # ------------------------------------------------------------------ adapters: Intel
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "Intel",
        "name": "Intel Ethernet Network Adapter E810-CQDA2, 2x QSFP28, 100GbE, PCIe 4.0 x16",
        "sku": "FP-INT-E810-CQDA2",
        "mpn": "E810CQDA2",
        "alt_part_number": "E810CQDA2BLK",
        "gtin": None,
        "summary": "Dual-port QSFP28 Intel E810 adapter, 100Gb/s of total bandwidth shared "
        "across both ports, PCIe 4.0 x16.",
        "description": (
            "Intel's E810-CAM2 controller on a low-profile PCIe 4.0 x16 card with two QSFP28 "
            "cages. Ports run 100GbE, 50GbE, 25GbE or 10GbE, including 4x25GbE and 4x10GbE "
            "breakout on one port.\n\n"
            "Important: the controller's total throughput is 100Gb/s. Both ports can link at "
            "100GbE, but their combined traffic cannot exceed 100Gb/s, so the second port is "
            "best used for failover. For two full-rate 100G ports choose a ConnectX-6 Dx.\n\n"
            "Supports RDMA over iWARP and RoCEv2, SR-IOV and Dynamic Device Personalization "
            "packages. The BLK part number is the bulk-packed version of the same card."
        ),
        "price": "795.00",
        "stock": {"US-EAST": 26, "EU-CENTRAL": 14},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE", "50GbE", "100GbE"],
            "data_rate": [10, 25, 50, 100],
            "port_count": 2,
            "form_factor": "QSFP28",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [],
        "best_seller_rank": 170,
        "days_ago": 300,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "Intel",
        "name": "Intel Ethernet Network Adapter E810-XXVDA2, 2x SFP28, 25GbE, PCIe 4.0 x8",
        "sku": "FP-INT-E810-XXVDA2",
        "mpn": "E810XXVDA2",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port 25GbE Intel E810 adapter with SFP28 cages on a low-profile "
        "PCIe 4.0 x8 card.",
        "description": (
            "Two SFP28 ports at 25GbE or 10GbE driven by the E810 controller, on a "
            "low-profile PCIe 4.0 x8 card. Good fit for 25G server access with the ice "
            "driver in current Linux kernels and Windows Server.\n\n"
            "Intel adapters are strict about optics: use Intel-qualified SFP28 modules, or "
            "verify third-party optics against Intel's compatibility list."
        ),
        "price": "315.00",
        "stock": {"US-EAST": 40, "EU-CENTRAL": 25},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE"],
            "data_rate": [10, 25],
            "port_count": 2,
            "form_factor": "SFP28",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 8,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-sfp-2p.svg",
        "datasheets": [],
        "best_seller_rank": 150,
        "days_ago": 310,
    },
    # ------------------------------------------------------------------ adapters: Broadcom
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "Broadcom",
        "name": "Broadcom NetXtreme-E BCM957508-P2100G, 2x QSFP56, 100GbE, PCIe 4.0 x16",
        "sku": "FP-BCM-P2100G",
        "mpn": "BCM957508-P2100G",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port 100GbE Broadcom adapter on the BCM57508 controller, QSFP56 cages, "
        "PCIe 4.0 x16, low profile.",
        "description": (
            "Broadcom's Thor-generation BCM57508 controller on a low-profile PCIe 4.0 x16 "
            "card with two QSFP56 cages, running each port at 100GbE or lower rates, or one "
            "port at 200GbE. RoCEv2, SR-IOV and TruFlow flow offload are supported by the "
            "bnxt_en / bnxt_re drivers.\n\n"
            "QSFP28 optics and DACs work at 100GbE. Firmware is updated with Broadcom's niccli "
            "or the server vendor's tools."
        ),
        "price": "745.00",
        "stock": {"US-EAST": 11, "EU-CENTRAL": 6},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 2,
            "form_factor": "QSFP56",
            "pcie_generation": "PCIe 4.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [{"title": "BCM957508-P2100G product brief",
                        "url": "https://docs.broadcom.com/doc/957508-P2100G-DS"}],
        "best_seller_rank": 95,
        "days_ago": 280,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "Broadcom",
        "name": "Broadcom NetXtreme-E BCM957608-P2200G, 2x QSFP112, 200GbE, PCIe 5.0 x16",
        "sku": "FP-BCM-P2200G",
        "mpn": "BCM957608-P2200GQF00",
        "alt_part_number": "BCM957608-P2200G",
        "gtin": None,
        "summary": "Dual-port 200GbE (or single 400GbE) Thor 2 adapter with QSFP112 cages on "
        "PCIe 5.0 x16, built for RoCE AI back-end networks.",
        "description": (
            "The BCM57608 (Thor 2) controller with 100G-PAM4 SerDes on a PCIe 5.0 x16 card "
            "with two QSFP112 cages: two ports at 200GbE, or one port at 400GbE, with lower "
            "rates down to 25GbE. It targets RoCEv2 GPU fabrics on Ethernet switches.\n\n"
            "Both 200G ports at full rate need a PCIe 5.0 x16 slot. QSFP56 and QSFP28 plugs "
            "fit the cages at their own speeds."
        ),
        "price": "1995.00",
        "stock": {"US-EAST": 8, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["25GbE", "50GbE", "100GbE", "200GbE", "400GbE"],
            "data_rate": [25, 50, 100, 200, 400],
            "port_count": 2,
            "form_factor": "QSFP112",
            "pcie_generation": "PCIe 5.0",
            "pcie_lanes": 16,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-qsfp-2p.svg",
        "datasheets": [],
        "best_seller_rank": 55,
        "days_ago": 5,
    },
    {
        "type": "adapter",
        "category": "network-adapters",
        "brand": "Broadcom",
        "name": "Broadcom NetXtreme-E BCM957414A4142CC, 2x SFP28, 25GbE, PCIe 3.0 x8",
        "sku": "FP-BCM-57414-25G",
        "mpn": "BCM957414A4142CC",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Dual-port 25GbE Broadcom BCM57414 adapter, SFP28, low-profile PCIe 3.0 x8.",
        "description": (
            "Two SFP28 ports at 25GbE or 10GbE on the BCM57414 controller, a common OEM "
            "choice for 25G server access. RoCEv2, SR-IOV and NPAR partitioning are "
            "supported.\n\n"
            "Low-profile PCIe 3.0 x8 card; full-height bracket usually included."
        ),
        "price": "249.00",
        "stock": {"US-EAST": 33, "EU-CENTRAL": 17},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE"],
            "data_rate": [10, 25],
            "port_count": 2,
            "form_factor": "SFP28",
            "pcie_generation": "PCIe 3.0",
            "pcie_lanes": 8,
            "card_form_factor": "PCIe HHHL",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "adapter-sfp-2p.svg",
        "datasheets": [],
        "best_seller_rank": 110,
        "days_ago": 700,
    },
    # ------------------------------------------------------------------ InfiniBand switches
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Quantum QM8700 HDR InfiniBand switch, 40x QSFP56, managed, P2C airflow",
        "sku": "FP-QM8700-P2C",
        "mpn": "MQM8700-HS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1U HDR 200Gb/s InfiniBand switch, 40 QSFP56 ports, on-board subnet "
        "manager, power-to-connector airflow.",
        "description": (
            "Forty QSFP56 ports of HDR 200Gb/s InfiniBand in 1U, 16 Tb/s of non-blocking "
            "switching, with SHARPv2 in-network reduction and adaptive routing. Each port can "
            "split into two HDR100 ports, giving 80 ports of 100Gb/s with splitter cables.\n\n"
            "This is the internally managed model: an x86 management CPU runs MLNX-OS with an "
            "embedded subnet manager for fabrics up to about 2,000 nodes, so small clusters "
            "need no separate UFM server. Two redundant hot-swap PSUs and replaceable fans.\n\n"
            "Airflow is P2C (power side to connector side): cold air enters at the PSU end. "
            "Mount it so the ports face the hot aisle, or order MQM8700-HS2R for the opposite "
            "direction. Do not mix airflow directions in one rack."
        ),
        "price": "18995.00",
        "stock": {"US-EAST": 4, "EU-CENTRAL": 3},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR", "HDR100", "HDR"],
            "data_rate": [100, 200],
            "port_count": 40,
            "form_factor": "QSFP56",
            "switching_capacity": 16,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-40.svg",
        "datasheets": [_NV_IB_SWITCHES],
        "best_seller_rank": 160,
        "days_ago": 640,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Quantum QM8700 HDR InfiniBand switch, 40x QSFP56, managed, C2P airflow",
        "sku": "FP-QM8700-C2P",
        "mpn": "MQM8700-HS2R",
        "alt_part_number": None,
        "gtin": None,
        "summary": "The managed 40-port HDR Quantum switch with connector-to-power airflow, for "
        "racks where the ports face the cold aisle.",
        "description": (
            "Identical to MQM8700-HS2F apart from the fan and PSU direction: air enters at the "
            "port side and leaves at the power side (C2P). Choose it when switch ports must "
            "face the cold aisle, as in many top-of-rack layouts with server NICs at the "
            "front.\n\n"
            "Forty QSFP56 HDR ports, 16 Tb/s, embedded subnet manager, redundant PSUs. Fans "
            "and PSUs are airflow-specific; spares must match."
        ),
        "price": "18995.00",
        "stock": {"US-EAST": 2, "EU-CENTRAL": 1},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR", "HDR100", "HDR"],
            "data_rate": [100, 200],
            "port_count": 40,
            "form_factor": "QSFP56",
            "switching_capacity": 16,
            "managed": True,
            "airflow": "C2P",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-40.svg",
        "datasheets": [_NV_IB_SWITCHES],
        "best_seller_rank": 70,
        "days_ago": 630,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Quantum QM8790 HDR InfiniBand switch, 40x QSFP56, externally managed, "
        "P2C airflow",
        "sku": "FP-QM8790-P2C",
        "mpn": "MQM8790-HS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "40-port HDR InfiniBand switch without a management CPU, for fabrics run "
        "by UFM or an external subnet manager.",
        "description": (
            "The same Quantum ASIC, ports and 16 Tb/s capacity as the QM8700, but without the "
            "on-board management processor. The fabric is managed in-band by an external "
            "subnet manager (UFM or OpenSM on a host), which is how large clusters are "
            "normally run, and it costs noticeably less per port.\n\n"
            "There is no CLI or web UI on the switch itself; firmware is updated in-band with "
            "flint/mlxfwmanager. P2C airflow: cold air at the PSU side."
        ),
        "price": "13495.00",
        "stock": {"US-EAST": 7, "EU-CENTRAL": 5},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR", "HDR100", "HDR"],
            "data_rate": [100, 200],
            "port_count": 40,
            "form_factor": "QSFP56",
            "switching_capacity": 16,
            "managed": False,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-40.svg",
        "datasheets": [_NV_IB_SWITCHES],
        "best_seller_rank": 145,
        "days_ago": 620,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Quantum-2 QM9700 NDR InfiniBand switch, 64x 400Gb/s (32x OSFP), "
        "managed, P2C airflow",
        "sku": "FP-QM9700-P2C",
        "mpn": "MQM9700-NS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1U NDR InfiniBand switch with 64 ports of 400Gb/s in 32 twin-port OSFP "
        "cages, 51.2 Tb/s, managed, P2C airflow.",
        "description": (
            "Quantum-2 puts 64 NDR 400Gb/s ports into 1U through 32 twin-port OSFP cages, each "
            "cage carrying two 400Gb/s ports (800Gb/s per cage). Ports can split further to 128 "
            "NDR200 ports. Aggregate throughput is 51.2 Tb/s, with SHARPv3 in-network computing "
            "and adaptive routing.\n\n"
            "The cages are for finned-top twin-port plugs: MMA4Z00-NS or MMS4X00-NM optics, "
            "MCP4Y10 DACs between switches, and MCP7Y00 splitters or ACCs toward hosts. Flat-top "
            "adapter optics do not belong in switch cages.\n\n"
            "Managed model with on-board subnet manager and MLNX-OS. P2C airflow: cold air "
            "enters at the PSU side; order MQM9700-NS2R for connector-side intake."
        ),
        "price": "34995.00",
        "stock": {"US-EAST": 6, "EU-CENTRAL": 2},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR", "NDR200", "NDR"],
            "data_rate": [200, 400],
            "port_count": 64,
            "form_factor": "OSFP",
            "switching_capacity": 51.2,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-osfp-32.svg",
        "datasheets": [_NV_QM9700_MANUAL, _NV_IB_SWITCHES],
        "best_seller_rank": 230,
        "days_ago": 150,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Quantum-2 QM9700 NDR InfiniBand switch, 64x 400Gb/s (32x OSFP), "
        "managed, C2P airflow",
        "sku": "FP-QM9700-C2P",
        "mpn": "MQM9700-NS2R",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Managed Quantum-2 NDR switch with connector-to-power airflow, 64 ports of "
        "400Gb/s in 1U.",
        "description": (
            "The C2P airflow version of MQM9700-NS2F: air enters at the port side. Otherwise "
            "identical: 32 twin-port OSFP cages for 64 NDR ports, 51.2 Tb/s, SHARPv3, on-board "
            "subnet manager.\n\n"
            "Fans and PSUs are specific to the airflow direction, so keep spares matched to "
            "the chassis."
        ),
        "price": "34995.00",
        "stock": {"US-EAST": 1, "EU-CENTRAL": 3},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR", "NDR200", "NDR"],
            "data_rate": [200, 400],
            "port_count": 64,
            "form_factor": "OSFP",
            "switching_capacity": 51.2,
            "managed": True,
            "airflow": "C2P",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-osfp-32.svg",
        "datasheets": [_NV_QM9700_MANUAL, _NV_IB_SWITCHES],
        "best_seller_rank": 90,
        "days_ago": 140,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Quantum-2 QM9790 NDR InfiniBand switch, 64x 400Gb/s (32x OSFP), "
        "externally managed, P2C airflow",
        "sku": "FP-QM9790-P2C",
        "mpn": "MQM9790-NS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Externally managed Quantum-2 NDR switch, 64 ports of 400Gb/s, the usual "
        "leaf and spine of UFM-managed AI fabrics.",
        "description": (
            "Same Quantum-2 hardware as the QM9700 without the management CPU. The fabric is "
            "brought up by UFM or another external subnet manager, which is the standard "
            "design for large GPU clusters where hundreds of switches are managed centrally.\n\n"
            "32 twin-port OSFP cages (64 NDR ports), 51.2 Tb/s, P2C airflow. Uses the same "
            "finned-top twin-port optics and cables as the QM9700."
        ),
        "price": "27995.00",
        "stock": {"US-EAST": 10, "EU-CENTRAL": 4},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR", "NDR200", "NDR"],
            "data_rate": [200, 400],
            "port_count": 64,
            "form_factor": "OSFP",
            "switching_capacity": 51.2,
            "managed": False,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-osfp-32.svg",
        "datasheets": [_NV_QM9700_MANUAL, _NV_IB_SWITCHES],
        "best_seller_rank": 310,
        "days_ago": 130,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Switch-IB 2 SB7800 EDR InfiniBand switch, 36x QSFP28, managed, "
        "P2C airflow",
        "sku": "FP-SB7800-P2C",
        "mpn": "MSB7800-ES2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "End-of-life 36-port EDR 100Gb/s InfiniBand switch; the Quantum "
        "MQM8700-HS2F is its successor.",
        "description": (
            "The Mellanox Switch-IB 2 EDR switch: 36 QSFP28 ports of 100Gb/s InfiniBand, "
            "7.2 Tb/s, SHARP v1, with a management CPU and embedded subnet manager. Many EDR "
            "clusters still run on it.\n\n"
            "The product is end of life and out of stock. For expansion, the Quantum QM8700 "
            "interoperates with EDR ports and adds HDR; existing EDR cables plug into its "
            "QSFP56 cages."
        ),
        "price": "8995.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR"],
            "data_rate": [100],
            "port_count": 36,
            "form_factor": "QSFP28",
            "switching_capacity": 7.2,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": True,
        "successor": "MQM8700-HS2F",
        "eccn": "5A992.c",
        "image": "switch-1u-40.svg",
        "datasheets": [_NV_IB_SWITCHES],
        "best_seller_rank": 200,
        "days_ago": 1200,
    },
    {
        "type": "switch",
        "category": "infiniband-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Switch-IB 2 SB7890 EDR InfiniBand switch, 36x QSFP28, externally "
        "managed, P2C airflow",
        "sku": "FP-SB7890-P2C",
        "mpn": "MSB7890-ES2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "End-of-life externally managed 36-port EDR switch; replaced by the Quantum "
        "MQM8790-HS2F.",
        "description": (
            "The externally managed Switch-IB 2 EDR switch: 36 QSFP28 ports at 100Gb/s, "
            "7.2 Tb/s, no management CPU. Last units from returned stock.\n\n"
            "The Quantum MQM8790-HS2F is the successor, with 40 HDR ports that also run at EDR "
            "for mixed fabrics."
        ),
        "price": "6995.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 1},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR"],
            "data_rate": [100],
            "port_count": 36,
            "form_factor": "QSFP28",
            "switching_capacity": 7.2,
            "managed": False,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": True,
        "successor": "MQM8790-HS2F",
        "eccn": "5A992.c",
        "image": "switch-1u-40.svg",
        "datasheets": [_NV_IB_SWITCHES],
        "best_seller_rank": 120,
        "days_ago": 1150,
    },
    # ------------------------------------------------------------------ Ethernet switches
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum SN2010 half-width switch, 18x SFP28 + 4x QSFP28, Onyx, "
        "P2C airflow",
        "sku": "FP-SN2010-ONYX",
        "mpn": "MSN2010-CB2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Half-width 1U 25/100GbE switch with 18 SFP28 and 4 QSFP28 ports, two fit "
        "side by side in one rack unit.",
        "description": (
            "Spectrum ASIC in a half-width, short-depth 1U chassis: 18 SFP28 ports at "
            "10/25GbE and 4 QSFP28 uplinks at 40/100GbE, 1.7 Tb/s. Two units side by side in "
            "one rack unit make a redundant top-of-rack pair for hyperconverged and storage "
            "racks.\n\n"
            "This OPN ships with NVIDIA Onyx. The FC-suffixed part ships with Cumulus Linux "
            "instead. P2C airflow; two AC PSUs."
        ),
        "price": "6495.00",
        "stock": {"US-EAST": 9, "EU-CENTRAL": 6},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 22,
            "form_factor": ["SFP28", "QSFP28"],
            "switching_capacity": 1.7,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-half-width.svg",
        "datasheets": [_NV_ETH_SWITCHES],
        "best_seller_rank": 130,
        "days_ago": 800,
    },
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum SN2700 switch, 32x QSFP28 100GbE, Onyx, P2C airflow",
        "sku": "FP-SN2700-ONYX",
        "mpn": "MSN2700-CS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1U 32-port 100GbE Spectrum switch with Onyx, a long-serving spine and "
        "storage switch.",
        "description": (
            "Thirty-two QSFP28 ports at 40/50/100GbE, or up to 64 ports of 10/25/50GbE with "
            "breakout cables, with 6.4 Tb/s of switching on the first-generation Spectrum "
            "ASIC. Its shared buffer and consistent cut-through latency made it a common RoCE "
            "and storage fabric switch.\n\n"
            "Ships with Onyx; the CS2FC part number is the Cumulus Linux build. P2C airflow "
            "with two hot-swap PSUs."
        ),
        "price": "11995.00",
        "stock": {"US-EAST": 5, "EU-CENTRAL": 3},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 32,
            "form_factor": "QSFP28",
            "switching_capacity": 6.4,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-32.svg",
        "datasheets": [_NV_ETH_SWITCHES],
        "best_seller_rank": 180,
        "days_ago": 900,
    },
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum-2 SN3700C switch, 32x QSFP28 100GbE, Onyx, P2C airflow",
        "sku": "FP-SN3700C-ONYX",
        "mpn": "MSN3700-CS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1U 32-port 100GbE switch on Spectrum-2, with a larger buffer and VXLAN "
        "scale over the SN2700.",
        "description": (
            "The 100GbE member of the Spectrum-2 family: 32 QSFP28 ports, 6.4 Tb/s, "
            "breakout to 10/25/50GbE. Spectrum-2 brings a larger shared buffer, more routes "
            "and richer telemetry than the original Spectrum.\n\n"
            "Note the naming: MSN3700-CS2F is the SN3700C (100GbE); the 200GbE SN3700 is "
            "MSN3700-VS2F. Ships with Onyx, P2C airflow."
        ),
        "price": "14995.00",
        "stock": {"US-EAST": 7, "EU-CENTRAL": 4},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 32,
            "form_factor": "QSFP28",
            "switching_capacity": 6.4,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-32.svg",
        "datasheets": [_NV_SN3000_MANUAL, _NV_ETH_SWITCHES],
        "best_seller_rank": 205,
        "days_ago": 560,
    },
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum-2 SN3700 switch, 32x QSFP56 200GbE, Onyx, P2C airflow",
        "sku": "FP-SN3700-ONYX",
        "mpn": "MSN3700-VS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1U 32-port 200GbE Spectrum-2 switch with QSFP56 cages, 12.8 Tb/s.",
        "description": (
            "Thirty-two QSFP56 ports at 200GbE, splitting to 2x100GbE or 4x50GbE, for "
            "12.8 Tb/s in 1U. A common leaf for 100GbE hosts using 200G-to-2x100G splitter "
            "cables, and a spine for 100GbE leaves.\n\n"
            "QSFP28 plugs work at 100GbE. Ships with Onyx (VS2FC for Cumulus Linux). "
            "P2C airflow."
        ),
        "price": "24995.00",
        "stock": {"US-EAST": 3, "EU-CENTRAL": 2},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100 + ["200GbE"],
            "data_rate": _ETH_RATES_100 + [200],
            "port_count": 32,
            "form_factor": "QSFP56",
            "switching_capacity": 12.8,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-32.svg",
        "datasheets": [_NV_SN3000_MANUAL, _NV_ETH_SWITCHES],
        "best_seller_rank": 100,
        "days_ago": 540,
    },
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum-3 SN4600C switch, 64x QSFP28 100GbE, 2U, Onyx, P2C airflow",
        "sku": "FP-SN4600C-ONYX",
        "mpn": "MSN4600-CS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "2U 64-port 100GbE Spectrum-3 switch, 12.8 Tb/s, for large leaf and "
        "spine layers.",
        "description": (
            "Sixty-four QSFP28 ports at 100GbE in 2U, 12.8 Tb/s on the Spectrum-3 ASIC, "
            "with breakout to 10/25/50GbE. The high radix lets a two-tier fabric reach more "
            "racks with fewer spines.\n\n"
            "Ships with Onyx; MSN4600-CS2FC is the Cumulus Linux build. P2C airflow, "
            "redundant PSUs and fans."
        ),
        "price": "27995.00",
        "stock": {"US-EAST": 2, "EU-CENTRAL": 2},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100,
            "data_rate": _ETH_RATES_100,
            "port_count": 64,
            "form_factor": "QSFP28",
            "switching_capacity": 12.8,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 2,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-2u-64.svg",
        "datasheets": [_NV_ETH_SWITCHES],
        "best_seller_rank": 85,
        "days_ago": 360,
    },
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum-3 SN4700 switch, 32x QSFP-DD 400GbE, Onyx, P2C airflow",
        "sku": "FP-SN4700-ONYX",
        "mpn": "MSN4700-WS2F",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1U 32-port 400GbE Spectrum-3 switch with QSFP-DD cages, 25.6 Tb/s.",
        "description": (
            "Thirty-two QSFP-DD ports at 400GbE, each splitting to 2x200, 4x100 or 8x50GbE, "
            "for 25.6 Tb/s in 1U. Often used as a 400G spine over 100G leaves, or as a RoCE "
            "leaf with 4x100G breakout to GPU servers.\n\n"
            "QSFP-DD cages accept QSFP28 and QSFP56 plugs at their own speeds. Ships with "
            "Onyx (WS2FC for Cumulus Linux). P2C airflow."
        ),
        "price": "39995.00",
        "stock": {"US-EAST": 3, "EU-CENTRAL": 1},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": _ETH_100 + ["200GbE", "400GbE"],
            "data_rate": _ETH_RATES_100 + [200, 400],
            "port_count": 32,
            "form_factor": "QSFP-DD",
            "switching_capacity": 25.6,
            "managed": True,
            "airflow": "P2C",
            "rack_units": 1,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-1u-32.svg",
        "datasheets": [_NV_ETH_SWITCHES],
        "best_seller_rank": 140,
        "days_ago": 220,
    },
    {
        "type": "switch",
        "category": "ethernet-switches",
        "brand": "NVIDIA",
        "name": "NVIDIA Spectrum-4 SN5600 switch, 64x OSFP 800GbE, 2U, Cumulus Linux",
        "sku": "FP-SN5600-CL",
        "mpn": "920-9N42F-00RI-7C0",
        "alt_part_number": None,
        "gtin": None,
        "summary": "2U Spectrum-4 switch with 64 OSFP ports of 800GbE, 51.2 Tb/s, the "
        "Spectrum-X spine and leaf for AI Ethernet fabrics.",
        "description": (
            "Sixty-four OSFP cages at 800GbE (8x100G-PAM4 lanes), splitting to 128x400GbE or "
            "256x200/100GbE, for 51.2 Tb/s in 2U, plus one SFP28 port. Paired "
            "with BlueField-3 SuperNICs it forms NVIDIA's Spectrum-X RoCE platform for GPU "
            "clusters.\n\n"
            "The OSFP cages take finned-top twin-port plugs such as MMA4Z00-NS and MMS4X00-NM "
            "optics, MCP4Y10 DACs and MCP7Y00 splitters. This part number ships with Cumulus "
            "Linux; other SKUs ship with ONIE only, for SONiC or another NOS.\n\n"
            "High-power optics draw a lot; check the PSU configuration against the planned "
            "module mix."
        ),
        "price": "79995.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE", "50GbE", "100GbE", "200GbE", "400GbE", "800GbE"],
            "data_rate": [10, 25, 50, 100, 200, 400, 800],
            "port_count": 64,
            "form_factor": "OSFP",
            "switching_capacity": 51.2,
            "managed": True,
            "rack_units": 2,
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "switch-2u-64.svg",
        "datasheets": [_NV_SN5000_MANUAL, _NV_ETH_SWITCHES],
        "best_seller_rank": 60,
        "days_ago": 3,
    },
    # ------------------------------------------------------------------ DAC cables
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR passive copper cable, QSFP56, 200Gb/s, 0.5 m, 30AWG",
        "sku": "FP-DAC-HDR-0M5",
        "mpn": "MCP1650-H00AE30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Half-metre HDR 200Gb/s InfiniBand DAC, QSFP56 both ends, for switch-to-"
        "switch jumpers in the same rack.",
        "description": (
            "A passive 30AWG copper cable with QSFP56 plugs, rated for HDR InfiniBand at "
            "200Gb/s. At 0.5 m it is mainly used between stacked switches or to a server "
            "directly below a leaf switch.\n\n"
            "Passive DACs draw almost no power and add no latency beyond propagation. HDR "
            "copper is limited to short runs; beyond 2 to 3 m use an MFS1S00 AOC."
        ),
        "price": "95.00",
        "stock": {"US-EAST": 140, "EU-CENTRAL": 60},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 0.5,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 260,
        "days_ago": 700,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR passive copper cable, QSFP56, 200Gb/s, 1 m, 30AWG",
        "sku": "FP-DAC-HDR-1M",
        "mpn": "MCP1650-H001E30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m HDR 200Gb/s InfiniBand DAC with QSFP56 plugs, thin 30AWG for easy "
        "in-rack routing.",
        "description": (
            "Passive copper, QSFP56 to QSFP56, rated for HDR InfiniBand at 200Gb/s. The most "
            "common length for connecting servers in the lower half of a rack to a top-of-rack "
            "Quantum switch.\n\n"
            "Works in ConnectX-6 HDR adapters and QM8700/QM8790 switches. It also links EDR "
            "and HDR100 ports at their lower rates."
        ),
        "price": "109.00",
        "stock": {"US-EAST": 320, "EU-CENTRAL": 150},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 460,
        "days_ago": 690,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR passive copper cable, QSFP56, 200Gb/s, 1.5 m, 30AWG",
        "sku": "FP-DAC-HDR-1M5",
        "mpn": "MCP1650-H01AE30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1.5 m HDR 200Gb/s InfiniBand DAC, QSFP56 to QSFP56, 30AWG.",
        "description": (
            "Passive QSFP56 copper for HDR InfiniBand at 200Gb/s, in the 1.5 m length that "
            "reaches the middle of a rack from a top-of-rack switch.\n\n"
            "Still 30AWG at this length, so it bends more easily than the 2 m 26AWG version."
        ),
        "price": "125.00",
        "stock": {"US-EAST": 210, "EU-CENTRAL": 80},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 1.5,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 330,
        "days_ago": 680,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR passive copper cable, QSFP56, 200Gb/s, 2 m, 26AWG",
        "sku": "FP-DAC-HDR-2M",
        "mpn": "MCP1650-H002E26",
        "alt_part_number": None,
        "gtin": None,
        "summary": "2 m HDR 200Gb/s InfiniBand DAC with thicker 26AWG conductors, QSFP56 both "
        "ends.",
        "description": (
            "Passive QSFP56 copper for HDR at 200Gb/s. At 2 m the conductors move to 26AWG to "
            "keep signal loss in budget, which makes the cable stiffer: allow a wider bend "
            "radius in cable managers.\n\n"
            "For runs beyond the rack, switch to HDR active optical cables."
        ),
        "price": "145.00",
        "stock": {"US-EAST": 180, "EU-CENTRAL": 90},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 2,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 300,
        "days_ago": 670,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR to 2x HDR100 passive copper splitter cable, QSFP56, 1 m, 30AWG",
        "sku": "FP-DAC-HDR-SPL-1M",
        "mpn": "MCP7H50-H001R30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Splits one 200Gb/s HDR switch port into two 100Gb/s HDR100 host ports, "
        "QSFP56 on every end, 1 m.",
        "description": (
            "A passive 1-to-2 breakout: the single QSFP56 end goes into an HDR switch port "
            "and each of the two QSFP56 legs carries two lanes, HDR100 at 100Gb/s, to a host "
            "adapter. This is how a 40-port Quantum switch serves 80 nodes.\n\n"
            "The switch port must be configured for split mode before the legs link up. Host "
            "side: ConnectX-6 HDR100 cards such as MCX653105A-ECAT, or HDR cards running at "
            "HDR100."
        ),
        "price": "165.00",
        "stock": {"US-EAST": 95, "EU-CENTRAL": 40},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR100", "HDR"],
            "data_rate": [100, 200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["QSFP56", 200], ["QSFP56", 100]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-splitter.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 250,
        "days_ago": 660,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR to 2x HDR100 passive copper splitter cable, QSFP56, 2 m, 26AWG",
        "sku": "FP-DAC-HDR-SPL-2M",
        "mpn": "MCP7H50-H002R26",
        "alt_part_number": None,
        "gtin": None,
        "summary": "2 m HDR to 2x HDR100 splitter DAC, 26AWG, QSFP56 on all three ends.",
        "description": (
            "The 2 m version of the HDR to 2x HDR100 splitter, with 26AWG conductors. Same "
            "use: one HDR switch port fans out to two hosts at 100Gb/s each.\n\n"
            "The thicker legs are less flexible; route them before tightening cable ties."
        ),
        "price": "199.00",
        "stock": {"US-EAST": 60, "EU-CENTRAL": 22},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR100", "HDR"],
            "data_rate": [100, 200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 2,
        },
        "fits": [["QSFP56", 200], ["QSFP56", 100]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-splitter.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 170,
        "days_ago": 650,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA EDR passive copper cable, QSFP28, 100Gb/s, 1 m, 30AWG",
        "sku": "FP-DAC-EDR-1M",
        "mpn": "MCP1600-E001E30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m EDR 100Gb/s InfiniBand DAC, QSFP28 both ends, for ConnectX-5 and "
        "Switch-IB 2 fabrics.",
        "description": (
            "Passive QSFP28 copper rated for EDR InfiniBand at 100Gb/s. Used to maintain and "
            "extend EDR clusters, and to connect EDR hosts to HDR switches, whose QSFP56 cages "
            "accept QSFP28 plugs.\n\n"
            "For 100GbE Ethernet links, order the MCP1600-C series instead."
        ),
        "price": "79.00",
        "stock": {"US-EAST": 85, "EU-CENTRAL": 30},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 140,
        "days_ago": 990,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 100GbE passive copper cable, QSFP28, 1 m, 30AWG",
        "sku": "FP-DAC-100G-1M",
        "mpn": "MCP1600-C001E30N",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m 100GbE QSFP28 direct-attach copper cable for Spectrum switches and "
        "ConnectX adapters.",
        "description": (
            "Passive QSFP28 copper for 100GbE (100GBASE-CR4) links inside a rack, and at "
            "lower rates for 40GbE and 50GbE. RS-FEC is required on both ends at 100GbE, "
            "which NVIDIA switches and adapters enable automatically for this cable.\n\n"
            "Fits SN2700, SN3700C and SN4600C switches and ConnectX-5/6 Dx adapters."
        ),
        "price": "75.00",
        "stock": {"US-EAST": 400, "EU-CENTRAL": 220},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["100GbE"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 440,
        "days_ago": 750,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 200GbE passive copper cable, QSFP56, 1 m, 30AWG",
        "sku": "FP-DAC-200G-1M",
        "mpn": "MCP1650-V001E30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m 200GbE QSFP56 DAC for SN3700 switches and 200GbE ConnectX adapters.",
        "description": (
            "Passive QSFP56 copper for 200GbE Ethernet (4x50G-PAM4). Connects SN3700 ports "
            "to each other or to 200GbE adapters within a rack.\n\n"
            "The Ethernet counterpart of the HDR MCP1650-H cables; the EEPROM identifies it "
            "as an Ethernet cable to the switch."
        ),
        "price": "105.00",
        "stock": {"US-EAST": 70, "EU-CENTRAL": 35},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["200GbE"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 90,
        "days_ago": 520,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 25GbE passive copper cable, SFP28, 1 m, 30AWG",
        "sku": "FP-DAC-25G-1M",
        "mpn": "MCP2M00-A001E30N",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m SFP28 direct-attach copper for 25GbE server links.",
        "description": (
            "Passive SFP28 copper for 25GbE (25GBASE-CR) and 10GbE links between servers "
            "and a top-of-rack switch such as the SN2010.\n\n"
            "The thin 30AWG cable suits dense server racks. Some third-party NICs restrict "
            "non-qualified cables; NVIDIA adapters and switches accept it."
        ),
        "price": "35.00",
        "stock": {"US-EAST": 600, "EU-CENTRAL": 310},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE"],
            "data_rate": [25],
            "form_factor": "SFP28",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["SFP28", 25]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 490,
        "days_ago": 820,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 400GbE passive copper cable, QSFP-DD, 1 m, 30AWG",
        "sku": "FP-DAC-400G-1M",
        "mpn": "MCP1660-W001E30",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m 400GbE QSFP-DD DAC for SN4700 switch-to-switch links.",
        "description": (
            "Passive QSFP-DD copper for 400GbE (8x50G-PAM4). Connects SN4700 ports within a "
            "rack, for example between a leaf pair.\n\n"
            "QSFP-DD plugs only fit QSFP-DD cages; they do not go into QSFP56 or QSFP112 "
            "adapter ports."
        ),
        "price": "175.00",
        "stock": {"US-EAST": 45, "EU-CENTRAL": 20},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["400GbE"],
            "data_rate": [400],
            "form_factor": "QSFP-DD",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["QSFP-DD", 400]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 65,
        "days_ago": 230,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port 2x400Gb/s passive copper cable, OSFP to OSFP, finned top, "
        "0.5 m",
        "sku": "FP-DAC-NDR-0M5",
        "mpn": "MCP4Y10-N00A",
        "alt_part_number": None,
        "gtin": None,
        "summary": "0.5 m twin-port OSFP DAC carrying two 400Gb/s links between Quantum-2 or "
        "Spectrum-4 switches.",
        "description": (
            "Eight lanes of 100G-PAM4 copper between two twin-port OSFP switch cages, carrying "
            "two 400Gb/s ports (NDR InfiniBand or 400GbE). Both ends are finned-top OSFP for "
            "air-cooled Quantum-2 and Spectrum-4 switch cages; the protocol is picked up from "
            "the switch.\n\n"
            "Thin 30AWG wire is used up to 2 m. The cable does not fit ConnectX-7 OSFP "
            "adapters, which need flat-top plugs; for switch-to-host links use MCP7Y00 "
            "splitters."
        ),
        "price": "245.00",
        "stock": {"US-EAST": 120, "EU-CENTRAL": 40},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE", "800GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "DAC",
            "reach": 0.5,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [{"title": "MCP4Y10-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mcp4y10nxxx2x400pub"}],
        "best_seller_rank": 210,
        "days_ago": 180,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port 2x400Gb/s passive copper cable, OSFP to OSFP, finned top, 1 m",
        "sku": "FP-DAC-NDR-1M",
        "mpn": "MCP4Y10-N001",
        "alt_part_number": None,
        "gtin": None,
        "summary": "1 m twin-port OSFP DAC, two 400Gb/s NDR or 400GbE links, finned top at "
        "both ends.",
        "description": (
            "The 1 m length of the twin-port OSFP switch-to-switch DAC: two 400Gb/s ports over "
            "eight copper lanes, finned-top OSFP at both ends for Quantum-2 and Spectrum-4 "
            "switches.\n\n"
            "Power draw is about 0.1 W per end. Not for ConnectX-7 adapters (flat-top cages)."
        ),
        "price": "265.00",
        "stock": {"US-EAST": 260, "EU-CENTRAL": 90},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE", "800GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [{"title": "MCP4Y10-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mcp4y10nxxx2x400pub"}],
        "best_seller_rank": 390,
        "days_ago": 175,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port 2x400Gb/s passive copper cable, OSFP to OSFP, finned top, 2 m",
        "sku": "FP-DAC-NDR-2M",
        "mpn": "MCP4Y10-N002",
        "alt_part_number": None,
        "gtin": None,
        "summary": "2 m twin-port OSFP DAC between Quantum-2 or Spectrum-4 switch cages, the "
        "longest passive length in the series.",
        "description": (
            "Twin-port OSFP to twin-port OSFP passive copper at 2 m, carrying two 400Gb/s "
            "ports. Two metres is the practical limit for passive 100G-PAM4 copper; longer "
            "switch links use MCA4J80 active copper or twin-port optics.\n\n"
            "Finned-top ends for air-cooled switches only."
        ),
        "price": "299.00",
        "stock": {"US-EAST": 150, "EU-CENTRAL": 70},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE", "800GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "DAC",
            "reach": 2,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-dac.svg",
        "datasheets": [{"title": "MCP4Y10-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mcp4y10nxxx2x400pub"}],
        "best_seller_rank": 280,
        "days_ago": 170,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA NDR 800Gb/s to 2x 400Gb/s passive copper splitter cable, OSFP to "
        "2x OSFP, 1 m",
        "sku": "FP-DAC-NDR-SPL-1M",
        "mpn": "MCP7Y00-N001",
        "alt_part_number": "980-9I432-00N001",
        "gtin": None,
        "summary": "Twin-port OSFP switch end splitting into two flat-top OSFP 400Gb/s plugs "
        "for ConnectX-7 adapters, 1 m.",
        "description": (
            "The finned-top twin-port OSFP end plugs into a Quantum-2 or Spectrum-4 switch "
            "cage; each of the two legs ends in a flat-top single-port OSFP for a ConnectX-7 "
            "OSFP adapter, at NDR 400Gb/s or 400GbE. Half a switch cage per GPU-server port.\n\n"
            "Flat-top legs suit the riding heat sink on ConnectX-7 cages. The -FLT variants, "
            "with a flat-top switch end, are only for liquid-cooled switches."
        ),
        "price": "349.00",
        "stock": {"US-EAST": 210, "EU-CENTRAL": 85},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [400, 800],
            "form_factor": "OSFP",
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["OSFP", 800], ["OSFP", 400]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-splitter.svg",
        "datasheets": [{"title": "MCP7Y00-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MCP7Y00NXXX800pub"}],
        "best_seller_rank": 370,
        "days_ago": 165,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA NDR 800Gb/s to 2x 400Gb/s passive copper splitter cable, OSFP to "
        "2x OSFP, 2 m",
        "sku": "FP-DAC-NDR-SPL-2M",
        "mpn": "MCP7Y00-N002",
        "alt_part_number": "980-9I924-00N002",
        "gtin": None,
        "summary": "2 m twin-port OSFP to 2x flat-top OSFP splitter DAC for ConnectX-7 hosts "
        "below a Quantum-2 or Spectrum-4 switch.",
        "description": (
            "Same splitter as MCP7Y00-N001 at 2 m: finned-top twin-port OSFP at the switch, "
            "two flat-top OSFP legs at 400Gb/s for ConnectX-7 adapters.\n\n"
            "Check leg length against the server's port positions; the split point sits near "
            "the host end."
        ),
        "price": "389.00",
        "stock": {"US-EAST": 130, "EU-CENTRAL": 55},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [400, 800],
            "form_factor": "OSFP",
            "media": "DAC",
            "reach": 2,
        },
        "fits": [["OSFP", 800], ["OSFP", 400]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-splitter.svg",
        "datasheets": [{"title": "MCP7Y00-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MCP7Y00NXXX800pub"}],
        "best_seller_rank": 240,
        "days_ago": 160,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA NDR 800Gb/s to 2x 400Gb/s passive copper splitter cable, OSFP to "
        "2x OSFP, 3 m",
        "sku": "FP-DAC-NDR-SPL-3M",
        "mpn": "MCP7Y00-N003",
        "alt_part_number": "980-9I92N-00N003",
        "gtin": None,
        "summary": "3 m twin-port OSFP to 2x flat-top OSFP splitter DAC, the longest passive "
        "NDR splitter.",
        "description": (
            "The 3 m splitter reaches the bottom of a rack from a top-of-rack Quantum-2 or "
            "Spectrum-4 switch. Heavier gauge at this length makes it noticeably stiffer.\n\n"
            "Beyond 3 m, use twin-port optics with single-port OSFP transceivers at the hosts."
        ),
        "price": "429.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 25},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [400, 800],
            "form_factor": "OSFP",
            "media": "DAC",
            "reach": 3,
        },
        "fits": [["OSFP", 800], ["OSFP", 400]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-splitter.svg",
        "datasheets": [{"title": "MCP7Y00-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MCP7Y00NXXX800pub"}],
        "best_seller_rank": 130,
        "days_ago": 155,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 800Gb/s to 2x 400Gb/s passive copper splitter cable, OSFP to "
        "2x QSFP112, 1 m",
        "sku": "FP-DAC-NDR-Q112-1M",
        "mpn": "MCP7Y10-N001",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Twin-port OSFP switch end to two flat-top QSFP112 plugs for BlueField-3 and "
        "QSFP112 ConnectX-7 cards, 1 m.",
        "description": (
            "Same internals as the OSFP splitter with QSFP112 shells on the host legs, for "
            "BlueField-3 DPUs and dual-port QSFP112 ConnectX-7 adapters. The finned-top "
            "twin-port OSFP end goes into a Quantum-2 or Spectrum-4 switch.\n\n"
            "Thin 30AWG at 1 m. Each leg carries up to 400Gb/s; on adapters limited to 200Gb/s "
            "per port the legs link at that rate."
        ),
        "price": "359.00",
        "stock": {"US-EAST": 75, "EU-CENTRAL": 30},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR200", "NDR", "200GbE", "400GbE"],
            "data_rate": [400, 800],
            "form_factor": ["OSFP", "QSFP112"],
            "media": "DAC",
            "reach": 1,
        },
        "fits": [["OSFP", 800], ["QSFP112", 400], ["QSFP112", 200]],
        "eol": False,
        "successor": None,
        "eccn": "EAR99",
        "image": "cable-splitter.svg",
        "datasheets": [{"title": "MCP7Y10-Nxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MCP7Y10NXXX800Gpub"}],
        "best_seller_rank": 110,
        "days_ago": 45,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port 2x400Gb/s active copper cable, OSFP to OSFP, 3 m",
        "sku": "FP-ACC-NDR-3M",
        "mpn": "MCA4J80-N003",
        "alt_part_number": None,
        "gtin": None,
        "summary": "3 m active copper cable between twin-port OSFP switch cages, for rack-to-"
        "rack links beyond passive reach.",
        "description": (
            "Active copper (ACC): signal-conditioning chips in the plugs extend 100G-PAM4 "
            "copper past the 2 m limit of passive cables while staying cheaper and lower power "
            "than optics. Carries two 400Gb/s ports between Quantum-2 or Spectrum-4 switches.\n\n"
            "Unlike a passive DAC it draws power from the port, so the switch must support "
            "ACC modules in the cages used."
        ),
        "price": "795.00",
        "stock": {"US-EAST": 40, "EU-CENTRAL": 12},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "ACC",
            "reach": 3,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 80,
        "days_ago": 90,
    },
    {
        "type": "cable",
        "category": "dac-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port 2x400Gb/s active copper cable, OSFP to OSFP, 5 m",
        "sku": "FP-ACC-NDR-5M",
        "mpn": "MCA4J80-N005",
        "alt_part_number": None,
        "gtin": None,
        "summary": "5 m active copper between twin-port OSFP switch cages, two 400Gb/s links.",
        "description": (
            "The 5 m active copper cable for switch-to-switch links across neighbouring racks, "
            "two 400Gb/s ports over eight lanes.\n\n"
            "The cable is thick and heavy at this length; plan cable trays and bend radius, "
            "and confirm ACC support on the switch ports."
        ),
        "price": "895.00",
        "stock": {"US-EAST": 18, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "ACC",
            "reach": 5,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-dac.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 45,
        "days_ago": 85,
    },
    # ------------------------------------------------------------------ AOC cables
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR active optical cable, QSFP56, 200Gb/s, 3 m",
        "sku": "FP-AOC-HDR-3M",
        "mpn": "MFS1S00-H003E",
        "alt_part_number": None,
        "gtin": None,
        "summary": "3 m HDR 200Gb/s InfiniBand AOC, QSFP56 both ends, lighter than copper.",
        "description": (
            "Multimode optics and fibre sealed into one cable with QSFP56 plugs, rated for HDR "
            "InfiniBand at 200Gb/s. At 3 m it replaces copper where cable weight and bend "
            "radius matter, or where passive HDR copper runs out of reach.\n\n"
            "Each end draws a few watts from the port, so the switch's per-port power budget "
            "applies. The fibre cannot be re-terminated: pick the exact length."
        ),
        "price": "345.00",
        "stock": {"US-EAST": 75, "EU-CENTRAL": 30},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "AOC",
            "reach": 3,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 220,
        "days_ago": 610,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR active optical cable, QSFP56, 200Gb/s, 5 m",
        "sku": "FP-AOC-HDR-5M",
        "mpn": "MFS1S00-H005E",
        "alt_part_number": None,
        "gtin": None,
        "summary": "5 m HDR 200Gb/s InfiniBand AOC with QSFP56 plugs, for adjacent-rack links.",
        "description": (
            "HDR 200Gb/s active optical cable, 5 m, QSFP56 to QSFP56. Typical use: leaf switch "
            "to servers in the next rack, or leaf to a spine in the same row.\n\n"
            "Keep AOC ends capped when unplugged; the optics are sealed but the plug contacts "
            "are not."
        ),
        "price": "365.00",
        "stock": {"US-EAST": 88, "EU-CENTRAL": 44},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "AOC",
            "reach": 5,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 260,
        "days_ago": 605,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR active optical cable, QSFP56, 200Gb/s, 10 m",
        "sku": "FP-AOC-HDR-10M",
        "mpn": "MFS1S00-H010E",
        "alt_part_number": None,
        "gtin": None,
        "summary": "10 m HDR 200Gb/s InfiniBand AOC, QSFP56 both ends, for leaf-to-spine runs "
        "within a row.",
        "description": (
            "HDR 200Gb/s active optical cable, 10 m. The usual leaf-to-spine length in a "
            "single row of racks.\n\n"
            "Order a few spare lengths: a damaged AOC is replaced whole."
        ),
        "price": "395.00",
        "stock": {"US-EAST": 120, "EU-CENTRAL": 48},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "AOC",
            "reach": 10,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 290,
        "days_ago": 600,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR active optical cable, QSFP56, 200Gb/s, 20 m",
        "sku": "FP-AOC-HDR-20M",
        "mpn": "MFS1S00-H020E",
        "alt_part_number": None,
        "gtin": None,
        "summary": "20 m HDR 200Gb/s InfiniBand AOC for cross-row spine links.",
        "description": (
            "HDR 200Gb/s active optical cable, 20 m, QSFP56 to QSFP56, for spine links that "
            "cross rows through overhead trays.\n\n"
            "Pull AOCs by the cable jacket and pulling sock, never by the plug."
        ),
        "price": "445.00",
        "stock": {"US-EAST": 36, "EU-CENTRAL": 14},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "AOC",
            "reach": 20,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 150,
        "days_ago": 595,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR active optical cable, QSFP56, 200Gb/s, 30 m",
        "sku": "FP-AOC-HDR-30M",
        "mpn": "MFS1S00-H030E",
        "alt_part_number": None,
        "gtin": None,
        "summary": "30 m HDR 200Gb/s InfiniBand AOC for long spine and core runs.",
        "description": (
            "HDR 200Gb/s active optical cable, 30 m. Used between spine and core switches in "
            "larger fat trees.\n\n"
            "At this length, separate transceivers and structured fibre can be easier to "
            "manage; AOCs win on cost and simplicity."
        ),
        "price": "495.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "AOC",
            "reach": 30,
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 70,
        "days_ago": 590,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR to 2x HDR100 active optical splitter cable, QSFP56, 3 m",
        "sku": "FP-AOC-HDR-SPL-3M",
        "mpn": "MFS1S50-H003V",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Optical 1-to-2 splitter: one HDR 200Gb/s switch port to two HDR100 hosts, "
        "3 m.",
        "description": (
            "The optical version of the HDR to 2x HDR100 splitter, for hosts out of reach of "
            "the copper MCP7H50. One QSFP56 end at 200Gb/s in the switch, two QSFP56 legs at "
            "100Gb/s to the adapters. It also runs 200GbE to 2x100GbE.\n\n"
            "As with the copper splitter, put the switch port into split mode first."
        ),
        "price": "520.00",
        "stock": {"US-EAST": 22, "EU-CENTRAL": 9},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["HDR100", "HDR", "100GbE", "200GbE"],
            "data_rate": [100, 200],
            "form_factor": "QSFP56",
            "media": "AOC",
            "reach": 3,
        },
        "fits": [["QSFP56", 200], ["QSFP56", 100]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-splitter.svg",
        "datasheets": [{"title": "MFS1S50-H0xxV product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mfs1s50h0xxv200"}],
        "best_seller_rank": 90,
        "days_ago": 480,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 100GbE active optical cable, QSFP28, 3 m",
        "sku": "FP-AOC-100G-3M",
        "mpn": "MFA1A00-C003",
        "alt_part_number": None,
        "gtin": None,
        "summary": "3 m 100GbE QSFP28 active optical cable for Spectrum switches and ConnectX "
        "adapters.",
        "description": (
            "Multimode 100GbE AOC with QSFP28 plugs, 3 m. Lighter and thinner than 100G "
            "copper, so it is popular in dense top-of-rack cabling.\n\n"
            "Works in any QSFP28, QSFP56 or QSFP-DD cage that accepts 100GbE optics."
        ),
        "price": "189.00",
        "stock": {"US-EAST": 150, "EU-CENTRAL": 70},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["100GbE"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "AOC",
            "reach": 3,
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [{"title": "MFA1A00-xxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mfa1a00xxxxspec"}],
        "best_seller_rank": 200,
        "days_ago": 760,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA 100GbE active optical cable, QSFP28, 10 m",
        "sku": "FP-AOC-100G-10M",
        "mpn": "MFA1A00-C010",
        "alt_part_number": None,
        "gtin": None,
        "summary": "10 m 100GbE QSFP28 AOC for leaf-to-spine links.",
        "description": (
            "Multimode 100GbE AOC, 10 m, QSFP28 to QSFP28. A cost-effective leaf-to-spine "
            "link within a row.\n\n"
            "Both ends must be in 100GbE mode; AOCs do not auto-negotiate down to 40GbE."
        ),
        "price": "215.00",
        "stock": {"US-EAST": 95, "EU-CENTRAL": 40},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["100GbE"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "AOC",
            "reach": 10,
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [{"title": "MFA1A00-xxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mfa1a00xxxxspec"}],
        "best_seller_rank": 175,
        "days_ago": 755,
    },
    {
        "type": "cable",
        "category": "aoc-cables",
        "brand": "NVIDIA",
        "name": "NVIDIA EDR active optical cable, QSFP28, 100Gb/s, 10 m",
        "sku": "FP-AOC-EDR-10M",
        "mpn": "MFA1A00-E010",
        "alt_part_number": None,
        "gtin": None,
        "summary": "10 m EDR 100Gb/s InfiniBand AOC with QSFP28 plugs.",
        "description": (
            "EDR InfiniBand active optical cable, 10 m, QSFP28 to QSFP28. For maintaining EDR "
            "fabrics and linking EDR switches to newer HDR ones.\n\n"
            "For 100GbE Ethernet use the MFA1A00-C series."
        ),
        "price": "225.00",
        "stock": {"US-EAST": 28, "EU-CENTRAL": 10},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["EDR"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "AOC",
            "reach": 10,
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "cable-aoc.svg",
        "datasheets": [{"title": "MFA1A00-xxxx product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mfa1a00xxxxspec"}],
        "best_seller_rank": 60,
        "days_ago": 1000,
    },
    # ------------------------------------------------------------------ transceivers
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 100GbE QSFP28 SR4 transceiver, 850nm, MPO-12, up to 100 m",
        "sku": "FP-OPT-100G-SR4",
        "mpn": "MMA1B00-C100D",
        "alt_part_number": None,
        "gtin": None,
        "summary": "100GBASE-SR4 QSFP28 multimode optic, 850 nm, MPO-12, 100 m on OM4.",
        "description": (
            "A four-lane 850 nm VCSEL transceiver for 100GbE over parallel multimode fibre: "
            "up to 100 m on OM4, 70 m on OM3, with an 8-fibre MPO-12 (UPC) connector. Digital "
            "diagnostics report optical power and temperature per lane.\n\n"
            "The module can also run as 4x25GbE with an MPO-to-4xLC breakout harness to SFP28 "
            "SR optics. Use MPO trunk polarity type B between two SR4 modules."
        ),
        "price": "149.00",
        "stock": {"US-EAST": 260, "EU-CENTRAL": 140},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["100GbE"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "SR4",
            "reach": 100,
            "wavelength": 850,
            "connector": "MPO-12",
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 450,
        "days_ago": 800,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 100GbE QSFP28 LR4 transceiver, 1310nm, duplex LC, up to 10 km",
        "sku": "FP-OPT-100G-LR4",
        "mpn": "MMA1L10-CR",
        "alt_part_number": None,
        "gtin": None,
        "summary": "100GBASE-LR4 QSFP28 single-mode optic, four WDM lanes near 1310 nm, duplex "
        "LC, 10 km.",
        "description": (
            "Four 25G lanes multiplexed on LAN-WDM wavelengths in the 1310 nm window onto one "
            "pair of single-mode fibres with a duplex LC connector, reaching 10 km. For "
            "building-to-building and campus links and for data-centre interconnect.\n\n"
            "Single-mode fibre only; it does not link to SR4 or CWDM4 optics."
        ),
        "price": "595.00",
        "stock": {"US-EAST": 30, "EU-CENTRAL": 18},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["100GbE"],
            "data_rate": [100],
            "form_factor": "QSFP28",
            "media": "LR4",
            "reach": 10000,
            "wavelength": 1310,
            "connector": "LC",
        },
        "fits": [["QSFP28", 100]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 95,
        "days_ago": 780,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA HDR QSFP56 SR4 transceiver, 200Gb/s, 850nm, MPO-12, up to 100 m",
        "sku": "FP-OPT-HDR-SR4",
        "mpn": "MMA1T00-HS",
        "alt_part_number": None,
        "gtin": None,
        "summary": "HDR 200Gb/s InfiniBand QSFP56 multimode optic, 850 nm, MPO-12, for "
        "structured-fibre HDR links.",
        "description": (
            "Four lanes of 50G-PAM4 at 850 nm over parallel multimode fibre with an MPO-12 "
            "connector, for HDR InfiniBand at 200Gb/s. Use it instead of AOCs when the fabric "
            "runs over patch panels and trunk cables.\n\n"
            "Use OM4 fibre for the longest reach and keep the number of patch panels in the "
            "link low. The 200GbE Ethernet version is MMA1T00-VS."
        ),
        "price": "449.00",
        "stock": {"US-EAST": 64, "EU-CENTRAL": 20},
        "specs": {
            "protocol": ["InfiniBand"],
            "generation": ["HDR"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "SR4",
            "reach": 100,
            "wavelength": 850,
            "connector": "MPO-12",
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [{"title": "MMA1T00-HS product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MMA1T00HSSpec"}],
        "best_seller_rank": 160,
        "days_ago": 560,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 200GbE QSFP56 SR4 transceiver, 850nm, MPO-12, up to 100 m",
        "sku": "FP-OPT-200G-SR4",
        "mpn": "MMA1T00-VS",
        "alt_part_number": None,
        "gtin": None,
        "summary": "200GBASE-SR4 QSFP56 multimode optic for SN3700 switches and 200GbE "
        "adapters.",
        "description": (
            "The Ethernet twin of MMA1T00-HS: four 50G-PAM4 lanes at 850 nm over MPO-12 "
            "multimode fibre for 200GbE.\n\n"
            "Fits QSFP56 cages on Spectrum-2 and Spectrum-3 switches and ConnectX-6 Dx "
            "200GbE adapters."
        ),
        "price": "399.00",
        "stock": {"US-EAST": 48, "EU-CENTRAL": 25},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["200GbE"],
            "data_rate": [200],
            "form_factor": "QSFP56",
            "media": "SR4",
            "reach": 100,
            "wavelength": 850,
            "connector": "MPO-12",
        },
        "fits": [["QSFP56", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [{"title": "MMA1T00-VS product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MMA1T00VSSpec"}],
        "best_seller_rank": 80,
        "days_ago": 550,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 25GbE SFP28 SR transceiver, 850nm, duplex LC, up to 100 m",
        "sku": "FP-OPT-25G-SR",
        "mpn": "MMA2P00-AS",
        "alt_part_number": None,
        "gtin": None,
        "summary": "25GBASE-SR SFP28 multimode optic, 850 nm, duplex LC, for 25G server "
        "access.",
        "description": (
            "An 850 nm SFP28 transceiver for 25GbE over duplex multimode fibre with LC "
            "connectors, up to 100 m on OM4. Fits SFP28 and SFP56 cages on ConnectX adapters "
            "and Spectrum switches.\n\n"
            "25GBASE-SR needs RS-FEC at both ends; NVIDIA gear sets it automatically, but "
            "check the FEC mode on third-party switches."
        ),
        "price": "49.00",
        "stock": {"US-EAST": 500, "EU-CENTRAL": 260},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["25GbE"],
            "data_rate": [25],
            "form_factor": "SFP28",
            "media": "SR",
            "reach": 100,
            "wavelength": 850,
            "connector": "LC",
        },
        "fits": [["SFP28", 25], ["SFP56", 25]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-sfp.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 470,
        "days_ago": 810,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 25GbE SFP28 LR transceiver, 1310nm, duplex LC, up to 10 km",
        "sku": "FP-OPT-25G-LR",
        "mpn": "MMA2L20-AR",
        "alt_part_number": None,
        "gtin": None,
        "summary": "25GBASE-LR SFP28 single-mode optic, 1310 nm, duplex LC, 10 km.",
        "description": (
            "A 1310 nm single-mode SFP28 transceiver for 25GbE over up to 10 km of duplex "
            "fibre, for inter-building links or reaching a distant row.\n\n"
            "Single-mode fibre and LC connectors; it does not link to multimode SR optics."
        ),
        "price": "149.00",
        "stock": {"US-EAST": 44, "EU-CENTRAL": 30},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["25GbE"],
            "data_rate": [25],
            "form_factor": "SFP28",
            "media": "LR",
            "reach": 10000,
            "wavelength": 1310,
            "connector": "LC",
        },
        "fits": [["SFP28", 25], ["SFP56", 25]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-sfp.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 100,
        "days_ago": 805,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port OSFP 2x400Gb/s multimode transceiver, 2xSR4, 850nm, 50 m, "
        "finned top",
        "sku": "FP-OPT-NDR-2SR4",
        "mpn": "MMA4Z00-NS",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Switch-side twin-port OSFP optic with two 400Gb/s SR4 engines, two MPO-12/APC "
        "ports, 50 m on OM4.",
        "description": (
            "Two independent 400Gb/s transceivers in one finned-top OSFP shell for Quantum-2 "
            "and Spectrum-4 switch cages: 800Gb/s electrical to the switch and two SR4 optical "
            "ports, each with an MPO-12/APC connector (green shell). Reach is 50 m on OM4 "
            "fibre with up to two patch panels. It runs NDR InfiniBand or 400GbE depending on "
            "the switch, at about 15 W.\n\n"
            "Each port links to another twin-port module, or over a straight fibre to a "
            "single-port 400G OSFP (MMA4Z00-NS400) or QSFP112 optic at the host. With 1:2 "
            "splitter fibre, the far ends come up at 200Gb/s.\n\n"
            "APC connectors only: UPC (aqua) MPO cords will not mate properly and degrade the "
            "link."
        ),
        "price": "1295.00",
        "stock": {"US-EAST": 140, "EU-CENTRAL": 60},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "2xSR4",
            "reach": 50,
            "wavelength": 850,
            "connector": "Dual MPO-12 APC",
            "power": 15,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-osfp.svg",
        "datasheets": [{"title": "MMA4Z00-NS product specifications",
                        "url": "https://docs.nvidia.com/networking/display/800GMMA4Z00NS"}],
        "best_seller_rank": 420,
        "days_ago": 170,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 400Gb/s single-port OSFP multimode transceiver, SR4, 850nm, 50 m, "
        "flat top",
        "sku": "FP-OPT-NDR-SR4-FLT",
        "mpn": "MMA4Z00-NS400",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Host-side flat-top OSFP SR4 optic for ConnectX-7 OSFP adapters, NDR 400Gb/s "
        "or 400GbE, 50 m.",
        "description": (
            "A single 400Gb/s SR4 engine (4x100G-PAM4 at 850 nm) in a flat-top OSFP shell "
            "that sits under the riding heat sink of a ConnectX-7 OSFP cage. One MPO-12/APC "
            "connector, 50 m on OM4. About 8 W typical, 9 W maximum at 400Gb/s.\n\n"
            "Its partner at the switch is the twin-port MMA4Z00-NS. With a 1:2 splitter fibre "
            "only two lanes are lit and the module runs at 200Gb/s (NDR200) with lower power.\n\n"
            "Not for switch cages: flat-top modules lack the fins switch cages rely on for "
            "cooling."
        ),
        "price": "695.00",
        "stock": {"US-EAST": 230, "EU-CENTRAL": 95},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR200", "NDR", "200GbE", "400GbE"],
            "data_rate": [200, 400],
            "form_factor": "OSFP",
            "media": "SR4",
            "reach": 50,
            "wavelength": 850,
            "connector": "MPO-12 APC",
            "power": 8,
        },
        "fits": [["OSFP", 400], ["OSFP", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [{"title": "MMA4Z00-NS400 product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MMA4Z00NS400"}],
        "best_seller_rank": 430,
        "days_ago": 165,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port OSFP 2x400Gb/s single-mode transceiver, 2xDR4, 1310nm, "
        "500 m, finned top",
        "sku": "FP-OPT-NDR-2DR4",
        "mpn": "MMS4X00-NM",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Switch-side twin-port OSFP optic with two 400Gb/s DR4 engines on single-mode "
        "fibre, 500 m, two MPO-12/APC ports.",
        "description": (
            "Two 400Gb/s DR4 transceivers (4x100G-PAM4 at 1310 nm over parallel single-mode "
            "fibre) in one finned-top OSFP for Quantum-2 and Spectrum-4 switches. Reach is "
            "500 m, enough for spine links across a data hall. About 17 W.\n\n"
            "Each port can link to another twin-port module, to a single-port OSFP or QSFP112 "
            "DR4 optic at a host, or through a 1:2 splitter fibre to two 200Gb/s hosts. Uses "
            "MPO-12/APC single-mode cords (8 fibres per port)."
        ),
        "price": "1695.00",
        "stock": {"US-EAST": 70, "EU-CENTRAL": 28},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "2xDR4",
            "reach": 500,
            "wavelength": 1310,
            "connector": "Dual MPO-12 APC",
            "power": 17,
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-osfp.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 320,
        "days_ago": 160,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 400Gb/s single-port OSFP single-mode transceiver, DR4, 1310nm, flat top",
        "sku": "FP-OPT-NDR-DR4-FLT",
        "mpn": "MMS4X00-NS400",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Host-side flat-top OSFP DR4 optic for ConnectX-7 adapters on single-mode "
        "fibre, 9 W.",
        "description": (
            "A 400Gb/s DR4 engine (4x100G-PAM4 at 1310 nm) in a flat-top OSFP shell for "
            "ConnectX-7 OSFP adapters, with one MPO-12/APC single-mode connector. It pairs "
            "with a twin-port single-mode module in a Quantum-2 or Spectrum-4 switch; with "
            "NVIDIA's straight crossover fibre the link is specified to 100 m.\n\n"
            "Draws up to 9 W at 400Gb/s; over a 1:2 splitter fibre it runs NDR200 on two "
            "lanes and drops to about 5 W."
        ),
        "price": "895.00",
        "stock": {"US-EAST": 55, "EU-CENTRAL": 20},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR200", "NDR", "200GbE", "400GbE"],
            "data_rate": [200, 400],
            "form_factor": "OSFP",
            "media": "DR4",
            "reach": 100,
            "wavelength": 1310,
            "connector": "MPO-12 APC",
            "power": 9,
        },
        "fits": [["OSFP", 400], ["OSFP", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [{"title": "MMS4X00-NS400 product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mms4x00ns400"}],
        "best_seller_rank": 180,
        "days_ago": 150,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA twin-port OSFP 2x400Gb/s single-mode transceiver, 2xFR4, 2 km, "
        "finned top",
        "sku": "FP-OPT-NDR-2FR4",
        "mpn": "MMS4X50-NM",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Twin-port OSFP with two 400Gb/s FR4 engines over duplex single-mode fibre, "
        "2 km, for long spine and building links.",
        "description": (
            "Two 400Gb/s FR4 transceivers in one finned-top OSFP: each port multiplexes four "
            "CWDM wavelengths around 1310 nm onto one fibre pair with a duplex LC connector, "
            "reaching 2 km. For links between data halls or buildings where parallel fibre "
            "is scarce.\n\n"
            "Both ends of each link need FR4 optics; FR4 does not interoperate with DR4."
        ),
        "price": "2195.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["InfiniBand", "Ethernet"],
            "generation": ["NDR", "400GbE"],
            "data_rate": [800],
            "form_factor": "OSFP",
            "media": "2xFR4",
            "reach": 2000,
            "wavelength": 1310,
            "connector": "LC",
        },
        "fits": [["OSFP", 800]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-osfp.svg",
        "datasheets": [{"title": "MMS4X50-NM product specifications",
                        "url": "https://docs.nvidia.com/networking/display/mms4x50nm800g2kmpub"}],
        "best_seller_rank": 40,
        "days_ago": 20,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 400GbE single-port QSFP112 multimode transceiver, SR4, 850nm, 50 m",
        "sku": "FP-OPT-400G-Q112-SR4",
        "mpn": "MMA1Z00-NS400-T",
        "alt_part_number": None,
        "gtin": None,
        "summary": "400GbE SR4 optic in a flat-top QSFP112 shell for BlueField-3 DPUs and "
        "QSFP112 ConnectX-7 adapters, 50 m.",
        "description": (
            "The QSFP112 counterpart of the single-port OSFP SR4 module: 4x100G-PAM4 at "
            "850 nm, one MPO-12/APC connector, 50 m on OM4, about 8 W typical. It goes into "
            "BlueField-3 and dual-port QSFP112 ConnectX-7 cards, facing a twin-port OSFP "
            "module in a Spectrum-4 switch.\n\n"
            "Over a 1:2 splitter fibre it runs at 200GbE on two lanes. QSFP112 modules are "
            "host-side parts and are not meant for switch cages."
        ),
        "price": "695.00",
        "stock": {"US-EAST": 40, "EU-CENTRAL": 16},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["200GbE", "400GbE"],
            "data_rate": [200, 400],
            "form_factor": "QSFP112",
            "media": "SR4",
            "reach": 50,
            "wavelength": 850,
            "connector": "MPO-12 APC",
            "power": 8,
        },
        "fits": [["QSFP112", 400], ["QSFP112", 200]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [{"title": "MMA1Z00-NS400-T product specifications",
                        "url": "https://docs.nvidia.com/networking/display/MMA1Z00NS400T"}],
        "best_seller_rank": 85,
        "days_ago": 30,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "NVIDIA",
        "name": "NVIDIA 400GbE QSFP-DD DR4 transceiver, 1310nm, MPO-12/APC, up to 500 m",
        "sku": "FP-OPT-400G-DD-DR4",
        "mpn": "MMS1V00-WM",
        "alt_part_number": None,
        "gtin": None,
        "summary": "400GBASE-DR4 QSFP-DD single-mode optic for SN4700 switches, 500 m.",
        "description": (
            "Four lanes of 100G-PAM4 at 1310 nm over parallel single-mode fibre, MPO-12/APC "
            "connector, 500 m. Used on SN4700 QSFP-DD ports for 400G spine links, or broken "
            "out to four 100G DR1 optics.\n\n"
            "A ConnectX-7 firmware release lists a link-down issue when a ConnectX-7 port is "
            "linked to this module; check the adapter release notes when a ConnectX-7 host "
            "sits at the far end of the link."
        ),
        "price": "995.00",
        "stock": {"US-EAST": 24, "EU-CENTRAL": 12},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["400GbE"],
            "data_rate": [400],
            "form_factor": "QSFP-DD",
            "media": "DR4",
            "reach": 500,
            "wavelength": 1310,
            "connector": "MPO-12 APC",
        },
        "fits": [["QSFP-DD", 400]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-qsfp.svg",
        "datasheets": [_NV_LINKX],
        "best_seller_rank": 75,
        "days_ago": 210,
    },
    {
        "type": "transceiver",
        "category": "optical-transceivers",
        "brand": "Intel",
        "name": "Intel Ethernet SFP28 SR optic, 25GbE, 850nm, duplex LC",
        "sku": "FP-OPT-INT-25G-SR",
        "mpn": "E25GSFP28SR",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Intel-qualified 25GBASE-SR SFP28 optic for E810 and XXV710 adapters.",
        "description": (
            "An 850 nm multimode SFP28 module for 25GbE (and 10GbE) over duplex LC fibre, "
            "qualified for Intel Ethernet 700 and 800 series adapters, which are strict about "
            "the optics they accept.\n\n"
            "Standard 25GBASE-SR reach applies: up to 100 m on OM4 and 70 m on OM3."
        ),
        "price": "79.00",
        "stock": {"US-EAST": 80, "EU-CENTRAL": 45},
        "specs": {
            "protocol": ["Ethernet"],
            "generation": ["10GbE", "25GbE"],
            "data_rate": [25],
            "form_factor": "SFP28",
            "media": "SR",
            "reach": 100,
            "wavelength": 850,
            "connector": "LC",
        },
        "fits": [["SFP28", 25]],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "transceiver-sfp.svg",
        "datasheets": [],
        "best_seller_rank": 115,
        "days_ago": 330,
    },
    # ------------------------------------------------------------------ network emulators
    {
        "type": "emulator",
        "category": "network-emulators",
        "brand": "Apposite Technologies",
        "name": "Apposite Linktropy Mini-G WAN emulator, 2x 1GbE",
        "sku": "FP-APP-LT-MINIG",
        "mpn": "Linktropy Mini-G",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Compact 1 Gb/s WAN emulator that bridges two Ethernet ports and adds "
        "delay, loss, bit errors and bandwidth limits.",
        "description": (
            "A small bridge with two Gigabit Ethernet ports (LAN A and LAN B) that sits "
            "between a client and a server and makes the link behave like a WAN. Delay is set "
            "per direction from 0 to 10 seconds with constant, uniform or normal "
            "distributions; bandwidth, packet loss, bit error rate and queue depth are set "
            "alongside.\n\n"
            "Configured from a browser GUI. Because it bridges at layer 2, it carries any "
            "Ethernet traffic, not only IP. Good for application teams testing behaviour over "
            "satellite, mobile or intercontinental links."
        ),
        "price": "3995.00",
        "stock": {"US-EAST": 6, "EU-CENTRAL": 3},
        "specs": {
            "protocol": ["Ethernet"],
            "data_rate": [1],
            "port_count": 2,
            "max_delay": 10000,
            "impairments": "Bandwidth limits, latency, jitter (delay distributions), packet "
            "loss, bit errors, queue limits",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "emulator-1u.svg",
        "datasheets": [],
        "best_seller_rank": 35,
        "days_ago": 400,
    },
    {
        "type": "emulator",
        "category": "network-emulators",
        "brand": "Apposite Technologies",
        "name": "Apposite Netropy 10G network emulator, 1 link, 2x 10GbE SFP+",
        "sku": "FP-APP-NET-10G",
        "mpn": "Netropy 10G",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Line-rate 10GbE network emulator with one emulated link between two SFP+ "
        "ports.",
        "description": (
            "A hardware emulator that bridges two 10GbE ports and applies impairments at line "
            "rate: latency and jitter, loss, duplication, reordering, bit errors and bandwidth "
            "limits, per direction, configured from a web GUI.\n\n"
            "Used to qualify storage replication, backup and data-centre interconnect traffic "
            "against real-world delay before deployment. Optics are ordered separately."
        ),
        "price": "17995.00",
        "stock": {"US-EAST": 2, "EU-CENTRAL": 1},
        "specs": {
            "protocol": ["Ethernet"],
            "data_rate": [10],
            "port_count": 2,
            "form_factor": "SFP+",
            "impairments": "Latency, jitter, loss, duplication, reordering, bit errors, "
            "bandwidth limits",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "emulator-1u.svg",
        "datasheets": [],
        "best_seller_rank": 22,
        "days_ago": 360,
    },
    {
        "type": "emulator",
        "category": "network-emulators",
        "brand": "Apposite Technologies",
        "name": "Apposite Netropy 10G2 network emulator, 2 links, 4x 10GbE SFP+",
        "sku": "FP-APP-NET-10G2",
        "mpn": "Netropy 10G2",
        "alt_part_number": None,
        "gtin": None,
        "summary": "Two independent 10GbE emulated links in one box, four SFP+ ports.",
        "description": (
            "The two-link Netropy: four 10GbE ports form two independent emulated links, so "
            "two paths (for example primary and backup WAN circuits, or two replication "
            "streams) can be impaired separately at line rate.\n\n"
            "Impairments per direction include latency, jitter, loss, duplication, reordering "
            "and bandwidth limits, set separately for each link."
        ),
        "price": "29995.00",
        "stock": {"US-EAST": 1, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["Ethernet"],
            "data_rate": [10],
            "port_count": 4,
            "form_factor": "SFP+",
            "impairments": "Latency, jitter, loss, duplication, reordering, bit errors, "
            "bandwidth limits",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "emulator-1u.svg",
        "datasheets": [],
        "best_seller_rank": 15,
        "days_ago": 350,
    },
    {
        "type": "emulator",
        "category": "network-emulators",
        "brand": "Apposite Technologies",
        "name": "Apposite Netropy 100G network emulator, 1 link, 2x 100GbE QSFP28",
        "sku": "FP-APP-NET-100G",
        "mpn": "Netropy 100G",
        "alt_part_number": None,
        "gtin": None,
        "summary": "100GbE line-rate network emulator for testing high-bandwidth WAN and "
        "data-centre interconnect paths.",
        "description": (
            "A 100GbE Netropy with two QSFP28 ports forming one emulated link. It applies "
            "latency, jitter, loss, duplication, reordering and bandwidth limits at 100 Gb/s, "
            "so long-haul, high-bandwidth links can be reproduced in the lab.\n\n"
            "The amount of delay available at full rate is bounded by the box's packet "
            "buffer; confirm the required delay at the planned throughput with the vendor "
            "data before buying for very long round-trip times."
        ),
        "price": "79995.00",
        "stock": {"US-EAST": 0, "EU-CENTRAL": 0},
        "specs": {
            "protocol": ["Ethernet"],
            "data_rate": [100],
            "port_count": 2,
            "form_factor": "QSFP28",
            "impairments": "Latency, jitter, loss, duplication, reordering, bandwidth limits",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "emulator-1u.svg",
        "datasheets": [],
        "best_seller_rank": 8,
        "days_ago": 60,
    },
    {
        "type": "emulator",
        "category": "network-emulators",
        "brand": "Spirent",
        "name": "Spirent Attero-100G impairment emulator, 2x 100GbE",
        "sku": "FP-SPT-ATTERO-100G",
        "mpn": "Attero-100G",
        "alt_part_number": None,
        "gtin": None,
        "summary": "100GbE impairment emulator built with Calnex: delay up to 20 s, jitter "
        "profiles, loss, corruption, reordering and link flaps.",
        "description": (
            "A two-port 100GbE impairment emulator developed with Calnex. Each direction has "
            "up to eight impairment profiles selected by traffic filters, applying delay "
            "(configurable from 50 microseconds to 20 seconds), jitter from distributions or "
            "uploaded profiles, frame loss, corrupted frames, duplicates, misordering, "
            "symbol errors and link flapping, with packet capture for analysis.\n\n"
            "Delay memory is shared between profiles and can be allocated by the user, so the "
            "longest delay reachable at full 100G load depends on how memory is split. A "
            "remote API allows automated test runs."
        ),
        "price": "98500.00",
        "stock": {"US-EAST": 1, "EU-CENTRAL": 1},
        "specs": {
            "protocol": ["Ethernet"],
            "data_rate": [100],
            "port_count": 2,
            "max_delay": 20000,
            "impairments": "Latency, jitter, loss, corruption, duplication, reordering, symbol "
            "errors, link flapping",
        },
        "fits": [],
        "eol": False,
        "successor": None,
        "eccn": "5A992.c",
        "image": "emulator-1u.svg",
        "datasheets": [],
        "best_seller_rank": 5,
        "days_ago": 14,
    },
]
