/**
 * LangChain chat-model calls, in Python (langchainPython.ts) and in TypeScript / JavaScript
 * (langchainScript.ts): each language finds the chat model behind an `.invoke` (its class, its
 * constructor options, the tools bound to it), the messages given or the prompt template before
 * it in a chain; this rebuilds from them the request the provider SDK is sent: the model, the
 * messages in the API's roles, Anthropic's system message in `system`, bound OpenAI-format tools.
 * A prompt template's `{fields}` are filled from the values the chain is invoked with (a value
 * known only at run time stays a placeholder), a messages placeholder is left out as messages
 * known only at run time.
 *
 * Where the two packages differ (option names, defaults, conversions) is said by a dialect.
 */
import type { SourceRange } from '../model';
import { formatFields } from './stringFormat';
import { concatTexts, entryOf, knownString, shortName, spreadText, type StaticEntry, type StaticObject, type StaticText, type StaticUnknown, type StaticValue } from './staticValue';
import { refusal, refusalIf } from './refusal';

export type ChatProvider = 'openai' | 'anthropic';

export interface LangChainRequest {
  /** The SDK API LangChain calls with it. */
  api: 'chat.completions' | 'responses' | 'messages';
  args: StaticObject;
  unresolved: string[];
}

/** A chat model as the source makes it. */
export interface ChatModel {
  /** The provider the class sends to; undefined for the universal initializer, told by the model name. */
  provider?: ChatProvider;
  /** The constructor's options by name. */
  options: Map<string, StaticValue>;
  /** A model named by position: `init_chat_model("gpt-4o")`, `new ChatOpenAI("gpt-4o")`. */
  positionalModel?: StaticValue;
  /** The tool lists bound to it, outermost last. */
  tools: StaticValue[];
  /**
   * What the wrappers bind besides written tools (`tool_choice`, a structured-output format), once
   * the provider, the model and the API are known; outermost last.
   */
  bound?: BoundPart[];
  unresolved: string[];
  /** Where the model is made: a default model is said to stand there. */
  range: SourceRange;
  /** The call streams (`.stream`, `.astream`): some wrappers send otherwise then. */
  streamed?: boolean;
}

/** Request entries (and OpenAI-format tools) a wrapper adds, told by the provider, the model and the API. */
export type BoundPart = (
  provider: ChatProvider,
  modelName: string | undefined,
  api: LangChainRequest['api'],
  /** The call streams (`.stream`, `.astream`). */
  streamed?: boolean,
) => { tools?: StaticValue; entries: StaticEntry[]; unresolved: string[] };

/** What one LangChain package does that the other does not (or names otherwise). */
export interface LangChainDialect {
  /** The options that name the model, in order of precedence. */
  modelOptions: readonly string[];
  /** The universal initializer's option naming the provider. */
  providerOption: string;
  /** The option that sends a ChatOpenAI's requests to the Responses API. */
  responsesOption: string;
  /** The method binding tools, as the estimate names it. */
  bindTools: string;
  /**
   * Whether the standard image blocks of LangChain 1 (`{type: "image", base64 | url}`) in a
   * message's `content` are sent as `image_url` blocks: in Python. LangChain.js (@langchain/openai
   * 1.5.8 and 1.6.0, @langchain/anthropic 1.5.11, checked with a stand-in fetch) converts only the
   * older `source_type` blocks there, except on the way to Claude (see `scriptImageBlocks`); it
   * converts LangChain 1's blocks given as `contentBlocks`.
   */
  v1ImageBlocks: boolean;
  /** The keys of a LangChain 1 image block's base64 data and media type. */
  standardBlockKeys: StandardBlockKeys;
  /** The universal initializer's provider for a model name with no `provider:` prefix. */
  inferProvider(model: string): string | undefined;
  /** The model a class sends when none is given (where the package sets one), and the package. */
  defaultModel?: { openai?: string; anthropic?: string; source: string };
  /** OpenAI models to which a system message is sent as `developer`. */
  systemAsDeveloper?(model: string): boolean;
  /** OpenAI models whose requests go to the Responses API whatever the option says. */
  prefersResponses?(model: string): boolean;
  /**
   * Constructor options other than `responsesOption` that send a ChatOpenAI's requests to the
   * Responses API when that option is not given (a dialect with it lets `responsesOption: false` decide too).
   */
  routesToResponses?(options: ReadonlyMap<string, StaticValue>): boolean;
  /** Anthropic: only a first system message becomes `system` (a later one is refused by the package). */
  anthropicSystemFirstOnly: boolean;
  /** Anthropic: tool messages are sent as user messages of `tool_result` blocks. */
  anthropicToolResults: boolean;
  /** Anthropic: OpenAI-format tools are sent as Anthropic tools (`input_schema`). */
  anthropicConvertsOpenAITools: boolean;
  /** OpenAI: Anthropic-format tools (`{name, input_schema}`) are sent as functions of those parameters. */
  openAIConvertsAnthropicTools: boolean;
  /** The API role a LangChain role name is sent as. */
  apiRole(role: string): string;
}

