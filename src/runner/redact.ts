/**
 * Keeps API keys out of everything the runner produces. Known keys are replaced wherever they
 * appear, URLs lose their credentials and secret-looking query parameters, and anything shaped
 * like a provider key is masked as well, because an error message may quote a key the runner was
 * never told about (a proxy's, an environment variable's).
 *
 * Redaction works on parsed values, never on serialized JSON: replacing text inside a JSON string
 * could cut through a number or a quote (a key `1664` inside `"prompt_tokens":1664`) and turn a
 * good response into a "malformed" one.
 */
/**
 * A bearer token is one with a digit, or of 20 characters or more: not the word after "bearer" in
 * an error message such as `Missing bearer authentication in header`.
 */
const KEY_SHAPES = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+(?:(?=[A-Za-z._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{8,}|[A-Za-z0-9._~+/=-]{20,})/gi,
];

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would match ordinary text everywhere. */
const MIN_SECRET_LENGTH = 4;

/**
 * Query parameter names that carry credentials, compared lower-cased without `-` and `_`: the
 * common names (`api-key`, `access_token`, `sig` of Azure SAS URLs, OAuth's `code`), and any name
 * ending in key, token, secret, password or signature (`x-goog-api-key`, `private_token`).
 */
const SECRET_PARAMS = new Set(['key', 'sig', 'code', 'auth', 'authorization', 'pwd', 'passwd', 'pass', 'credential', 'credentials', 'jwt', 'bearer', 'session', 'sessionid']);
const SECRET_PARAM_ENDINGS = /(key|token|secret|password|signature)$/;

export function isSecretParam(name: string): boolean {
  const normal = name.toLowerCase().replace(/[-_]/g, '');
  return SECRET_PARAMS.has(normal) || SECRET_PARAM_ENDINGS.test(normal);
}

/** `scheme://`, then anything up to whitespace, a quote or an angle bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * The URL without its user name and password, without secret query parameters and without a
 * fragment that carries one. Returned unchanged when there is nothing to remove, so an ordinary URL
 * keeps its spelling.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactUrlLikeText(raw);
  }
  let changed = false;
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (!isSecretParam(name)) continue;
    url.searchParams.delete(name);
    changed = true;
  }
  if (url.hash && [...new URLSearchParams(url.hash.slice(1)).keys()].some(isSecretParam)) {
    url.hash = '';
    changed = true;
  }
  return changed ? url.href : raw;
}

/** For text that does not parse as a URL: drop `user:password@` and mask secret parameter values. */
function redactUrlLikeText(text: string): string {
  return text
    .replace(/(\/\/)[^/\s@?#]*@/g, '$1')
    .replace(/([?&#;])([^=&#;\s]+)=([^&#;\s]*)/g, (whole, sep: string, name: string) => (isSecretParam(name) ? `${sep}${name}=${REDACTED}` : whole));
}

/**
 * The secrets a URL carries (its password, a user name used as a token, secret query values), as
 * written and decoded, so they can be searched for wherever the URL might have been quoted.
 */
export function urlSecrets(raw: string | undefined): string[] {
  if (!raw) return [];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const found: string[] = [];
  const both = (value: string) => {
    found.push(value);
    try {
      found.push(decodeURIComponent(value));
    } catch {
      // A malformed escape: the raw form is enough.
    }
  };
  if (url.password) both(url.password);
  else if (url.username) both(url.username);
  for (const [name, value] of url.searchParams) {
    if (isSecretParam(name) && value) {
      found.push(value);
      found.push(encodeURIComponent(value));
    }
  }
  return [...new Set(found)].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a key that contains another is replaced whole.
  const ordered = secrets.length > 1 ? [...secrets].sort((a, b) => b.length - a.length) : secrets;
  for (const secret of ordered) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  out = out.replace(URL_IN_TEXT, (url) => redactUrl(url));
  for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/**
 * A copy of a value with every string (object keys included) redacted; numbers, booleans and null
 * are kept as they are, so a key that happens to be digits never alters a count. Objects with
 * `toJSON` (dates) are copied as what they serialize to, as JSON would.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  return walk(value, secrets, new Set()) as T;
}

function walk(value: unknown, secrets: readonly string[], path: Set<object>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return walk(withJson.toJSON(), secrets, path);
  // A value that contains itself cannot come from JSON; cut the loop rather than fail the run.
  if (path.has(value)) return undefined;
  path.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, secrets, path));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[redactText(key, secrets)] = walk(item, secrets, path);
    return copy;
  } finally {
    path.delete(value);
  }
}

/**
 * The secrets of the session's endpoint: its key and whatever its URL carries. Other known secrets
 * (keys of other endpoints, environment variables) can be added by the caller.
 */
export function endpointSecrets(endpoint: { apiKey?: string; baseURL?: string; endpoint?: string }): string[] {
  const found = [...urlSecrets(endpoint.baseURL), ...urlSecrets(endpoint.endpoint)];
  // A key quoted in a URL (an echoed request line) appears percent-encoded.
  if (endpoint.apiKey) found.unshift(endpoint.apiKey, encodeURIComponent(endpoint.apiKey));
  return [...new Set(found)];
}

/**
 * The secrets an application has seen (stored keys, environment keys, URL passwords), collected as
 * they are read so that anything written, logged or shown later can be redacted of all of them.
 */
export class SecretRedactor {
  private readonly known = new Set<string>();

  add(...values: readonly (string | undefined)[]): void {
    for (const value of values) {
      const secret = value?.trim();
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      this.known.add(secret);
      this.known.add(encodeURIComponent(secret));
    }
  }

  secrets(): string[] {
    return [...this.known];
  }

  text(text: string): string {
    return redactText(text, this.secrets());
  }

  value<T>(value: T): T {
    return redactValue(value, this.secrets());
  }
}
