// Hostile names and messages (terminal escapes, CR, BEL, direction overrides) in every outside string
// the text presenters print: `wsdoctor check`'s report and the speed test's.
import assert from 'node:assert/strict';
import type { DiagEvent } from '../../../../src/diag/events';
import type { NetcheckSummary } from '../../../../src/diag/model';
import { toText } from '../../../../src/diag/present/text';
import { reduceAll } from '../../../../src/diag/check/report';
import { speedtestText } from '../../../../src/diag/present/speedtest-text';
import { HOSTILE, HOSTILE_SHOWN, HOSTILE_SHOWN_PATTERN, TERMINAL_CONTROL } from '../../../support/hostile-text';
import { report as speedReport, result } from '../speedtest/report-fixtures';

function hostileNetcheck(): NetcheckSummary {
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
    globalV4: HOSTILE,
    globalV6: '',
    preferredRegion: { regionId: 7, regionName: HOSTILE },
    regionLatencies: [{ regionId: 7, regionName: HOSTILE, latencyMs: 21, preferred: true }],
    warnings: [{ where: HOSTILE, code: HOSTILE, message: HOSTILE }],
    unreadable: [HOSTILE],
  };
}

describe('text presenters print no terminal control from outside text', () => {
  it('check report: region names, CLI text, probe reasons, warnings and errors', () => {
    const events: DiagEvent[] = [
      { type: 'cli', cli: { path: `/opt/${HOSTILE}/coder`, version: HOSTILE, note: HOSTILE } },
      { type: 'ping', sample: { outcome: 'pong', atMs: 0, path: 'derp', derpRegion: HOSTILE, latencyMs: 40 } },
      { type: 'check', check: { id: 'wireguard', status: 'warn', message: HOSTILE } },
      {
        type: 'issue',
        source: 'local',
        finding: { id: 'derp-unreachable', side: 'client', detail: { region: HOSTILE } },
      },
      { type: 'issue', source: 'ping', finding: { id: 'cli-other', side: 'general', cliText: HOSTILE } },
      {
        type: 'probe',
        outcome: { name: 'derp', ran: true, data: { regions: [{ regionId: 7, regionName: HOSTILE, latencyMs: 20 }] } },
      },
      { type: 'probe', outcome: { name: 'stun', ran: false, reason: HOSTILE } },
      { type: 'netcheck', netcheck: hostileNetcheck() },
      { type: 'source-done', source: 'netcheck', ok: false, error: `${HOSTILE}\nsecond ${HOSTILE}` },
      { type: 'finished', at: 'x' },
    ];
    const text = toText(reduceAll(events, HOSTILE));
    assert.doesNotMatch(text, TERMINAL_CONTROL);
    assert.match(text, new RegExp(`^Workspace: ${HOSTILE_SHOWN_PATTERN}$`, 'm'));
    assert.match(text, new RegExp(`^Path: Relayed via DERP ${HOSTILE_SHOWN_PATTERN}`, 'm'));
    assert.match(text, new RegExp(`The relay ${HOSTILE_SHOWN_PATTERN} could not be reached`));
    assert.match(text, new RegExp(`Coder CLI said: ${HOSTILE_SHOWN_PATTERN}$`, 'm'));
    assert.match(text, new RegExp(`stun: .*${HOSTILE_SHOWN_PATTERN}`));
    // A multi-line error keeps its lines, each under its source, each cleaned.
    assert.match(text, new RegExp(`✘ netcheck: ${HOSTILE_SHOWN_PATTERN}\\n {4}second ${HOSTILE_SHOWN_PATTERN}\\n`));
  });

  it('check report: the DERP table lines up on what is shown, not on the escapes', () => {
    const text = toText(
      reduceAll(
        [
          {
            type: 'probe',
            outcome: {
              name: 'derp',
              ran: true,
              data: {
                regions: [
                  { regionId: 7, regionName: HOSTILE, latencyMs: 20 },
                  { regionId: 8, regionName: 'Paris', latencyMs: 30 },
                ],
              },
            },
          },
        ],
        '',
      ),
    );
    const rows = text.split('\n').filter((l) => l.startsWith(`  ${HOSTILE_SHOWN} `) || l.startsWith('  Paris '));
    assert.equal(rows.length, 2, text);
    const column = (line: string) => line.search(/\d+(\.\d+)? ms/);
    assert.equal(column(rows[0]), column(rows[1]), text);
  });

  it('speed test: target, remote OS, path region, direction and tunnel errors, the report error', () => {
    const text = speedtestText(
      speedReport({
        target: HOSTILE,
        remoteOs: HOSTILE,
        results: [result('download', [48, 50], { partial: true, error: HOSTILE })],
        tunnel: [{ direction: 'download', error: HOSTILE }],
        path: {
          source: 'network-info',
          changes: [{ kind: 'derp', derpRegion: HOSTILE, atSeconds: 0, latencyMs: 40 }],
          measuredFromSeconds: 0,
          measuredToSeconds: 2,
          note: HOSTILE,
          directWait: null,
        },
        error: `${HOSTILE}\n${HOSTILE}`,
      }),
    );
    assert.doesNotMatch(text, TERMINAL_CONTROL);
    assert.match(text, new RegExp(`^Speed test of ${HOSTILE_SHOWN_PATTERN} `, 'm'));
    assert.match(text, new RegExp(`DERP ${HOSTILE_SHOWN_PATTERN}`));
    assert.match(text, new RegExp(`^Error: ${HOSTILE_SHOWN_PATTERN} ${HOSTILE_SHOWN_PATTERN}$`, 'm'));
  });
});
