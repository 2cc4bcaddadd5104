// Short human labels shared by every presenter (panel, Markdown), so they all say the same thing.
import { fillPlaceholders, l10n } from '../l10n';
import type { Issue, PathState, PingStats, Report, Side } from '../model';

export function sideTitle(side: Side): string {
  if (side === 'client') return l10n.t('Your machine');
  if (side === 'agent') return l10n.t('The workspace');
  return l10n.t('General');
}

const SIDE_ORDER: Side[] = ['general', 'client', 'agent'];

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1) return '<1 ms';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatSeconds(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function pathHeadline(path: PathState): string {
  if (path.kind === 'p2p') return l10n.t('Direct (p2p)');
  if (path.kind === 'derp') return l10n.t('Relayed via DERP');
  return l10n.t('Path not known yet');
}

/** The region or endpoint that goes with the headline, if any. */
export function pathDetail(path: PathState): string | null {
  if (path.kind === 'p2p') return path.endpoint;
  if (path.kind === 'derp') return path.derpRegion;
  return null;
}

/**
 * The headline's message with `{0}` where its region or endpoint goes, one message so a language can
 * place the name (a view can style it there); null when the path has none.
 */
export function pathWithDetailTemplate(path: PathState): string | null {
  if (path.kind === 'p2p' && path.endpoint) return l10n.t('Direct (p2p) {0}', '{0}');
  if (path.kind === 'derp' && path.derpRegion) return l10n.t('Relayed via DERP {0}', '{0}');
  return null;
}

/** The headline with its region or endpoint in place. */
export function pathWithDetail(path: PathState): string {
  const template = pathWithDetailTemplate(path);
  const detail = pathDetail(path);
  return template && detail ? fillPlaceholders(template, [detail]) : pathHeadline(path);
}

export function pathSentence(report: Report): string {
  const text = pathWithDetail(report.path);
  if (report.path.kind === 'p2p' && report.upgradedAtMs !== null)
    return l10n.t('{0} (upgraded from a relay after {1})', text, formatSeconds(report.upgradedAtMs));
  return text;
}

function lossPercent(stats: PingStats): number | null {
  if (stats.sent === 0) return null;
  return (100 * (stats.sent - stats.received)) / stats.sent;
}

export function formatLoss(stats: PingStats): string {
  const loss = lossPercent(stats);
  return loss === null ? '–' : `${loss.toFixed(loss > 0 && loss < 10 ? 1 : 0)}%`;
}

/** A relayed connection with no finding that explains it needs its own advice. */
export function relayUnexplained(report: Report): boolean {
  return report.path.kind === 'derp' && report.finishedAt !== null && report.issues.every((i) => i.id === 'derp-relay');
}

export function relayUnexplainedAdvice(): string {
  return l10n.t(
    'Nothing this check found explains why the connection is relayed. Try: allow outbound UDP on both ends, run `coder netcheck` on your machine and in the workspace, turn off a VPN for a moment, and run the check again after a minute (direct connections can take a while to form).',
  );
}

export function issuesBySide(issues: Issue[]): { side: Side; title: string; issues: Issue[] }[] {
  return SIDE_ORDER.map((side) => ({
    side,
    title: sideTitle(side),
    issues: issues.filter((i) => i.side === side),
  })).filter((g) => g.issues.length > 0);
}

export const CHECK_GLYPH = { ok: '✔', warn: '⚠', fail: '✘' } as const;

/** Only plain web links become clickable; anything else stays text. */
export function safeDocsUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** Catalogue messages end with the next step; splitting it off lets presenters show it on its own. */
export function splitNextStep(message: string): { explanation: string; nextStep: string | null } {
  const sentences = message.split(/(?<=[.!?])\s+(?=[A-Z])/);
  if (sentences.length < 2) return { explanation: message, nextStep: null };
  return { explanation: sentences.slice(0, -1).join(' '), nextStep: sentences[sentences.length - 1] };
}