/** How a LangChain 1 image block names its base64 data and media type (`{type: "image", base64, mime_type}` in Python). */
export interface StandardBlockKeys {
  base64: string;
  mimeType: string;
}

const commonRole = (role: string) => (role === 'human' ? 'user' : role === 'ai' ? 'assistant' : role);

export const PYTHON_DIALECT: LangChainDialect = {
  modelOptions: ['model', 'model_name'],
  providerOption: 'model_provider',
  responsesOption: 'use_responses_api',
  bindTools: 'bind_tools',
  v1ImageBlocks: true,
  standardBlockKeys: { base64: 'base64', mimeType: 'mime_type' },
  inferProvider: (model) => (model.startsWith('claude') ? 'anthropic' : 'openai'),
  // langchain_openai/chat_models/base.py `BaseChatOpenAI.model_name` (langchain-ai/langchain@00539b5);
  // ChatAnthropic has no default.
  defaultModel: { openai: 'gpt-3.5-turbo', source: 'langchain-openai' },
  anthropicSystemFirstOnly: false,
  anthropicToolResults: false,
  // langchain-anthropic's `convert_to_anthropic_tool`.
  anthropicConvertsOpenAITools: true,
  // langchain-core's `convert_to_openai_function` (utils/function_calling.py).
  openAIConvertsAnthropicTools: true,
  // langchain_openai/chat_models/base.py `_model_prefers_responses_api` (models only the Responses API serves).
  prefersResponses: (model) => model.includes('gpt-5.2-pro') || model.includes('codex'),
  // `BaseChatOpenAI._use_responses_api`: these options are sent only to the Responses API.
  routesToResponses: (options) => {
    const given = (key: string) => {
      const value = options.get(key);
      return value !== undefined && !(value.kind === 'scalar' && (value.value === null || value.value === false));
    };
    return knownString(options.get('output_version')) === 'responses/v1' || ['include', 'reasoning', 'truncation', 'use_previous_response_id'].some(given);
  },
  apiRole: commonRole,
};

/** The Responses-only options `routesToResponses` reads (Python). */
const RESPONSES_ONLY_OPTIONS = ['output_version', 'include', 'reasoning', 'truncation', 'use_previous_response_id'];

/**
 * Whether the request reads a chat model's constructor option: its model, provider and API. The
 * others (`api_key=os.getenv(...)`, `timeout`, a client's `configuration`) reach no prompt, so a
 * value computed when the module loads there says nothing of the count.
 */
export function readsOption(dialect: LangChainDialect, key: string): boolean {
  return (
    dialect.modelOptions.includes(key) ||
    key === dialect.providerOption ||
    key === dialect.responsesOption ||
    (dialect.routesToResponses !== undefined && RESPONSES_ONLY_OPTIONS.includes(key))
  );
}

/**
 * LangChain.js, as langchain-ai/langchainjs@62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72 writes it:
 * libs/providers/langchain-openai (chat_models/base.ts, chat_models/index.ts, utils/misc.ts,
 * converters/completions.ts, chat_models/responses.ts), libs/providers/langchain-anthropic
 * (chat_models.ts, utils/message_inputs.ts), libs/langchain/src/chat_models/universal.ts and
 * libs/langchain-core/src/messages/utils.ts.
 */
export const SCRIPT_DIALECT: LangChainDialect = {
  modelOptions: ['model', 'modelName'],
  providerOption: 'modelProvider',
  responsesOption: 'useResponsesApi',
  bindTools: 'bindTools',
  v1ImageBlocks: false,
  // @langchain/core's ContentBlock.Multimodal.Image.
  standardBlockKeys: { base64: 'data', mimeType: 'mimeType' },
  // universal.ts `_inferModelProvider`: other prefixes name providers not counted here.
  inferProvider: (model) => (/^(?:gpt-[345]|o[134])/.test(model) ? 'openai' : model.startsWith('claude') ? 'anthropic' : undefined),
  defaultModel: { openai: 'gpt-3.5-turbo', anthropic: 'claude-sonnet-4-5-20250929', source: 'LangChain.js' },
  // utils/misc.ts `isReasoningModel`.
  systemAsDeveloper: (model) => /^o\d/.test(model) || (model.startsWith('gpt-5') && !model.startsWith('gpt-5-chat')),
  // utils/misc.ts `_modelPrefersResponsesAPI`.
  prefersResponses: (model) => /gpt-5\.[245]-pro|codex/.test(model),
  anthropicSystemFirstOnly: true,
  anthropicToolResults: true,
  anthropicConvertsOpenAITools: true,
  // utils/function_calling.ts `convertToOpenAITool` sends a dict as written.
  openAIConvertsAnthropicTools: false,
  // messages/utils.ts: a `developer` message is a SystemMessage.
  apiRole: (role) => (role === 'developer' ? 'system' : commonRole(role)),
};

