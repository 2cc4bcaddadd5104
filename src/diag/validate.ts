import { errorMessage } from './errors';
// Small shape checks for JSON that comes from outside (CLI output, files, webview messages).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class ShapeError extends Error {
  constructor(
    readonly where: string,
    readonly expected: string,
  ) {
    super(`${where}: expected ${expected}`);
  }
}

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
