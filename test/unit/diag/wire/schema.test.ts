// The schema combinator: one description gives the type, a lenient check of untrusted input and
// the bounding of our own values. Hostile input (wrong types, prototype keys, deep nesting, huge
// lists) is refused or cut, never thrown on and never let through.
import assert from 'node:assert/strict';
import { CUT_MARKER, MAX_TEXT } from '../../../../src/diag/wire/limits';
import {
  INVALID,
  boolean,
  json,
  list,
  nullable,
  number,
  object,
  oneOf,
  optional,
  orElse,
  parserOf,
  record,
  refine,
  tagged,
  text,
} from '../../../../src/diag/wire/schema';
import type { Infer, Schema } from '../../../../src/diag/wire/schema';

/** Nests `inner` `depth` times in lists (or objects under key `k`), without recursion. */
function nested(depth: number, inner: unknown, asObject = false): unknown {
  let v = inner;
  for (let i = 0; i < depth; i++) v = asObject ? { k: v } : [v];
  return v;
}

/** A schema that counts how often it is asked to read. */
function counting<T>(schema: Schema<T>): Schema<T> & { reads: number } {
  const counted = {
    reads: 0,
    read: (v: unknown) => {
      counted.reads++;
      return schema.read(v);
    },
    bound: (v: T) => schema.bound(v),
  };
  return counted;
}

const WRONG_TYPES: unknown[] = [undefined, null, true, 0, Number.NaN, 'x', [], {}, () => 1, Symbol('s'), 10n];