/** LangChain's message classes and the role each is sent as. */
export const MESSAGE_CLASSES: ReadonlyMap<string, string> = new Map([
  ['SystemMessage', 'system'],
  ['HumanMessage', 'user'],
  ['AIMessage', 'assistant'],
  ['ToolMessage', 'tool'],
]);

/**
 * `MessagesPlaceholder("history")`: messages only the running program gives, whatever the module
 * level it is made at (it is no value computed when the module loads).
 */
export function messagesPlaceholder(className: string, expression: string, range: SourceRange): StaticUnknown | undefined {
  return className === 'MessagesPlaceholder' ? { kind: 'unknown', expression, range, perRequest: false } : undefined;
}

/**
 * A message class made with its content (`SystemMessage("...")`, `new ToolMessage({ content,
 * tool_call_id })`) as a `{role, content}` object; a prompt template sends it as written.
 */
export function messageObject(className: string, content: StaticValue, more: readonly StaticEntry[], range: SourceRange, roleRange: SourceRange, v1Blocks: StandardBlockKeys | undefined): StaticObject | undefined {
  const role = MESSAGE_CLASSES.get(className);
  if (!role) return undefined;
  const toolCallId = more.find((e) => e.key === 'tool_call_id');
  const entries: StaticEntry[] = [{ key: 'role', value: spreadText(role, roleRange) }, { key: 'content', value: standardContent(content, v1Blocks) }];
  if (toolCallId) entries.push(toolCallId);
  return { kind: 'object', entries, range, messageClass: className };
}

/**
 * `SystemMessagePromptTemplate.from_template("...")` (`.fromTemplate` in LangChain.js) as the
 * `{role, content}` it is in a prompt template: its text is a template, filled as a pair's is.
 */
export function messageTemplateObject(callee: string, content: () => StaticValue, range: SourceRange): StaticObject | undefined {
  const which = /(?:^|\.)(System|Human|AI)MessagePromptTemplate\.from_?[tT]emplate$/.exec(callee);
  if (!which) return undefined;
  const role = which[1] === 'System' ? 'system' : which[1] === 'Human' ? 'user' : 'assistant';
  return { kind: 'object', entries: [{ key: 'role', value: spreadText(role, range) }, { key: 'content', value: content() }], range };
}

/** A `(role, content)` pair, a `{role, content}` object or a bare text, as the role and content it sends. */
function roleAndContent(item: StaticValue, dialect: LangChainDialect): { role: string; content: StaticValue } | undefined {
  if (item.kind === 'text') return { role: 'user', content: item };
  if (item.kind === 'list' && item.items.length === 2) {
    const role = knownString(item.items[0]);
    return role === undefined ? undefined : { role: dialect.apiRole(role), content: item.items[1] };
  }
  const role = knownString(entryOf(item, 'role'));
  const content = entryOf(item, 'content');
  return role !== undefined && content ? { role: dialect.apiRole(role), content } : undefined;
}

/**
 * A message's content with LangChain's standard image blocks written as the provider packages send
 * them: the older `source_type: "url"` / `"base64"` blocks (with `url`, or `data` and `mime_type`)
 * as that URL or a data URL in an `image_url` block, and, given `v1Blocks`, also LangChain 1's
 * `{type: "image", url}` and `{type: "image", base64, mime_type}` (langchain-core's
 * `convert_to_openai_image_block`, langchain_core/messages/block_translators/openai.py at
 * langchain-ai/langchain@9d9f7fed; langchain-anthropic sends the same image as Claude's image block;
 * LangChain.js names them `data` and `mimeType`).
 */
