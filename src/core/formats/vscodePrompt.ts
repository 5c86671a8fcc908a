import type { PromptRequest } from '../model';
import { splitFrontMatter } from './frontMatter';
import { emptyRequest, variablesUsedIn } from './request';
import { applyTemplate, slicePiece, trimPiece } from './textPiece';
import { parseYamlSource, yamlEntries, yamlGet, yamlItems, yamlString, yamlStringPiece, yamlValue } from './yamlSource';

/** Front matter keys that describe how VS Code runs the prompt; kept as parameters. */
const RUN_SETTINGS = ['name', 'description', 'agent', 'mode', 'tools', 'argument-hint'];

/**
 * A VS Code prompt file (`*.prompt.md`): optional front matter, then a Markdown body sent as one
 * user message. `${input:x}` and editor variables (`${selection}`, `${file}` ...) are dynamic.
 * The `tools` list names editor tools whose definitions VS Code adds itself, so they are kept as a
 * parameter rather than as tool definitions.
 */
export function parseVsCodePrompt(source: string): PromptRequest {
  const split = splitFrontMatter(source);
  const ys = split.yaml ? parseYamlSource(source, split.yaml.start, split.yaml.end) : null;
  const request = emptyRequest('vscode-prompt', 'chat');
  if (ys) {
    const modelNode = yamlGet(ys.root, 'model');
    // `model` is one name, or (newer VS Code) a list of names tried in order.
    const first = yamlString(modelNode) !== undefined ? modelNode : yamlItems(modelNode)[0];
    if (first && yamlString(first) !== undefined) {
      const piece = yamlStringPiece(ys, first);
      request.model = { name: piece.text, range: piece.range };
    }
    for (const { key, value } of yamlEntries(ys.root)) {
      if (RUN_SETTINGS.includes(key)) request.parameters[key] = yamlValue(value);
    }
  }
  const body = trimPiece(slicePiece(source, split.bodyStart, source.length));
  if (body.text.length === 0) {
    request.issues.push({ severity: 'warning', message: 'The prompt body is empty', range: { start: split.bodyStart, end: source.length } });
  } else {
    const piece = applyTemplate(body, 'vscode');
    request.messages.push({ role: 'user', parts: [{ type: 'text', piece, range: body.range }], range: body.range, roleRange: null });
    request.variables = variablesUsedIn([piece]);
  }
  return request;
}
