/**
 * OpenAI Chat Completions and Responses requests, token by token, in the order the prompt cache
 * sees them: tools, response schema, instructions/system, messages, reply priming.
 */
import type { DynamicSpan, Message, PromptRequest, SourceRange, TextPiece, ToolDefinition } from '../model';
import type { ResolvedModel } from './models';
import {
  BUILT_IN_TOOL_ESTIMATE,
  CONSTRAINT_COMMENT_ESTIMATE,
  CONSTRAINT_KEYWORD_ESTIMATE,
  STRICT_FORMAT_ESTIMATE,
  STRING_CONSTRAINT_ESTIMATE,
  ASYNC_TOOL_ESTIMATE,
  CUSTOM_TOOL_ESTIMATE,
  EMPTY_ASSISTANT_ESTIMATE,
  MULTILINE_DESCRIPTION_ESTIMATE,
  NAMESPACE_TOOL_ESTIMATE,
  TOOL_SCHEMA_DESCRIPTION_ESTIMATE,
  ITEM_DESCRIPTION_ESTIMATE,
  NESTED_TOOL_SCHEMA_ESTIMATE,
  UNMEASURED_TOOL_SHAPE_ESTIMATE,
  OPEN_MAP_ESTIMATE,
  PARALLEL_CALLS_OFF_ESTIMATE,
  PARALLEL_CALLS_OFF_ONE_SOURCE_ESTIMATE,
  PARALLEL_JSON_RESULT_ESTIMATE,
  EMPTY_TOOL_LIST_ESTIMATE,
  PARAMETERLESS_TOOL_ESTIMATE,
  REASONING_PRO_ESTIMATE,
  SINGLE_VARIANT_UNION_ESTIMATE,
  type OpenAIFraming,
  openAIFramingFor,
  RESPONSES_CL100K_ESTIMATE,
  O1_PREVIEW_ESTIMATE,
  RESPONSES_TOOLS_ESTIMATE,
  SEARCH_MODEL_ESTIMATE,
  STORED_ANSWER_WITH_SCHEMA_ESTIMATE,
  STORED_STATE_ESTIMATE,
  TOOL_CALLS_ESTIMATE,
  TOOL_RESULT_IMAGE_ESTIMATE,
  TOOL_CHOICE_ESTIMATE,
  TYPE_LIST_ESTIMATE,
  UNMODELLED_ITEM_ESTIMATE,
  WEB_SEARCH_PREVIEW_ESTIMATE,
  PARALLEL_TURN_SIZE_ESTIMATE,
} from './openaiFraming';
import { anchoredRun, enclosingRange, PromptBuilder, runOfPiece, syntheticRun, type TextRun } from './promptBuilder';
import type { RenderedPrompt } from './rendered';
import { pythonJsonDumps } from './pythonJson';
import { openAIImageCounter, renderParts } from './renderContent';
import { findInPiece, hasContent, isSystemLike, openAIFileCounter, pieceOffset } from './renderHelpers';
import {
  estimateResponseFormat,
  hasSchemaSection,
  renderResponseFormat,
  renderResponseFormatAfterTools,
  responseFormatRuns,
} from './renderOpenAIResponseFormat';
import {
  reasoningItem,
  renderReasoningItem,
  renderResponsesCall,
  renderResponsesOutput,
  responsesCall,
  responsesFraming,
  responsesTurnStart,
} from './renderResponsesItems';
import { messageLabels } from './segmentLabels';
import { Marker } from './syntheticIds';
import type { Tokenizer } from './tokenizer';
import {
  constraintKeywords,
  describedPrimitiveItems,
  FUNCTIONS_SECTION_HEADER,
  type FunctionSpec,
  functionNamespaceLines,
  isOpenMap,
  namespaceSectionLines,
  type NamespaceLine,
  type NamespaceOptions,
  isTypeList,
  RENDERED_CONSTRAINT_KEYWORDS,
  STRICT_FORMATS,
  STRING_CONSTRAINT_KEYWORDS,
} from './toolNamespace';
import { shortText } from '../labels';