function standardContent(content: StaticValue, v1Blocks: StandardBlockKeys | undefined): StaticValue {
  if (content.kind !== 'list') return content;
  let changed = false;
  const items = content.items.map((block) => {
    if (block.kind !== 'object' || knownString(entryOf(block, 'type')) !== 'image') return block;
    const sourceType = knownString(entryOf(block, 'source_type'));
    if (sourceType === undefined && !v1Blocks) return block;
    const urlValue = sourceType === undefined || sourceType === 'url' ? entryOf(block, 'url') : undefined;
    const base64 = sourceType === 'base64' ? entryOf(block, 'data') : sourceType === undefined ? entryOf(block, v1Blocks!.base64) : undefined;
    const mimeType = knownString(entryOf(block, sourceType === undefined ? v1Blocks!.mimeType : 'mime_type'));
    // Base64 only the running program knows stays so: an image of unknown size.
    const dataUrl = base64?.kind === 'text' ? concatTexts([spreadText(`data:${mimeType};base64,`, block.range), base64], block.range) : base64;
    const url = urlValue ?? (mimeType !== undefined ? dataUrl : undefined);
    if (!url) return block;
    changed = true;
    const imageUrl: StaticObject = { kind: 'object', entries: [{ key: 'url', value: url }], range: block.range };
    return { kind: 'object' as const, entries: [{ key: 'type', value: spreadText('image_url', block.range) }, { key: 'image_url', value: imageUrl }], range: block.range };
  });
  return changed ? { ...content, items } : content;
}

/** A LangChain 1 image block left as written (no `source_type`, no Claude `source`): `{type: "image", url | data}`. */
function isStandardImageBlock(block: StaticValue): boolean {
  return block.kind === 'object' && knownString(entryOf(block, 'type')) === 'image' && !entryOf(block, 'source_type') && !entryOf(block, 'source');
}

/**
 * LangChain.js's LangChain 1 image blocks left in a message's `content`, as each API receives them
 * (@langchain/openai 1.6.0 and @langchain/anthropic 1.5.11, checked with a stand-in fetch): Claude
 * gets its image blocks, Chat Completions the block as written (an `image` part, which the API
 * does not take), the Responses API nothing of them.
 */
function scriptImageBlocks(messages: StaticValue, api: LangChainRequest['api'], dialect: LangChainDialect, unresolved: string[]): StaticValue {
  if (messages.kind !== 'list') return messages;
  let found = false;
  const items = messages.items.map((message) => {
    const content = entryOf(message, 'content');
    if (content?.kind !== 'list' || !content.items.some(isStandardImageBlock)) return message;
    found = true;
    if (api === 'chat.completions') return message;
    const converted = api === 'messages' ? standardContent(content, dialect.standardBlockKeys) : { ...content, items: content.items.filter((b) => !isStandardImageBlock(b)) };
    return withRoleAndContent(message, knownString(entryOf(message, 'role')) ?? 'user', converted);
  });
  if (!found) return messages;
  const advice = 'give the blocks as `contentBlocks` to have them converted';
  if (api === 'chat.completions') {
    unresolved.push(refusal(`Chat Completions refuses a \`{type: "image"}\` block, which LangChain.js sends as written from \`content\` (the API answers 400): ${advice}`));
  } else if (api === 'responses') {
    unresolved.push(`LangChain.js leaves a \`{type: "image"}\` block of \`content\` out of a Responses request: not counted; ${advice}`);
  }
  return { ...messages, items };
}

/**
 * A LangChain.js message given `contentBlocks` (LangChain 1's standard blocks) as @langchain/core
 * makes it: the blocks are its content, converted on the way out (@langchain/openai's
 * `convertStandardContentMessageToCompletionsMessage`): a user message sends its text blocks and
 * its images; any other message its text blocks alone.
 */
export function contentBlocksContent(role: string, blocks: StaticValue, unresolved: Set<string>): StaticValue {
  if (blocks.kind !== 'list') return blocks;
  const items: StaticValue[] = [];
  for (const block of blocks.items) {
    const type = knownString(entryOf(block, 'type'));
    if (type === 'text') {
      const text = entryOf(block, 'text');
      items.push({ kind: 'object', entries: [{ key: 'type', value: spreadText('text', block.range) }, ...(text ? [{ key: 'text', value: text }] : [])], range: block.range });
    } else if (role === 'user' && type === 'image') {
      // An image by file id is left out.
      if (entryOf(block, 'url') || entryOf(block, 'data')) items.push(block);
    } else if (type === undefined || (role === 'user' && (type === 'audio' || type === 'file'))) {
      // Audio and files become parts of their own; a block of a type the program computes may be any.
      unresolved.add(`a \`${type ?? 'content'}\` block in \`contentBlocks\` is counted as written`);
      items.push(block);
    }
  }
  return { ...blocks, items };
}

