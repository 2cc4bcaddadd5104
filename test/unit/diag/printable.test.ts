import assert from 'node:assert/strict';
import { escapeInvisible, printable, printableLines } from '../../../src/diag/printable';
import { cleanLine } from '../../../src/diag/coder/ping-line';
import { HOSTILE, HOSTILE_SHOWN, TERMINAL_CONTROL } from '../../support/hostile-text';

describe('printable: outside text made safe for a terminal', () => {
  it('removes whole escape sequences, control characters and direction overrides', () => {
    assert.equal(printable(HOSTILE), HOSTILE_SHOWN);
    assert.equal(printable('\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\'), 'link');
    assert.equal(printable('bell\x07 del\x7f nul\x00 c1\x85'), 'bell del nul c1');
    assert.equal(printable('a\u2066b\u2069c\u200fd\u061ce'), 'a\\u{2066}b\\u{2069}c\\u{200f}d\\u{61c}e');
  });

  it('keeps one line: tabs and line breaks become spaces', () => {
    assert.equal(printable('a\tb\nc\r\nd\u2028e'), 'a b c  d e');
  });

  it('leaves ordinary text alone, Unicode included', () => {
    for (const s of ['Frankfurt', 'São Paulo ✔ 東京', '48 ms · DERP', '']) assert.equal(printable(s), s);
  });

  it('keeps line breaks only when asked (messages meant to span lines)', () => {
    assert.equal(printableLines(`one\x1b[31m\r\ntwo\x07\nthree\rX`), 'one\ntwo\nthree X');
  });

  it('never leaves a control character, whatever it is given', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + (next() % 40) }, () =>
        String.fromCharCode(next() % 4 === 0 ? 0x1b : next() % 0x2100),
      ).join('');
      assert.doesNotMatch(printable(text), TERMINAL_CONTROL, JSON.stringify(text));
      assert.doesNotMatch(printable(text), /\n/);
    }
  });

  it('is what the ping line cleaner uses after keeping the text after a carriage return', () => {
    assert.equal(cleanLine('Collecting...\rpong\tfrom\x1b[0m x\x07'), 'pong from x');
  });
});

describe('names with invisible characters', () => {
  // "dev" followed by a right-to-left override: the rest would read backwards; a zero-width space and a BOM hide in it.
  const NAME = 'dev\u202egnp.exe\u200b\ufeff\u0007';

  it('show each control, bidirectional and zero-width character as its code', () => {
    assert.equal(escapeInvisible(NAME), 'dev\\u{202e}gnp.exe\\u{200b}\\u{feff}\\u{7}');
    assert.equal(
      escapeInvisible('a\u2066b\u2069c\u200fd\u061ce\u0085'),
      'a\\u{2066}b\\u{2069}c\\u{200f}d\\u{61c}e\\u{85}',
    );
    // Emoji sequences (zero-width joiner) and accented names stay as they are.
    assert.equal(escapeInvisible('👩‍💻 Zoë'), '👩‍💻 Zoë');
  });
});
