// Classifies the diagnostics `coder ping` prints after the last ping: the peer checklist
// (✔/⚠/✘ lines) and the connection-diagnostics items. Matching is by meaning (key words), because
// case, punctuation and wording change between CLI versions.
import { plausibleMtu } from '../plausible';
import { parseGoDuration } from '../duration';
import { l10n } from '../l10n';
import type { CheckStatus, IssueId } from '../model';

/** WireGuard refreshes its handshake every few minutes; older than this means a stale tunnel. */
const STALE_HANDSHAKE_MS = 5 * 60_000;

type Glyph = 'ok' | 'warn' | 'fail' | 'notice';

const GLYPHS: Record<string, Glyph> = {
  '✔': 'ok',
  '✓': 'ok',
  '⚠': 'warn',
  '✘': 'fail',
  '✗': 'fail',
  '❗': 'notice',
  '❕': 'notice',
};

/** Splits a leading status symbol (and an emoji variation selector) from the text. */
export function splitGlyph(text: string): { glyph: Glyph | null; body: string } {
  const glyph = GLYPHS[text.charAt(0)] ?? null;
  if (!glyph) return { glyph: null, body: text };
  let body = text.slice(1);
  if (body.startsWith('\ufe0f')) body = body.slice(1);
  return { glyph, body: body.trim() };
}

export interface ChecklistItem {
  id: 'derp-connected' | 'coordinator-sent' | 'coordinator-received' | 'wireguard';
  status: CheckStatus;
  message: string;
}

/** "999 (Council Bluffs, Iowa)" -> its parts; the name may itself contain parentheses. */
function parseRegion(value: string): { id: string | null; name: string } {
  const v = value.trim();
  const open = v.indexOf('(');
  if (open < 0 || !v.endsWith(')')) return { id: null, name: v };
  const id = v.slice(0, open).trim();
  return { id: id === '' ? null : id, name: v.slice(open + 1, -1).trim() };
}

function statusOf(glyph: Glyph | null, negative: boolean): CheckStatus {
  if (glyph === 'fail' || negative) return 'fail';
  return glyph === 'warn' ? 'warn' : 'ok';
}

/** One checklist line (glyph already split off), or null when it is not a checklist item. */
export function classifyChecklist(glyph: Glyph | null, body: string): ChecklistItem | null {
  const t = body.toLowerCase();
  if (t.includes('not connected to derp')) {
    return {
      id: 'derp-connected',
      status: 'fail',
      message: l10n.t('This machine is not connected to any DERP relay.'),
    };
  }
  if (t.startsWith('preferred derp region')) {
    const colon = body.indexOf(':');
    const region = parseRegion(colon >= 0 ? body.slice(colon + 1) : '');
    const where = region.id ? `${region.name} (${region.id})` : region.name;
    return {
      id: 'derp-connected',
      status: statusOf(glyph, false),
      message: l10n.t('This machine is connected to DERP region {0}.', where),
    };
  }
  if (t.includes('coordinator') && t.includes('sent')) {
    const status = statusOf(glyph, t.includes('not sent'));
    const message =
      status === 'fail'
        ? l10n.t('This machine has not sent its connection details to the Coder coordinator.')
        : l10n.t('This machine sent its connection details to the Coder coordinator.');
    return { id: 'coordinator-sent', status, message };
  }
  if (t.includes('coordinator') && t.includes('received')) {
    const status = statusOf(glyph, t.includes('not received'));
    const message =
      status === 'fail'
        ? l10n.t("The workspace agent's connection details have not arrived from the Coder coordinator.")
        : l10n.t("The workspace agent's connection details arrived from the Coder coordinator.");
    return { id: 'coordinator-received', status, message };
  }
  if (t.startsWith('wireguard')) return classifyWireguard(glyph, t);
  return null;
}

function classifyWireguard(glyph: Glyph | null, t: string): ChecklistItem | null {
  if (t.includes('not connected')) {
    return { id: 'wireguard', status: 'fail', message: l10n.t('WireGuard is not connected to the workspace.') };
  }
  const at = t.indexOf('handshake');
  if (at < 0) return null;
  const age = t
    .slice(at + 'handshake'.length)
    .replace(/ago\.?\s*$/, '')
    .trim();
  const ms = parseGoDuration(age);
  if (ms === null) return null;
  const stale = glyph === 'warn' || ms > STALE_HANDSHAKE_MS;
  if (glyph === 'fail')
    return {
      id: 'wireguard',
      status: 'fail',
      message: l10n.t("The last WireGuard handshake ({0} ago) failed the CLI's check.", age),
    };
  if (stale) {
    return {
      id: 'wireguard',
      status: 'warn',
      message: l10n.t(
        'The last WireGuard handshake was {0} ago, longer than the 5-minute refresh; the tunnel may be stale.',
        age,
      ),
    };
  }
  return { id: 'wireguard', status: 'ok', message: l10n.t('The last WireGuard handshake was {0} ago.', age) };
}

