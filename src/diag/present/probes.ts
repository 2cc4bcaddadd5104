// Turns a probe's free-form data into rows and tables any presenter can show as plain text.
import type { ProbeOutcome } from '../model';
import { isObject } from '../wire/validate';
import { l10n } from '../l10n';

export interface ProbeTable {
  title: string;
  columns: string[];
  rows: string[][];
}

interface ProbeView {
  name: string;
  ran: boolean;
  reason: string | null;
  fields: [string, string][];
  tables: ProbeTable[];
}

const MAX_ROWS = 50;
const MAX_TEXT = 300;

function text(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(1);
  if (typeof v === 'string') return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT - 1)}…` : v;
  if (typeof v === 'boolean') return v ? l10n.t('yes') : l10n.t('no');
  if (Array.isArray(v))
    return v.every((x) => typeof x !== 'object' || x === null) ? v.map(text).join(', ') : l10n.t('{0} items', v.length);
  return text(JSON.stringify(v));
}

/** `regionLatencyMs: {Frankfurt: 12}`-style maps of name -> number read better as a table. */
function numberMap(v: unknown): v is Record<string, number> {
  return isObject(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'number');
}

function tableFromObjects(title: string, list: Record<string, unknown>[]): ProbeTable {
  const columns: string[] = [];
  for (const item of list.slice(0, MAX_ROWS))
    for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  return { title, columns, rows: list.slice(0, MAX_ROWS).map((item) => columns.map((c) => text(item[c]))) };
}

export function probeView(outcome: ProbeOutcome): ProbeView {
  const view: ProbeView = {
    name: outcome.name,
    ran: outcome.ran,
    reason: outcome.reason ?? null,
    fields: [],
    tables: [],
  };
  const walk = (value: unknown, prefix: string, depth: number): void => {
    if (Array.isArray(value) && value.length > 0 && value.every(isObject)) {
      view.tables.push(tableFromObjects(prefix || outcome.name, value));
    } else if (numberMap(value) && prefix) {
      const entries = Object.entries(value).slice(0, MAX_ROWS);
      view.tables.push({
        title: prefix,
        columns: [l10n.t('name'), l10n.t('value')],
        rows: entries.map(([k, n]) => [k, text(n)]),
      });
    } else if (isObject(value) && depth < 2) {
      for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key, depth + 1);
    } else if (value !== undefined) {
      view.fields.push([prefix || l10n.t('result'), text(value)]);
    }
  };
  walk(outcome.data, '', 0);
  return view;
}