function withRoleAndContent(item: StaticValue, role: string, content: StaticValue): StaticObject {
  const rest = item.kind === 'object' ? item.entries.filter((e) => e.key !== 'role' && e.key !== 'content') : [];
  return {
    kind: 'object',
    entries: [{ key: 'role', value: spreadText(role, item.range) }, { key: 'content', value: content }, ...rest],
    range: item.range,
    ...(item.kind === 'object' && item.inLoop ? { inLoop: true as const } : {}),
  };
}

/** The invoke argument as a list of `{role, content}` messages (a text is one user message). */
export function messagesOf(input: StaticValue, dialect: LangChainDialect): StaticValue {
  if (input.kind === 'text') return { kind: 'list', items: [withRoleAndContent(input, 'user', input)], range: input.range };
  if (input.kind !== 'list') return input;
  const items = input.items.map((item): StaticValue => {
    if (item.kind === 'object' && item.messageClass) return item;
    const message = roleAndContent(item, dialect);
    return message ? withRoleAndContent(item, message.role, standardContent(message.content, dialect.v1ImageBlocks ? dialect.standardBlockKeys : undefined)) : item;
  });
  return { ...input, items };
}

/** A prompt template: its messages, or the one text of `from_template` / `fromTemplate`. */
export interface PromptTemplate {
  messages: StaticValue;
  /** `from_template`: the text is one human message. */
  single: boolean;
  /** The template's fields are not `{name}` fields (mustache, jinja2): sent as written, not filled. */
  unfilled?: string;
}

/**
 * The messages of a chat prompt template with its fields filled from `values` (what the chain is
 * invoked with), or undefined when it is no list of messages this reads.
 */