describe('wire schema combinator', () => {
  it('text: cuts with the marker when read and when bounded; refuses what is no string', () => {
    const t = text(20);
    assert.equal(t.read('short'), 'short');
    const cut = t.read('x'.repeat(5000));
    assert.ok(typeof cut === 'string' && cut.length === 20 && cut.endsWith(CUT_MARKER));
    assert.equal(t.bound('x'.repeat(5000)), cut);
    assert.equal(text().bound('y'.repeat(MAX_TEXT + 1)).length, MAX_TEXT);
    for (const bad of WRONG_TYPES.filter((v) => typeof v !== 'string')) assert.equal(t.read(bad), INVALID);
  });

  it('numbers, booleans and literal unions take only their own values', () => {
    const n = number({ min: 1, max: 16, integer: true });
    assert.equal(n.read(4), 4);
    for (const bad of [0, 17, 2.5, Number.NaN, Infinity, '4', null, undefined]) assert.equal(n.read(bad), INVALID);
    assert.equal(number().read(-1e300), -1e300);
    assert.equal(boolean().read(false), false);
    assert.equal(boolean().read('false'), INVALID);
    const status = oneOf(['ok', 'fail']);
    assert.equal(status.read('ok'), 'ok');
    for (const bad of ['OK', 'toString', '__proto__', 'constructor', '', 1, null])
      assert.equal(status.read(bad), INVALID);
  });

  it('object: keeps its own fields, leaves out others, refuses a bad or missing one', () => {
    const s = object({ name: text(), count: number(), note: optional(text()), seen: nullable(text()) });
    assert.deepEqual(s.read({ name: 'a', count: 1, seen: null, extra: '<b>' }), { name: 'a', count: 1, seen: null });
    assert.deepEqual(s.read({ name: 'a', count: 1, note: undefined, seen: 'x' }), { name: 'a', count: 1, seen: 'x' });
    assert.equal(s.read({ name: 'a', count: '1', seen: null }), INVALID);
    assert.equal(s.read({ name: 'a', count: 1 }), INVALID, 'a nullable field is still required');
    assert.equal(s.read({ name: 'a', count: 1, seen: null, note: null }), INVALID, 'optional is not nullable');
    for (const bad of WRONG_TYPES) assert.equal(s.read(bad), INVALID);
    assert.equal(s.read([{ name: 'a', count: 1, seen: null }]), INVALID);
  });

  it('object: reads own properties only, and a __proto__ key neither pollutes nor sneaks through', () => {
    const s = object({ name: text(), admin: optional(boolean()) });
    // Inherited values do not count as fields.
    assert.equal(s.read(Object.create({ name: 'inherited' })), INVALID);
    const hostile = JSON.parse('{"name":"a","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}');
    const read = s.read(hostile);
    assert.deepEqual(read, { name: 'a' });
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'Object.prototype untouched');
  });

  it('tagged: picks the variant by its tag among its own names only', () => {
    const event = tagged('type', { ping: { ms: number() }, note: { text: text(10) } });
    assert.deepEqual(event.read({ type: 'ping', ms: 3, junk: 1 }), { type: 'ping', ms: 3 });
    assert.deepEqual(event.read({ type: 'note', text: 'n'.repeat(50) }), { type: 'note', text: 'nnn …[cut]' });
    for (const bad of [
      { type: 'ping', ms: 'x' },
      { type: 'pong', ms: 3 },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'constructor' },
      { ms: 3 },
      JSON.parse('{"__proto__":{"type":"ping"},"ms":3}'),
      ...WRONG_TYPES,
    ])
      assert.equal(event.read(bad), INVALID, String(bad));
    assert.deepEqual(event.bound({ type: 'note', text: 'n'.repeat(50) }), { type: 'note', text: 'nnn …[cut]' });
  });

  it('list: leaves out bad items, keeps the first or the newest, or refuses on one bad item when told', () => {
    const items = [1, 'two', 3, null, 4, 5];
    assert.deepEqual(list(number(), 3).read(items), [1, 3, 4]);
    assert.deepEqual(list(number(), 3, { keep: 'newest' }).read(items), [3, 4, 5]);
    assert.equal(list(number(), 3, { badItem: 'refuse' }).read(items), INVALID);
    assert.deepEqual(list(number(), 3, { badItem: 'refuse' }).read([1, 2]), [1, 2]);
    // Holes of a sparse list are bad items.
    assert.deepEqual(list(number(), 5).read([1, , 2]), [1, 2]); // eslint-disable-line no-sparse-arrays
    for (const bad of WRONG_TYPES.filter((v) => !Array.isArray(v))) assert.equal(list(number(), 3).read(bad), INVALID);
    assert.equal(list(number(), 3).read({ length: 2, 0: 1, 1: 2 }), INVALID, 'array-likes are no lists');
    assert.deepEqual(list(text(10), 2).bound(['a', 'b'.repeat(20), 'c']), ['a', 'bbb …[cut]']);
    assert.deepEqual(list(number(), 2, { keep: 'newest' }).bound([1, 2, 3]), [2, 3]);
  });

  it('list: a huge list costs reading only as many items as are kept', () => {
    const item = counting(number());
    const huge = new Array<number>(2_000_000).fill(7);
    const read = list(item, 100).read(huge);
    assert.ok(Array.isArray(read) && read.length === 100);
    assert.equal(item.reads, 100);
    const newest = counting(number());
    huge[huge.length - 1] = 9;
    const tail = list(newest, 3, { keep: 'newest' }).read(huge);
    assert.deepEqual(tail, [7, 7, 9]);
    assert.equal(newest.reads, 3);
  });

  it('record: free-form keys (a __proto__ key stays a plain key), refused past its size, cut when bounded', () => {
    const detail = record(text(), 2);
    const read = detail.read(JSON.parse('{"__proto__":"x","b":"y"}'));
    assert.ok(read !== INVALID);
    assert.deepEqual(Object.keys(read), ['__proto__', 'b']);
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
    assert.equal(detail.read({ a: 'x', b: 'y', c: 'z' }), INVALID);
    assert.equal(detail.read({ a: 1 }), INVALID);
    assert.equal(detail.read([]), INVALID);
    assert.deepEqual(detail.bound({ a: 'x', b: 'y', c: 'z' }), { a: 'x', b: 'y' });
  });

  it('json: plain data within its depth and width; deeper, wider or not JSON is refused, and bounded to fit', () => {
    const data = json({ depth: 3, items: 3 });
    assert.deepEqual(data.read({ a: [1, 'x', null], b: { c: true } }), { a: [1, 'x', null], b: { c: true } });
    assert.equal((data.read('z'.repeat(9000)) as string).length, MAX_TEXT);
    for (const bad of [
      nested(4, 1),
      nested(4, 1, true),
      [1, 2, 3, 4],
      { a: 1, b: 2, c: 3, d: 4 },
      [Number.NaN],
      { a: undefined },
      { f: () => 1 },
      [10n],
    ])
      assert.equal(data.read(bad), INVALID, String(bad));
    assert.deepEqual(data.bound(nested(5, 1)), nested(3, null));
    assert.deepEqual(data.bound({ a: [Number.NaN, undefined, Infinity, 1, 2], b: undefined, c: () => 1, d: 1, e: 2 }), {
      a: [null, null, null],
      c: null,
      d: 1,
    });
    const hostile = data.read(JSON.parse('{"__proto__":{"polluted":true}}'));
    assert.ok(hostile !== INVALID && Object.getPrototypeOf(hostile) === Object.prototype);
    assert.deepEqual(Object.keys(hostile as object), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('survives nesting far deeper than any description without throwing', () => {
    const deep = nested(100_000, 'bottom');
    const deepObject = nested(100_000, 'bottom', true);
    assert.equal(json().read(deep), INVALID);
    assert.equal(json().read(deepObject), INVALID);
    assert.deepEqual(json().bound(deepObject), nested(6, null, true));
    const s = object({ k: object({ k: text() }) });
    assert.equal(s.read(deepObject), INVALID);
    assert.deepEqual(s.read({ k: { k: 'x', deeper: deepObject } }), { k: { k: 'x' } });
  });

  it('orElse shows an unreadable part as its fallback; refine adds a test of its own', () => {
    const cli = orElse(nullable(object({ path: text() })), null);
    assert.deepEqual(cli.read({ path: '/bin/coder' }), { path: '/bin/coder' });
    assert.equal(cli.read({ path: 3 }), null);
    assert.equal(cli.read(undefined), null);
    const interval = refine(object({ from: number(), to: number() }), (i) => i.to >= i.from);
    assert.deepEqual(interval.read({ from: 1, to: 2 }), { from: 1, to: 2 });
    assert.equal(interval.read({ from: 2, to: 1 }), INVALID);
  });

  it('a field added to a description is typed, checked when read and cut when bounded, with nothing else written', () => {
    const before = { name: text() };
    const event = tagged('type', {
      report: { items: list(object({ ...before, added: text(12) }), 5), other: optional(number()) },
    });
    type Event = Infer<typeof event>;
    const mine: Event = { type: 'report', items: [{ name: 'a', added: 'b'.repeat(40) }] };
    // @ts-expect-error: the type requires the new field too.
    const missing: Event = { type: 'report', items: [{ name: 'a' }] };
    assert.ok(missing);
    assert.deepEqual(event.bound(mine), { type: 'report', items: [{ name: 'a', added: 'bbbbb …[cut]' }] });
    const parse = parserOf(event);
    assert.deepEqual(parse(structuredClone(event.bound(mine))), event.bound(mine));
    // An item without it, or with the wrong type, is left out like any bad item.
    assert.deepEqual(
      parse({ type: 'report', items: [{ name: 'a' }, { name: 'b', added: 1 }, { name: 'c', added: 'd' }] }),
      {
        type: 'report',
        items: [{ name: 'c', added: 'd' }],
      },
    );
    assert.equal(parse('no event'), null);
  });
});
