// One description per wire type, from which its TypeScript type (`Infer`), the check of untrusted
// input (`read`) and the size bounding of our own values (`bound`) all follow, so a new field is
// typed, checked and bounded by writing it once. Reading is lenient: text over its limit is cut
// with the marker, a bad item of a list is left out, and only a value that is no such thing at all
// is refused (INVALID); nothing throws. Pure and dependency-free: the webview bundles carry it.
import { MAX_DATA_DEPTH, MAX_LIST, MAX_TEXT, clipText } from './limits';
import { isNum, isObject } from './validate';

/** What `read` returns for a value that is not of the schema's shape. */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

export interface Schema<T> {
  /** Untrusted input as a fresh value within the limits, or INVALID. Unknown keys are left out. */
  read(value: unknown): T | Invalid;
  /** One of our own values within the limits (text cut, lists shortened), unknown keys left out. */
  bound(value: T): T;
}

/** A field an object may lack: absent (or undefined) stays absent. */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export type Shape = { readonly [key: string]: Schema<unknown> };

/** Flattens an intersection into one object type, keeping each property's declaration (and doc). */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

export type ObjectOf<S extends Shape> = Flatten<
  { [K in keyof S as S[K] extends OptionalSchema<unknown> ? never : K]: Infer<S[K]> } & {
    [K in keyof S as S[K] extends OptionalSchema<unknown> ? K : never]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);
/** An own property only: nothing inherited (a `__proto__` or `constructor` key is just a key). */
const own = (value: Record<string, unknown>, key: string): unknown => (hasOwn(value, key) ? value[key] : undefined);

/** Text, cut to `max` characters with the cut marker. */
export function text(max = MAX_TEXT): Schema<string> {
  return {
    read: (v) => (typeof v === 'string' ? clipText(v, max) : INVALID),
    bound: (v) => (typeof v === 'string' ? clipText(v, max) : v),
  };
}

export interface NumberLimits {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** A finite number within the limits given. */
export function number(limits: NumberLimits = {}): Schema<number> {
  const { min = -Infinity, max = Infinity, integer = false } = limits;
  return {
    read: (v) => (isNum(v) && v >= min && v <= max && (!integer || Number.isInteger(v)) ? v : INVALID),
    bound: (v) => v,
  };
}

export function boolean(): Schema<boolean> {
  return { read: (v) => (typeof v === 'boolean' ? v : INVALID), bound: (v) => v };
}

/** One of the literal values given (e.g. a status or a kind). */
export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return { read: (v) => (values.includes(v as T) ? (v as T) : INVALID), bound: (v) => v };
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return {
    read: (v) => (v === null ? null : schema.read(v)),
    bound: (v) => (v === null ? null : schema.bound(v)),
  };
}

export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    read: (v) => (v === undefined ? undefined : schema.read(v)),
    bound: (v) => (v === undefined ? undefined : schema.bound(v)),
  };
}

/** `value` in place of an unreadable one: a part that shows as unknown instead of costing the whole. */
export function orElse<T>(schema: Schema<T>, value: T): Schema<T> {
  return {
    read: (v) => {
      const read = schema.read(v);
      return read === INVALID ? value : read;
    },
    bound: (v) => schema.bound(v),
  };
}

/** A schema whose values must also pass `test` (e.g. an interval that ends after it starts). */
export function refine<T>(schema: Schema<T>, test: (value: T) => boolean): Schema<T> {
  return {
    read: (v) => {
      const read = schema.read(v);
      return read !== INVALID && test(read) ? read : INVALID;
    },
    bound: (v) => schema.bound(v),
  };
}

function readFields<S extends Shape>(shape: S, value: Record<string, unknown>): Record<string, unknown> | Invalid {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const read = field.read(own(value, key));
    if (read === INVALID) return INVALID;
    if (read !== undefined) out[key] = read;
  }
  return out;
}

function boundFields<S extends Shape>(shape: S, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const bound = field.bound(own(value, key));
    if (bound !== undefined) out[key] = bound;
  }
  return out;
}

/** An object with exactly these fields (others are left out); a bad required field refuses it. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    read: (v) => (isObject(v) ? (readFields(shape, v) as ObjectOf<S> | Invalid) : INVALID),
    bound: (v) => (isObject(v) ? (boundFields(shape, v) as ObjectOf<S>) : v),
  };
}

/** One object type per value of its `tag` field, e.g. events by `type`. */
export type TaggedOf<Tag extends string, M extends { readonly [name: string]: Shape }> = {
  [K in keyof M & string]: Flatten<{ [T in Tag]: K } & ObjectOf<M[K]>>;
}[keyof M & string];

