/**
 * The openai Node SDK's tool runner, `client.chat.completions.runTools({ model, messages, tools })`,
 * counted as its first Chat Completions request (openai 6.49.0,
 * src/lib/AbstractChatCompletionRunner.ts `_runTools`):
 *
 * - each function tool `{ type: "function", function: { function, parse, name?, description?,
 *   parameters, strict? } }` is sent as `{ name, parameters, description, strict }`, its name the
 *   one given or the JavaScript function's own (`getWeather` for a function of that name, a method's
 *   key, `function` for an anonymous function written there); `function` and `parse` stay in the
 *   program;
 * - a tool made by `zodFunction({...})` is sent with `description: ""` when it has none, and strict;
 * - `tool_choice` is sent as `"auto"` when not given.
 */
import type { SourceRange } from '../model';
import { entryOf, knownString, spreadText, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';

/** The fields of a runnable function the runner sends, in its order. */
const SENT_KEYS = ['name', 'parameters', 'description', 'strict'];

/**
 * The name JavaScript gives the function a runnable tool's `function` holds (`written` is where that
 * entry is, `source` the file's text), or undefined when the source does not tell it: a function
 * declared with a name, or bound to one (`const lookup = async () => ...`, `{ lookup: () => ... }`),
 * has that name; an anonymous one written in the tool takes the key's, `function`.
 */
function functionName(value: StaticValue | undefined, written: StaticValue, source: string): string | undefined {
  if (value?.kind !== 'unknown') return undefined;
  const text = value.expression.trim();
  // A name or a member (`getWeather`, `tools.getWeather`) the source leaves as it is.
  const member = /^(?:[A-Za-z_$][\w$]*\s*\.\s*)*([A-Za-z_$][\w$]*)$/.exec(text);
  if (member) return member[1];
  const named = /^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/.exec(text);
  if (named) return named[1];
  if (!/^(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(text)) return undefined;
  if (value.range.start >= written.range.start && value.range.end <= written.range.end) return 'function';
  // A function written elsewhere takes the name it is bound to there.
  const bound = /([A-Za-z_$][\w$]*)\s*[:=]\s*$/.exec(source.slice(Math.max(0, value.range.start - 200), value.range.start));
  return bound?.[1];
}

/** One tool as the runner sends it, with why its name is not known where so. */
function sentTool(tool: StaticValue, source: string, unresolved: string[], leftOut: SourceRange[]): StaticValue {
  if (tool.kind !== 'object' || knownString(entryOf(tool, 'type')) !== 'function') return tool;
  const fn = entryOf(tool, 'function');
  if (fn?.kind !== 'object') return tool;
  for (const entry of fn.entries) if (!SENT_KEYS.includes(entry.key)) leftOut.push(entry.value.range);
  const entries: StaticEntry[] = [];
  for (const key of SENT_KEYS) {
    let value = entryOf(fn, key);
    if (key === 'name' && !value) {
      const name = functionName(entryOf(fn, 'function'), fn, source);
      if (name === undefined) unresolved.push('a runnable tool has no `name` and its function is known only at run time: its name is counted as `function`');
      value = spreadText(name ?? 'function', fn.range);
    }
    if (key === 'description' && !value && tool.autoParseable) value = spreadText('', fn.range);
    if (value) entries.push({ key, value });
  }
  const sent: StaticObject = { kind: 'object', entries, range: fn.range };
  return { kind: 'object', entries: [{ key: 'type', value: spreadText('function', tool.range) }, { key: 'function', value: sent }], range: tool.range };
}

/** A `runTools` call's request object as the first request it sends, and what the estimate says of it. */
export function runToolsRequest(args: StaticObject, source: string): { args: StaticObject; unresolved: string[]; leftOut: SourceRange[] } {
  const unresolved: string[] = [];
  // What the runner keeps (each tool's `function` and `parse`) is no value of the request.
  const leftOut: SourceRange[] = [];
  const entries = args.entries.filter((e) => e.key !== 'stream');
  const at = entries.findIndex((e) => e.key === 'tools');
  const tools = at >= 0 ? entries[at].value : undefined;
  if (tools?.kind === 'list') entries[at] = { key: 'tools', value: { ...tools, items: tools.items.map((t) => sentTool(t, source, unresolved, leftOut)) } };
  if (!entries.some((e) => e.key === 'tool_choice')) entries.push({ key: 'tool_choice', value: spreadText('auto', args.range) });
  return { args: { ...args, entries }, unresolved, leftOut };
}
