// The one-line status `wsdoctor check` keeps on a terminal's stderr while it runs: which parts are
// running and how far along they are, e.g. "Coder CLI v2.20.0 · pings 3/5 · netcheck running · probes: 4 done".
import { printable } from '../../diag/printable';
import type { DiagEvent } from '../../diag/events';

type Stage = 'running' | 'done' | 'failed' | 'not run';

export class CheckProgress {
  private cli: string | null = null;
  /** Pings start once the CLI is found. */
  private pinging = false;
  private pings = 0;
  private netcheck: Stage = 'running';
  private probes = 0;
  private probesDone: Stage = 'running';

  constructor(
    private readonly pingCount: number,
    private readonly parts: { cli: boolean; local: boolean },
  ) {}

  /** The status after this event, or null when the event changes nothing shown. */
  update(event: DiagEvent): string | null {
    const before = this.line();
    switch (event.type) {
      case 'cli':
        // The version is the CLI's own output: printed only once it is safe for the terminal.
        this.cli = event.cli.version ? `Coder CLI ${printable(event.cli.version).slice(0, 40)}` : 'Coder CLI found';
        this.pinging = true;
        break;
      case 'ping':
        this.pings++;
        break;
      case 'netcheck':
        this.netcheck = 'done';
        break;
      case 'probe':
        this.probes++;
        break;
      case 'source-done':
        if (event.source === 'netcheck') this.netcheck = event.ok ? 'done' : 'failed';
        if (event.source === 'local') this.probesDone = event.ok ? 'done' : 'failed';
        if (event.source === 'version' && !event.ok) {
          this.cli = 'no usable Coder CLI';
          this.netcheck = 'not run';
        }
        break;
      default:
        return null;
    }
    const after = this.line();
    return after === before ? null : after;
  }

  line(): string {
    const parts: string[] = [];
    if (this.parts.cli) {
      parts.push(this.cli ?? 'finding the Coder CLI and login');
      if (this.pinging) parts.push(`pings ${Math.min(this.pings, this.pingCount)}/${this.pingCount}`);
      parts.push(`netcheck ${this.netcheck}`);
    }
    if (this.parts.local) {
      const ran = `${this.probes} done`;
      parts.push(this.probesDone === 'running' ? `probes: ${ran}` : `probes ${this.probesDone} (${ran})`);
    }
    return `wsdoctor check: ${parts.join(' · ')}`;
  }
}
