import assert from 'node:assert/strict';
import { LineSplitter } from '../../../../src/diag/coder/lines';
import { stripAnsi } from '../../../../src/diag/printable';

describe('LineSplitter', () => {
  it('splits LF and CRLF and buffers partial lines across chunks', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Buffer.from('one\r\ntw')), ['one']);
    assert.deepEqual(s.push(Buffer.from('o\nthree')), ['two']);
    assert.deepEqual(s.end(), ['three']);
  });

  it('keeps a multi-byte character split between chunks', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('in 850µs\n');
    const cut = bytes.indexOf(0xb5); // second byte of the micro sign
    assert.deepEqual(s.push(bytes.subarray(0, cut)), []);
    assert.deepEqual(s.push(bytes.subarray(cut)), ['in 850µs']);
  });

  it('replaces invalid UTF-8 instead of failing', () => {
    const s = new LineSplitter();
    const [line] = s.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    assert.equal(line, 'a\ufffd\ufffdb');
  });

  it('strips ANSI colour, cursor and hyperlink sequences', () => {
    assert.equal(stripAnsi('\x1b[1m\x1b[38;5;2mpong\x1b[0m \x1b]8;;https://x\x07link\x1b]8;;\x07'), 'pong link');
    const s = new LineSplitter();
    assert.deepEqual(s.push('\x1b[32m✔\x1b[0m ok\n'), ['✔ ok']);
  });

  it('cuts a runaway line and keeps the following ones', () => {
    const s = new LineSplitter(1000);
    const lines = [...s.push('x'.repeat(1024 * 1024)), ...s.push('\nnext\n')];
    assert.equal(lines.length, 2);
    assert.ok(lines[0].startsWith('x'.repeat(1000)));
    assert.ok(lines[0].endsWith('[line cut]'));
    assert.equal(lines[1], 'next');
  });

  it('ends a stream without a final newline', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('a\nb'), ['a']);
    assert.deepEqual(s.end(), ['b']);
    assert.deepEqual(new LineSplitter().end(), []);
  });
});
