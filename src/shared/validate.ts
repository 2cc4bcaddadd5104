// The one set of shape checks for data from outside: CLI output and files (the throwing readers,
// which say where the shape broke) and webview messages, restored state and history (the
// predicates, which let a caller leave out one bad item instead of failing the whole).
// A leaf: no vscode, no DOM, nothing from the engine but its error helper.
import { errorMessage } from '../diag/errors';
import { MAX_TEXT } from './limits';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class ShapeError extends Error {
  constructor(
    readonly where: string,
    readonly expected: string,
  ) {
    super(`${where}: expected ${expected}`);
  }
}

/** A plain object (not null, not a list), as parsed JSON and webview messages have them. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, where: string): JsonObject {
  if (!isObject(v)) throw new ShapeError(where, 'an object');
  return v;
}

export function optObj(v: unknown, where: string): JsonObject | undefined {
  return v === undefined || v === null ? undefined : obj(v, where);
}

export function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(where, 'a number');
  return v;
}

export function optNum(v: unknown, where: string): number | undefined {
  return v === undefined || v === null ? undefined : num(v, where);
}

export function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ShapeError(where, 'a string');
  return v;
}

export function optStr(v: unknown, where: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, where);
}

export function optBool(v: unknown, where: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ShapeError(where, 'true or false');
  return v;
}

export function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(where, 'a list');
  return v;
}

export function optArr(v: unknown, where: string): unknown[] {
  return v === undefined || v === null ? [] : arr(v, where);
}

/** JSON.parse that reports where the text stops being JSON instead of throwing a bare SyntaxError. */
export function parseJson(text: string, what: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error(`${what} was empty`);
  try {
    return JSON.parse(trimmed);
  } catch (err) {
    const reason = errorMessage(err);
    throw new Error(`${what} is not valid JSON (${reason}); it may be truncated or mixed with other output`);
  }
}

// Predicates for the webview boundary: text is at most `max` characters (callers cut it first).

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** The latest time a JavaScript Date can hold (ms since 1970); a later number makes an Invalid Date that throws when shown. */
const MAX_DATE_MS = 8.64e15;
/** A time a Date can show: finite, from 1970 on, within the Date range. */
export const isTimeMs = (v: unknown): v is number => isNum(v) && v >= 0 && v <= MAX_DATE_MS;
export const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
export const isOptNum = (v: unknown): v is number | undefined => v === undefined || isNum(v);
export const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
export const isTextOrNull = (v: unknown): v is string | null => v === null || isText(v);
export const isOptText = (v: unknown): v is string | undefined => v === undefined || isText(v);

/** A finite number, else null: for free-form data where a missing figure shows as unknown. */
export const numOrNull = (v: unknown): number | null => (isNum(v) ? v : null);
/** A string, else null. */
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The items of `v` that pass `item`, at most `max` (the first, or the newest for logs); null when `v` is no list. */
export function validItems<T>(v: unknown, max: number, item: (x: unknown) => x is T, newest = false): T[] | null {
  if (!Array.isArray(v)) return null;
  // One argument only: a predicate with an optional second parameter must not get the index.
  const valid = v.filter((x): x is T => item(x));
  return newest ? valid.slice(-max) : valid.slice(0, max);
}

/** The items of `v` that `parse` accepts, as parsed, at most `max`; null when `v` is no list. */
export function parsedItems<T>(v: unknown, max: number, parse: (x: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  return v
    .map((x) => parse(x))
    .filter((x): x is T => x !== null)
    .slice(0, max);
}
