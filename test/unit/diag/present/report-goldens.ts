// The Markdown reports as they were in English before their words went through l10n: with no
// translator installed they must come out byte for byte the same. Clock times read HH:MM (see normaliseClock).

/** Clock times depend on this machine's time zone; ISO timestamps are left alone. */
export const normaliseClock = (text: string): string =>
  text.replace(/(?<![\d:T])(?:[A-Z][a-z]{2} \d{1,2}, )?\d\d:\d\d(?![\d:])/g, 'HH:MM');

export const CHECKED_MD = `# Connection report: alice/dev

- Checked: 2025-11-25T10:00:00.000Z
- Coder CLI: v2.18.0
  - ⚠ Limited diagnostics: Coder CLI v2.18.0 has no --json for netcheck.
- Deployment: https://coder.example.com
- Path: **Relayed via DERP Frankfurt**
- Pings: 3 sent, 2 answered, 1 timed out, 0 failed (loss 33%)
- Latency: min 48 ms, avg 50 ms, max 52 ms, jitter –

## Checklist

- ✔ Connected to DERP region Frankfurt.
- ⚠ Handshake 6 minutes ago.
- ✘ No STUN server answered.

## Issues

### General

- **Relayed through DERP**: Traffic is relayed through a DERP server instead of going directly (p2p), which adds latency and limits throughput. Fix the causes listed below; if none are listed, check that UDP is allowed on both ends. [Troubleshooting](<https://coder.com/docs/admin/networking/troubleshooting#common-problems-with-direct-connections>)

### Your machine

- **UDP blocked**: Your machine could not reach a STUN server over UDP, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall. [Troubleshooting](<https://coder.com/docs/admin/networking/troubleshooting#udp-blocked>)
  - Coder CLI: \` Client could not connect to STUN over UDP \`

### The workspace

- **Low MTU**: Interface eth0 in the workspace has MTU 1280, below the 1378 a direct connection needs, so p2p traffic may stall. Raise its MTU, use another interface, or relay through DERP instead. [Troubleshooting](<https://coder.com/docs/admin/networking/troubleshooting#low-mtu>)

## Network (coder netcheck)

- UDP: yes
- IPv4: yes (can send: yes)
- IPv6: no (can send: no; OS has IPv6: yes)
- Public IPv4: 203.0.113.7
- Public IPv6: none found
- Hard NAT (mapping varies by destination): no
- Hairpinning: unknown
- Port mapping: UPnP no, NAT-PMP no, PCP no
- Captive portal: unknown
- Preferred DERP region: Frankfurt (7)
- Warnings:
  - derp: EDERP01 region 9 slow
  - interfaces: (no message)

Could not read Hairpinning (shown as unknown); update the Coder CLI or report the output.

## DERP relays

DERP relays: HTTPS latency measured by wsdoctor from this machine, netcheck latency by coder netcheck:

| Region | HTTPS latency | netcheck latency | DERP upgrade | WebSocket |
| --- | --- | --- | --- | --- |
| Frankfurt (preferred) | 21.4 ms | 21.0 ms | yes | yes |
| Paris | 30.0 ms | – | failed | yes |
| Tokyo | – | 240.0 ms | – | – |

## Local probes

### mtu

this machine; 1 interface(s) checked; lowest MTU 1280 on eth0

- basis: this machine

interfaces:

| name | mtu | checked |
| --- | --- | --- |
| eth0 | 1280 | yes |

### vpn (did not run)

ip is not installed

### stun

UDP ok, hard NAT; public 203.0.113.7:41641 (1 server(s) answered)

- udp: ok
- mapping: endpoint-dependent
- mappedEndpoints: 203.0.113.7:41641

servers:

| host | outcome |
| --- | --- |
| stun.l.google.com | answered |

### derp

nearest Frankfurt; Frankfurt 21 ms, Paris 30 ms, WebSocket only

- nearest.regionName: Frankfurt

regions:

| regionId | regionName | latencyMs | upgrade | websocket |
| --- | --- | --- | --- | --- |
| 7 | Frankfurt | 21.4 | ok | ok |
| 8 | Paris | 30 | failed | ok |

### custom

ran

- enabled: yes
- retries: 3

regionMs:

| name | value |
| --- | --- |
| a | 1.5 |

## Timeline

since 10:01: direct 40% of the time, 1 drop, median 48 ms

- HH:MM path changed: direct (p2p) → DERP
- HH:MM offline: no pong within 15 s
- HH:MM back online
- HH:MM switched to DERP Frankfurt: UDP blocked on your machine

## What could not be checked

- netcheck: \\\`coder netcheck\\\` exited with code 1
- local: failed
`;

export const RUNNING_MD = `# Connection report: (no workspace)

- Checked: 2025-11-25T10:00:00.000Z (still running)
- Coder CLI: unknown version
- Path: **Path not known yet**
- Pings: 0 sent, 0 answered, 0 timed out, 0 failed (loss –)
- Latency: min –, avg –, max –, jitter –

## Issues

None found so far.

## Timeline

Nothing recorded yet.

- HH:MM path changed: direct (p2p) → DERP
- HH:MM offline: no pong within 15 s
- HH:MM back online
- HH:MM switched to DERP Frankfurt: UDP blocked on your machine
`;

