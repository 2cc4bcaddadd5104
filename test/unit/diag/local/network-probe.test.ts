import assert from 'node:assert/strict';
import type { DerpRegionResult } from '../../../../src/diag/local/derp-probe';
import type { NatVerdict } from '../../../../src/diag/local/nat-verdict';
import { networkOutcome, type NetworkFacts } from '../../../../src/diag/local/network-probe';
import { CLI_NET_WORDS, EXTENSION_NET_WORDS } from '../../../../src/diag/net/findings';
import { Network } from '../../../../src/diag/net/network';

const blocked = {
  udp: 'blocked',
  mapping: 'unknown',
  mappedEndpoints: [],
  publicAddresses: [],
  findings: [],
} as NatVerdict;
const udpOk = { ...blocked, udp: 'ok' } as NatVerdict;

function relay(proxy: string | undefined, latencyMs: number | null): DerpRegionResult {
  return {
    regionId: 1,
    regionName: 'Frankfurt',
    url: 'https://derp.example.com:443',
    dialed: proxy ? { address: '203.0.113.10', from: 'ipv4', proxy } : { address: '203.0.113.10', from: 'ipv4' },
    latencyMs,
    upgrade: latencyMs === null ? 'failed' : 'ok',
    websocket: latencyMs === null ? 'failed' : 'ok',
  };
}

describe('the network probe', () => {
  let network: Network;
  before(async () => (network = await Network.prepare({}, { systemBundles: [] })));
  const facts = (over: Partial<NetworkFacts>): NetworkFacts => ({
    settings: { httpsProxy: 'http://user:secret@proxy.corp:3128' },
    network,
    words: CLI_NET_WORDS,
    verdict: blocked,
    relays: [relay('http://proxy.corp:3128', 40)],
    direct: { target: '203.0.113.10:443', reached: false, error: 'timed out' },
    ...over,
  });
  const ids = (f: NetworkFacts): string[] => networkOutcome(f).findings.map((x) => x.id);

  it('finds a proxy-only network only when UDP is blocked, direct TCP fails and a relay answered through the proxy', () => {
    assert.deepEqual(networkOutcome(facts({})).findings, [
      { id: 'proxy-only-network', side: 'client', detail: { proxy: 'http://proxy.corp:3128' } },
    ]);
    assert.deepEqual(ids(facts({ verdict: udpOk })), []);
    assert.deepEqual(ids(facts({ direct: { target: '203.0.113.10:443', reached: true } })), []);
    assert.deepEqual(ids(facts({ relays: [relay('http://proxy.corp:3128', null)] })), []);
    assert.deepEqual(ids(facts({ relays: [relay(undefined, 40)] })), []);
  });

  it('names the proxy without its credentials, and says what is waiting for permission or turned off', () => {
    const r = networkOutcome(
      facts({
        settings: {
          httpsProxy: 'http://user:secret@proxy.corp:3128',
          insecure: true,
          withheld: ['coder.headerCommand', 'http.proxy'],
        },
        words: EXTENSION_NET_WORDS,
        verdict: udpOk,
      }),
    );
    assert.equal(JSON.stringify(r).includes('secret'), false);
    assert.equal((r.outcome.data as { httpsProxy: string }).httpsProxy, 'http://proxy.corp:3128');
    assert.deepEqual(r.findings, [
      { id: 'settings-withheld', side: 'client', detail: { settings: 'coder.headerCommand, http.proxy' } },
      { id: 'tls-checks-off', side: 'client', detail: { setting: 'coder.insecure', fix: 'coder.tlsCaFile' } },
    ]);
  });
});
