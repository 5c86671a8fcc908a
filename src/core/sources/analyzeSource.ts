/**
 * The analysis of the LLM calls in a Python, TypeScript or JavaScript file: each call's request
 * rebuilt from the source, then tokenized, cached and checked exactly as a prompt file is
 * (`analyzeRequest`). Pure: no `vscode` import; the editor's worker and the command line call it.
 */
import { analyzeRequest, checkInput, type Analysis, type AnalyzeInput, type Finding } from '../analyze';
import { LineIndex } from '../lineIndex';
import { CHECKED_PARAMETERS, type PromptRequest, type SourceRange, type TextPiece } from '../model';
import { firstClause } from '../tokens/estimateHeadlines';
import { findCallSites, findUnparsedCalls, type CallApi, type CallSite } from './callSites';
import { langChainRequest } from './langchainPython';
import { langChainScriptRequest } from './langchainScript';
import { importsLlmSdk, sourceLanguageOf, type SourceLanguage } from './languages';
import type { UnparsedSourceCall } from './unparsedCall';
import { MAX_BUILT_TEXT_UNITS, MAX_EVALUATION_STEPS, MAX_EXPRESSION_DEPTH, type ImportTimeValue, type ReadSourceFile, type SourceProgram } from './program';
import { PythonProgram } from './pythonProgram';
import { isRefusal } from './refusal';
import type { Node } from 'web-tree-sitter';
import { requestFromCall } from './requestFromCall';
import { anthropicOutputFormat } from './anthropicOutputFormat';
import { toolRunnerArguments } from './anthropicToolRunner';
import { runToolsRequest } from './openaiRunTools';
import { aiSdkAgentRequest } from './aiSdkAgent';
import { openAiAgentsScriptRequest } from './openaiAgentsScript';
import { openaiAgentsRequest } from './openaiAgentsPython';
import { instructorRequest } from './instructorPython';
import { ScriptProgram } from './scriptProgram';
import { CallFixes } from './sourceFixes';
import { builtTextUnits, capValue, MAX_TEXT_VALUE_CHARS, type StaticObject } from './staticValue';
import { loadSourceParser } from './treeSitter';
import type { ReadSourceBytes } from './promptFiles';

export interface AnalyzeSourceInput extends AnalyzeInput {
  /** Reads another workspace file, for constants imported with a relative import. */
  readFile?: ReadSourceFile;
  /** Reads a file's bytes, for a program that sends a file's content inline (an image). */
  readBytes?: ReadSourceBytes;
  /** Why a file the program reads cannot be read (a directory, a pipe, too large), when it is there. */
  whyUnreadable?: (path: string) => string | undefined;
  /** Folder holding the parser's WASM files; defaults to the bundle's `parsers/` or node_modules. */
  parserAssetDir?: string;
}

export interface SourceCall {
  /** 1-based line and column of the call in the source file. */
  line: number;
  column: number;
  offset: number;
  /** The API the call reaches: `chat.completions`, `responses`, `messages`, `litellm`, `ai-sdk` (an OpenAI Agents SDK run: `responses`). */
  api: CallApi;
  /** The callee as written, e.g. `client.chat.completions.create`. */
  callee: string;
  /** The whole call expression. */
  range: SourceRange;
}

export interface SourcePrompt {
  call: SourceCall;
  analysis: Analysis;
}

/** An LLM call a syntax error keeps from being read: no request can be rebuilt for it. */


export interface SourceAnalysis {
  fileName: string;
  language: SourceLanguage;
  prompts: SourcePrompt[];
  unparsedCalls: UnparsedSourceCall[];
  /**
   * Other files the analysis read (modules whose constants it imported, prompt files the code
   * reads): the calls' analyses change when one of them does.
   */
  readFiles: string[];
  /**
   * Files the analysis looked for and did not find (a prompt file searched for from the source
   * file's folder up, an import's candidate paths, a file that is missing, not a regular file or
   * too large): creating one can change the calls too.
   */
  missingFiles: string[];
}

export { isSourceFileName, sourceLanguageOf } from './languages';

/**
 * Finds the LLM calls of a source file and analyses the request each one sends. A file that
 * imports no LLM SDK is not parsed and has no prompts.
 */
