// Polling for what the workbench shows: the page updates on its own time, so tests wait for a
// condition instead of sleeping.

/** Reads until `ok` holds or the time is up; throws with the last value read. */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  if (!ok(last)) throw new Error(`condition not met; last value: ${JSON.stringify(last)}`);
  return last;
}

/** Reads a text until it matches `pattern` (a read that throws counts as not shown yet). */
export async function waitForText(read: () => Promise<string>, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (pattern.test(last)) return last;
    } catch {
      // not shown yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`expected ${pattern}, last saw "${last}"`);
}
