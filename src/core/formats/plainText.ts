import type { PromptRequest } from '../model';
import { splitFrontMatter } from './frontMatter';
import { emptyRequest, variablesUsedIn } from './request';
import { hasRoleMarkers, splitByRoleMarkers } from './roleMarkers';
import { applyTemplate, slicePiece, trimPiece } from './textPiece';
import { parseYamlSource, yamlGet, yamlString, yamlStringPiece } from './yamlSource';

/**
 * Plain prompt text (`*.prompt`, `*.txt`, `*.md`): one user message, or messages split at role
 * lines when the text has them. Front matter (as in Dotprompt `.prompt` files) may name the model.
 * Placeholders of every common dialect are marked, `{x}` only where it cannot be literal.
 */
export function parsePlainText(source: string): PromptRequest {
  const split = splitFrontMatter(source);
  const request = emptyRequest('plain-text', 'chat');
  if (split.yaml) {
    const ys = parseYamlSource(source, split.yaml.start, split.yaml.end);
    const modelNode = yamlGet(ys.root, 'model');
    if (modelNode && yamlString(modelNode) !== undefined) {
      const piece = yamlStringPiece(ys, modelNode);
      request.model = { name: piece.text, range: piece.range };
    }
  }
  const start = split.bodyStart;
  if (hasRoleMarkers(source, start, source.length, 'plain')) {
    for (const section of splitByRoleMarkers(source, start, source.length, 'system', 'plain')) {
      const piece = applyTemplate(section.content, 'plain');
      request.messages.push({ role: section.role, parts: [{ type: 'text', piece, range: section.content.range }], range: section.range, roleRange: section.roleRange });
    }
  } else {
    const body = trimPiece(slicePiece(source, start, source.length));
    if (body.text.length > 0) {
      const piece = applyTemplate(body, 'plain');
      request.messages.push({ role: 'user', parts: [{ type: 'text', piece, range: body.range }], range: body.range, roleRange: null });
    }
  }
  if (request.messages.length === 0) {
    request.issues.push({ severity: 'warning', message: 'The prompt is empty', range: { start, end: source.length } });
  }
  request.variables = variablesUsedIn(request.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.piece] : []))));
  return request;
}
