"""The connectivity doctor: bounded checks that answer "why can't they connect?"
in sentences a non-expert can act on. Used by both windows (ui/doctor_dialog.py)
and by chatapp-doctor (app/doctor_cli.py). No widgets here.

    run.py             one run: the checks on worker threads, findings as signals
    finding.py         a Finding: check, verdict, sentence, what was done, how long
    adapters.py        this machine's adapters and networks; which one reaches a host
    adapter_kinds.py   Wi-Fi, wired, loopback, VPN, containers, virtual machines
    port_owner.py      the chat port: free, or which program holds it
    reach.py           TCP to the server: refused, no answer, unreachable...
    greeting_probe.py  ...and is it a chatapp server (its greeting)
    neighbours.py      the ARP table: does anyone have that address?
    resolve.py         names to addresses, bounded
    discovery_watch.py does discovery (net/discovery.py's ServerFinder) see it?
    firewall.py        ufw, firewalld, nftables, Windows Defender, macOS: read only
    firewall_*.py      each one's output parsed (tested with recorded outputs)
    hints.py           what several findings say together (isolation, subnets, VPN)
    commands.py        system tools and calls, each bounded in time
    report.py          findings as lines of text
"""
