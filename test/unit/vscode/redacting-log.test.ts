import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { loginRedactor } from '../../../src/diag/redact';
import { redactingLog } from '../../../src/vscode/redacting-log';

const LEARNED = 'learned-secret-not-shaped';
const SHAPED = 'AbCdEfGhIj-0123456789abcdefghijkl';

describe('redacting log channel', () => {
  it('cleans every write (text, arguments, errors) of learned, environment and token-shaped tokens', () => {
    const lines: unknown[][] = [];
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        void lines.push([level, ...args]);
    const channel = {
      name: 'test',
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      appendLine: record('appendLine'),
      show: () => lines.push(['show']),
    } as unknown as vscode.LogOutputChannel;
    const secrets: string[] = [];
    const log = redactingLog(channel, () => loginRedactor(secrets, { CODER_SESSION_TOKEN: 'env-secret-not-shaped' }));
    secrets.push(LEARNED); // learned after the channel was made
    log.info(`coder said ${LEARNED} and ${SHAPED}`, { detail: `env-secret-not-shaped` });
    log.error(new Error(`failed with ${LEARNED}`));
    log.appendLine(`raw ${SHAPED}`);
    log.show();
    const all = JSON.stringify(lines);
    for (const secret of [LEARNED, SHAPED, 'env-secret-not-shaped']) assert.equal(all.includes(secret), false, all);
    assert.equal(lines.length, 4);
    assert.equal(log.name, 'test');
    assert.match(String(lines[1][1]), /^Error: failed with \[redacted\]/);
  });
});