function renderTools(
  builder: PromptBuilder,
  req: PromptRequest,
  resolved: ResolvedModel,
  framing: OpenAIFraming,
  hasSystem: boolean,
): void {
  const functions = req.tools.filter(declaredInNamespace);
  const namespaces = req.tools.filter(isNamespaceTool);
  const builtIn = req.tools.filter((tool) => !declaresFunctions(tool));
  const searchPreview = builtIn.filter((tool) => tool.type.startsWith('web_search_preview'));
  // `web_search_preview` adds a measured figure where its family has one (WEB_SEARCH_PREVIEW_TOKENS).
  const searchPreviewTokens = req.api === 'responses' && searchPreview.length === 1 ? framing.webSearchPreviewTokens : undefined;
  if (searchPreviewTokens !== undefined) {
    // A segment of its own, so the tool shows its count and is tinted like any other tool.
    const [tool] = searchPreview;
    builder.beginSegment('tool', `tool ${shortText(tool.name)}`, tool.range, { toolIndex: req.tools.indexOf(tool) });
    builder.markers(Marker.toolsPreamble, searchPreviewTokens);
    builder.endSegment();
    builder.estimate(WEB_SEARCH_PREVIEW_ESTIMATE);
  }
  if (builtIn.length > (searchPreviewTokens === undefined ? 0 : 1)) builder.estimate(BUILT_IN_TOOL_ESTIMATE);
  const emptyList = sendsEmptyToolList(req);
  if (emptyList && !framing.emptyToolListMeasured) builder.estimate(EMPTY_TOOL_LIST_ESTIMATE);
  if (functions.length === 0 && namespaces.length === 0 && !emptyList) return;
  if (namespaces.length > 0) builder.estimate(NAMESPACE_TOOL_ESTIMATE);
  // Every tool declared as a function: those of the `functions` namespace and those of namespace tools.
  const declared = [...functions, ...namespaces.flatMap((namespace) => namespace.tools ?? [])];
  if (declared.some((tool) => tool.type === 'custom')) builder.estimate(CUSTOM_TOOL_ESTIMATE);
  if (declared.some((tool) => tool.async)) builder.estimate(ASYNC_TOOL_ESTIMATE);
  if (declared.some((tool) => hasNestedSchema(tool.parameters))) {
    const measured = req.api === 'chat' && framing.nestedToolSchemasMeasured;
    const nullable = (tool: ToolDefinition) => hasNullableProperty(tool.parameters, !framing.typeListsMeasured);
    if (!measured || declared.some(nullable)) builder.estimate(NESTED_TOOL_SCHEMA_ESTIMATE);
  }
  if (declared.some((tool) => hasOpenMap(tool.parameters)) && !(req.api === 'chat' && framing.openMapsMeasured)) {
    builder.estimate(OPEN_MAP_ESTIMATE);
  }
  const typeListShapes = framing.typeLists === 'inline' ? 'any' : 'describedRequired';
  if (declared.some((tool) => hasUnmeasuredTypeList(tool.parameters, framing.typeListsMeasured, typeListShapes))) {
    builder.estimate(TYPE_LIST_ESTIMATE);
  }
  const itemDescriptionsMeasured = req.api === 'chat' && framing.nestedToolSchemasMeasured && framing.objectArrays === 'generic';
  if (declared.some((tool) => hasUnmeasuredItemDescription(tool.parameters, itemDescriptionsMeasured))) {
    builder.estimate(ITEM_DESCRIPTION_ESTIMATE);
  }
  const schemaDescribed = (tool: ToolDefinition) => {
    const description = (tool.parameters as Record<string, unknown> | undefined)?.description;
    return typeof description === 'string' && description !== '';
  };
  if (req.api === 'chat' && resolved.toolPropertyTitles && !framing.toolSchemaDescriptionMeasured && declared.some(schemaDescribed)) {
    builder.estimate(TOOL_SCHEMA_DESCRIPTION_ESTIMATE);
  }
  if (declared.some((tool) => tool.description?.includes('\n') || hasMultilinePropertyDescription(tool.parameters))) {
    builder.estimate(MULTILINE_DESCRIPTION_ESTIMATE);
  }
  const singleVariant = (record: Record<string, unknown>) =>
    [record.anyOf, record.oneOf].some((union) => Array.isArray(union) && union.length === 1);
  if (resolved.toolPropertyTitles && declared.some((tool) => someSchemaNode(tool.parameters, singleVariant))) {
    builder.estimate(SINGLE_VARIANT_UNION_ESTIMATE);
  }
  if (declared.some((tool) => titleOnlyHeader(tool, framing))) {
    builder.estimate(UNMEASURED_TOOL_SHAPE_ESTIMATE);
  }
  const parameterless =
    req.api === 'responses' && declared.some((tool) => tool.type === 'function' && (tool.parameters === undefined || tool.parameters === null));
  if (parameterless && !framing.responsesToolWithoutParametersMeasured) builder.estimate(PARAMETERLESS_TOOL_ESTIMATE);
  const unfitted = (tool: ToolDefinition) =>
    constraintKeywords(tool.parameters).some((key) => !RENDERED_CONSTRAINT_KEYWORDS.includes(key));
  const strictOf = (tool: ToolDefinition) => tool.strict === true || (req.api === 'responses' && tool.strict !== false);
  const droppedFormat = (tool: ToolDefinition) =>
    strictOf(tool) && someSchemaNode(tool.parameters, (record) => typeof record.format === 'string' && !STRICT_FORMATS.includes(record.format));
  if (declared.some(droppedFormat)) builder.estimate(STRICT_FORMAT_ESTIMATE);
  if (declared.some(unfitted)) builder.estimate(CONSTRAINT_KEYWORD_ESTIMATE);
  else if (!framing.stringConstraintsMeasured && declared.some((tool) => constraintKeywords(tool.parameters).some((key) => STRING_CONSTRAINT_KEYWORDS.includes(key)))) {
    builder.estimate(STRING_CONSTRAINT_ESTIMATE);
  } else if (!framing.constraintCommentsMeasured && declared.some((tool) => constraintKeywords(tool.parameters).length > 0)) {
    builder.estimate(CONSTRAINT_COMMENT_ESTIMATE);
  }

  const toolsRange = emptyList ? req.emptyToolList!.range : spanOf([...functions, ...namespaces]);
  builder.beginSegment('tools', 'tools', toolsRange);
  // The preamble holds the `## functions` header, which a request whose tools are all in namespace
  // tools goes without (each namespace has a header of its own).
  const functionsHeader = functions.length === 0 && !emptyList ? builder.tokenizer.encode(FUNCTIONS_SECTION_HEADER).length : 0;
  const preamble = Math.max(0, (hasSystem ? framing.toolsPreambleInSystem : framing.toolsPreambleAlone) - functionsHeader);
  builder.markers(Marker.toolsPreamble, preamble + framing.toolsInstructions + (parameterless ? framing.responsesToolWithoutParametersFraming : 0));
  if (req.parameters.parallel_tool_calls === false) {
    const off = req.api === 'responses' ? framing.parallelCallsOffResponses : framing.parallelCallsOffChat;
    if (off === null) builder.estimate(PARALLEL_CALLS_OFF_ESTIMATE);
    else builder.markers(Marker.toolsPreamble, off);
    if (off !== null && req.api === 'responses' && !framing.parallelCallsOffResponsesMeasured) {
      builder.estimate(PARALLEL_CALLS_OFF_ONE_SOURCE_ESTIMATE);
    }
  }

  const spec = (tool: ToolDefinition): FunctionSpec => ({
    name: tool.name,
    description: tool.description,
    parameters: req.api === 'responses' && tool.strict !== false ? strictParameters(tool.parameters) : tool.parameters,
    strict: strictOf(tool),
    ...(tool.type === 'custom' ? { freeform: true, ...(tool.grammar ? { grammar: tool.grammar } : {}) } : {}),
  });
  const options: NamespaceOptions = {
    nestedDescriptions: resolved.nestedToolDescriptions,
    inlineWithoutComments: resolved.nestedToolDescriptions,
    propertyTitles: resolved.toolPropertyTitles,
    // The mid-2023 snapshots leave the schema's own description out (a recorded gpt-3.5-turbo-0613 request).
    header: resolved.toolPropertyTitles
      ? framing.toolHeader
      : { ...framing.toolHeader, order: framing.toolHeader.order.filter((line) => line !== 'schemaDescription') },
    objectArrays: framing.objectArrays,
    nestedIndent: framing.nestedObjectIndent,
    unionObjects: framing.unionObjects,
    typeLists: framing.typeLists,
    boundComments: framing.constraintComments,
    scalarDefinitionsInPlace: framing.scalarDefinitionsInPlace,
  };
  // The tools the lines are tagged with: the function tools, then each namespace tool followed by
  // its own tools. The `functions` block comes first (where there are function tools), then a
  // section per namespace tool, a blank line before each.
  const entries: ToolDefinition[] = [...functions];
  const lines: NamespaceLine[] = functions.length > 0 || emptyList ? functionNamespaceLines(functions.map(spec), options) : [];
  const namespaceOf = new Map<ToolDefinition, ToolDefinition>();
  for (const namespace of namespaces) {
    const own = entries.length;
    const inner = namespace.tools ?? [];
    entries.push(namespace, ...inner);
    for (const tool of inner) namespaceOf.set(tool, namespace);
    if (lines.length > 0) lines.push({ text: '', toolIndex: -1 });
    for (const line of namespaceSectionLines(namespace.name, inner.map(spec), options)) {
      lines.push({ ...line, toolIndex: line.toolIndex === -1 ? own : own + 1 + line.toolIndex });
    }
  }
  // Place each line in its tool's source text, searching forward so repeated words land in order.
  const cursors = entries.map(() => 0);
  const lineAnchorIndex: number[] = [];
  const runs: TextRun[] = lines.map((line, k) => {
    const text = k < lines.length - 1 ? `${line.text}\n` : line.text;
    const tool = entries[line.toolIndex] as ToolDefinition | undefined;
    if (!tool) {
      lineAnchorIndex.push(-1);
      return syntheticRun(text);
    }
    let index = -1;
    if (line.anchor) {
      index = findInPiece(tool.piece, line.anchor, cursors[line.toolIndex]);
      if (index !== -1) cursors[line.toolIndex] = index + 1;
    }
    lineAnchorIndex.push(index);
    const offset = index !== -1 ? pieceOffset(tool.piece, index) : (tool.range?.start ?? -1);
    return anchoredRun(text, offset);
  });
  const placement = builder.textOf(runs);

  // Per-tool segments and dynamic points, from the characters each tool's lines occupy.
  const lineStarts: number[] = [];
  let unit = 0;
  for (const run of runs) {
    lineStarts.push(unit);
    unit += run.text.length;
  }
  // Lines grouped by tool in one pass: a scan of every line per tool is quadratic in the tool count.
  const linesByTool = entries.map((): number[] => []);
  lines.forEach((line, k) => linesByTool[line.toolIndex]?.push(k));
  const requestIndex = new Map(req.tools.map((tool, i) => [tool, i]));
  // A namespace tool's segment runs from its header to its closing line, its tools' lines inside;
  // it is counted as a block after its tools, which end before it does.
  const blockOrder = (i: number) => (isNamespaceTool(entries[i]) ? i + (entries[i].tools?.length ?? 0) + 0.5 : i);
  const order = entries.map((_, i) => i).sort((a, b) => blockOrder(a) - blockOrder(b));
  for (const toolIndex of order) {
    const tool = entries[toolIndex];
    const own = linesByTool[toolIndex];
    if (own.length === 0) continue;
    const tokenStart = placement.tokenAt(lineStarts[own[0]]);
    const lastLine = own[own.length - 1];
    const tokenEnd = placement.tokenAt(lineStarts[lastLine] + runs[lastLine].text.length - 1) + 1;
    const namespace = namespaceOf.get(tool);
    builder.addSegment({
      kind: 'tool',
      label: `tool ${shortText(namespace ? `${namespace.name}.${tool.name}` : tool.name)}`,
      tokenStart,
      tokenEnd,
      range: tool.range,
      toolIndex: requestIndex.get(namespace ?? tool) ?? -1,
    });
    for (const span of dynamicSpans(tool, namespace)) {
      let line = own[0];
      for (const k of own) if (lineAnchorIndex[k] !== -1 && lineAnchorIndex[k] <= span.start) line = k;
      builder.addDynamicPoint(placement.tokenAt(lineStarts[line]), pieceOffset(tool.piece, span.start), span);
    }
    const blockIndex = builder.block(tokenEnd);
    if (tool.breakpoint) builder.breakpointAt(tool.breakpoint, blockIndex, tokenEnd);
  }

  renderToolChoice(builder, req, framing);
  builder.endSegment();
}

