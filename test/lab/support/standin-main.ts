// A lab stand-in run as a process of its own (inside a namespace): it says which port it listens
// on, stops cleanly on SIGTERM or SIGINT, and exits 1 with the reason when it cannot start.
export function serveUntilStopped(name: string, started: Promise<{ port: number; close(): Promise<void> }>): void {
  started.then(
    (s) => {
      process.stdout.write(`listening ${s.port}\n`);
      const stop = (): void => void s.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
