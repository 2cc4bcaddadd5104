// Download: the remote side writes zeros as fast as it can, once per stream; we count every byte
// that arrives on any of them.
import type { Client, ClientChannel } from 'ssh2';
import { ReceiveWindow } from './receive-window';
import { downloadCommand } from './remote';
import { closeChannels, openChannels } from './streams';
import { Transfer } from './transfer';
import type { EndReason, TransferSettings } from './transfer';
import type { DirectionResult } from './types';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

export interface DirectionRun {
  result: DirectionResult;
  loadedSamples: number[];
  /** Something worth a warning, e.g. the window could not be tuned. */
  warning?: string;
}

export async function runDownload(
  client: Client,
  s: TransferSettings,
  idleRttMs: number | null,
): Promise<DirectionRun> {
  const transfer = new Transfer(s);
  const closeWaitMs = Math.max(2000, s.stallMs);
  const count = s.streams ?? 1;
  let channels;
  try {
    channels = await openChannels(
      client,
      downloadCommand(s.durationSeconds),
      count,
      s.startTimeoutMs,
      s.signal,
      closeWaitMs,
    );
  } catch (err) {
    transfer.end(
      s.signal.aborted
        ? { kind: 'cancel' }
        : {
            kind: 'error',
            message: l10n.t('Could not start the download: {0}', errorMessage(err)),
          },
    );
    const reason = await transfer.finished;
    return { result: transfer.result(reason), loadedSamples: [] };
  }
  const windows = channels.map((ch) => watchDownloadStream(client, ch, transfer, idleRttMs));
  // Each stream's window needs its own share of the summed rate.
  transfer.onRate = (rate) => windows.forEach((w) => w.retune(rate / count));
  const reason = await transfer.finished;
  await closeChannels(channels, closeWaitMs);
  return {
    result: transfer.result(reason),
    loadedSamples: transfer.loadedSamples(),
    warning: windows.every((w) => w.tunable)
      ? undefined
      : l10n.t('This ssh2 version does not allow tuning the receive window: long-RTT downloads may read low.'),
  };
}

/** Counts one stream's bytes into the shared transfer; its close ends the whole direction. */
function watchDownloadStream(
  client: Client,
  ch: ClientChannel,
  transfer: Transfer,
  idleRttMs: number | null,
): ReceiveWindow {
  const window = new ReceiveWindow(client, ch, idleRttMs);
  let stderr = '';
  let exitCode: number | null = null;
  ch.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 2000) stderr += d.toString('utf8');
  });
  ch.on('exit', (code: number | null) => {
    exitCode = code;
  });
  ch.on('data', (d: Buffer) => {
    if (transfer.isEnded) return;
    transfer.start();
    transfer.add(d.length);
    window.topUp();
  });
  ch.once('close', () => {
    const said = stderr.trim().split('\n').pop();
    const failed = exitCode !== 0 && exitCode !== null;
    const reason: EndReason = {
      kind: 'remote-ended',
      message:
        failed || said
          ? said
            ? l10n.t('The remote download command stopped (exit {0}): {1}', exitCode ?? 'unknown', said)
            : l10n.t('The remote download command stopped (exit {0})', exitCode ?? 'unknown')
          : undefined,
    };
    transfer.end(reason);
  });
  return window;
}
