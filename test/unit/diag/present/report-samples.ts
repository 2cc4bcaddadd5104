// Reports that reach every line the Markdown presenters can write: a finished relayed check with
// netcheck, probes, a timeline and failed sources, one still running, and speed tests with every
// optional part. Shared by the Markdown tests and the language tests.
import type { DiagEvent } from '../../../../src/diag/events';
import type { NetcheckSummary, Report } from '../../../../src/diag/model';
import type { ReportTimeline } from '../../../../src/diag/present/timeline-text';
import { reduceAll } from '../../../../src/diag/check/report';
import type { SpeedtestReport } from '../../../../src/diag/speedtest/types';
import { iv, report as speedReport, result } from '../speedtest/report-fixtures';

/** Outside text the samples carry (the CLI's, netcheck's, a probe's data), quoted in the reports as it came. */
export const QUOTED = [
  'Limited diagnostics: Coder CLI v2.18.0 has no --json for netcheck.',
  'Connected to DERP region Frankfurt.',
  'Handshake 6 minutes ago.',
  'No STUN server answered.',
  'region 9 slow',
  '| 8 | Paris | 30 | failed | ok |',
  '| stun.l.google.com | answered |',
];

export const SAMPLE_NOW = Date.parse('2025-11-25T10:05:00.000Z');

function netcheck(): NetcheckSummary {
  return {
    udp: true,
    ipv4: true,
    ipv4CanSend: true,
    ipv6: false,
    ipv6CanSend: false,
    osHasIPv6: true,
    mappingVariesByDestIP: false,
    hairPinning: null,
    upnp: false,
    pmp: false,
    pcp: false,
    captivePortal: null,
    globalV4: '203.0.113.7',
    globalV6: '',
    preferredRegion: { regionId: 7, regionName: 'Frankfurt' },
    regionLatencies: [
      { regionId: 7, regionName: 'Frankfurt', latencyMs: 21, preferred: true },
      { regionId: 9, regionName: 'Tokyo', latencyMs: 240, preferred: false },
    ],
    warnings: [
      { where: 'derp', code: 'EDERP01', message: 'region 9 slow' },
      { where: 'interfaces', code: '', message: '' },
    ],
    unreadable: ['Hairpinning'],
  };
}

const checked: DiagEvent[] = [
  { type: 'started', workspace: 'alice/dev', at: '2025-11-25T10:00:00.000Z' },
  {
    type: 'cli',
    cli: {
      path: '/usr/bin/coder',
      version: 'v2.18.0',
      deployment: 'https://coder.example.com',
      note: 'Limited diagnostics: Coder CLI v2.18.0 has no --json for netcheck.',
    },
  },
  { type: 'ping', sample: { outcome: 'pong', atMs: 1000, path: 'derp', latencyMs: 48, derpRegion: 'Frankfurt' } },
  { type: 'ping', sample: { outcome: 'timeout', atMs: 2000 } },
  { type: 'ping', sample: { outcome: 'pong', atMs: 3000, path: 'derp', latencyMs: 52.4, derpRegion: 'Frankfurt' } },
  { type: 'check', check: { id: 'derp-connected', status: 'ok', message: 'Connected to DERP region Frankfurt.' } },
  { type: 'check', check: { id: 'wireguard', status: 'warn', message: 'Handshake 6 minutes ago.' } },
  { type: 'check', check: { id: 'stun', status: 'fail', message: 'No STUN server answered.' } },
  { type: 'issue', source: 'netcheck', finding: { id: 'derp-relay', side: 'general' } },
  {
    type: 'issue',
    source: 'ping',
    finding: { id: 'udp-blocked', side: 'client', cliText: 'Client could not connect to STUN over UDP' },
  },
  {
    type: 'issue',
    source: 'local',
    finding: { id: 'low-mtu', side: 'agent', detail: { interface: 'eth0', mtu: 1280 } },
  },
  { type: 'netcheck', netcheck: netcheck() },
  {
    type: 'probe',
    outcome: {
      name: 'mtu',
      ran: true,
      data: { interfaces: [{ name: 'eth0', mtu: 1280, checked: true }], basis: 'this machine' },
    },
  },
  { type: 'probe', outcome: { name: 'vpn', ran: false, reason: 'ip is not installed' } },
  {
    type: 'probe',
    outcome: {
      name: 'stun',
      ran: true,
      data: {
        udp: 'ok',
        mapping: 'endpoint-dependent',
        mappedEndpoints: ['203.0.113.7:41641'],
        servers: [{ host: 'stun.l.google.com', outcome: 'answered' }],
      },
    },
  },
  {
    type: 'probe',
    outcome: {
      name: 'derp',
      ran: true,
      data: {
        nearest: { regionName: 'Frankfurt' },
        regions: [
          { regionId: 7, regionName: 'Frankfurt', latencyMs: 21.4, upgrade: 'ok', websocket: 'ok' },
          { regionId: 8, regionName: 'Paris', latencyMs: 30, upgrade: 'failed', websocket: 'ok' },
        ],
      },
    },
  },
  { type: 'probe', outcome: { name: 'custom', ran: true, data: { enabled: true, retries: 3, regionMs: { a: 1.5 } } } },
  { type: 'source-done', source: 'netcheck', ok: false, error: '`coder netcheck` exited with code 1' },
  { type: 'source-done', source: 'local', ok: false },
  { type: 'finished', at: '2025-11-25T10:00:09.000Z' },
];

