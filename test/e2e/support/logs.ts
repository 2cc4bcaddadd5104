// Reads the log files VS Code writes for output channels, to see what the extension reported.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Waits until a log file whose name contains `channel` has a line matching `pattern`; returns it. */
export async function waitForLogLine(logsDir: string, channel: string, pattern: RegExp, ms: number): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    for (const file of filesUnder(logsDir).filter((f) => path.basename(f).includes(channel))) {
      const line = readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => pattern.test(l));
      if (line) return line;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seen = filesUnder(logsDir).map((f) => path.relative(logsDir, f));
  throw new Error(`no "${channel}" log line matching ${pattern} within ${ms} ms; log files: ${seen.join(', ')}`);
}