/**
 * Function tools and custom (free-form) tools are both declared in the `functions` namespace; other
 * tool types are built in.
 */
function declaredInNamespace(tool: ToolDefinition): boolean {
  return tool.type === 'function' || tool.type === 'custom';
}

/** A Responses `namespace` tool, whose tools are declared in a namespace of its own (see namespaceSectionLines). */
function isNamespaceTool(tool: ToolDefinition): boolean {
  return tool.type === 'namespace' && tool.tools !== undefined;
}

/**
 * Chat Completions `tools: []`: billed as a tools block that declares nothing, its preamble and an
 * empty `namespace functions` (EMPTY_TOOL_LIST_ESTIMATE where not measured).
 */
function sendsEmptyToolList(req: PromptRequest): boolean {
  return req.api === 'chat' && req.emptyToolList !== undefined && req.tools.length === 0;
}

/** Whether a tool is declared as functions: in the `functions` namespace or in a namespace of its own. */
function declaresFunctions(tool: ToolDefinition): boolean {
  return declaredInNamespace(tool) || isNamespaceTool(tool);
}

/**
 * The dynamic spans a tool's lines are placed by, as indices into its own text. The spans of a
 * namespace tool's text (literal breakers are found there, in the request's tool) go to the tool of
 * the namespace that holds them, the others to the namespace's own lines.
 */
function dynamicSpans(tool: ToolDefinition, namespace: ToolDefinition | undefined): DynamicSpan[] {
  const inside = (range: SourceRange | null, offset: number) => range !== null && offset >= range.start && offset < range.end;
  if (namespace) {
    const start = tool.piece.range?.start ?? 0;
    return namespace.dynamic.flatMap((span) => {
      const offset = pieceOffset(namespace.piece, span.start);
      return inside(tool.range, offset) ? [{ ...span, start: offset - start, end: span.end - span.start + offset - start }] : [];
    });
  }
  if (!isNamespaceTool(tool)) return tool.dynamic;
  return tool.dynamic.filter((span) => !(tool.tools ?? []).some((inner) => inside(inner.range, pieceOffset(tool.piece, span.start))));
}

/**
 * The Responses API makes a function tool strict unless it says `strict: false`, and normalises its
 * schema to strict mode: every property of every object becomes required (OpenAI's function
 * calling guide). The model then reads no property as optional.
 */
export function strictParameters(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictParameters);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    // Property names are keys, not schemas: keep them, normalise their schemas.
    out[key] =
      key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, strictParameters(sub)]))
        : strictParameters(value);
  }
  const properties = out.properties;
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) out.required = Object.keys(properties);
  return out;
}

/**
 * Whether a parameters schema holds an object written in place below its top level. A `$ref` alone
 * does not count: the 11 recorded Chat requests with `$defs` (gpt-3.5-turbo, gpt-4o, gpt-4o-mini;
 * named definitions and definitions written in place below an anyOf) are all exact.
 */
/**
 * Whether a function's only header line is its parameters schema's title: on the Responses API, a
 * tool with no `description` at all (one with `description: ""` is measured: the empty description
 * is a bare `//` after the title). On Chat Completions a missing description before a title is a bare
 * `//` as well, measured (see titledAfterDescription in toolNamespace.ts).
 */
function titleOnlyHeader(tool: ToolDefinition, framing: OpenAIFraming): boolean {
  if (tool.type !== 'function' || tool.description) return false;
  if (!framing.toolHeader.order.includes('title') || !framing.toolHeader.trimmed) return false;
  if (typeof tool.description === 'string') return false;
  const parameters = tool.parameters;
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) return false;
  const title = (parameters as Record<string, unknown>).title;
  return typeof title === 'string' && title.length > 0;
}