export function templateMessages(template: PromptTemplate, values: ReadonlyMap<string, StaticValue>, source: string, dialect: LangChainDialect, unresolved: string[]): StaticValue | undefined {
  const given = template.messages;
  if (template.unfilled) unresolved.push(`the prompt template's fields are ${template.unfilled}: counted as written`);
  const fill = (content: StaticValue) =>
    content.kind === 'text' && !template.unfilled ? formatFields(content as StaticText, { positional: [], named: new Map(values) }, source, content.range) : content;
  if (template.single) return given.kind === 'text' ? { kind: 'list', items: [withRoleAndContent(given, 'user', fill(given))], range: given.range } : undefined;
  if (given.kind !== 'list') return undefined;
  const items: StaticValue[] = [];
  for (const item of given.items) {
    const role = item.kind === 'list' && item.items.length === 2 ? knownString(item.items[0]) : undefined;
    if (role === 'placeholder' || (item.kind === 'unknown' && /MessagesPlaceholder/.test(item.expression))) {
      unresolved.push('a messages placeholder adds messages known only at run time (not counted)');
      continue;
    }
    // A message object is sent as written; a `(role, text)` pair is a template.
    if (item.kind === 'object' && item.messageClass) {
      items.push(item);
      continue;
    }
    const message = roleAndContent(item, dialect);
    if (!message) {
      unresolved.push(`a message of the prompt template is ${item.kind === 'unknown' ? `\`${item.expression.slice(0, 40)}\`` : 'not read here'} (not counted)`);
      continue;
    }
    items.push(withRoleAndContent(item, message.role, standardContent(fill(message.content), dialect.v1ImageBlocks ? dialect.standardBlockKeys : undefined)));
  }
  return { kind: 'list', items, range: given.range };
}

/** A model name as far as known: the text, or the default a run-time value falls back to. */
function modelText(value: StaticValue | undefined): string | undefined {
  return knownString(value) ?? (value?.kind === 'unknown' ? value.fallback?.text : undefined);
}

/** The provider and model name of the universal initializer, or undefined when it is no provider counted here. */
function universalModel(model: ChatModel, modelValue: StaticValue | undefined, dialect: LangChainDialect): { provider: ChatProvider; model?: StaticValue } | undefined {
  // `init_chat_model("openai:gpt-4o")`, `initChatModel("claude-sonnet-4-5", { modelProvider: "anthropic" })`.
  const name = modelText(modelValue);
  const stated = knownString(model.options.get(dialect.providerOption));
  const prefixed = name && stated === undefined && knownString(modelValue) ? /^(openai|azure_openai|anthropic):(.+)$/.exec(name) : null;
  const which = prefixed?.[1] ?? stated ?? (name ? dialect.inferProvider(name) : undefined);
  if (which !== 'openai' && which !== 'azure_openai' && which !== 'anthropic') return undefined;
  return { provider: which === 'anthropic' ? 'anthropic' : 'openai', model: prefixed && modelValue ? spreadText(prefixed[2], modelValue.range) : modelValue };
}

/**
 * Whether a bound tool list holds tools only the running program makes (a schema, a tool object):
 * then nothing of it is counted, nor said to be computed when the module loads.
 */
export function holdsRuntimeTools(bound: StaticValue): boolean {
  return bound.kind === 'list' && bound.items.some((t) => t.kind === 'unknown');
}

/**
 * The type of a bound tool that is an OpenAI built-in tool (`{type: "web_search_preview"}`, what
 * `tools.imageGeneration()` makes): any type but `function`, as langchain-openai's `_is_builtin_tool`
 * (Python, libs/partners/openai/langchain_openai/chat_models/base.py at
 * langchain-ai/langchain@00539b501c219f80df69d799e92b102566a125e5) and `isBuiltInTool` (LangChain.js,
 * utils/tools.ts at langchain-ai/langchainjs@62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72) tell it.
 */
function builtInToolType(tool: StaticValue): string | undefined {
  if (tool.kind !== 'object') return undefined;
  const type = knownString(entryOf(tool, 'type'));
  return type !== undefined && type !== 'function' ? type : undefined;
}

/** Tools bound with the tool-binding method, as the request sends them; the others said in `unresolved`. */
function boundTools(lists: readonly StaticValue[], api: LangChainRequest['api'], dialect: LangChainDialect, unresolved: string[]): StaticValue[] {
  const out: StaticValue[] = [];
  const isOpenAi = (t: StaticValue) => t.kind === 'object' && knownString(entryOf(t, 'type')) === 'function' && entryOf(t, 'function') !== undefined;
  const isAnthropic = (t: StaticValue) => t.kind === 'object' && entryOf(t, 'input_schema') !== undefined && entryOf(t, 'name') !== undefined;
  for (const bound of lists) {
    const items = bound.kind === 'list' ? bound.items : [];
    // OpenAI-format tools (written so, or a `tool(...)` whose schema is written here) are counted
    // one by one; the others are named.
    const runtime: string[] = [];
    let other = bound.kind !== 'list';
    for (const written of items) {
      let t = written;
      if (isAnthropic(t) && api === 'messages' && dialect.anthropicConvertsOpenAITools) {
        out.push(t);
        continue;
      }
      if (isAnthropic(t) && dialect.openAIConvertsAnthropicTools) t = functionOfAnthropicTool(t);
      const builtIn = api !== 'messages' ? builtInToolType(t) : undefined;
      // A built-in tool is sent as written (`_construct_responses_api_payload`, `_reduceChatOpenAITools`).
      if (builtIn !== undefined && api === 'responses') out.push(t);
      else if (builtIn !== undefined) unresolved.push(refusal(`the built-in tool \`${builtIn}\` bound with \`${dialect.bindTools}\` is sent to Chat Completions (\`${dialect.responsesOption}\` is false), which refuses it: not counted`));
      else if (isOpenAi(t) && api === 'chat.completions') out.push(t);
      else if (isOpenAi(t) && api === 'responses') out.push(flatFunction(t, ['type', 'name', 'parameters', 'description'], { strict: null }));
      else if (isOpenAi(t) && api === 'messages' && dialect.anthropicConvertsOpenAITools) out.push(anthropicTool(t));
      else if (t.kind === 'unknown' && t.unwritten) unresolved.push(refusalIf(t.unwritten, `a tool bound with \`${dialect.bindTools}\` (\`${shortName(t.expression, 40)}\`) is not counted: ${t.unwritten}`));
      else if (t.kind === 'unknown') runtime.push(`\`${t.call ? `${t.call.callee}(...)` : shortName(t.expression, 30)}\``);
      else other = true;
    }
    if (runtime.length > 0) {
      unresolved.push(`tools bound with \`${dialect.bindTools}\` (${runtime.slice(0, 3).join(', ')}) are schemas or tool objects LangChain converts at run time: not counted`);
    }
    if (other) unresolved.push(`tools bound with \`${dialect.bindTools}\` are converted by LangChain: not counted`);
  }
  return out;
}

