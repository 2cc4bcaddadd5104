import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';
import { loadHostKeyPolicy } from '../../../../src/diag/speedtest/host-key-policy';
import {
  checkHostKey,
  fingerprint,
  hostKeyName,
  hostsFieldMatches,
  keyTypeOfBlob,
  matchPattern,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
} from '../../../../src/diag/speedtest/known-hosts';

const dir = path.join(REPO_ROOT, 'test', 'unit', 'diag', 'speedtest', 'fixtures');
const text = readFileSync(path.join(dir, 'known_hosts'), 'utf8');
const entries = parseKnownHosts(text, 'known_hosts');
const key = (name: string): Buffer =>
  Buffer.from(readFileSync(path.join(dir, `key-${name}.pub`), 'utf8').split(' ')[1], 'base64');
const A = key('a');
const B = key('b');
const C = key('c');
const REVOKED = key('r');
const CA = key('ca');

describe('known_hosts', () => {
  it('parses plain, hashed and marked lines and drops broken ones', () => {
    // comment, "broken line", the ssh-rsa line holding an ed25519 blob and the @bogus marker are dropped.
    assert.equal(entries.length, 7);
    assert.deepEqual(
      entries.map((e) => e.marker),
      [null, null, null, null, null, 'revoked', 'cert-authority'],
    );
    assert.equal(keyTypeOfBlob(A), 'ssh-ed25519');
    assert.equal(keyTypeOfBlob(C), 'ecdsa-sha2-nistp256');
    assert.equal(keyTypeOfBlob(Buffer.from([0, 0, 0])), '');
  });

  it('names hosts as OpenSSH does: bare on port 22, [host]:port otherwise', () => {
    assert.equal(hostKeyName('Example.COM', 22), 'example.com');
    assert.equal(hostKeyName('example.com', 2222), '[example.com]:2222');
    assert.equal(hostKeyName('::1', 2222), '[::1]:2222');
  });

  it('accepts the recorded key for the host and port it was recorded for', () => {
    assert.equal(checkHostKey(entries, 'example.com', 22, A).kind, 'match');
    assert.equal(checkHostKey(entries, 'EXAMPLE.com', 22, A).kind, 'match');
    assert.equal(checkHostKey(entries, 'example.com', 2222, B).kind, 'match');
  });

  it('treats a different key for a known host as changed, never as new', () => {
    const v = checkHostKey(entries, 'example.com', 22, B);
    assert.equal(v.kind, 'changed');
    assert.deepEqual(v.kind === 'changed' ? v.where : [], ['known_hosts:2']);
    // Port 2222 has its own entry: key A is a change there.
    assert.equal(checkHostKey(entries, 'example.com', 2222, A).kind, 'changed');
  });

  it('does not let a port-22 entry vouch for another port', () => {
    assert.deepEqual(checkHostKey(entries, 'example.com', 2200, A), { kind: 'unknown', certAuthorityOnly: false });
  });

  it('matches hashed entries written by ssh-keygen -H, with and without a port', () => {
    assert.equal(checkHostKey(entries, 'hashed.example', 2200, A).kind, 'match');
    assert.equal(checkHostKey(entries, 'hashed.example', 2200, B).kind, 'changed');
    assert.equal(checkHostKey(entries, 'hashed.example', 22, A).kind, 'unknown');
    assert.equal(checkHostKey(entries, 'hashed22.example', 22, C).kind, 'match');
    assert.equal(checkHostKey(entries, 'hashed22.example', 22, A).kind, 'changed');
  });

  it('honours wildcards and negated patterns', () => {
    assert.equal(checkHostKey(entries, 'dev.wild.example', 22, A).kind, 'match');
    assert.equal(checkHostKey(entries, 'bad.wild.example', 22, A).kind, 'unknown');
    assert.ok(matchPattern('a*c?e', 'abbbcde'));
    assert.ok(!matchPattern('a*c?e', 'abbbce'));
    assert.ok(matchPattern('[*.lab]:2222', '[box.lab]:2222'));
    assert.ok(!hostsFieldMatches('host1,!host1', 'host1'));
  });

  it('refuses a revoked key whatever host presents it', () => {
    const v = checkHostKey(entries, 'anything.example', 22, REVOKED);
    assert.equal(v.kind, 'revoked');
    // Even for a host that also lists it as a plain key.
    const extra = parseKnownHosts(`victim.example ssh-ed25519 ${REVOKED.toString('base64')}`, 'extra');
    assert.equal(checkHostKey([...entries, ...extra], 'victim.example', 22, REVOKED).kind, 'revoked');
  });

  it('never takes a @cert-authority key as the host key itself', () => {
    assert.deepEqual(checkHostKey(entries, 'db.corp.example', 22, CA), { kind: 'unknown', certAuthorityOnly: true });
  });

  it('offers the host key algorithms of the keys it knows, so the server shows one of them', () => {
    assert.deepEqual(preferredHostKeyAlgorithms(entries, 'example.com', 22), ['ssh-ed25519']);
    assert.deepEqual(preferredHostKeyAlgorithms(entries, 'hashed22.example', 22), ['ecdsa-sha2-nistp256']);
    const rsa = parseKnownHosts('r.example ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDA', 'rsa');
    assert.deepEqual(preferredHostKeyAlgorithms(rsa, 'r.example', 22), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    assert.deepEqual(preferredHostKeyAlgorithms(entries, 'nowhere.example', 22), []);
  });
});

describe('host key policy', () => {
  let tmp = '';
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wsspd-kh-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses an unknown key and says how to trust it', async () => {
    const policy = await loadHostKeyPolicy('new.example', 2222, [path.join(tmp, 'none')], false);
    assert.equal(policy.verify(A), false);
    const why = policy.refusal() ?? '';
    assert.match(why, /not in known_hosts/);
    assert.match(why, /--accept-new/);
    assert.match(why, /SHA256:/);
    assert.equal(await policy.recordIfNew(), null);
  });

  it('with --accept-new records an unknown key, and the recorded line is then accepted', async () => {
    const file = path.join(tmp, 'ssh', 'known_hosts');
    const policy = await loadHostKeyPolicy('new.example', 2222, [file], true);
    assert.equal(policy.verify(A), true);
    assert.equal(policy.refusal(), null);
    assert.equal(await policy.recordIfNew(), file);
    const again = await loadHostKeyPolicy('new.example', 2222, [file], false);
    assert.equal(again.verify(A), true);
    assert.equal(readFileSync(file, 'utf8').trim().split(' ')[0], '[new.example]:2222');
  });

  it('with --accept-new still refuses a changed key and writes nothing', async () => {
    const file = path.join(tmp, 'known_hosts');
    writeFileSync(file, `example.com ssh-ed25519 ${A.toString('base64')}`);
    const policy = await loadHostKeyPolicy('example.com', 22, [file], true);
    assert.equal(policy.verify(B), false);
    assert.match(policy.refusal() ?? '', /CHANGED/);
    assert.match(policy.refusal() ?? '', /ssh-keygen -R/);
    assert.equal(await policy.recordIfNew(), null);
    assert.equal(readFileSync(file, 'utf8'), `example.com ssh-ed25519 ${A.toString('base64')}`);
  });

  it('with --accept-new still refuses a revoked key', async () => {
    const file = path.join(tmp, 'known_hosts');
    writeFileSync(file, `@revoked * ${'ssh-ed25519'} ${REVOKED.toString('base64')}\n`);
    const policy = await loadHostKeyPolicy('fresh.example', 22, [file], true);
    assert.equal(policy.verify(REVOKED), false);
    assert.match(policy.refusal() ?? '', /@revoked/);
  });
});