/**
 * Whether any object node of a JSON schema passes `test`, visited without recursion (schemas can be
 * deep); `depth` counts the `properties` levels above the node (0 for the parameters object).
 */
function someSchemaNode(schema: unknown, test: (record: Record<string, unknown>, depth: number) => boolean): boolean {
  const pending: { node: unknown; depth: number }[] = [{ node: schema, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) pending.push({ node: item, depth });
      continue;
    }
    const record = node as Record<string, unknown>;
    if (test(record, depth)) return true;
    for (const [key, value] of Object.entries(record)) pending.push({ node: value, depth: key === 'properties' ? depth + 1 : depth });
  }
  return false;
}

/**
 * Whether a property, at the top or inside a nested object, may be null in a tool that also has
 * nested objects: a union with a `null` variant (a recorded gpt-3.5-turbo request with such fields
 * inside an array of objects counts 15 under), or, where type lists are not measured, a
 * `type: [..., "null"]` list.
 */
function hasNullableProperty(parameters: unknown, typeListsToo: boolean): boolean {
  return someSchemaNode(parameters, (record, depth) => {
    if (depth < 1) return false;
    const types = Array.isArray(record.type) ? record.type : [];
    const variants = [record.anyOf, record.oneOf].flatMap((v) => (Array.isArray(v) ? v : []));
    return (typeListsToo && types.includes('null')) || variants.some((v) => (v as Record<string, unknown> | null)?.type === 'null');
  });
}

/**
 * Whether a property's `type` lists several types in a shape not measured: any, where the family's
 * type lists are not measured; written type by type (Chat Completions), one without a description,
 * with a `default` or bounds, or optional (the recorded ones are all described and required). Inline
 * (the Responses API), every shape is measured where the family is: recorded gpt-4o and gpt-4o-mini
 * requests with described and undescribed `["string", "null"]` properties are exact.
 */
function hasUnmeasuredTypeList(parameters: unknown, measured: boolean, shapes: 'any' | 'describedRequired'): boolean {
  return someSchemaNode(parameters, (record) => {
    const properties = record.properties;
    if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) return false;
    const required = Array.isArray(record.required) ? record.required : [];
    return Object.entries(properties as Record<string, unknown>).some(([name, value]) => {
      if (value === null || typeof value !== 'object' || !isTypeList(value as Record<string, unknown>)) return false;
      if (!measured) return true;
      if (shapes === 'any') return false;
      const property = value as Record<string, unknown>;
      const described = typeof property.description === 'string' && property.description !== '';
      const bounded = 'default' in property || constraintKeywords(property).length > 0;
      return !described || bounded || !required.includes(name);
    });
  });
}

/**
 * Whether an array's `items` carries a description whose rendering is not measured: an object's is
 * part of the nested-object layout (NESTED_TOOL_SCHEMA_ESTIMATE); a primitive's is measured only
 * where `primitivesMeasured` (gpt-4o and gpt-4o-mini on Chat Completions).
 */
function hasUnmeasuredItemDescription(parameters: unknown, primitivesMeasured: boolean): boolean {
  return someSchemaNode(parameters, (record) => {
    const items = record.items;
    if (record.type !== 'array' || items === null || typeof items !== 'object' || Array.isArray(items)) return false;
    const schema = items as Record<string, unknown>;
    const described = typeof schema.description === 'string' && schema.description !== '';
    return described && schema.type !== 'object' && !(primitivesMeasured && describedPrimitiveItems(schema));
  });
}

/** Whether a property's description runs over several lines (whitespace at either end aside). */
function hasMultilinePropertyDescription(parameters: unknown): boolean {
  return someSchemaNode(parameters, (record) => {
    const properties = record.properties;
    if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) return false;
    return Object.values(properties).some((property) => {
      const description = (property as Record<string, unknown> | null)?.description;
      return typeof description === 'string' && description.trim().includes('\n');
    });
  });
}

/** Nested objects, beyond the open maps the declaration leaves out. */
function hasNestedSchema(parameters: unknown): boolean {
  return someSchemaNode(parameters, (record, depth) => depth > 0 && record.type === 'object' && !isOpenMap(record));
}

function hasOpenMap(parameters: unknown): boolean {
  return someSchemaNode(parameters, (record, depth) => depth > 0 && isOpenMap(record));
}

function renderToolChoice(builder: PromptBuilder, req: PromptRequest, framing: OpenAIFraming): void {
  const legacy =
    (req.parameters.tool_choice === undefined && !framing.legacyCallsAsToolCalls) || (req.api === 'chat' && framing.toolChoiceNamedAsLegacy);
  const toolChoice = req.parameters.tool_choice ?? req.parameters.function_call;
  if (toolChoice === undefined || toolChoice === null || toolChoice === 'auto') return;
  if (req.api === 'responses' && toolChoice === 'none' && framing.responsesToolChoiceNone !== null) {
    builder.markers(Marker.toolChoice, framing.responsesToolChoiceNone);
    return;
  }
  if (toolChoice === 'none') {
    builder.markers(Marker.toolChoice, framing.toolChoiceNone);
    return;
  }
  let named = namedFunction(toolChoice);
  if (toolChoice === 'required') {
    const functions = req.tools.filter(declaredInNamespace);
    if (framing.toolChoiceRequired === 'free') return;
    if (framing.toolChoiceRequired === 'bySystemMessage') {
      const instructed = req.messages.some((message) => message.role === 'system' || message.role === 'developer');
      if (!framing.toolChoiceRequiredWithSystemMeasured) builder.estimate(TOOL_CHOICE_ESTIMATE);
      if (instructed) builder.markers(Marker.toolChoice, framing.toolChoiceRequiredWithSystem);
      return;
    }
    if (framing.toolChoiceRequired !== 'namesSingleTool' || functions.length !== 1) {
      builder.estimate(TOOL_CHOICE_ESTIMATE);
      return;
    }
    named = functions[0].name;
  }
  if (named) {
    if (framing.toolChoiceNamed === 'free' && !legacy) return;
    // The `function_call` parameter itself, not a named `tool_choice` read the legacy way.
    const parameter = req.parameters.tool_choice === undefined;
    const legacyCost = (parameter ? framing.functionCallParameterNamed : undefined) ?? framing.functionCallNamed;
    builder.markers(Marker.toolChoice, legacy ? legacyCost : framing.toolChoiceNamedFunction);
    builder.text(syntheticRun(legacy ? named : `${framing.namedChoicePrefix}${named}`));
    return;
  }
  builder.estimate(TOOL_CHOICE_ESTIMATE);
}

/** `{type: "function", function: {name}}`, `{name}` (legacy function_call) or `{type: "function", name}`. */
function namedFunction(choice: unknown): string | undefined {
  if (!choice || typeof choice !== 'object') return undefined;
  const record = choice as Record<string, unknown>;
  const nested = record.function as Record<string, unknown> | undefined;
  const name = nested?.name ?? record.name;
  return typeof name === 'string' ? name : undefined;
}

