// Keeps speed test history across restarts in the extension's globalState (a Memento). The
// history logic itself is pure (diag/throughput/history); this file only loads and saves it.
import type { Memento } from 'vscode';
import { addToHistory, isComparable, readHistory, resultsFor } from '../../diag/speedtest/history';
import type { SpeedtestHistory } from '../../diag/speedtest/history';
import { loginRedactor, redactDeep } from '../../diag/redact';
import type { SpeedtestReport } from '../../diag/speedtest/types';
import { parseSpeedtestReport } from '../../diag/wire/speedtest-report';

/** Where the history lives in globalState: kept across versions, so older entries still load. */
export const HISTORY_KEY = 'wsdoctor.speedtest.history';

export class SpeedtestHistoryStore {
  constructor(private readonly memento: Memento) {}

  private load(): SpeedtestHistory {
    // Runs saved by older versions may quote a token in their errors: cleaned before they are shown again.
    const redact = loginRedactor();
    return readHistory(this.memento.get<unknown>(HISTORY_KEY), (raw) => {
      const report = parseSpeedtestReport(raw);
      return report && redactDeep(report, redact);
    });
  }

  /** The newest `count` runs of `target`, oldest first. */
  recent(target: string, count: number): SpeedtestReport[] {
    return resultsFor(this.load(), target).slice(-count);
  }

  /** Records a finished run; runs that measured nothing are not kept. */
  async add(report: SpeedtestReport): Promise<void> {
    if (!isComparable(report)) return;
    await this.memento.update(HISTORY_KEY, addToHistory(this.load(), report));
  }
}
