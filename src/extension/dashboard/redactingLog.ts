/**
 * The output channel as the dashboard sees it: every line (and every error passed along, with its
 * stack) is redacted before it reaches the log file, whoever wrote the message. Free of `vscode` so
 * it can be tested with any object that has the same methods.
 */
import type { SecretRedactor } from '../../runner/redact';

/** The channel methods that write text; everything else passes through untouched. */
const WRITERS: ReadonlySet<PropertyKey> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function redactArgument(value: unknown, redactor: SecretRedactor): unknown {
  if (value instanceof Error) {
    const copy = new Error(redactor.text(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactor.text(value.stack);
    return copy;
  }
  return redactor.value(value);
}

export function redactingLog<T extends object>(channel: T, redactor: SecretRedactor): T {
  return new Proxy(channel, {
    get(target, property) {
      const member: unknown = Reflect.get(target, property);
      if (typeof member !== 'function') return member;
      if (!WRITERS.has(property)) return member.bind(target);
      return (...args: unknown[]) => member.apply(target, args.map((arg) => redactArgument(arg, redactor)));
    },
  });
}