export async function analyzeSource(input: AnalyzeSourceInput): Promise<SourceAnalysis> {
  const language = sourceLanguageOf(input.fileName);
  if (!language) throw new Error(`${input.fileName} is not a Python, TypeScript or JavaScript file`);
  checkInput(input.text, input.maxBytes);
  const result: SourceAnalysis = { fileName: input.fileName, language, prompts: [], unparsedCalls: [], readFiles: [], missingFiles: [] };
  if (!importsLlmSdk(input.text, language)) return result;

  const parser = await loadSourceParser(language, input.parserAssetDir);
  const read = new Set<string>();
  const missing = new Set<string>();
  const readFile = input.readFile;
  const recordingRead: ReadSourceFile | undefined = readFile && ((path) => {
    const text = readFile(path);
    (text === undefined ? missing : read).add(path);
    return text;
  });
  const readBytes = input.readBytes;
  const recordingBytes: ReadSourceBytes | undefined = readBytes && ((path) => {
    const data = readBytes(path);
    (data === undefined ? missing : read).add(path);
    return data;
  });
  const options = {
    fileName: input.fileName,
    source: input.text,
    tree: parser.parse(input.text),
    parser,
    readFile: recordingRead,
    readBytes: recordingBytes,
    whyUnreadable: input.whyUnreadable,
    projectRoot: input.projectRoot,
  };
  const program: SourceProgram = language === 'python' ? new PythonProgram(options) : new ScriptProgram(options);
  const lines = new LineIndex(input.text);
  try {
    const sites = findCallSites(program.tree, input.text, language);
    const unparsed = findUnparsedCalls(program.tree, input.text, language, sites);
    result.unparsedCalls = unparsed.map(({ offset, callee, errorOffset }) => ({ ...lines.position(offset), callee, error: lines.position(errorOffset) }));
    const broken = new Set(unparsed.map((call) => call.offset));
    for (const site of sites) {
      if (broken.has(site.node.startIndex)) continue;
      program.notes.clear();
      program.reasons.clear();
      program.importTimeValues.length = 0;
      program.builtAt.length = 0;
      program.budget.steps = 0;
      program.forgetReadings();
      program.budget.unitsFrom = builtTextUnits();
      // A LangChain `.invoke` is an LLM call only with a chat model behind it.
      const chain =
        site.api !== 'langchain' ? undefined : program instanceof PythonProgram ? langChainRequest(program, site) : langChainScriptRequest(program as ScriptProgram, site);
      // An AI SDK agent's `.generate` / `.stream` is an LLM call only with an agent behind it; an
      // OpenAI Agents SDK run only when `run` (or its `Runner`) is the SDK's.
      const agent =
        (site.api === 'ai-sdk-agent' || (site.api === 'langchain' && !chain)) && program instanceof ScriptProgram
          ? aiSdkAgentRequest(program, site)
          : site.api !== 'openai-agents'
            ? undefined
            : program instanceof PythonProgram
              ? openaiAgentsRequest(program, site)
              : openAiAgentsScriptRequest(program as ScriptProgram, site);
      // A call of an instructor client is rebuilt as the request instructor makes of it.
      const instructor =
        program instanceof PythonProgram && (site.api === 'chat.completions' || site.api === 'responses' || site.api === 'messages' || site.api === 'instructor')
          ? instructorRequest(program, site)
          : undefined;
      if ((site.api === 'langchain' || site.api === 'ai-sdk-agent' || site.api === 'openai-agents' || site.api === 'instructor') && !chain && !agent && !instructor) continue;
      const api = agent?.api ?? instructor?.api ?? chain?.api ?? site.api;
      const read = agent ?? instructor ?? chain ?? callArguments(program, site);
      const { unresolved } = read;
      // One long text sent many times is counted up to what one text may be built to, in all.
      const capped = capValue(read.args, MAX_TEXT_VALUE_CHARS, input.text);
      if (capped) program.notes.add('sent');
      const args = (capped ?? read.args) as StaticObject;
      const built = requestFromCall(api, args, input.text, api === 'ai-sdk' && program instanceof ScriptProgram ? { major: program.aiSdkMajor() } : {}, program.encodedFiles);
      // The `prompt_cache_key` the Agents SDK adds on its own: no argument of the call holds it.
      if (agent && 'promptCacheKeyPerRun' in agent && agent.promptCacheKeyPerRun) built.request.promptCacheKeyPerRun = agent.promptCacheKeyPerRun;
      if (agent && 'promptCacheKey' in agent && agent.promptCacheKey) built.request.promptCacheKey = agent.promptCacheKey;
      // Parameters the API may refuse for the model, where an openai or anthropic SDK call writes them: a library
      // (LiteLLM, the AI SDK, LangChain, the Agents SDK, instructor) sends names of its own choosing.
      if ((api === 'chat.completions' || api === 'responses' || api === 'messages') && !agent && !instructor && !chain) {
        for (const name of CHECKED_PARAMETERS) {
          const written = argumentName(site.node, name);
          if (written) built.request.parameterRanges = { ...built.request.parameterRanges, [name]: written };
        }
      }
      const analysis = await analyzeRequest({ ...built.request, constantText: true }, input, lines);
      const leftOut = [...built.leftOut, ...('leftOut' in read && read.leftOut ? read.leftOut : [])];
      const reasons = [
        ...unresolved,
        ...built.unresolved,
        ...program.reasons,
        ...noteText(program.notes),
        // A model computed when the module loads (`const model = openai('gpt-4o')`) is no prompt
        // text, and a value the request leaves out (`tools=TOOLS`, TOOLS not known) is not counted.
        ...importTimeText(program.importTimeValues.filter((v) => !within(v.range, built.modelAt) && !(v.fileName === program.fileName && leftOut.some((r) => within(v.range, r))))),
      ];
      explainEstimate(analysis, built.request, reasons);
      analysis.findings.unshift(...refusedFindings(reasons, site.node, lines));
      // A value cut short (past the step limit, or a text built past the size limit) leaves the
      // prompt's size unknown too: no "more tokens needed" advice from a count of what is written.
      const cutShort = program.notes.has('budget')
        ? 'values that take too many steps to read'
        : program.notes.has('size')
          ? 'a text built past the size limit'
          : program.notes.has('built') || program.notes.has('sent')
            ? 'texts past the size limit'
            : undefined;
      // A call that gives no messages, with its fields from a spread or a request object the source
      // does not tell: the messages it sends (the API requires them) come from there.
      const fromElsewhere =
        !agent && !instructor && !chain && !args.entries.some((e) => MESSAGE_KEYS.has(e.key))
          ? read.unresolved.length > 0
            ? read.unresolved[0]
            : program.notes.has('spread')
              ? 'the messages come from a spread (`**kwargs`, `...options`) the source does not tell'
              : undefined
          : undefined;
      const sizeUnknown = built.sizeUnknown ?? (agent && 'sizeUnknown' in agent ? agent.sizeUnknown : undefined) ?? cutShort ?? fromElsewhere;
      if (sizeUnknown) {
        // What the size decides (the minimum, the cost) is not known either.
        analysis.sizeUnknown = sizeUnknown;
        analysis.findings = analysis.findings.filter((f) => f.rule !== 'prefix-below-minimum');
        analysis.cost = null;
      }
      const unknownAt = built.sizeUnknownAt ?? (agent && 'sizeUnknownAt' in agent ? agent.sizeUnknownAt : undefined);
      const builtAt = unknownAt ? [...program.builtAt, unknownAt] : program.builtAt;
      if (builtAt.length > 0) analysis.builtAt = [...builtAt];
      // Fixes are written for prompt-file syntax; source code gets its own, for breakers only.
      const fixes = new CallFixes(site.node, input.text, language);
      for (const finding of analysis.findings) {
        // A refused parameter's fix renames it where the call writes it: the same in any syntax.
        if (finding.rule === 'request-refused') continue;
        delete finding.fix;
        const fix = finding.range && finding.cacheableTokensIfFixed !== undefined ? fixes.fix(finding.range) : undefined;
        if (fix) finding.fix = fix;
        const noFix = !fix && finding.range && finding.cacheableTokensIfFixed !== undefined ? fixes.noFixReason(finding.range) : undefined;
        if (noFix) finding.message += `; ${noFix}`;
      }
      const start = site.node.startIndex;
      result.prompts.push({
        call: { ...lines.position(start), offset: start, api, callee: site.callee, range: { start, end: site.node.endIndex } },
        analysis,
      });
    }
  } finally {
    program.dispose();
  }
  result.readFiles = [...read];
  result.missingFiles = [...missing].filter((path) => !read.has(path));
  return result;
}

