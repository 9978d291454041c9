"""Recorded outputs of the firewall tools (English), for the parsers' tests.
The nftables ones were recorded from nft 1.0.6 in a scratch namespace."""

NFT_FILTER = (
    '{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", '
    '"json_schema_version": 1}}, {"table": {"family": "inet", "name": "filter", "handle": 1}}, '
    '{"chain": {"family": "inet", "table": "filter", "name": "input", "handle": 1, "type": '
    '"filter", "hook": "input", "prio": 0, "policy": "drop"}}, {"chain": {"family": "inet", '
    '"table": "filter", "name": "chat", "handle": 2}}, {"rule": {"family": "inet", "table": '
    '"filter", "chain": "input", "handle": 3, "expr": [{"match": {"op": "==", "left": {"meta": '
    '{"key": "iif"}}, "right": "lo"}}, {"accept": null}]}}, {"rule": {"family": "inet", '
    '"table": "filter", "chain": "input", "handle": 4, "expr": [{"match": {"op": "in", "left": '
    '{"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}}, '
    '{"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 6, "expr": '
    '[{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, '
    '"right": {"set": [22, 80]}}}, {"accept": null}]}}, {"rule": {"family": "inet", "table": '
    '"filter", "chain": "input", "handle": 7, "expr": [{"match": {"op": "==", "left": '
    '{"payload": {"protocol": "tcp", "field": "dport"}}, "right": {"range": [1000, 3000]}}}, '
    '{"jump": {"target": "chat"}}]}}, {"rule": {"family": "inet", "table": "filter", "chain": '
    '"chat", "handle": 8, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": '
    '"tcp", "field": "dport"}}, "right": 2000}}, {"reject": {"type": "icmpx", "expr": '
    '"port-unreachable"}}]}}]}'
)
NFT_EMPTY = ('{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", '
             '"json_schema_version": 1}}]}')
NFT_TEXT = """table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iif "lo" accept
		ct state established,related accept
		tcp dport { 22, 80 } accept
		tcp dport 1000-3000 jump chat
	}

	chain chat {
		tcp dport 2000 reject
	}
}
"""

UFW_ACTIVE = """Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
2000/tcp                   DENY IN     192.0.2.0/24
8000:8100/tcp              ALLOW IN    Anywhere
22/tcp (v6)                ALLOW IN    Anywhere (v6)
"""
UFW_INACTIVE = "Status: inactive\n"

NETSH_STATE_ON = """
Public Profile Settings:
----------------------------------------------------------------------
State                                 ON
Ok.

"""
NETSH_STATE_OFF = """
Private Profile Settings:
----------------------------------------------------------------------
State                                 OFF
Ok.

"""
NETSH_RULES = r"""
Rule Name:                            Python
----------------------------------------------------------------------
Enabled:                              Yes
Direction:                            In
Profiles:                             Public
Grouping:
LocalIP:                              Any
RemoteIP:                             Any
Protocol:                             TCP
LocalPort:                            Any
RemotePort:                           Any
Edge traversal:                       No
Program:                              C:\Python312\python.exe
InterfaceTypes:                       Any
Security:                             NotRequired
Rule source:                          Local Setting
Action:                               Block

Rule Name:                            Python
----------------------------------------------------------------------
Enabled:                              Yes
Direction:                            In
Profiles:                             Private
Grouping:
LocalIP:                              Any
RemoteIP:                             Any
Protocol:                             TCP
LocalPort:                            Any
RemotePort:                           Any
Edge traversal:                       No
Program:                              C:\Python312\python.exe
InterfaceTypes:                       Any
Security:                             NotRequired
Rule source:                          Local Setting
Action:                               Allow

Rule Name:                            Chat port
----------------------------------------------------------------------
Enabled:                              Yes
Direction:                            In
Profiles:                             Domain,Private,Public
Grouping:
LocalIP:                              Any
RemoteIP:                             LocalSubnet
Protocol:                             TCP
LocalPort:                            1999-2001
RemotePort:                           Any
Edge traversal:                       No
InterfaceTypes:                       Any
Security:                             NotRequired
Rule source:                          Local Setting
Action:                               Allow

Rule Name:                            Disabled block
----------------------------------------------------------------------
Enabled:                              No
Direction:                            In
Profiles:                             Domain,Private,Public
Protocol:                             Any
LocalPort:                            Any
Program:                              C:\Python312\python.exe
Action:                               Block
Ok.
"""

MACOS_ON = "Firewall is enabled. (State = 1)\n"
MACOS_OFF = "Firewall is disabled. (State = 0)\n"
MACOS_BLOCK_ALL_ON = "Firewall has block all state set to enabled.\n"
MACOS_BLOCK_ALL_OFF = "Firewall has block all state set to disabled.\n"
MACOS_APP_BLOCKED = "The application /usr/local/bin/python3 is blocked from receiving incoming " \
                    "connections.\n"
MACOS_APP_PERMITTED = "The application /usr/local/bin/python3 is permitted to receive incoming " \
                      "connections.\n"
MACOS_APP_UNKNOWN = "The application is not part of the firewall\n"
