// Small formatting helpers shared by the text, Markdown and UI presenters.
import type { PathState, Side } from '../model';

export function ms(value: number | null, digits = 1): string {
  return value === null ? '–' : `${value.toFixed(digits).replace(/\.0+$/, '')} ms`;
}

export function describePath(path: PathState): string {
  if (path.kind === 'p2p') return `Direct (p2p)${path.endpoint ? ` ${path.endpoint}` : ''}`;
  if (path.kind === 'derp') return `Relayed via DERP${path.derpRegion ? ` ${path.derpRegion}` : ''}`;
  return 'Unknown (no reply yet)';
}

export const SIDE_TITLES: Record<Side, string> = {
  general: 'General',
  client: 'Your machine',
  agent: 'The workspace',
};

export const STATUS_MARKS = { ok: '✔', warn: '⚠', fail: '✘' } as const;