/**
 * A warning on the call's name (`create` of `client.chat.completions.create`) for each reason it
 * fails as written (`refusal()`): said in the estimate too, but a 400 should not wait for a hover.
 */
function refusedFindings(reasons: readonly string[], call: Node, lines: LineIndex): Finding[] {
  const fn = call.childForFieldName('function');
  const name = fn?.childForFieldName('property') ?? fn?.childForFieldName('attribute') ?? fn ?? call;
  const range = { start: name.startIndex, end: name.endIndex };
  return [...new Set(reasons)].filter(isRefusal).map((reason) => ({
    rule: 'request-refused',
    severity: 'warning',
    message: `This call fails as written: ${reason}`,
    range,
    ...lines.position(range.start),
    end: lines.position(range.end),
    tokenIndex: null,
  }));
}

/**
 * Where a call names the argument `name`: Python's keyword argument, the key of a JavaScript
 * call's request object (without quotes); undefined when the call does not write it there.
 */
function argumentName(call: Node, name: string): SourceRange | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  for (const arg of args) {
    if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) {
      const key = arg.childForFieldName('name')!;
      return { start: key.startIndex, end: key.endIndex };
    }
  }
  const options = args.find((a) => a.type === 'object');
  for (const pair of options?.namedChildren ?? []) {
    const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
    if (!key) continue;
    const quoted = key.type === 'string';
    if ((quoted ? key.text.slice(1, -1) : key.text) === name) return quoted ? { start: key.startIndex + 1, end: key.endIndex - 1 } : { start: key.startIndex, end: key.endIndex };
  }
  return undefined;
}

