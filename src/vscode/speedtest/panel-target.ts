// The speed test panel's target: the user's text, parsed once into what it names. The panel shows
// the text and keeps the parsed target; a run attaches the CLI to it, nothing parses it again.
import { parseTarget } from '../../diag/speedtest/target';
import type { ParsedTarget } from '../../diag/speedtest/types';
import type { TargetInfo } from '../../shared/speedtest-protocol';
import { EXTENSION_FRONT_END } from './front-end';

export interface PanelTarget {
  /** The text as the user gave it, trimmed: the panel's title and the key of its history. */
  label: string;
  parsed: ParsedTarget;
}

export type PanelTargetParse = { ok: true; target: PanelTarget } | { ok: false; error: string };

/** Reads typed text the way the engine will run it; its errors name the extension's settings. */
export function readPanelTarget(text: string): PanelTargetParse {
  const label = text.trim();
  const parsed = parseTarget(label, EXTENSION_FRONT_END.keyFileOption);
  return parsed.ok ? { ok: true, target: { label, parsed: parsed.target } } : parsed;
}

/**
 * A reader that remembers its last answer: the input box checks the text at each keystroke, and
 * the text it hands back is the one it checked last, so that one is not parsed a second time.
 */
export function targetReader(): (text: string) => PanelTargetParse {
  let last: { text: string; parse: PanelTargetParse } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, parse: readPanelTarget(text) };
    return last.parse;
  };
}

/** What the webview needs: the text to show, and the kind that decides whether the CLI options are offered. */
export function targetInfo(target: PanelTarget): TargetInfo {
  return { label: target.label, kind: target.parsed.kind };
}

/**
 * The target of a panel revived after a window reload. The webview saved only what it showed, and
 * its state is untrusted: the label is read like typed text; one that does not read is no target.
 */
export function revivedTarget(saved: TargetInfo | null): PanelTarget | null {
  if (!saved) return null;
  const read = readPanelTarget(saved.label);
  return read.ok ? read.target : null;
}
