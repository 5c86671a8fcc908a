import type { ApiStyle, ContentPart, PromptRequest, TemplateVariable } from '../model';
import { splitFrontMatter } from './frontMatter';
import { promptyTemplateSyntax, readPromptyInputs, readPromptyModel, readPromptySample, readPromptyTools } from './promptyFrontMatter';
import { emptyRequest, variablesUsedIn } from './request';
import { splitByRoleMarkers } from './roleMarkers';
import { applyTemplate, withUnixLineBreaks } from './textPiece';
import { parseYamlSource, yamlGet } from './yamlSource';

/** Providers whose API takes the system prompt outside the message list. */
const API_BY_PROVIDER: Record<string, ApiStyle> = { anthropic: 'anthropic' };

/**
 * A `.prompty` file (microsoft/prompty spec): YAML front matter, then a body split into messages
 * at role lines, with Jinja2 (default) or Mustache placeholders.
 */
export function parsePrompty(source: string): PromptRequest {
  const split = splitFrontMatter(source);
  const ys = split.yaml ? parseYamlSource(source, split.yaml.start, split.yaml.end) : null;
  const frontMatter = ys?.root ?? null;
  const model = ys ? readPromptyModel(ys, yamlGet(frontMatter, 'model')) : { range: null, parameters: {} };
  const api: ApiStyle =
    model.apiType === 'responses' ? 'responses' : (API_BY_PROVIDER[model.provider?.toLowerCase() ?? ''] ?? 'chat');
  const syntax = promptyTemplateSyntax(yamlGet(frontMatter, 'template'));

  const request = emptyRequest('prompty', api);
  if (model.name !== undefined) {
    request.model = { name: model.name, range: model.range, ...(model.provider ? { provider: model.provider } : {}) };
  }
  request.parameters = model.parameters;
  if (ys) request.tools = readPromptyTools(ys, frontMatter, syntax);

  for (const section of splitByRoleMarkers(source, split.bodyStart, source.length, 'system', 'prompty')) {
    const part: ContentPart = { type: 'text', piece: applyTemplate(withUnixLineBreaks(section.content), syntax), range: section.content.range };
    if (api === 'anthropic' && section.role === 'system' && request.messages.length === 0) {
      (request.system ??= []).push(part);
    } else {
      request.messages.push({ role: section.role, parts: [part], range: section.range, roleRange: section.roleRange });
    }
  }
  if (request.messages.length === 0 && !request.system) {
    request.issues.push({ severity: 'warning', message: 'The prompt body is empty', range: { start: split.bodyStart, end: source.length } });
  }

  const declared = ys ? readPromptyInputs(ys, frontMatter) : [];
  const pieces = [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)].flatMap((p) =>
    p.type === 'text' ? [p.piece] : [],
  );
  request.variables = mergeVariables(declared, variablesUsedIn(pieces));
  request.testData = readPromptySample(frontMatter);
  return request;
}

/** Declared inputs first (with their defaults), then placeholders used but never declared. */
function mergeVariables(declared: TemplateVariable[], used: TemplateVariable[]): TemplateVariable[] {
  const names = new Set(declared.map((v) => v.name));
  return [...declared, ...used.filter((v) => !names.has(v.name))];
}