/** `{name, arguments}` pairs from a message's `tool_calls` (array) or legacy `function_call` (object). */
function parseCalls(piece: TextPiece): { calls: { name: string; args: string; id?: string }[]; legacy: boolean } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(piece.text);
  } catch {
    return undefined;
  }
  const toCall = (raw: unknown) => {
    const record = (raw ?? {}) as Record<string, unknown>;
    const fn = (record.function ?? record) as Record<string, unknown>;
    const args = fn.arguments;
    return {
      name: typeof fn.name === 'string' ? fn.name : '',
      args: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      ...(typeof record.id === 'string' ? { id: record.id } : {}),
    };
  };
  if (Array.isArray(value)) return { calls: value.map(toCall), legacy: false };
  // A Responses `function_call` item is one tool call; a bare `{name, arguments}` is legacy.
  if (value && typeof value === 'object') {
    return { calls: [toCall(value)], legacy: (value as Record<string, unknown>).type !== 'function_call' };
  }
  return undefined;
}

/** A call's arguments as the model reads them: verbatim, or parsed and written as compact JSON. */
function callArguments(args: string, form: OpenAIFraming['callArguments']): string {
  if (form === 'verbatim') return args;
  try {
    return JSON.stringify(JSON.parse(args));
  } catch {
    return args;
  }
}

/**
 * Several calls in one assistant turn are one call of a wrapper that runs them in parallel:
 * `multi_tool_use.parallel({"tool_uses":[{"recipient_name":"functions.a","parameters":{...}}, ...]})`.
 */
function renderParallelCalls(
  builder: PromptBuilder,
  piece: TextPiece,
  calls: { name: string; args: string }[],
  framing: OpenAIFraming,
): void {
  builder.markers(Marker.toolCallFraming, framing.toolCallFraming + framing.parallelCallsFraming);
  const runs: TextRun[] = [syntheticRun(`${framing.parallelCallsWrapper}{"tool_uses":[`)];
  let cursor = 0;
  calls.forEach((call, k) => {
    const nameAt = findInPiece(piece, call.name, cursor);
    if (nameAt !== -1) cursor = nameAt + 1;
    const argsAt = findInPiece(piece, call.args, cursor);
    runs.push(
      syntheticRun(`${k > 0 ? ',' : ''}{"recipient_name":"${framing.callNamePrefix}`),
      anchoredRun(call.name, pieceOffset(piece, nameAt)),
      syntheticRun('","parameters":'),
      anchoredRun(callArguments(call.args, framing.parallelCallArguments), argsAt !== -1 ? pieceOffset(piece, argsAt) : pieceOffset(piece, nameAt)),
      syntheticRun('}'),
    );
  });
  runs.push(syntheticRun(']}'));
  builder.textOf(runs);
}

function renderCalls(builder: PromptBuilder, piece: TextPiece, framing: OpenAIFraming): void {
  const parsed = parseCalls(piece);
  if (!parsed) {
    builder.estimate(TOOL_CALLS_ESTIMATE);
    builder.text(runOfPiece(piece));
    return;
  }
  const legacy = parsed.legacy && !framing.legacyCallsAsToolCalls;
  if (!legacy && !framing.toolCallsMeasured) builder.estimate(TOOL_CALLS_ESTIMATE);
  if (!legacy && parsed.calls.length > 1 && framing.parallelCallsWrapper) {
    renderParallelCalls(builder, piece, parsed.calls, framing);
    return;
  }
  let cursor = 0;
  for (const call of parsed.calls) {
    builder.markers(Marker.toolCallFraming, legacy ? framing.functionCallFraming : framing.toolCallFraming);
    const nameAt = findInPiece(piece, call.name, cursor);
    if (nameAt !== -1) cursor = nameAt + 1;
    builder.text(syntheticRun(legacy ? '' : framing.callNamePrefix), anchoredRun(call.name, pieceOffset(piece, nameAt)));
    const argsAt = findInPiece(piece, call.args, cursor);
    const args = legacy ? call.args : callArguments(call.args, framing.callArguments);
    builder.text(anchoredRun(args, argsAt !== -1 ? pieceOffset(piece, argsAt) : pieceOffset(piece, nameAt)));
  }
}

/** Text the provider appends to the first system message, and the part of it that is its own segment. */
interface SystemTail {
  runs: TextRun[];
  /** Text the provider writes above the message's own (`responseFormatInstructionsHeader`). */
  head?: TextRun[];
  markFrom?: number;
  placed?: (tokenStart: number, tokenEnd: number) => void;
}

/** A family's framing as one request applies it. */
interface RequestFraming extends OpenAIFraming {
  /** Written in each earlier assistant answer (the `json_schema` format's name on Chat Completions). */
  answerFormatName?: string;
}

