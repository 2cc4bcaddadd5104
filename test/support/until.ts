// Polls a condition the way the process tests need it: quickly, and with a message that says what never happened.

export async function until(what: string, ok: () => boolean, ms = 15_000, stepMs = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
