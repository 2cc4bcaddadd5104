// The one set of shape checks for data from outside: CLI output and files (the throwing readers,
// which say where the shape broke) and the predicates of the panels' own messages. Reports and
// events read back from a message, restored state or history go through their schema (diag/wire/).
// A leaf: no vscode, no DOM, nothing from the engine but its error helper.
import { errorMessage } from '../errors';

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

// Predicates for free-form data (the webview boundary reads through the schemas of diag/wire/).

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** The latest time a JavaScript Date can hold (ms since 1970); a later number makes an Invalid Date that throws when shown. */
export const MAX_DATE_MS = 8.64e15;
/** A time a Date can show: finite, from 1970 on, within the Date range. */
export const isTimeMs = (v: unknown): v is number => isNum(v) && v >= 0 && v <= MAX_DATE_MS;

/** A finite number, else null: for free-form data where a missing figure shows as unknown. */
export const numOrNull = (v: unknown): number | null => (isNum(v) ? v : null);
/** A string, else null. */
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
