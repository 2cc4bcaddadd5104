// The one-line status `wsdoctor fleet` keeps on a terminal's stderr while it runs, e.g.
// "wsdoctor fleet: 9 workspaces listed · checked 3/6 · checking: dev, ml-box".
import { printable } from '../../diag/printable';
import type { FleetEvent } from '../../diag/fleet/fleet-check';

/** At most this many names of running checks, so the line fits a terminal. */
const MAX_NAMES = 3;

export class FleetProgress {
  private listed = 0;
  private toCheck = 0;
  private done = 0;
  private readonly running = new Map<string, string>();

  update(event: FleetEvent): string {
    switch (event.type) {
      case 'listed':
        this.listed += event.rows.length;
        this.toCheck += event.rows.filter((r) => r.error === null).length;
        break;
      case 'ping-started':
        this.running.set(event.key, event.row.name);
        break;
      case 'ping-finished':
        this.running.delete(event.key);
        this.done++;
        break;
    }
    return this.line();
  }

  line(): string {
    if (this.listed === 0 && this.done === 0) return 'wsdoctor fleet: listing workspaces';
    const names = [...this.running.values()].slice(0, MAX_NAMES).map((n) => printable(n).slice(0, 30));
    const more = this.running.size > MAX_NAMES ? ` +${this.running.size - MAX_NAMES}` : '';
    const checking = names.length > 0 ? ` · checking: ${names.join(', ')}${more}` : '';
    return `wsdoctor fleet: ${this.listed} workspaces listed · checked ${this.done}/${this.toCheck}${checking}`;
  }
}
