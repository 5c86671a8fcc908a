/**
 * The request model: what every prompt-file parser produces and what the tokenizer, the cache
 * model, the editor and the command-line tool consume. Pure data, no `vscode` import.
 *
 * Offsets are UTF-16 code-unit offsets into the source file's text (what `String.prototype.slice`
 * and VS Code's `document.positionAt` use).
 */

export type FormatId =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic-messages'
  | 'prompty'
  | 'github-models'
  | 'vscode-prompt'
  | 'plain-text';

/** Which API shape the request is rendered for. */
export type ApiStyle = 'chat' | 'responses' | 'anthropic';

export interface SourceRange {
  /** Inclusive start offset in the source text. */
  start: number;
  /** Exclusive end offset in the source text. */
  end: number;
}

/** Why a span of text changes from one request to the next. */
export type DynamicKind =
  | 'template-variable' // {{ x }}, ${input:x}, {x}
  | 'template-block' // {% if %}, {{#each}}: output depends on inputs
  | 'env-reference' // ${env:VAR}, ${file:path}
  | 'editor-variable' // ${selection}, ${file}, ...
  | 'per-request-value' // in source code: datetime.now(), Date.now(), uuid4(), crypto.randomUUID()
  | 'literal'; // a literal value that looks per-request (timestamp, uuid): set by the breaker rules

export interface DynamicSpan {
  /** Offsets into `TextPiece.text` (decoded text), end exclusive. */
  start: number;
  end: number;
  kind: DynamicKind;
  /** Variable name or a short description, e.g. `user_name`, `${selection}`. */
  name: string;
  /**
   * A date without a time of day: it changes once a day, so requests within a cache lifetime
   * (minutes) share it. It does not end the prefix a warm request reads.
   */
  daily?: true;
}

/**
 * A run of text the provider receives, as decoded from the file (JSON escapes resolved, YAML
 * block scalars folded), with a way back to the file.
 */
export interface TextPiece {
  text: string;
  /** Where the text sits in the source (for a JSON string: inside the quotes). Null when synthetic. */
  range: SourceRange | null;
  /**
   * Source offset of each UTF-16 unit of `text` (length text.length + 1, last entry = end) when
   * the decoded text is not a verbatim slice of the source. Absent means
   * `offset(i) = range.start + i`. An `Int32Array` once the piece has crossed from the analysis
   * worker to the extension host (a typed array travels without a per-element copy).
   */
  offsets?: number[] | Int32Array;
  /** Spans of `text` that vary between requests (template variables and the like). */
  dynamic: DynamicSpan[];
}

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

/** Anthropic `cache_control` or an OpenAI `prompt_cache_breakpoint` on a block. */
export interface CacheBreakpoint {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
  range: SourceRange | null;
}

export type ContentPart =
  | { type: 'text'; piece: TextPiece; breakpoint?: CacheBreakpoint; range: SourceRange | null }
  | {
      type: 'image';
      detail: 'low' | 'high' | 'auto';
      /** Whether the request states `detail` ('low', 'high' or 'auto') rather than leaving it out. */
      detailStated?: boolean;
      /** Known pixel size (from the file or a data URL header); absent when unknown. */
      width?: number;
      height?: number;
      /** The URL or a short description; data URLs are shortened. */
      source: string;
      /**
       * The whole data URL, where the file's text does not hold it as written (source code that
       * builds it from an image file): what a test run and a provider count send.
       */
      data?: string;
      /**
       * The image file whose base64 the data URL holds after `prefix` (source code that reads it from
       * disk): a test run reads the file again rather than the editor carrying megabytes of base64.
       */
      file?: { path: string; prefix: string };
      breakpoint?: CacheBreakpoint;
      range: SourceRange | null;
    }
  | {
      /**
       * An audio clip (Chat Completions and Responses `input_audio`): billed by its length, never
       * read as text. The base64 data is not kept.
       */
      type: 'audio';
      /** The declared format (`wav`, `mp3`). */
      format: string;
      /** Length in seconds, read from the clip's headers; absent when it cannot be read. */
      seconds?: number;
      /** Whether `seconds` is the decoded sample count rather than an approximation (MP3 frames without gapless info). */
      exactLength?: boolean;
      /** A short description: format, size and how the length was read. */
      source: string;
      breakpoint?: CacheBreakpoint;
      range: SourceRange | null;
    }
  | {
      /** Any other block (tool_use, tool_result, function_call, file ...), counted from its JSON. */
      type: 'other';
      blockType: string;
      piece: TextPiece;
      breakpoint?: CacheBreakpoint;
      range: SourceRange | null;
    };

export interface Message {
  role: Role;
  name?: string;
  parts: ContentPart[];
  /** Assistant tool calls (Chat Completions `tool_calls`), kept as JSON text. */
  toolCalls?: TextPiece;
  toolCallId?: string;
  /** Responses API: the input item's own `id` (an earlier response's `msg_…`), where it has one. */
  itemId?: string;
  /** The whole message in the source. */
  range: SourceRange | null;
  /** The role marker (a Prompty `system:` line, a JSON `"role"` value). */
  roleRange: SourceRange | null;
}

