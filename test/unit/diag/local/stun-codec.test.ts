import assert from 'node:assert/strict';
import {
  ATTR,
  BINDING_REQUEST,
  BINDING_SUCCESS,
  appendFingerprint,
  attribute,
  crc32,
  decodeMessage,
  encodeBindingRequest,
  fingerprintMatches,
  formatAddress,
  mappedAddress,
  newTransactionId,
  TAILSCALE_SOFTWARE,
  type StunMessage,
} from '../../../../src/diag/local/stun-codec';

// The test vectors of RFC 5769 ("Test Vectors for STUN"), as hex.
const hex = (s: string): Buffer => Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex');
const SAMPLE_REQUEST = hex(`
  0001 0058 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 0010 5354554e 20746573 7420636c 69656e74
  0024 0004 6e0001ff
  8029 0008 932ff9b1 51263b36
  0006 0009 6576746a 3a683676 59202020
  0008 0014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
  8028 0004 e57a3bcf`);
const SAMPLE_IPV4_RESPONSE = hex(`
  0101 003c 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 000b 74657374 20766563 746f7220
  0020 0008 0001a147 e112a643
  0008 0014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  8028 0004 c07d4c96`);
const SAMPLE_IPV6_RESPONSE = hex(`
  0101 0048 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 000b 74657374 20766563 746f7220
  0020 0014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
  0008 0014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
  8028 0004 c8fb0b4c`);
const SAMPLE_LONG_TERM_REQUEST = hex(`
  0001 0060 2112a442 78ad3433 c6ad72c0 29da412e
  0006 0012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
  0015 001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
  0014 000b 6578616d 706c652e 6f726700
  0008 0014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666`);

// A derper-style exchange, worked out by hand from Tailscale's net/stun (Request, Response) for
// transaction id 0102…0c: the request derper answers, and the answers it sends (XOR-MAPPED-ADDRESS
// alone, no FINGERPRINT) for 198.51.100.7:41641 and [2001:db8::7]:41641.
const TXID = hex('0102030405060708090a0b0c');
const TAILSCALE_REQUEST = hex(`
  0001 0014 2112a442 01020304 05060708 090a0b0c
  8022 0008 7461696c 6e6f6465
  8028 0004 b32c370f`);
const DERPER_IPV4_RESPONSE = hex(`
  0101 000c 2112a442 01020304 05060708 090a0b0c
  0020 0008 000183bb e721c045`);
const DERPER_IPV6_RESPONSE = hex(`
  0101 0018 2112a442 01020304 05060708 090a0b0c
  0020 0014 000283bb 0113a9fa 01020304 05060708 090a0b0b`);

