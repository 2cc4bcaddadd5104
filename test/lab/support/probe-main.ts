// Runs the local probes exactly as the extension does and prints every event as one JSON document.
// The lab starts it inside a client namespace: ip netns exec <ns> node probe-main.js '<options JSON>'.
import type { DiagEvent } from '../../../src/diag/events';
import { runLocalProbes, type LocalProbeOptions } from '../../../src/diag/local/run-probes';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as LocalProbeOptions;
  const events: DiagEvent[] = [];
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  await runLocalProbes(options, (e) => events.push(e), controller.signal);
  process.stdout.write(JSON.stringify({ events }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`probe-main: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