function renderMessage(
  builder: PromptBuilder,
  message: Message,
  label: string,
  messageIndex: number,
  resolved: ResolvedModel,
  framing: RequestFraming,
  systemTail: SystemTail | undefined,
  kind: 'message' | 'instructions' = 'message',
  answeredFunction?: string,
  preamble = false,
  storedAnswerFraming = 0,
): void {
  builder.beginSegment(kind, label, message.range, { messageIndex });
  if (!framing.framesMessages) {
    renderParts(builder, message.parts, openAIImageCounter(resolved, framing.imageFraming, framing.imageFramingStatedDetail), {
      countBlock: openAIFileCounter(framing, builder.tokenizer),
      audioFraming: framing.audioFraming,
      blocksPerPart: true,
    });
    builder.endSegment();
    return;
  }
  builder.markers(Marker.start);
  const roleOffset = message.roleRange?.start ?? -1;
  // Legacy function results are authored by the function: its name takes the role's place; so are
  // tool results on the families whose framing says so.
  // A name follows the role in the same text (the separator may merge with the name's first word),
  // or takes the role's place where the family writes it so.
  const named = Boolean(message.name) && message.role !== 'function' && message.role !== 'tool';
  if (named && framing.nameReplacesRole) {
    builder.text(syntheticRun(message.name ?? ''));
  } else {
    const author =
      message.role === 'function' && message.name ? message.name : (answeredFunction ?? message.role);
    builder.text(
      anchoredRun(author, roleOffset),
      ...(named ? [syntheticRun(`${framing.nameSeparator}${message.name}`)] : []),
    );
  }
  if (message.role === 'tool' && !framing.toolCallsMeasured) builder.estimate(TOOL_CALLS_ESTIMATE);
  if ((message.role === 'tool' || message.role === 'function') && message.parts.some((part) => part.type === 'image')) {
    builder.estimate(TOOL_RESULT_IMAGE_ESTIMATE);
  }
  builder.markers(Marker.message);
  // An assistant message is an answer unless it is only a call turn: one with no calls is framed as
  // an answer even when its text is empty (recorded gpt-5-nano and gpt-5.6-luna Chat requests with an
  // earlier `content: ""` answer, 2 tokens under each without the reasoning families' answer framing).
  if (message.role === 'assistant' && (hasContent(message) || !message.toolCalls)) {
    if (framing.answerFormatName) builder.text(syntheticRun(framing.answerFormatName));
    // An answer followed by the assistant's own calls or another of its messages is a preamble.
    const beforeCalls = Boolean(message.toolCalls) && framing.callsTurnAfterText;
    builder.markers(Marker.message, framing.assistantAnswerFraming + (preamble || beforeCalls ? framing.assistantPreambleFraming : 0) + storedAnswerFraming);
  }
  const inToolMessage = message.role === 'tool' || message.role === 'function';
  renderParts(builder, message.parts, openAIImageCounter(resolved, framing.imageFraming, framing.imageFramingStatedDetail, inToolMessage), {
    countBlock: openAIFileCounter(framing, builder.tokenizer),
    audioFraming: framing.audioFraming,
    extraTail: systemTail?.runs,
    extraHead: systemTail?.head,
    tailMarkFrom: systemTail?.markFrom,
    tailPlaced: systemTail?.placed,
    blocksPerPart: true,
    splitAtBreakpoints: framing.cacheBreakpointsSplitText,
  });
  if (message.parts.length > 0 && message.parts.every((part) => part.type === 'image')) {
    builder.markers(Marker.message, framing.imageOnlyMessageFraming);
  }
  if (message.toolCalls) {
    if (framing.callsTurnAfterText && message.role === 'assistant' && hasContent(message)) {
      // The text is a turn of its own; the calls follow in a second assistant turn.
      builder.markers(Marker.end);
      builder.markers(Marker.start);
      if (named && framing.callsTurnKeepsName && framing.nameReplacesRole) builder.text(syntheticRun(message.name ?? ''));
      else if (named && framing.callsTurnKeepsName) builder.text(syntheticRun(`assistant${framing.nameSeparator}${message.name}`));
      else builder.text(syntheticRun('assistant'));
      builder.markers(Marker.message);
    }
    renderCalls(builder, message.toolCalls, framing);
  }
  // `<|start|>` and `<|message|>` above; the rest of the family's per-message framing closes it.
  const instruction = kind === 'instructions' || message.role === 'system' || message.role === 'developer';
  builder.markers(Marker.end, framing.perMessage - 2 + (instruction ? framing.instructionMessageDelta : 0));
  builder.endSegment();
}

/**
 * The function each Chat `tool_call_id` calls, for the families whose tool results are authored by
 * it; calls joined into the parallel wrapper are left out (their results keep the role). Returns the
 * ids of the calls a message joins into the parallel wrapper, if it does.
 */
function recordAnsweredFunctions(message: Message, framing: OpenAIFraming, into: Map<string, string>): Set<string> | undefined {
  if (!message.toolCalls) return undefined;
  const parsed = parseCalls(message.toolCalls);
  if (!parsed || parsed.legacy) return undefined;
  if (parsed.calls.length > 1 && framing.parallelCallsWrapper) {
    return new Set(parsed.calls.flatMap((call) => (call.id !== undefined ? [call.id] : [])));
  }
  if (framing.toolResultAuthor !== 'function') return undefined;
  for (const call of parsed.calls) if (call.id !== undefined && call.name) into.set(call.id, call.name);
  return undefined;
}

/**
 * A text piece written as a JSON string (quotes, escapes; non-ASCII kept, or escaped as `\uXXXX`
 * per UTF-16 unit when `ascii`), each unit placed at its source character.
 */
function jsonStringRun(piece: TextPiece, ascii = false): TextRun {
  let text = '"';
  const offsets: number[] = [pieceOffset(piece, 0)];
  const starts: number[] = [];
  let index = 0;
  for (const ch of piece.text) {
    starts[index] = text.length;
    let escaped = JSON.stringify(ch).slice(1, -1);
    if (ascii) escaped = escaped.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const offset = pieceOffset(piece, index);
    for (let k = 0; k < escaped.length; k++) offsets.push(offset);
    text += escaped;
    index += ch.length;
  }
  starts[index] = text.length;
  text += '"';
  offsets.push(piece.range ? pieceOffset(piece, piece.text.length) : -1);
  const dynamic = piece.dynamic.map((span) => ({ ...span, start: starts[span.start] ?? 0, end: starts[span.end] ?? text.length }));
  return { text, offsetAt: (i) => offsets[i] ?? -1, dynamic, layout: { kind: 'table', offsets } };
}

/**
 * A result that is JSON as its value written the Python way (see `parallelResultsParsed`), each unit
 * placed at the source character it comes from; undefined when the text is not JSON. Flags the count
 * an estimate where that differs from the text as sent other than by non-ASCII escapes.
 */
function parsedJsonRun(builder: PromptBuilder, piece: TextPiece, ascii: boolean): TextRun | undefined {
  const written = pythonJsonDumps(piece.text, ascii);
  if (!written) return undefined;
  const layout = ascii ? pythonJsonDumps(piece.text, false)?.text : written.text;
  if (layout !== piece.text) builder.estimate(PARALLEL_JSON_RESULT_ESTIMATE);
  const offsets = written.sources.map((index) => pieceOffset(piece, index));
  // Where each source unit's text starts in the written text, for the piece's dynamic spans.
  const startOf: number[] = new Array<number>(piece.text.length + 1).fill(-1);
  written.sources.forEach((index, unit) => {
    if (startOf[index] === -1) startOf[index] = unit;
  });
  const at = (index: number) => {
    for (let k = index; k < startOf.length; k++) if (startOf[k] !== -1) return startOf[k];
    return written.text.length;
  };
  const dynamic = piece.dynamic.map((span) => ({ ...span, start: at(span.start), end: at(span.end) }));
  return { text: written.text, offsetAt: (i) => offsets[i] ?? -1, dynamic, layout: { kind: 'table', offsets } };
}

/** A message's text when it has only text parts, else undefined. */
function textOnly(message: Message): TextPiece[] | undefined {
  if (message.parts.some((part) => part.type !== 'text')) return undefined;
  return message.parts.map((part) => (part as { piece: TextPiece }).piece);
}

/**
 * The consecutive results of one parallel wrapper call as a single `tool` message whose text is the
 * JSON list of their texts; each result message keeps a segment of its own.
 */
