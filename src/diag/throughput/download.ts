// Download: the remote side writes zeros as fast as it can; we count every byte that arrives.
import type { Client } from 'ssh2';
import { closeChannel } from './channel-close';
import { ReceiveWindow } from './receive-window';
import { downloadCommand, execChannel } from './remote';
import { Transfer } from './transfer';
import type { EndReason, TransferSettings } from './transfer';
import type { DirectionResult } from './types';

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
  let ch;
  try {
    ch = await execChannel(client, downloadCommand(s.durationSeconds), s.startTimeoutMs, s.signal);
  } catch (err) {
    transfer.end(
      s.signal.aborted
        ? { kind: 'cancel' }
        : {
            kind: 'error',
            message: `Could not start the download: ${err instanceof Error ? err.message : String(err)}`,
          },
    );
    const reason = await transfer.finished;
    return { result: transfer.result(reason), loadedSamples: [] };
  }
  const window = new ReceiveWindow(client, ch, idleRttMs);
  transfer.onRate = (rate) => window.retune(rate);
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
          ? `The remote download command stopped (exit ${exitCode ?? 'unknown'})${said ? `: ${said}` : ''}`
          : undefined,
    };
    transfer.end(reason);
  });
  const reason = await transfer.finished;
  await closeChannel(ch, Math.max(2000, s.stallMs));
  return {
    result: transfer.result(reason),
    loadedSamples: transfer.loadedSamples(),
    warning: window.tunable
      ? undefined
      : 'This ssh2 version does not allow tuning the receive window: long-RTT downloads may read low.',
  };
}