/** Whether `inner` lies inside `outer`. */
const within = (inner: SourceRange, outer: SourceRange | undefined) => outer !== undefined && outer.start <= inner.start && inner.end <= outer.end;

/** The anthropic TypeScript tool runner's own settings, which it does not send. */
const SCRIPT_RUNNER_SETTINGS = new Set(['max_iterations', 'runToolsEagerly', 'thread']);

/** The fields a request's messages are sent in: `messages`, Responses `input`, the AI SDK's `prompt`. */
const MESSAGE_KEYS = new Set(['messages', 'input', 'prompt']);

/** The call's arguments as one object: keyword arguments, or the request object of a JS call. */
function callArguments(program: SourceProgram, site: CallSite): { args: StaticObject; unresolved: string[]; leftOut?: SourceRange[] } {
  const range = { start: site.node.startIndex, end: site.node.endIndex };
  if (program instanceof PythonProgram) {
    // An Anthropic call's `output_format` is read again below, as the SDK sends it (or not at all).
    const { named, positional } = program.callArguments(site.node, (key) => site.api === 'messages' && key === 'output_format');
    // LiteLLM's `completion(model, messages)` also takes them in order.
    if (site.api === 'litellm') {
      const names = ['model', 'messages'];
      positional.slice(0, 2).forEach((value, i) => named.unshift({ key: names[i], value }));
    }
    // The anthropic SDK's `output_format`: a pydantic model is sent transformed, or refused.
    if (site.api === 'messages') {
      const method = site.callee.replace(/^.*\./, '');
      const read = anthropicOutputFormat(program, site.node, method, named);
      // Runnable tools (`@beta_tool` functions, or their `.to_dict()`) as the SDK sends them.
      const run = toolRunnerArguments(program, site.node, read.named, method === 'tool_runner');
      return { args: { kind: 'object', entries: run.named, range }, unresolved: [...read.unresolved, ...run.unresolved] };
    }
    return { args: { kind: 'object', entries: named, range }, unresolved: [] };
  }
  const first = site.node.childForFieldName('arguments')?.namedChildren.find((n) => n.type !== 'comment');
  const value = first ? program.evaluate(first) : undefined;
  // The openai SDK's tool runner sends its runnable tools without their functions.
  if (value?.kind === 'object' && site.callee.endsWith('.runTools')) return runToolsRequest(value, program.source);
  // The anthropic SDK's tool runner keeps its own settings (@anthropic-ai/sdk 1.14.0 `BetaToolRunnerSettings`).
  if (value?.kind === 'object' && site.callee.endsWith('.toolRunner')) return { args: { ...value, entries: value.entries.filter((e) => !SCRIPT_RUNNER_SETTINGS.has(e.key)) }, unresolved: [] };
  if (value?.kind === 'object') return { args: value, unresolved: [] };
  const unresolved = value ? [`the request is \`${first!.text.slice(0, 40)}\`, known only at run time`] : [];
  return { args: { kind: 'object', entries: [], range }, unresolved };
}

