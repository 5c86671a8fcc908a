/**
 * The AI SDK's agents: `agent.generate({ prompt })` and `agent.stream({ messages })` on an agent
 * made with `new ToolLoopAgent({ model, instructions, tools, ... })` (AI SDK 6 and later) or
 * `new Experimental_Agent({ model, system, tools, ... })` (AI SDK 5). Each step of the agent's loop
 * sends what `generateText` would send for the agent's settings and the call's input; the first
 * step is the request counted here: the settings become the call's arguments, `instructions` its
 * `system`, and the call's own options are added (winning where both set one).
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import { ScriptProgram } from './scriptProgram';
import { entryOf, type StaticEntry, type StaticObject } from './staticValue';

/** The agent classes the AI SDK exports, by the name the file imports them as. */
const AGENT_CLASSES = new Set(['ToolLoopAgent', 'Experimental_Agent', 'Agent']);
/** Settings of the agent that shape the request (the rest, `stopWhen`, `onStepFinish`, are the loop's). */
const AGENT_SETTINGS = new Set(['model', 'tools', 'toolChoice', 'activeTools', 'output', 'experimental_output', 'providerOptions', 'temperature', 'maxOutputTokens']);

export interface AgentRequest {
  api: 'ai-sdk';
  args: StaticObject;
  unresolved: string[];
}

/**
 * The request an agent's `generate` / `stream` call sends first, or undefined when the receiver is
 * not an AI SDK agent this file or a workspace module makes.
 */
export function aiSdkAgentRequest(program: ScriptProgram, site: CallSite): AgentRequest | undefined {
  const fn = site.node.childForFieldName('function');
  const method = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
  const receiver = fn?.childForFieldName('object');
  if ((method !== 'generate' && method !== 'stream') || receiver?.type !== 'identifier') return undefined;
  const made = agentConstruction(program, receiver);
  if (!made) return undefined;
  const argsNode = site.node.childForFieldName('arguments')?.namedChildren.filter((n) => n.type !== 'comment') ?? [];
  const call = argsNode[0] ? program.evaluate(argsNode[0]) : undefined;
  const entries: StaticEntry[] = [];
  const unresolved: string[] = [];
  if (made.options?.type === 'object') entries.push(...agentSettings(made.program, made.options));
  else unresolved.push(`the agent's settings are ${made.options ? 'built by code' : 'not written'}: its model, instructions and tools are not counted`);
  if (call?.kind === 'object') {
    for (const entry of call.entries) {
      const at = entries.findIndex((e) => e.key === entry.key);
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
    }
  } else if (call) {
    unresolved.push("the call's options are built by code: its prompt is not counted");
  }
  const range = { start: site.node.startIndex, end: site.node.endIndex };
  if (!entryOf({ kind: 'object', entries, range }, 'model')) unresolved.push("the agent's model is not written where it is made");
  return { api: 'ai-sdk', args: { kind: 'object', entries, range }, unresolved };
}

/**
 * The settings of `new ToolLoopAgent({...})` that shape the request, read one by one: the agent is
 * made when the module loads, and only its instructions are prompt text (a model, a tool or an
 * output schema computed then is no value of the prompt); `instructions` is sent as `system`.
 */
function agentSettings(program: ScriptProgram, options: Node): StaticEntry[] {
  const entries: StaticEntry[] = [];
  for (const child of options.namedChildren) {
    const key = child.type === 'pair' ? child.childForFieldName('key')?.text : child.type === 'shorthand_property_identifier' ? child.text : undefined;
    const value = child.type === 'pair' ? child.childForFieldName('value') : child;
    if (!key || !value) continue;
    const text = key === 'instructions' || key === 'system';
    if (!text && !AGENT_SETTINGS.has(key)) continue;
    const before = program.importTimeValues.length;
    const read = value.type === 'shorthand_property_identifier' ? program.resolveName(value.text, value) : program.evaluate(value);
    if (!text) program.importTimeValues.length = before;
    entries.push({ key: text ? 'system' : key, value: read });
  }
  return entries;
}

/** The `new ToolLoopAgent({...})` a name is given, with the program that holds it. */
function agentConstruction(program: ScriptProgram, name: Node): { program: ScriptProgram; options: Node | undefined } | undefined {
  const found = program.declarationOf(name.text, name);
  let node = found?.node;
  while (node && (node.type === 'parenthesized_expression' || node.type === 'as_expression' || node.type === 'satisfies_expression')) node = node.namedChildren[0] ?? undefined;
  if (!found || node?.type !== 'new_expression' || !(found.program instanceof ScriptProgram)) return undefined;
  const constructor = node.childForFieldName('constructor');
  if (constructor?.type !== 'identifier' || !AGENT_CLASSES.has(constructor.text)) return undefined;
  const holder = found.program;
  if (!holder.importsAiSdk()) return undefined;
  const options = node.childForFieldName('arguments')?.namedChildren.find((n) => n.type !== 'comment');
  return { program: holder, options: options ?? undefined };
}
