"""What kind of network adapter a name is: Wi-Fi, wired, loopback, VPN,
containers (Docker, WSL) or virtual machines. Adapters other than Wi-Fi and
wired reach this machine's own guests or a private tunnel, not the room's
other machines: LocalSend's "many interfaces" reports (#1538) are about them."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts

WIFI = "wifi"
WIRED = "wired"
LOOPBACK = "loopback"
VPN = "vpn"
CONTAINER = "container"
VM = "vm"
OTHER = "other"
# Adapters that lead off this machine to the other machines of the network.
LAN_KINDS = (WIFI, WIRED, OTHER)

# Checked in this order: "vEthernet (WSL)" also contains "Ethernet".
_PATTERNS = (
    (LOOPBACK, r"^lo\d*$|loopback"),
    (CONTAINER, r"^docker|^br-[0-9a-f]|^veth(?!ernet)|^cni|^podman|^lxcbr|^lxdbr|^flannel|"
                r"^cali|vethernet \(wsl"),
    (VM, r"^vboxnet|^vmnet|^virbr|^vnet\d|hyper-v|virtualbox|vmware|^vethernet|^bridge1\d\d$"),
    (VPN, r"^tun|^tap|^wg|^ppp|^utun|^ipsec|^gpd|^zt|^tailscale|vpn|wireguard|tailscale|"
          r"zerotier|openvpn|anyconnect|fortinet|wintun"),
    (WIFI, r"^wl|^ath\d|^ra\d|wi-?fi|wireless|wlan|802\.11"),
    (WIRED, r"^eth|^en|^em\d|^eno|^ens|^enp|ethernet|^lan"),
)



def adapter_kind(name: str, wireless: bool | None = None) -> str:
    """The kind of the adapter called `name`; `wireless` is what the system
    says when it says (Linux: /sys/class/net/NAME/wireless), else None."""
    lowered = name.lower()
    for kind, pattern in _PATTERNS:
        if kind in (WIFI, WIRED) and wireless is not None:
            return WIFI if wireless else WIRED
        if re.search(pattern, lowered):
            return kind
    if wireless is not None:
        return WIFI if wireless else WIRED
    return OTHER


def linux_wireless(name: str, sysfs: Path = Path("/sys/class/net")) -> bool | None:
    """Whether Linux says the adapter is Wi-Fi; None where there is no sysfs."""
    adapter = sysfs / name
    if not adapter.exists():
        return None
    return (adapter / "wireless").exists() or (adapter / "phy80211").exists()


def parse_macos_hardware_ports(text: str) -> set[str]:
    """`networksetup -listallhardwareports`: the devices whose port is Wi-Fi (or
    AirPort, its old name). macOS names every adapter enN, Wi-Fi included."""
    wireless, port = set(), ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Hardware Port":
            port = value.strip().lower()
        elif key.strip() == "Device" and port in ("wi-fi", "airport"):
            wireless.add(value.strip())
    return wireless


def wireless_probe(platform: str = sys.platform) -> Callable[[str], bool | None]:
    """How to ask this system whether an adapter is Wi-Fi (None: it does not say)."""
    if platform.startswith("linux"):
        return linux_wireless
    if platform == "darwin":
        from .commands import run_bounded

        result = run_bounded(["networksetup", "-listallhardwareports"])
        if result.ran:
            names = parse_macos_hardware_ports(result.output)
            return lambda name: True if name in names else None
    return lambda _name: None  # Windows names its Wi-Fi adapters "Wi-Fi" or "Wireless..."


def kind_label(kind: str) -> str:
    labels = {
        WIFI: translate("DoctorAdapters", "Wi-Fi"),
        WIRED: translate("DoctorAdapters", "wired"),
        LOOPBACK: translate("DoctorAdapters", "loopback (this machine only)"),
        VPN: translate("DoctorAdapters", "VPN"),
        CONTAINER: translate("DoctorAdapters", "Docker/containers"),
        VM: translate("DoctorAdapters", "virtual machines"),
        OTHER: translate("DoctorAdapters", "network"),
    }
    return labels[kind]
