import type { FormatId } from '../model';
import { jsonEntries, jsonItems, jsonProperty, jsonString, tryParseJson, type JsonNode } from './jsonSource';

type Sniffer = 'json' | 'yaml';

/** File name endings, most specific first. */
const FORMAT_BY_SUFFIX: [suffix: string, format: FormatId | Sniffer][] = [
  ['.prompty', 'prompty'],
  ['.prompt.yml', 'github-models'],
  ['.prompt.yaml', 'github-models'],
  ['.prompt.md', 'vscode-prompt'],
  ['.json', 'json'],
  ['.jsonc', 'json'],
  ['.yml', 'yaml'],
  ['.yaml', 'yaml'],
  ['.prompt', 'plain-text'],
  ['.txt', 'plain-text'],
  ['.md', 'plain-text'],
];

/** Content blocks only the Anthropic Messages API has. */
const ANTHROPIC_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'tool_use',
  'tool_result',
  'document',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'search_result',
]);

/** The prompt format of a file, by name and, for JSON and YAML, by content; null when not a prompt. */
export function detectFormat(fileName: string, text: string): FormatId | null {
  const lower = fileName.toLowerCase();
  const match = FORMAT_BY_SUFFIX.find(([suffix]) => lower.endsWith(suffix));
  const kind = match?.[1] ?? (text.trimStart().startsWith('{') ? 'json' : null);
  if (kind === 'json') return detectJsonRequest(text);
  if (kind === 'yaml') return looksLikeGitHubModels(text) ? 'github-models' : null;
  return kind;
}

/** Which API a JSON request body is for, by its fields. */
export function detectJsonRequest(text: string): FormatId | null {
  const root = tryParseJson(text);
  if (!root) return detectMalformedJson(text);
  if (root.type !== 'object') return null;
  const keys = new Set(jsonEntries(root).map(([key]) => key));
  const messages = jsonProperty(root, 'messages');
  if (messages?.type === 'array') return looksAnthropic(root, keys, messages, text) ? 'anthropic-messages' : 'openai-chat';
  if (keys.has('input') || keys.has('instructions')) return 'openai-responses';
  return null;
}

function looksAnthropic(root: JsonNode, keys: Set<string>, messages: JsonNode, text: string): boolean {
  if (keys.has('system') || /"cache_control"\s*:/.test(text)) return true;
  if (jsonString(jsonProperty(root, 'model'))?.toLowerCase().startsWith('claude')) return true;
  if (jsonItems(jsonProperty(root, 'tools')).some((tool) => jsonProperty(tool, 'input_schema'))) return true;
  const blockTypes = jsonItems(messages).flatMap((m) =>
    jsonItems(jsonProperty(m, 'content')).map((block) => ({
      type: jsonString(jsonProperty(block, 'type')),
      hasSource: jsonProperty(block, 'source') !== undefined,
    })),
  );
  return (
    keys.has('max_tokens') &&
    blockTypes.some((b) => (b.type !== undefined && ANTHROPIC_BLOCK_TYPES.has(b.type)) || (b.type === 'image' && b.hasSource))
  );
}

/** A file being edited is often briefly invalid; guess from its keys so errors come from the right parser. */
function detectMalformedJson(text: string): FormatId | null {
  if (/"messages"\s*:/.test(text)) {
    return /"cache_control"\s*:|"system"\s*:|"claude-|"input_schema"\s*:/.test(text) ? 'anthropic-messages' : 'openai-chat';
  }
  if (/"(input|instructions)"\s*:/.test(text)) return 'openai-responses';
  return null;
}

function looksLikeGitHubModels(text: string): boolean {
  return /^messages\s*:/m.test(text) && /^\s*-\s*role\s*:/m.test(text);
}
