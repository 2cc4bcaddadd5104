// Parallel streams (iperf3 -P): one exec channel per stream on the same SSH session. Each channel
// has its own flow-control window, so N channels lift the per-window cap of a long-RTT path; on a
// Coder workspace they all ride the one `coder ssh --stdio`, so every stream takes the same path
// and no extra process needs ending.
import type { Client, ClientChannel } from 'ssh2';
import { closeChannel } from './channel-close';
import { execChannel } from './remote';
import { asError } from '../errors';
import { l10n } from '../l10n';

export const MAX_STREAMS = 16;

/** A whole number of streams from 1 to MAX_STREAMS, or an error message saying what is allowed. */
export function checkStreams(n: number): string | null {
  if (Number.isInteger(n) && n >= 1 && n <= MAX_STREAMS) return null;
  return l10n.t('streams must be a whole number from 1 to {0}, not {1}', MAX_STREAMS, String(n));
}

/** Opens `count` channels running `command`; if any fails, closes the ones that opened and throws. */
export async function openChannels(
  client: Client,
  command: string,
  count: number,
  timeoutMs: number,
  signal: AbortSignal,
  closeWaitMs: number,
): Promise<ClientChannel[]> {
  const opened = await Promise.allSettled(
    Array.from({ length: count }, () => execChannel(client, command, timeoutMs, signal)),
  );
  const channels = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (!failed) return channels;
  await closeChannels(channels, closeWaitMs);
  throw asError(failed.reason);
}

export async function closeChannels(channels: readonly ClientChannel[], waitMs: number): Promise<void> {
  await Promise.all(channels.map((ch) => closeChannel(ch, waitMs)));
}