/** A finished relayed check with every section. */
export function checkedSample(): Report {
  return reduceAll(checked);
}

/** A check still running with no issue yet, on an unknown path, with no workspace name. */
export function runningSample(): Report {
  return reduceAll([
    { type: 'started', workspace: '', at: '2025-11-25T10:00:00.000Z' },
    { type: 'cli', cli: { path: '/usr/bin/coder', version: null } },
  ]);
}

/** A relayed check that found nothing explaining the relay. */
export function unexplainedRelaySample(): Report {
  return reduceAll(checked.filter((e) => e.type !== 'issue' && e.type !== 'probe' && e.type !== 'netcheck'));
}

/** A timeline as the extension attaches it to its reports. */
export function timelineSample(summary: string | null): ReportTimeline {
  return {
    summary,
    events: [
      { atMs: SAMPLE_NOW - 240_000, type: 'path-changed', from: 'p2p', to: 'derp' },
      { atMs: SAMPLE_NOW - 200_000, type: 'offline', detail: 'no pong within 15 s' },
      { atMs: SAMPLE_NOW - 180_000, type: 'online' },
      {
        atMs: SAMPLE_NOW - 60_000,
        type: 'diagnosed',
        detail: 'switched to DERP Frankfurt: UDP blocked on your machine',
      },
    ],
  };
}

/** A speed test with every optional part: partial and failed directions, notes, a path that changed, the CLI's figures. */
export function fullSpeedtestSample(): SpeedtestReport {
  return speedReport({
    results: [
      result('download', [48, 50, 50, 49, 50], { streams: 4, cpuLimited: true }),
      result('upload', [20, 21], { partial: true, error: 'connection reset by peer', loadedLatencyMs: null }),
    ],
    tunnel: [
      { direction: 'download', overall: iv(0, 5, 46.5), intervals: [] },
      { direction: 'upload', error: '`coder speedtest` exited with code 1' },
    ],
    path: {
      source: 'network-info',
      changes: [
        { kind: 'derp', derpRegion: 'Frankfurt', atSeconds: 0.5, latencyMs: 48 },
        { kind: 'p2p', derpRegion: null, atSeconds: 5.1, latencyMs: 12 },
      ],
      measuredFromSeconds: 2,
      measuredToSeconds: 12,
      note: null,
      directWait: { timeoutSeconds: 10, waitedSeconds: 1.5, formed: true },
    },
    error: 'The upload stopped early: connection reset by peer.',
    cancelled: true,
  });
}

/** An earlier run to compare with. */
export function previousSpeedtestSample(): SpeedtestReport {
  return speedReport({
    startedAt: '2025-11-24T09:00:00.000Z',
    results: [result('download', [38, 38, 38, 38, 38])],
    latency: { idleMs: 48, loadedMs: 90, increaseMs: 42, idleSamples: 7, loadedSamples: 9 },
  });
}

/** A plain SSH run that measured nothing. */
export function emptySpeedtestSample(): SpeedtestReport {
  return speedReport({
    target: 'ssh://me@example.com:22',
    transport: 'ssh',
    remoteOs: null,
    results: [],
    latency: { idleMs: null, loadedMs: null, increaseMs: -2.5, idleSamples: 0, loadedSamples: 0 },
  });
}
