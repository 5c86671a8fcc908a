/**
 * Keeps API keys out of everything the runner produces. Known keys are replaced wherever they
 * appear, and anything shaped like a provider key is masked as well, because an error message may
 * quote a key the runner was never told about (a proxy's, an environment variable's).
 */
const KEY_SHAPES = [/\bsk-[A-Za-z0-9_-]{8,}/g, /\bsk-ant-[A-Za-z0-9_-]{8,}/g, /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi];

export const REDACTED = '[redacted]';

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** A JSON-safe copy of a value with every string redacted. */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (value === undefined || value === null) return value;
  return JSON.parse(redactText(JSON.stringify(value), secrets)) as T;
}