export const UNEXPLAINED_RELAY_MD = `# Connection report: alice/dev

- Checked: 2025-11-25T10:00:00.000Z
- Coder CLI: v2.18.0
  - ⚠ Limited diagnostics: Coder CLI v2.18.0 has no --json for netcheck.
- Deployment: https://coder.example.com
- Path: **Relayed via DERP Frankfurt**
- Pings: 3 sent, 2 answered, 1 timed out, 0 failed (loss 33%)
- Latency: min 48 ms, avg 50 ms, max 52 ms, jitter –

## Checklist

- ✔ Connected to DERP region Frankfurt.
- ⚠ Handshake 6 minutes ago.
- ✘ No STUN server answered.

## Issues

### General

- **Relayed through DERP**: Traffic is relayed through a DERP server instead of going directly (p2p), which adds latency and limits throughput. Fix the causes listed below; if none are listed, check that UDP is allowed on both ends. [Troubleshooting](<https://coder.com/docs/admin/networking/troubleshooting#common-problems-with-direct-connections>)

> Nothing this check found explains why the connection is relayed. Try: allow outbound UDP on both ends, run \\\`coder netcheck\\\` on your machine and in the workspace, turn off a VPN for a moment, and run the check again after a minute (direct connections can take a while to form).

## What could not be checked

- netcheck: \\\`coder netcheck\\\` exited with code 1
- local: failed
`;

export const FULL_SPEEDTEST_MD = `# Speed test: dev

- Started: 2025-11-25T10:00:00.000Z
- Transport: Coder (coder ssh --stdio); remote OS Linux
- Duration: 5 s per direction
- Path: over DERP Frankfurt, then direct (p2p) after 3.1 s (changed during the test)
  - A direct connection formed after 1.5 s of waiting.
- Cancelled before the end: figures cover what ran.
- Error: The upload stopped early: connection reset by peer.

## Summary

| Direction | Bandwidth | Transfer | Loaded latency |
| --- | --- | --- | --- |
| Download | 49.40 Mbit/s | 30.9 MB | 61.5 ms |
| Upload (partial) | 20.50 Mbit/s | 5.1 MB | – |

## Latency under load

- Idle: 50.2 ms (7 samples)
- Loaded: 71.4 ms (18 samples)
- Increase: +21.2 ms

## Download

| Interval | Transfer | Bandwidth |
| --- | --- | --- |
| 0.00-1.00 sec | 48.00 Mbit | 48.00 Mbit/s |
| 1.00-2.00 sec | 50.00 Mbit | 50.00 Mbit/s |
| 2.00-3.00 sec | 50.00 Mbit | 50.00 Mbit/s |
| 3.00-4.00 sec | 49.00 Mbit | 49.00 Mbit/s |
| 4.00-5.00 sec | 50.00 Mbit | 50.00 Mbit/s |
| **0.00-5.00 sec** | **247.00 Mbit** | **49.40 Mbit/s** |

Moved 30.9 MB; latency under load 61.5 ms.

> 4 streams, summed

> at least 49.4 Mbit/s: this machine's CPU was the limit

## Upload (partial)

> connection reset by peer

| Interval | Transfer | Bandwidth |
| --- | --- | --- |
| 0.00-1.00 sec | 20.00 Mbit | 20.00 Mbit/s |
| 1.00-2.00 sec | 21.00 Mbit | 21.00 Mbit/s |
| **0.00-2.00 sec** | **41.00 Mbit** | **20.50 Mbit/s** |

Moved 5.1 MB; latency under load –.

## Coder CLI tunnel figure (\`coder speedtest\`)

| Direction | Coder CLI | This test |
| --- | --- | --- |
| Download | 46.50 Mbit/s | 49.40 Mbit/s |
| Upload | \\\`coder speedtest\\\` exited with code 1 | 20.50 Mbit/s |

## Compared with the previous run (2025-11-24T09:00:00.000Z)

|  | Now | Before | Change |
| --- | --- | --- | --- |
| Download | 49.40 Mbit/s | 38.00 Mbit/s | +30% |
| Upload | 20.50 Mbit/s | – |  |
| Path | over DERP Frankfurt, then direct (p2p) after 3.1 s | – |  |
| Idle latency | 50.2 ms | 48.0 ms | +2.2 ms |
| Loaded latency | 71.4 ms | 90.0 ms | −18.6 ms |
`;

export const EMPTY_SPEEDTEST_MD = `# Speed test: ssh://me@example.com:22

- Started: 2025-11-25T10:00:00.000Z
- Transport: SSH
- Duration: 5 s per direction

## Latency under load

- Idle: – (0 samples)
- Loaded: – (0 samples)
- Increase: −2.5 ms
`;
