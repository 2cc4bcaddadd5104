// Upload: we write zeros into remote `cat >/dev/null`s, one per stream. Bytes count when the
// server confirms it consumed them (its channel window grants), not when we queue them, so the
// buffered first megabytes do not inflate the first second and bytes lost on a dropped link are
// not counted.
import type { Client, ClientChannel } from 'ssh2';
import type { DirectionRun } from './download';
import { UPLOAD_COMMAND, UPLOAD_READY_BYTE } from './remote';
import { channelWindows } from './ssh2-internals';
import { reusePacketBuffers } from './ssh2-packet-reuse';
import { poolPacketPadding } from './ssh2-padding';
import { closeChannels, openChannels } from './streams';
import { Transfer } from './transfer';
import type { TransferSettings } from './transfer';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

// Big enough to keep per-write overhead low at Gbit/s; small enough that the one chunk in flight
// (counted only once fully sent) is a negligible share of a second at tens of Mbit/s.
const CHUNK = Buffer.alloc(64 * 1024);

/**
 * One stream: pumps zeros while the channel takes them and counts what the window acknowledged.
 * Writes go out as ssh2 makes them, one per 32 KiB packet: batching them (corking the socket)
 * measured slower on a 2-core machine, since sshd then waits for each burst instead of decrypting
 * while we encrypt. Corking only around each chunk does nothing: the pump runs ahead to the
 * window, so almost every packet leaves from ssh2's window-adjust handler, not from here. Corking
 * around that handler does batch them (a writev of ~11 packets per read) but cost more CPU per
 * byte and measured 11-14% slower, so packets still leave one write each.
 */
class UploadStream {
  private readonly windows;
  private sent = 0; // bytes ssh2 has put on the wire
  private acked = 0; // bytes the server has granted back as consumed
  private baseWindow = 0;
  ready = false;

  constructor(
    readonly ch: ClientChannel,
    private readonly transfer: Transfer,
  ) {
    this.windows = channelWindows(ch);
  }

  get countsWindow(): boolean {
    return this.windows !== null;
  }

  markReady(): void {
    this.ready = true;
    this.baseWindow = this.windows?.outgoing.window ?? 0;
  }

  observe(): void {
    const now = this.windows ? this.windows.outgoing.window + this.sent - this.baseWindow : this.sent;
    if (now > this.acked) {
      this.transfer.add(now - this.acked);
      this.acked = now;
    }
  }

  readonly pump = (): void => {
    while (!this.transfer.isEnded) {
      const more = this.ch.write(CHUNK, () => {
        this.sent += CHUNK.length;
        this.observe();
      });
      if (!more) {
        this.ch.once('drain', this.pump);
        return;
      }
    }
  };
}

export async function runUpload(client: Client, s: TransferSettings): Promise<DirectionRun> {
  const transfer = new Transfer(s);
  const closeWaitMs = Math.max(2000, s.stallMs);
  let channels;
  try {
    channels = await openChannels(client, UPLOAD_COMMAND, s.streams ?? 1, s.startTimeoutMs, s.signal, closeWaitMs);
  } catch (err) {
    transfer.end(
      s.signal.aborted
        ? { kind: 'cancel' }
        : { kind: 'error', message: l10n.t('Could not start the upload: {0}', errorMessage(err)) },
    );
    const reason = await transfer.finished;
    return { result: transfer.result(reason), loadedSamples: [] };
  }
  // ssh2's per-packet padding call was ~13% of the upload's CPU (paired lab A/B: +5-8% with the pool).
  // Reusing written packet buffers takes their allocations (~5% of the CPU, in GC) off the upload.
  poolPacketPadding(client, reusePacketBuffers(client) ?? undefined);
  const streams = channels.map((ch) => new UploadStream(ch, transfer));
  transfer.beforeTick = () => streams.forEach((st) => st.observe());
  for (const st of streams) {
    let stderr = '';
    st.ch.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 2000) stderr += d.toString('utf8');
    });
    st.ch.once('close', () => {
      const said = stderr.trim().split('\n').pop();
      const message = said
        ? l10n.t('The remote upload sink stopped: {0}', said)
        : l10n.t('The remote upload sink stopped');
      transfer.end({ kind: 'remote-ended', message });
    });
    // The clock starts once every sink is ready, so all streams run the whole measured time.
    st.ch.on('data', (d: Buffer) => {
      if (st.ready || !d.toString('latin1').includes(UPLOAD_READY_BYTE)) return;
      st.markReady();
      if (!streams.every((other) => other.ready)) return;
      transfer.start();
      for (const each of streams) each.pump();
    });
  }

  const reason = await transfer.finished;
  await closeChannels(channels, closeWaitMs);
  return {
    result: transfer.result(reason),
    loadedSamples: transfer.loadedSamples(),
    warning: streams.every((st) => st.countsWindow)
      ? undefined
      : l10n.t('This ssh2 version hides channel windows: upload figures count bytes sent, not bytes received.'),
  };
}