function decodeOk(bytes: Buffer): StunMessage {
  const r = decodeMessage(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.message;
}

describe("STUN codec: the exchange derper (Coder's relays) answers", () => {
  it("builds the Binding request byte for byte as Tailscale's client does", () => {
    assert.equal(encodeBindingRequest(TXID).toString('hex'), TAILSCALE_REQUEST.toString('hex'));
  });

  it('reads our request back: SOFTWARE "tailnode" last but one, then a FINGERPRINT that verifies', () => {
    const bytes = encodeBindingRequest(newTransactionId());
    const m = decodeOk(bytes);
    assert.equal(m.type, BINDING_REQUEST);
    assert.equal(bytes.readUInt16BE(2), bytes.length - 20, 'the header length counts the FINGERPRINT');
    assert.deepEqual(
      m.attributes.map((a) => a.type),
      [ATTR.SOFTWARE, ATTR.FINGERPRINT],
    );
    assert.equal(attribute(m, ATTR.SOFTWARE)?.toString('latin1'), TAILSCALE_SOFTWARE);
    assert.equal(TAILSCALE_SOFTWARE, 'tailnode');
    assert.equal(fingerprintMatches(m), true);
    // derper's own check: CRC-32 of every byte before the last 8, XOR 0x5354554e.
    const crc = (crc32(bytes.subarray(0, bytes.length - 8)) ^ 0x5354554e) >>> 0;
    assert.equal(bytes.readUInt32BE(bytes.length - 4), crc);
  });

  it('decodes derper-style answers (XOR-MAPPED-ADDRESS only, no FINGERPRINT) for IPv4 and IPv6', () => {
    const v4 = decodeOk(DERPER_IPV4_RESPONSE);
    assert.equal(v4.type, BINDING_SUCCESS);
    assert.equal(fingerprintMatches(v4), null);
    assert.deepEqual(mappedAddress(v4), { family: 'IPv4', address: '198.51.100.7', port: 41641 });
    const v6 = decodeOk(DERPER_IPV6_RESPONSE);
    assert.deepEqual(mappedAddress(v6), { family: 'IPv6', address: '2001:db8::7', port: 41641 });
    assert.equal(formatAddress(mappedAddress(v6)!), '[2001:db8::7]:41641');
  });

  it('checks a FINGERPRINT added to a derper-style answer, and notices a corrupted one', () => {
    const withFp = appendFingerprint(DERPER_IPV4_RESPONSE);
    assert.equal(fingerprintMatches(decodeOk(withFp)), true);
    const corrupted = Buffer.from(withFp);
    corrupted[corrupted.length - 1] ^= 0x01;
    assert.equal(fingerprintMatches(decodeOk(corrupted)), false);
  });
});

describe('STUN codec', () => {
  it('computes the standard CRC-32 check value', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('reads the RFC 5769 sample request and its fingerprint', () => {
    const m = decodeOk(SAMPLE_REQUEST);
    assert.equal(m.type, BINDING_REQUEST);
    assert.equal(m.transactionId.toString('hex'), 'b7e7a701bc34d686fa87dfae');
    assert.equal(attribute(m, ATTR.SOFTWARE)?.toString(), 'STUN test client');
    assert.equal(attribute(m, ATTR.USERNAME)?.toString(), 'evtj:h6vY');
    assert.equal(fingerprintMatches(m), true);
    assert.equal(mappedAddress(m), null);
  });

  it('decodes the RFC 5769 IPv4 response to 192.0.2.1:32853', () => {
    const m = decodeOk(SAMPLE_IPV4_RESPONSE);
    assert.equal(m.type, BINDING_SUCCESS);
    assert.equal(fingerprintMatches(m), true);
    const mapped = mappedAddress(m);
    assert.deepEqual(mapped, { family: 'IPv4', address: '192.0.2.1', port: 32853 });
  });

  it('decodes the RFC 5769 IPv6 response to [2001:db8:1234:5678:11:2233:4455:6677]:32853', () => {
    const m = decodeOk(SAMPLE_IPV6_RESPONSE);
    assert.equal(fingerprintMatches(m), true);
    const mapped = mappedAddress(m);
    assert.ok(mapped);
    assert.equal(formatAddress(mapped), '[2001:db8:1234:5678:11:2233:4455:6677]:32853');
  });

  it('reads the UTF-8 user name of the RFC 5769 long-term request and finds no fingerprint', () => {
    const m = decodeOk(SAMPLE_LONG_TERM_REQUEST);
    const username = attribute(m, ATTR.USERNAME)?.toString('utf8');
    assert.equal(username, '\u30de\u30c8\u30ea\u30c3\u30af\u30b9');
    assert.equal(fingerprintMatches(m), null);
  });

  it('notices a flipped byte through the fingerprint', () => {
    const bytes = Buffer.from(SAMPLE_IPV4_RESPONSE);
    bytes[30] ^= 0x01;
    assert.equal(fingerprintMatches(decodeOk(bytes)), false);
  });

  it('falls back to MAPPED-ADDRESS from servers that only send that', () => {
    const tid = Buffer.alloc(12, 7);
    const msg = Buffer.concat([
      Buffer.from('0101000c2112a442', 'hex'),
      tid,
      Buffer.from('000100080001d431c6336407', 'hex'),
    ]);
    assert.deepEqual(mappedAddress(decodeOk(msg)), { family: 'IPv4', address: '198.51.100.7', port: 54321 });
  });

  it('prefers XOR-MAPPED-ADDRESS over MAPPED-ADDRESS, and reads the old 0x8020 type', () => {
    const m = decodeOk(SAMPLE_IPV4_RESPONSE);
    const tid = m.transactionId;
    const xor = attribute(m, ATTR.XOR_MAPPED_ADDRESS)!;
    const body = Buffer.concat([Buffer.from('000100080001000101020304', 'hex'), Buffer.from('80200008', 'hex'), xor]);
    const header = Buffer.concat([
      Buffer.from('0101', 'hex'),
      Buffer.from([0, body.length]),
      Buffer.from('2112a442', 'hex'),
      tid,
    ]);
    assert.deepEqual(mappedAddress(decodeOk(Buffer.concat([header, body]))), {
      family: 'IPv4',
      address: '192.0.2.1',
      port: 32853,
    });
  });

  it('refuses a transaction id that is not 12 bytes', () => {
    assert.throws(() => encodeBindingRequest(Buffer.alloc(11)));
  });

  it('rebuilds the RFC 5769 IPv4 response fingerprint byte for byte', () => {
    const withoutFp = Buffer.from(SAMPLE_IPV4_RESPONSE.subarray(0, SAMPLE_IPV4_RESPONSE.length - 8));
    withoutFp.writeUInt16BE(withoutFp.length - 20, 2);
    assert.deepEqual(appendFingerprint(withoutFp), SAMPLE_IPV4_RESPONSE);
  });

  it('turns malformed datagrams into reasons, never exceptions', () => {
    const cases: Buffer[] = [
      Buffer.alloc(0),
      Buffer.alloc(19),
      Buffer.from('c001000021', 'hex'),
      Buffer.concat([Buffer.from('0101000a2112a442', 'hex'), Buffer.alloc(12)]),
      Buffer.concat([Buffer.from('010100402112a442', 'hex'), Buffer.alloc(12)]),
      Buffer.concat([
        Buffer.from('010100082112a442', 'hex'),
        Buffer.alloc(12),
        Buffer.from('00200010', 'hex'),
        Buffer.alloc(4),
      ]),
      SAMPLE_IPV4_RESPONSE.subarray(0, 40),
    ];
    for (const bytes of cases) {
      const r = decodeMessage(bytes);
      assert.equal(r.ok, false, bytes.toString('hex'));
      if (!r.ok) assert.ok(r.reason.length > 0);
    }
  });

  it('rejects address values of an unknown family or too short', () => {
    const tid = Buffer.alloc(12);
    const bad = Buffer.concat([Buffer.from('010100082112a442', 'hex'), tid, Buffer.from('000100040003aaaa', 'hex')]);
    assert.equal(mappedAddress(decodeOk(bad)), null);
  });
});
