import type { FormatId, PromptRequest } from '../model';
import { parseAnthropicMessages } from './anthropicMessages';
import { detectFormat } from './detect';
import { parseGitHubModels } from './githubModels';
import { parseJsonSource } from './jsonSource';
import { normalizeLoneCarriageReturns } from './lineBreaks';
import { parseOpenAiChat } from './openaiChat';
import { parseOpenAiResponses } from './openaiResponses';
import { parsePlainText } from './plainText';
import { parsePrompty } from './prompty';
import { parseErrorAt } from './sourcePosition';
import { parseVsCodePrompt } from './vscodePrompt';

export { detectFormat } from './detect';
export { findTemplateComments, findTemplateSpans, type TemplateSyntax } from './templates';

const PARSERS: Record<FormatId, (source: string) => PromptRequest> = {
  'openai-chat': parseOpenAiChat,
  'openai-responses': parseOpenAiResponses,
  'anthropic-messages': parseAnthropicMessages,
  prompty: parsePrompty,
  'github-models': parseGitHubModels,
  'vscode-prompt': parseVsCodePrompt,
  'plain-text': parsePlainText,
};

/**
 * Parses a prompt file into the request model. The format comes from `opts.format`, else from
 * the file name and content. Throws PromptParseError for malformed JSON or YAML. Offsets in the
 * result are offsets into `source`; line endings may be `\n`, `\r\n` or a lone `\r`.
 */
export function parsePrompt(fileName: string, source: string, opts?: { format?: FormatId }): PromptRequest {
  const text = normalizeLoneCarriageReturns(source);
  const format = opts?.format ?? detectFormat(fileName, text);
  if (format) return PARSERS[format](text);
  if (/\.jsonc?$/i.test(fileName) || text.trimStart().startsWith('{')) {
    // Report a syntax error first; valid JSON that is no known request gets its own message.
    parseJsonSource(text);
    throw parseErrorAt(
      text,
      0,
      'Not a recognized request body: expected `messages` (Chat Completions, Anthropic Messages) or `input`/`instructions` (Responses)',
    );
  }
  // A YAML file that is not clearly a prompt is read as one anyway, so YAML errors surface.
  if (/\.ya?ml$/i.test(fileName)) return parseGitHubModels(text);
  return parsePlainText(text);
}