function renderJoinedResults(
  builder: PromptBuilder,
  messages: { message: Message; index: number; label: string; pieces: TextPiece[] }[],
  framing: OpenAIFraming,
): void {
  if (!framing.toolCallsMeasured) builder.estimate(TOOL_CALLS_ESTIMATE);
  const tokenStart = builder.length;
  const first = messages[0].message;
  builder.markers(Marker.start);
  builder.text(anchoredRun('tool', first.roleRange?.start ?? -1));
  builder.markers(Marker.message);
  builder.markers(Marker.toolCallFraming, framing.parallelResultsFraming);
  const runs: TextRun[] = [syntheticRun('[')];
  const unitStarts: number[] = [];
  let unit = 1;
  messages.forEach(({ pieces }, k) => {
    if (k > 0) {
      runs.push(syntheticRun(', '));
      unit += 2;
    }
    unitStarts.push(unit);
    // Several text parts are one string, as the API joins a content array's texts.
    const piece: TextPiece =
      pieces.length === 1
        ? pieces[0]
        : { text: pieces.map((p) => p.text).join(''), range: pieces[0]?.range ?? null, dynamic: [] };
    const run =
      (framing.parallelResultsParsed ? parsedJsonRun(builder, piece, framing.parallelResultsAsciiJson) : undefined) ??
      jsonStringRun(piece, framing.parallelResultsAsciiJson);
    runs.push(run);
    unit += run.text.length;
  });
  runs.push(syntheticRun(']'));
  const placement = builder.textOf(runs);
  builder.markers(Marker.end);
  const tokenEnd = builder.length;
  messages.forEach(({ message, index, label }, k) => {
    const start = k === 0 ? tokenStart : placement.tokenAt(unitStarts[k]);
    const end = k === messages.length - 1 ? tokenEnd : placement.tokenAt(unitStarts[k + 1]);
    builder.addSegment({ kind: 'message', label, tokenStart: start, tokenEnd: end, range: message.range, messageIndex: index });
    builder.block(end);
  });
}

export function renderOpenAIRequest(req: PromptRequest, tokenizer: Tokenizer, resolved: ResolvedModel): RenderedPrompt {
  const builder = new PromptBuilder(tokenizer);
  const familyFraming = openAIFramingFor(resolved.model);
  const baseFraming = req.api === 'responses' ? responsesFraming(familyFraming) : familyFraming;
  // On Chat Completions a `json_schema` response format changes how earlier assistant answers are framed.
  const framing: RequestFraming =
    req.api !== 'responses' && req.responseFormat?.kind === 'json_schema'
      ? {
          ...baseFraming,
          assistantAnswerFraming: baseFraming.assistantAnswerFraming + baseFraming.assistantAnswerWithSchemaFraming,
          ...(baseFraming.assistantAnswerWithSchemaName ? { answerFormatName: req.responseFormat.name } : {}),
        }
      : baseFraming;
  if (req.api === 'responses' && !familyFraming.responsesFunctionToolsMeasured && req.tools.some(declaresFunctions)) {
    builder.estimate(RESPONSES_TOOLS_ESTIMATE);
  }
  if (req.api === 'responses' && resolved.encoding === 'cl100k_base') builder.estimate(RESPONSES_CL100K_ESTIMATE);
  if (!framing.messagesMeasured) builder.estimate(O1_PREVIEW_ESTIMATE);
  if (req.api === 'responses' && dependsOnStoredState(req)) builder.estimate(STORED_STATE_ESTIMATE);
  const hasFunctionTools = req.tools.some(declaresFunctions) || sendsEmptyToolList(req);

  // The tools block joins the system message that opens the conversation; where the first message
  // is not one, the block is a system message of its own and a later system message stays as sent:
  // fitted to the 2 recorded Chat requests with a system message after user turns and a tool
  // (gpt-4.1, llm.rb; 4 tokens short each when the block joined that message).
  const toolsJoinSystem = req.instructions !== undefined || (req.messages.length > 0 && isSystemLike(req.messages[0]));
  renderTools(builder, req, resolved, framing, toolsJoinSystem);
  estimateResponseFormat(builder, req, framing, hasFunctionTools);
  if (req.responseFormat?.description?.trim().includes('\n')) builder.estimate(MULTILINE_DESCRIPTION_ESTIMATE);
  if (/search-preview|search-api/.test(resolved.model) || req.parameters.web_search_options !== undefined) builder.estimate(SEARCH_MODEL_ESTIMATE);
  // A `prediction` (predicted outputs) adds nothing to the prompt: see PREDICTED_OUTPUTS in openaiFraming.ts.
  // Chat Completions without function tools writes the format's name a second time.
  const nameAgain = framing.responseFormatNameAgain && !hasFunctionTools;
  // On Chat Completions the structured-output section follows the tools block when there is one,
  // else it ends the first system message, if any.
  const chatSchema = req.api !== 'responses' && hasSchemaSection(req);
  const schemaJoinsSystem = chatSchema && !hasFunctionTools && req.messages.some(isSystemLike);
  if (chatSchema && hasFunctionTools) renderResponseFormatAfterTools(builder, req, framing);
  else if (!schemaJoinsSystem) renderResponseFormat(builder, req, framing, nameAgain);

  // With tools, the first system message gains a trailing newline (the tools block follows it).
  const padding: TextRun[] = hasFunctionTools && toolsJoinSystem ? [syntheticRun(framing.systemPaddingWithTools)] : [];
  let tail: SystemTail | undefined;
  if (schemaJoinsSystem) {
    const format = req.responseFormat!;
    tail = {
      runs: [...padding, syntheticRun(framing.responseFormatSystemSeparator), ...responseFormatRuns(req, framing, nameAgain)],
      head: framing.responseFormatInstructionsHeader ? [syntheticRun(framing.responseFormatInstructionsHeader)] : undefined,
      markFrom: padding.length,
      placed: (tokenStart, tokenEnd) =>
        builder.addSegment({ kind: 'schema', label: 'response schema', tokenStart, tokenEnd, range: format.range }),
    };
  } else if (padding.length > 0) {
    tail = { runs: padding };
  }
  if (req.instructions) {
    const instructions: Message = {
      role: 'system',
      parts: [{ type: 'text', piece: req.instructions, range: req.instructions.range }],
      range: req.instructions.range,
      roleRange: null,
    };
    renderMessage(builder, instructions, 'instructions', -1, resolved, framing, tail, 'instructions');
    tail = undefined;
  }
  const labels = messageLabels(req.messages);
  const stored = req.parameters.store !== false;
  const callNames = new Map<string, string>();
  const answeredBy = new Map<string, string>();
  const turnStart = req.api === 'responses' ? responsesTurnStart(req.messages) : 0;
  let parallelIds: Set<string> | undefined;
  const reasoningParameter = req.parameters.reasoning as Record<string, unknown> | null | undefined;
  const earlierReasoningBilled = framing.earlierReasoningBilled || reasoningParameter?.context === 'all_turns';
  if (reasoningParameter?.mode === 'pro') builder.estimate(REASONING_PRO_ESTIMATE);
  for (let index = 0; index < req.messages.length; index++) {
    const message = req.messages[index];
    if (message.parts.some((part) => part.type === 'other' && !MODELLED_BLOCKS.has(part.blockType))) builder.estimate(UNMODELLED_ITEM_ESTIMATE);
    if (req.api === 'responses') {
      const reasoning = reasoningItem(message);
      if (reasoning) {
        renderReasoningItem(builder, message, reasoning, labels[index], index, index >= turnStart, framing, earlierReasoningBilled);
        continue;
      }
      const call = responsesCall(message);
      if (call) {
        if (call.callId !== undefined) callNames.set(call.callId, call.name);
        const besideCall = (k: number) => k >= 0 && k < req.messages.length && responsesCall(req.messages[k]) !== undefined;
        // Per-call parallel framing is fitted to two-call turns; a call with calls on both sides is in a longer one.
        if (framing.responsesParallelCallFraming !== 0 && besideCall(index - 1) && besideCall(index + 1)) builder.estimate(PARALLEL_TURN_SIZE_ESTIMATE);
        renderResponsesCall(builder, message, call, labels[index], index, framing, stored, besideCall(index - 1) || besideCall(index + 1));
        continue;
      }
      if (message.role === 'assistant' && message.parts.length === 0 && !message.toolCalls) {
        // An assistant message with no content reaches the model as nothing (see the framing table);
        // measured where it ends the input, the only place recorded.
        const last = index === req.messages.length - 1;
        if (!framing.responsesEmptyAssistantMeasured || !last) builder.estimate(EMPTY_ASSISTANT_ESTIMATE);
        const at = builder.length;
        builder.addSegment({ kind: 'message', label: labels[index], tokenStart: at, tokenEnd: at, range: message.range, messageIndex: index });
        continue;
      }
      const answered = message.role === 'tool' && message.toolCallId !== undefined ? callNames.get(message.toolCallId) : undefined;
      if (answered !== undefined) {
        renderResponsesOutput(builder, message, answered, labels[index], index, resolved, framing);
        continue;
      }
    }
    if (framing.parallelResults === 'joined' && parallelIds && message.role === 'tool') {
      // The results that follow a parallel call, in the order written, while they answer it.
      const group: { message: Message; index: number; label: string; pieces: TextPiece[] }[] = [];
      for (let k = index; k < req.messages.length; k++) {
        const result = req.messages[k];
        const pieces = textOnly(result);
        if (result.role !== 'tool' || result.toolCallId === undefined || !parallelIds.has(result.toolCallId) || !pieces) break;
        group.push({ message: result, index: k, label: labels[k], pieces });
      }
      if (group.length > 0) {
        renderJoinedResults(builder, group, framing);
        index += group.length - 1;
        parallelIds = undefined;
        continue;
      }
    }
    const own = tail && isSystemLike(message) ? tail : undefined;
    if (own) tail = undefined;
    const joined = recordAnsweredFunctions(message, framing, answeredBy);
    if (message.toolCalls) parallelIds = joined;
    const answered = message.role === 'tool' && message.toolCallId !== undefined ? answeredBy.get(message.toolCallId) : undefined;
    const trimmed = own && padding.length > 0 && framing.systemTrimmedWithTools ? withoutTrailingWhitespace(message) : message;
    const preamble = message.role === 'assistant' && message.parts.every((part) => part.type !== 'other') && followedByAssistant(req, index);
    let storedAnswer = 0;
    if (req.api === 'responses' && message.role === 'assistant' && stored && issuedMessageId(message.itemId) && req.responseFormat?.kind === 'json_schema') {
      builder.estimate(STORED_ANSWER_WITH_SCHEMA_ESTIMATE);
      storedAnswer = framing.responsesStoredAnswerWithSchemaFraming ?? 0;
    }
    renderMessage(builder, trimmed, labels[index], index, resolved, framing, own, 'message', answered, preamble, storedAnswer);
  }

  if (framing.framesMessages) {
    builder.beginSegment('priming', 'reply priming', null);
    builder.markers(Marker.start);
    builder.text(syntheticRun('assistant'));
    builder.markers(Marker.message, framing.replyPriming - 2);
    builder.endSegment();
  }

  return builder.build(resolved.model, tokenizer.encoding, resolved.estimateReason);
}