/** An Anthropic-format tool as the OpenAI function langchain-core makes of it: `{name, parameters, description}`. */
function functionOfAnthropicTool(tool: StaticValue): StaticValue {
  const fn: StaticEntry[] = [
    { key: 'name', value: entryOf(tool, 'name')! },
    { key: 'parameters', value: entryOf(tool, 'input_schema')! },
  ];
  const description = entryOf(tool, 'description');
  if (description) fn.push({ key: 'description', value: description });
  return {
    kind: 'object',
    entries: [
      { key: 'type', value: spreadText('function', tool.range) },
      { key: 'function', value: { kind: 'object', entries: fn, range: tool.range } },
    ],
    range: tool.range,
  };
}

/** `{type: "function", function: {name, description, parameters}}` with the function's fields at the top. */
function flatFunction(tool: StaticValue, keys: readonly string[], extra: Record<string, null>): StaticValue {
  const fn = entryOf(tool, 'function');
  const entries: StaticEntry[] = [];
  for (const key of keys) {
    const value = key === 'type' ? entryOf(tool, 'type') : entryOf(fn, key);
    if (value) entries.push({ key, value });
  }
  // A function's own `strict` is sent as it is.
  for (const [key, value] of Object.entries(extra)) entries.push({ key, value: entryOf(fn, key) ?? { kind: 'scalar', value, range: tool.range } });
  return { kind: 'object', entries, range: tool.range };
}

/** An OpenAI-format tool as an Anthropic tool: `{name, description, input_schema}`. */
function anthropicTool(tool: StaticValue): StaticValue {
  const fn = entryOf(tool, 'function');
  const entries: StaticEntry[] = [];
  for (const [from, to] of [['name', 'name'], ['description', 'description'], ['parameters', 'input_schema'], ['strict', 'strict']]) {
    const value = entryOf(fn, from);
    if (value) entries.push({ key: to, value });
  }
  return { kind: 'object', entries, range: tool.range };
}

/** Anthropic's messages: the system message as `system`, tool messages as `tool_result` blocks. */
function anthropicMessages(messages: StaticValue, dialect: LangChainDialect, entries: StaticEntry[], unresolved: string[]): StaticValue {
  if (messages.kind !== 'list') return messages;
  const isSystem = (m: StaticValue) => knownString(entryOf(m, 'role')) === 'system';
  let items = messages.items;
  const system = dialect.anthropicSystemFirstOnly ? (items[0] && isSystem(items[0]) ? items[0] : undefined) : items.find(isSystem);
  if (system) entries.push({ key: 'system', value: entryOf(system, 'content') ?? system });
  if (dialect.anthropicSystemFirstOnly && items.slice(1).some(isSystem)) unresolved.push(refusal('a system message after the first message is refused by LangChain (it is not sent): not counted'));
  items = items.filter((m) => !isSystem(m));
  if (dialect.anthropicToolResults) {
    const merged: StaticValue[] = [];
    for (const item of items) {
      if (knownString(entryOf(item, 'role')) !== 'tool') {
        merged.push(item);
        continue;
      }
      const block: StaticValue = {
        kind: 'object',
        entries: [
          { key: 'type', value: spreadText('tool_result', item.range) },
          ...(entryOf(item, 'content') ? [{ key: 'content', value: entryOf(item, 'content')! }] : []),
          ...(entryOf(item, 'tool_call_id') ? [{ key: 'tool_use_id', value: entryOf(item, 'tool_call_id')! }] : []),
        ],
        range: item.range,
      };
      // Tool results in a row are one user message.
      const last = merged[merged.length - 1];
      const lastContent = last && knownString(entryOf(last, 'role')) === 'user' ? entryOf(last, 'content') : undefined;
      if (lastContent?.kind === 'list' && lastContent.items.every((b) => knownString(entryOf(b, 'type')) === 'tool_result')) {
        merged[merged.length - 1] = withRoleAndContent(last, 'user', { ...lastContent, items: [...lastContent.items, block] });
      } else merged.push(withRoleAndContent(item, 'user', { kind: 'list', items: [block], range: item.range }));
    }
    items = merged;
  }
  return { ...messages, items };
}

/**
 * The request a chat model sends for `messages` (undefined: none given), or undefined when its
 * provider is none counted here.
 */