/** The follow-up lines of "received remote agent data": the agent's region and endpoints. */
export function describeAgentNode(lines: string[]): string {
  const parts: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'preferred derp region' && value !== '') {
      const region = parseRegion(value);
      const where = region.id ? `${region.name} (${region.id})` : region.name;
      parts.push(l10n.t('the agent prefers DERP region {0}', where));
    } else if (key === 'endpoints') {
      const count = value.split(',').filter((e) => e.trim() !== '').length;
      parts.push(
        count === 0
          ? l10n.t('it reported no direct endpoints')
          : count === 1
            ? l10n.t('it reported 1 direct endpoint')
            : l10n.t('it reported {0} direct endpoints', count),
      );
    }
  }
  return parts.join('; ');
}

/** "Possible client-side issues with direct connection:" -> 'client'; null when not a header. */
export function sectionHeaderSide(text: string): 'client' | 'agent' | null {
  const t = text.toLowerCase();
  if (!t.startsWith('possible') || !t.includes('issues with direct')) return null;
  if (t.includes('client')) return 'client';
  if (t.includes('agent') || t.includes('workspace')) return 'agent';
  return null;
}

/** A leading "Client"/"Agent" word names the side whatever section the item is in. */
export function sideFromText(text: string): 'client' | 'agent' | null {
  const word = /^[a-z]+/i.exec(text)?.[0].toLowerCase();
  if (word === 'client') return 'client';
  if (word === 'agent' || word === 'workspace') return 'agent';
  return null;
}

/** Issues that are about the deployment or the connection as a whole, never one side. */
export const GENERAL_ISSUES: ReadonlySet<IssueId> = new Set<IssueId>([
  'derp-relay',
  'direct-disabled-deployment',
  'direct-disabled-local',
  'no-stun',
]);

interface Classified {
  id: IssueId;
  detail?: Record<string, string | number>;
}

// The interface name may contain spaces on Windows ("vEthernet (WSL)"); stop at " has".
const MTU_DETAIL = /interface\s+(.{1,200}?),?\s+has\s+(?:an?\s+)?mtu\s*(?:of\s*)?(\d{1,6})/i;

/** What a diagnostics item means. `text` is the CLI's wording without docs links. */
export function classifyDiagnostic(wording: string): Classified {
  // One space between words keeps the patterns below simple and their cost linear.
  const text = wording.replace(/\s+/g, ' ').trim();
  const t = text.toLowerCase();
  if (
    t.includes('disabled locally') ||
    t.includes('disable-direct-connections') ||
    t.includes('coder_disable_direct')
  ) {
    return { id: 'direct-disabled-local' };
  }
  if (
    t.includes('block-direct') ||
    t.includes('coder_block_direct') ||
    (/\badmin/.test(t) && /\b(?:block|disabl)/.test(t))
  ) {
    return { id: 'direct-disabled-deployment' };
  }
  if (/^direct connections (?:are )?disabled\b/.test(t)) return { id: 'direct-disabled-local' };
  if (/\bmtu\b/.test(t)) return { id: 'low-mtu', detail: mtuDetail(text) };
  if (/\budp\b/.test(t)) return { id: 'udp-blocked' };
  if (t.includes('stun') && /not configured|no stun|without stun|not use stun|no stun servers/.test(t))
    return { id: 'no-stun' };
  if (/\baws\b/.test(t)) return { id: 'aws-hard-nat' };
  if (t.includes('hard nat') || t.includes('endpoint-dependent') || t.includes('mapping varies'))
    return { id: 'hard-nat' };
  if (/\bvpn\b/.test(t)) return { id: 'vpn' };
  if (t.includes('derp relay') || t.includes('relayed') || (t.includes('relay') && t.includes('not direct'))) {
    return { id: 'derp-relay' };
  }
  return { id: 'cli-other' };
}

function mtuDetail(text: string): Record<string, string | number> | undefined {
  const match = MTU_DETAIL.exec(text);
  if (!match) {
    const mtu = /\bmtu\s*(?:of\s*)?(\d{1,6})/i.exec(text);
    return mtu && plausibleMtu(Number(mtu[1])) ? { mtu: Number(mtu[1]) } : undefined;
  }
  // An impossible figure is left out rather than repeated as if measured.
  return plausibleMtu(Number(match[2]))
    ? { interface: match[1].trim(), mtu: Number(match[2]) }
    : { interface: match[1].trim() };
}
