// Upload: we write zeros into a remote `cat >/dev/null`. Bytes count when the server confirms it
// consumed them (its channel window grants), not when we queue them, so the buffered first
// megabytes do not inflate the first second and bytes lost on a dropped link are not counted.
import type { Client } from 'ssh2';
import { closeChannel } from './channel-close';
import type { DirectionRun } from './download';
import { execChannel, UPLOAD_COMMAND, UPLOAD_READY_BYTE } from './remote';
import { channelWindows } from './ssh2-internals';
import { Transfer } from './transfer';
import type { TransferSettings } from './transfer';

// Big enough to keep per-write overhead low at Gbit/s; small enough that the one chunk in flight
// (counted only once fully sent) is a negligible share of a second at tens of Mbit/s.
const CHUNK = Buffer.alloc(64 * 1024);

export async function runUpload(client: Client, s: TransferSettings): Promise<DirectionRun> {
  const transfer = new Transfer(s);
  let ch;
  try {
    ch = await execChannel(client, UPLOAD_COMMAND, s.startTimeoutMs, s.signal);
  } catch (err) {
    transfer.end(
      s.signal.aborted
        ? { kind: 'cancel' }
        : { kind: 'error', message: `Could not start the upload: ${err instanceof Error ? err.message : String(err)}` },
    );
    const reason = await transfer.finished;
    return { result: transfer.result(reason), loadedSamples: [] };
  }
  const windows = channelWindows(ch);
  let stderr = '';
  ch.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 2000) stderr += d.toString('utf8');
  });
  ch.once('close', () => {
    const said = stderr.trim().split('\n').pop();
    transfer.end({ kind: 'remote-ended', message: `The remote upload sink stopped${said ? `: ${said}` : ''}` });
  });

  let sent = 0; // bytes ssh2 has put on the wire
  let acked = 0; // bytes the server has granted back as consumed
  let baseWindow = 0;
  const observe = (): void => {
    const now = windows ? windows.outgoing.window + sent - baseWindow : sent;
    if (now > acked) {
      transfer.add(now - acked);
      acked = now;
    }
  };
  transfer.beforeTick = observe;

  const pump = (): void => {
    while (!transfer.isEnded) {
      const more = ch.write(CHUNK, () => {
        sent += CHUNK.length;
        observe();
      });
      if (!more) {
        ch.once('drain', pump);
        return;
      }
    }
  };
  ch.on('data', (d: Buffer) => {
    if (transfer.started || !d.toString('latin1').includes(UPLOAD_READY_BYTE)) return;
    baseWindow = windows?.outgoing.window ?? 0;
    transfer.start();
    pump();
  });

  const reason = await transfer.finished;
  await closeChannel(ch, Math.max(2000, s.stallMs));
  return {
    result: transfer.result(reason),
    loadedSamples: transfer.loadedSamples(),
    warning: windows
      ? undefined
      : 'This ssh2 version hides channel windows: upload figures count bytes sent, not bytes received.',
  };
}