export function chatModelRequest(dialect: LangChainDialect, model: ChatModel, given: StaticValue | undefined, range: SourceRange, notes: string[]): LangChainRequest | undefined {
  const unresolved = [...model.unresolved, ...notes];
  let modelValue = dialect.modelOptions.map((key) => model.options.get(key)).find((v) => v !== undefined) ?? model.positionalModel;
  let provider = model.provider;
  if (!provider) {
    const universal = universalModel(model, modelValue, dialect);
    if (!universal) return undefined;
    provider = universal.provider;
    modelValue = universal.model;
  }
  const fallback = dialect.defaultModel?.[provider];
  if (!modelValue && fallback) {
    modelValue = spreadText(fallback, model.range);
    unresolved.push(`no model is given: ${dialect.defaultModel!.source}'s default, ${fallback}, which its versions change`);
  } else if (!modelValue) {
    unresolved.push("no model is given: counted on the editor's default model");
  }
  const modelName = modelText(modelValue);
  const useResponses = model.options.get(dialect.responsesOption);
  const written = useResponses?.kind === 'scalar' && typeof useResponses.value === 'boolean' ? useResponses.value : undefined;
  // Python: a `use_responses_api` given decides; LangChain.js: only `true` does.
  const stated = dialect.routesToResponses ? written : written === true ? true : undefined;
  const optionsRoute = (modelName !== undefined && dialect.prefersResponses?.(modelName) === true) || dialect.routesToResponses?.(model.options) === true;
  // A built-in tool bound sends the request to the Responses API unless Python's `use_responses_api` says otherwise.
  const builtIn = provider === 'openai' ? model.tools.flatMap((list) => (list.kind === 'list' ? list.items.flatMap((t) => builtInToolType(t) ?? []) : [])) : [];
  const responses = provider === 'openai' && (stated ?? (optionsRoute || builtIn.length > 0));
  if (responses && stated === undefined && !optionsRoute && builtIn.length > 0) {
    const types = [...new Set(builtIn)].map((type) => `\`${type}\``);
    unresolved.push(`LangChain sends a request with the built-in tool${types.length > 1 ? 's' : ''} ${types.join(', ')} to the Responses API: counted as a Responses request`);
  }
  const api: LangChainRequest['api'] = provider === 'anthropic' ? 'messages' : responses ? 'responses' : 'chat.completions';

  const entries: StaticEntry[] = [];
  if (modelValue) entries.push({ key: 'model', value: modelValue });
  let messages = given;
  if (messages && !dialect.v1ImageBlocks) messages = scriptImageBlocks(messages, api, dialect, unresolved);
  if (messages && api === 'messages') messages = anthropicMessages(messages, dialect, entries, unresolved);
  if (messages?.kind === 'list' && api !== 'messages' && modelName !== undefined && dialect.systemAsDeveloper?.(modelName)) {
    messages = { ...messages, items: messages.items.map((m) => (knownString(entryOf(m, 'role')) === 'system' ? withRoleAndContent(m, 'developer', entryOf(m, 'content')!) : m)) };
  }
  if (messages) entries.push({ key: api === 'responses' ? 'input' : 'messages', value: messages });
  const lists = [...model.tools];
  for (const part of model.bound ?? []) {
    const added = part(provider, modelName, api, model.streamed);
    unresolved.push(...added.unresolved);
    if (added.tools) lists.push(added.tools);
    for (const entry of added.entries) {
      const at = entries.findIndex((e) => e.key === entry.key);
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
    }
  }
  const tools = boundTools(lists, api, dialect, unresolved);
  if (tools.length > 0) entries.push({ key: 'tools', value: { kind: 'list', items: tools, range: model.range } });
  return { api, args: { kind: 'object', entries, range }, unresolved };
}

/**
 * The request a chain's call sends: the first step that is a chat model (`modelAt`), given the
 * call's input (read once a model is found) as messages, or, after a prompt template (`templateAt` of the step before), the
 * template's messages filled from the input. Undefined when no chat model is found (then the call
 * is no LLM call), or when the step before it is no template read here.
 */
export function chainRequest<Step>(
  dialect: LangChainDialect,
  steps: readonly Step[],
  modelAt: (step: Step) => ChatModel | undefined,
  templateAt: (step: Step) => PromptTemplate | undefined,
  inputOf: () => StaticValue | undefined,
  source: string,
  range: SourceRange,
): LangChainRequest | undefined {
  let at = -1;
  let model: ChatModel | undefined;
  for (let i = 0; i < steps.length && !model; i++) {
    model = modelAt(steps[i]);
    if (model) at = i;
  }
  if (!model) return undefined;
  const input = inputOf();
  const notes: string[] = [];
  let messages: StaticValue | undefined;
  if (at > 0) {
    const template = templateAt(steps[at - 1]);
    const values = new Map(input?.kind === 'object' ? input.entries.map((e) => [e.key, e.value] as const) : []);
    messages = template ? templateMessages(template, values, source, dialect, notes) : undefined;
    if (!messages) return undefined;
  } else {
    messages = input ? messagesOf(input, dialect) : undefined;
  }
  return chatModelRequest(dialect, model, messages, range, notes);
}