export function tagged<Tag extends string, M extends { readonly [name: string]: Shape }>(
  tag: Tag,
  variants: M,
): Schema<TaggedOf<Tag, M>> {
  // An object and the name of its variant, looked up among the variants' own names only.
  const variantOf = (v: unknown): [Record<string, unknown>, string] | undefined => {
    const name = isObject(v) ? own(v, tag) : undefined;
    return isObject(v) && typeof name === 'string' && hasOwn(variants, name) ? [v, name] : undefined;
  };
  return {
    read: (v) => {
      const found = variantOf(v);
      const fields = found ? readFields(variants[found[1]], found[0]) : INVALID;
      return found && fields !== INVALID ? ({ [tag]: found[1], ...fields } as TaggedOf<Tag, M>) : INVALID;
    },
    bound: (v) => {
      const found = variantOf(v);
      return found ? ({ [tag]: found[1], ...boundFields(variants[found[1]], found[0]) } as TaggedOf<Tag, M>) : v;
    },
  };
}

export interface ListOptions {
  /** Which items stay when there are more than `max`: the first (default) or the newest (logs). */
  keep?: 'first' | 'newest';
  /** A bad item is left out (default), or refuses the whole list (a list that is one fact). */
  badItem?: 'leave-out' | 'refuse';
}

/** A list of at most `max` items. Reading stops once `max` good items are found. */
export function list<T>(item: Schema<T>, max: number, options: ListOptions = {}): Schema<T[]> {
  const newest = options.keep === 'newest';
  const refuse = options.badItem === 'refuse';
  return {
    read: (v) => {
      if (!Array.isArray(v)) return INVALID;
      const out: T[] = [];
      for (let n = 0; n < v.length && out.length < max; n++) {
        const read = item.read(v[newest ? v.length - 1 - n : n]);
        if (read !== INVALID) out.push(read);
        else if (refuse) return INVALID;
      }
      return newest ? out.reverse() : out;
    },
    bound: (v) => {
      if (!Array.isArray(v)) return v;
      return (newest ? v.slice(-max) : v.slice(0, max)).map((x) => item.bound(x));
    },
  };
}

/** Free-form keys (at most `maxKeys`, else refused) with values of one schema; bounding keeps the first. */
export function record<T>(value: Schema<T>, maxKeys: number): Schema<Record<string, T>> {
  return {
    read: (v) => {
      if (!isObject(v)) return INVALID;
      const entries = Object.entries(v);
      if (entries.length > maxKeys) return INVALID;
      const out: [string, T][] = [];
      for (const [key, x] of entries) {
        const read = value.read(x);
        if (read === INVALID) return INVALID;
        out.push([key, read]);
      }
      // fromEntries defines own properties: a `__proto__` key stays a plain key.
      return Object.fromEntries(out);
    },
    bound: (v) =>
      isObject(v)
        ? Object.fromEntries(
            Object.entries(v)
              .slice(0, maxKeys)
              .map(([key, x]) => [key, value.bound(x)]),
          )
        : v,
  };
}

export interface JsonLimits {
  /** Nesting: values deeper than this are refused, and bounded to null. */
  depth?: number;
  /** Items of a list and keys of an object. */
  items?: number;
}

/** Plain JSON of bounded size, its text cut: free-form data such as a probe's findings. */
export function json(limits: JsonLimits = {}): Schema<unknown> {
  const { depth: maxDepth = MAX_DATA_DEPTH, items = MAX_LIST } = limits;
  const read = (v: unknown, depth: number): unknown => {
    if (depth > maxDepth) return INVALID;
    if (v === null || typeof v === 'boolean' || isNum(v)) return v;
    if (typeof v === 'string') return clipText(v);
    if (Array.isArray(v)) {
      if (v.length > items) return INVALID;
      const out: unknown[] = [];
      for (const x of v) {
        const item = read(x, depth + 1);
        if (item === INVALID) return INVALID;
        out.push(item);
      }
      return out;
    }
    if (!isObject(v)) return INVALID;
    const entries = Object.entries(v);
    if (entries.length > items) return INVALID;
    const out: [string, unknown][] = [];
    for (const [key, x] of entries) {
      const item = read(x, depth + 1);
      if (item === INVALID) return INVALID;
      out.push([key, item]);
    }
    return Object.fromEntries(out);
  };
  // Our own data made plain: too deep or not JSON (NaN, undefined, a function) becomes null.
  const bound = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') return clipText(v);
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v !== 'object' || depth >= maxDepth) return null;
    if (Array.isArray(v)) return v.slice(0, items).map((x: unknown) => bound(x ?? null, depth + 1));
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .slice(0, items)
      .map(([key, x]) => [key, bound(x, depth + 1)]);
    return Object.fromEntries(entries);
  };
  return { read: (v) => read(v, 0), bound: (v) => bound(v, 0) };
}

/** `read` as a parser for a boundary: the value, or null when it is not one at all. */
export function parserOf<T>(schema: Schema<T>): (value: unknown) => T | null {
  return (value) => {
    const read = schema.read(value);
    return read === INVALID ? null : read;
  };
}