export interface ToolDefinition {
  /** `function` for function tools; other built-in tool types keep their type name. */
  type: string;
  name: string;
  description?: string;
  /** JSON Schema of the parameters, as parsed. */
  parameters?: unknown;
  strict?: boolean;
  /**
   * A `custom` (free-form) tool's input grammar (`format: {type: "grammar", syntax, definition}`;
   * Chat Completions nests `syntax` and `definition` in `grammar`).
   */
  grammar?: { syntax: string; definition: string };
  /**
   * A Responses `namespace` tool (`{type: "namespace", name, description, tools}`): the function and
   * custom tools it groups, each with its own range and text; the model calls them as
   * `namespace.tool`. `name` and `description` are the namespace's own.
   */
  tools?: ToolDefinition[];
  /** `async: true`: the model may go on while the tool runs (gpt-6 and later, Responses API). */
  async?: true;
  breakpoint?: CacheBreakpoint;
  range: SourceRange | null;
  /** Template variables or other dynamic text inside the definition. */
  dynamic: DynamicSpan[];
  /** The definition's text as written (for dynamic-span offsets and fallback counting). */
  piece: TextPiece;
}

/**
 * The parameters whose names the API may refuse for the model (`request-refused`): the output limit's
 * Chat Completions names and the sampling parameters.
 */
export const CHECKED_PARAMETERS = ['max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k'] as const;

export interface ResponseSchema {
  name: string;
  /** `json_schema.description`: what the format is for (written as a comment above the schema). */
  description?: string;
  schema: unknown;
  strict?: boolean;
  /** `json_object` mode without a schema. */
  kind: 'json_schema' | 'json_object';
  range: SourceRange | null;
  piece: TextPiece;
}

export interface TemplateVariable {
  name: string;
  /** Default or sample value from the file (Prompty inputs, testData). */
  defaultValue?: string;
  /**
   * A Prompty `kind: thread` input: a conversation inserted as messages where it stands, not text
   * of the section it is written in.
   */
  thread?: boolean;
  range: SourceRange | null;
}

export interface ParseIssue {
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: SourceRange;
}

/** A `prompt_cache_key` made anew for every run by the library sending the request. */
export interface PerRunCacheKey {
  /** What adds the key, when, and what it looks like, for people. */
  reason: string;
  /** Set when whether the key is added depends on a library version the project does not pin: why it is not known. */
  versionUnknown?: string;
  /** How the code gives the runs that belong together one key (`RunConfig(group_id=...)`). */
  groupFix: string;
  /** How the code gives every run one fixed key. */
  fixedKeyFix: string;
  /** The run's call in the source. */
  range: SourceRange | null;
}

export interface PromptRequest {
  format: FormatId;
  api: ApiStyle;
  /** Model named in the file, if any. */
  model?: {
    name: string;
    range: SourceRange | null;
    provider?: string;
    /** A program's fallback model (`os.getenv("MODEL", "o3-mini")`): the model sent is known only at run time. */
    fallback?: true;
  };
  tools: ToolDefinition[];
  /** Chat Completions: `tools` sent as an empty array, where (billed as an empty tools block: see renderOpenAI). */
  emptyToolList?: { range: SourceRange | null };
  responseFormat?: ResponseSchema;
  /** Responses API `instructions`. */
  instructions?: TextPiece;
  /** Anthropic `system`, as blocks; for Chat formats the system message is in `messages`. */
  system?: ContentPart[];
  messages: Message[];
  promptCacheKey?: string;
  /**
   * The library that sends the request adds a `prompt_cache_key` of its own, a new one for every
   * run of the code (the OpenAI Agents SDK for Python from 0.14 on): a run's requests share it,
   * separate runs do not. Like any `prompt_cache_key`, it is no input token.
   */
  promptCacheKeyPerRun?: PerRunCacheKey;
  promptCacheRetention?: string;
  /**
   * Built from a program's source: the text it knows is the code's own constants (a date or id
   * written in the code is the same on every request); only its placeholders change.
   */
  constantText?: true;
  previousResponseId?: string;
  /**
   * Responses input items given by reference (`{"type": "item_reference", "id": …}`, or an object
   * holding only an `id`): the API reads the stored item, which the request does not hold.
   */
  storedItemReferences?: number;
  /** Anthropic top-level automatic `cache_control`. */
  topLevelCacheControl?: CacheBreakpoint;
  /** Other top-level request fields kept verbatim (max_tokens, temperature ...). */
  parameters: Record<string, unknown>;
  /**
   * Where the `CHECKED_PARAMETERS` among `parameters` are written: a request file's key, a call's
   * keyword argument.
   */
  parameterRanges?: Record<string, SourceRange>;
  variables: TemplateVariable[];
  /** Rows of variable values (GitHub Models testData, Prompty samples). */
  testData: Record<string, string>[];
  /** Non-fatal problems found while parsing. */
  issues: ParseIssue[];
}

/** A parse failure: malformed JSON/YAML and the like. Positions are 1-based for people. */
export class PromptParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'PromptParseError';
  }
}