describe('host key policy: a pinned fingerprint (trust and run again)', () => {
  let tmp = '';
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wsspd-pin-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('an unknown key: the refusal names the fingerprint, which is handed on as data, not read back from words', async () => {
    const policy = await loadHostKeyPolicy('new.example', 2222, [path.join(tmp, 'none')], false);
    policy.verify(A);
    const why = policy.refusal() ?? '';
    assert.equal(policy.unknownFingerprint(), fingerprint(A));
    assert.match(why, new RegExp(`--trust-host-key ${fingerprint(A).replace(/[+/]/g, '\\$&')} `));
  });

  it('without host key flags (the extension asks itself), the refusal names no flag', async () => {
    const policy = await loadHostKeyPolicy('new.example', 2222, [path.join(tmp, 'none')], false, null, false);
    policy.verify(A);
    const why = policy.refusal() ?? '';
    assert.ok(why.includes(fingerprint(A)), why);
    assert.doesNotMatch(why, /--trust-host-key|--accept-new/);
    assert.equal(policy.unknownFingerprint(), fingerprint(A));
  });

  it('a changed, a pinned-but-different or an accepted key has no unknown fingerprint to offer', async () => {
    const known = path.join(tmp, 'known_hosts');
    writeFileSync(known, `[new.example]:2222 ${keyTypeOfBlob(B)} ${B.toString('base64')}\n`);
    const changed = await loadHostKeyPolicy('new.example', 2222, [known], false, null, false);
    changed.verify(A);
    assert.match(changed.refusal() ?? '', /CHANGED/);
    assert.doesNotMatch(changed.refusal() ?? '', /--accept-new/);
    assert.equal(changed.unknownFingerprint(), null);
    const pinned = await loadHostKeyPolicy('new.example', 2222, [path.join(tmp, 'none')], false, fingerprint(B));
    pinned.verify(A);
    assert.equal(pinned.unknownFingerprint(), null);
    const accepted = await loadHostKeyPolicy('new.example', 2222, [path.join(tmp, 'none')], true);
    accepted.verify(A);
    assert.equal(accepted.unknownFingerprint(), null);
  });

  it('accepts and records exactly the pinned key', async () => {
    const file = path.join(tmp, 'known_hosts');
    const policy = await loadHostKeyPolicy('new.example', 2222, [file], false, fingerprint(A));
    assert.equal(policy.verify(A), true);
    assert.equal(policy.refusal(), null);
    assert.equal(await policy.recordIfNew(), file);
    const again = await loadHostKeyPolicy('new.example', 2222, [file], false);
    assert.equal(again.verify(A), true);
  });

  it('refuses a different key on the second connection, says so, and records nothing', async () => {
    const file = path.join(tmp, 'known_hosts');
    // Even with accept-new on, the pin decides.
    const policy = await loadHostKeyPolicy('new.example', 2222, [file], true, fingerprint(A));
    assert.equal(policy.verify(B), false);
    const why = policy.refusal() ?? '';
    assert.match(why, /not the one you trusted/);
    assert.ok(why.includes(fingerprint(A)) && why.includes(fingerprint(B)), why);
    assert.equal(await policy.recordIfNew(), null);
    assert.equal(existsSync(file), false);
  });

  it('a pin never overrides a changed or revoked key', async () => {
    const file = path.join(tmp, 'known_hosts');
    writeFileSync(
      file,
      `example.com ssh-ed25519 ${A.toString('base64')}\n@revoked * ssh-ed25519 ${REVOKED.toString('base64')}\n`,
    );
    const changed = await loadHostKeyPolicy('example.com', 22, [file], false, fingerprint(B));
    assert.equal(changed.verify(B), false);
    assert.match(changed.refusal() ?? '', /CHANGED/);
    const revoked = await loadHostKeyPolicy('fresh.example', 22, [file], false, fingerprint(REVOKED));
    assert.equal(revoked.verify(REVOKED), false);
    assert.match(revoked.refusal() ?? '', /@revoked/);
  });
});