/**
 * Input items and content parts counted as what they give the model (reasoning, files); any other
 * type is counted as its JSON, an estimate. Built-in tool calls (`web_search_call`, ...) already
 * carry the built-in tools' estimate.
 */
const MODELLED_BLOCKS: ReadonlySet<string> = new Set(['reasoning', 'input_file', 'file']);

/** Whether `id` is one the API could have issued for an output message (`msg_` and a long hex string). */
function issuedMessageId(id: string | undefined): boolean {
  return id !== undefined && /^msg_[0-9a-f]{32,}$/i.test(id);
}

/**
 * Whether the item after an assistant message (Responses reasoning items and empty assistant
 * messages aside) is the assistant's too: a call or another assistant message.
 */
function followedByAssistant(req: PromptRequest, index: number): boolean {
  for (let k = index + 1; k < req.messages.length; k++) {
    const next = req.messages[k];
    // Reasoning items of earlier turns, and empty assistant messages, reach the model as nothing.
    if (req.api === 'responses' && (reasoningItem(next) || (next.role === 'assistant' && next.parts.length === 0 && !next.toolCalls))) continue;
    if (next.role !== 'assistant') return false;
    if (req.api !== 'responses') return true;
    return responsesCall(next) !== undefined || next.parts.every((part) => part.type !== 'other');
  }
  return false;
}

/** `message` with the trailing whitespace of its last text part removed (what some families do to it). */
function withoutTrailingWhitespace(message: Message): Message {
  const last = message.parts[message.parts.length - 1];
  if (last?.type !== 'text') return message;
  const piece = last.piece;
  const length = piece.text.trimEnd().length;
  if (length === piece.text.length) return message;
  const trimmedPiece: TextPiece = {
    ...piece,
    text: piece.text.slice(0, length),
    ...(piece.offsets ? { offsets: piece.offsets.slice(0, length + 1) } : {}),
    dynamic: piece.dynamic
      .filter((span) => span.start < length)
      .map((span) => (span.end > length ? { ...span, end: length } : span)),
  };
  return { ...message, parts: [...message.parts.slice(0, -1), { ...last, piece: trimmedPiece }] };
}

/**
 * Whether a Responses request builds on state stored with the API: an earlier response
 * (`previous_response_id`), a conversation object, a stored prompt template (`prompt`), or input
 * items given by reference (`item_reference`, counted as nothing here). The input
 * billed then includes text the request does not carry (recorded openai-dotnet conversations count
 * 10 to 28 tokens more than their own input).
 */
function dependsOnStoredState(req: PromptRequest): boolean {
  const present = (value: unknown) => value !== undefined && value !== null;
  return (
    present(req.previousResponseId) ||
    present(req.parameters.conversation) ||
    present(req.parameters.prompt) ||
    (req.storedItemReferences ?? 0) > 0
  );
}

function spanOf(tools: ToolDefinition[]): { start: number; end: number } | null {
  return enclosingRange(tools.map((tool) => tool.range));
}