function noteText(notes: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (notes.has('spread')) out.push('some fields come from a spread (`**kwargs`, `...options`) the source does not tell');
  if (notes.has('named')) out.push('a `\\N{...}` escape names a character not known here (counted as written)');
  if (notes.has('printed')) out.push('a known value is printed with a format Python applies in a way not reproduced here (counted as written)');
  if (notes.has('imports')) out.push('an imported name could not be read (counted as its name)');
  if (notes.has('nesting')) out.push(`an expression nested more than ${MAX_EXPRESSION_DEPTH} deep is counted as written`);
  if (notes.has('budget')) out.push(`the call's values take more than ${MAX_EVALUATION_STEPS.toLocaleString('en-US')} steps to read: the rest is counted as written`);
  if (notes.has('built')) out.push(`the call's values take more than ${MAX_BUILT_TEXT_UNITS.toLocaleString('en-US')} characters of text to build: the rest is counted as written`);
  if (notes.has('sent')) out.push(`the call's texts come to more than ${MAX_TEXT_VALUE_CHARS.toLocaleString('en-US')} characters in all: the rest is counted as written`);
  if (notes.has('size')) out.push(`a text built past ${MAX_TEXT_VALUE_CHARS.toLocaleString('en-US')} characters is counted as written`);
  return out;
}

/** Module-level values the source does not tell: counted as written, the same on every request. */
function importTimeText(found: readonly ImportTimeValue[]): string[] {
  // The parts of an unknown expression (a generator's variable) are not values of their own: in
  // order of start (the longest first at one start), a value inside the last outer one is a part.
  // One place read many times (a constant used in every step of a chain) counts once.
  const places = new Map<string, ImportTimeValue>();
  for (const v of found) places.set(`${v.fileName}\0${v.range.start}\0${v.range.end}`, v);
  const sorted = [...places.values()].sort(
    (a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : a.range.start - b.range.start || b.range.end - a.range.end),
  );
  const outermost: ImportTimeValue[] = [];
  for (const v of sorted) {
    const outer = outermost.at(-1);
    if (outer && outer.fileName === v.fileName && outer.range.end >= v.range.end) continue;
    outermost.push(v);
  }
  const phrase = (values: Set<string>, how: string) => {
    const shown = [...values].slice(0, 2).map((v) => `\`${v}\``).join(', ');
    const more = values.size > 2 ? ` and ${values.size - 2} more` : '';
    return `${values.size === 1 ? 'a value' : `${values.size} values`} computed ${how} (${shown}${more})`;
  };
  const loaded = new Set(outermost.filter((v) => !v.derived).map((v) => v.expression));
  const derived = new Set(outermost.filter((v) => v.derived).map((v) => v.expression));
  const parts = [...(loaded.size > 0 ? [phrase(loaded, 'when the module loads')] : []), ...(derived.size > 0 ? [phrase(derived, "from the module's values")] : [])];
  if (parts.length === 0) return [];
  return [`${parts.join(' and ')}, counted as written in the code: the same on every request`];
}

/** Placeholders and unresolved parts make the count an estimate: say so, and why. */
function explainEstimate(analysis: Analysis, request: PromptRequest, unresolved: string[]): void {
  const names = new Set<string>();
  for (const piece of requestPieces(request)) {
    for (const span of piece.dynamic) if (span.kind === 'template-variable' || span.kind === 'per-request-value') names.add(span.name);
  }
  const reasons: string[] = [];
  const headlines: string[] = [];
  if (names.size > 0) {
    const shown = [...names].slice(0, 4).map((n) => `\`${n}\``).join(', ');
    const more = names.size > 4 ? ` and ${names.size - 4} more` : '';
    const values = names.size === 1 ? 'a value' : `${names.size} values`;
    reasons.push(`${values} known only at run time (${shown}${more}) counted as written in the code`);
    headlines.push(`${values} known only at run time, counted as written in the code`);
  }
  // The same reason given for many parts (a spread in each of hundreds of messages) is said once.
  const distinct = [...new Set(unresolved)];
  reasons.push(...distinct);
  headlines.push(...distinct.map((reason) => firstClause(reason)));
  if (reasons.length === 0) return;
  analysis.estimate = true;
  analysis.estimateReason = [analysis.estimateReason?.replace(/\.$/, ''), ...reasons].filter(Boolean).join('; ');
  analysis.estimateReasons = [...(analysis.estimateReasons ?? []), ...reasons];
  analysis.estimateHeadlines = [...(analysis.estimateHeadlines ?? []), ...headlines];
}

function requestPieces(request: PromptRequest): TextPiece[] {
  const parts = [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)];
  return [...(request.instructions ? [request.instructions] : []), ...parts.flatMap((p) => (p.type === 'image' || p.type === 'audio' ? [] : [p.piece]))];
}
