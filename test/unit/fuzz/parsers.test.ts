/**
 * Property-based tests of every parser: on random and mutated input each one returns a request
 * whose ranges all lie inside the file, or throws the documented PromptParseError with a position
 * inside the file; nothing else escapes. Sizes are small and runs fixed, so the work is bounded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectFormat, parsePrompt } from '../../../src/core/formats';
import { parseAnthropicMessages } from '../../../src/core/formats/anthropicMessages';
import { splitFrontMatter } from '../../../src/core/formats/frontMatter';
import { parseGitHubModels } from '../../../src/core/formats/githubModels';
import { parseJsonSource } from '../../../src/core/formats/jsonSource';
import { parseOpenAiChat } from '../../../src/core/formats/openaiChat';
import { parseOpenAiResponses } from '../../../src/core/formats/openaiResponses';
import { parsePlainText } from '../../../src/core/formats/plainText';
import { parsePrompty } from '../../../src/core/formats/prompty';
import { lineColumnAt } from '../../../src/core/formats/sourcePosition';
import { parseVsCodePrompt } from '../../../src/core/formats/vscodePrompt';
import { parseYamlSource } from '../../../src/core/formats/yamlSource';
import { PromptParseError, type FormatId, type PromptRequest } from '../../../src/core/model';
import { assertPositionInside, assertRangesInside, FUZZ_SEED, fuzzRuns, mutated, promptYamlLike, randomText, requestLikeJson, seedsOf } from './inputs';

const RUNS = fuzzRuns(150);

const PARSERS: Record<FormatId, (text: string) => PromptRequest> = {
  'openai-chat': parseOpenAiChat,
  'openai-responses': parseOpenAiResponses,
  'anthropic-messages': parseAnthropicMessages,
  prompty: parsePrompty,
  'github-models': parseGitHubModels,
  'vscode-prompt': parseVsCodePrompt,
  'plain-text': parsePlainText,
};

/** Runs a parser: a request with every range inside the text, or a PromptParseError placed inside it. */
function parsesOrFailsCleanly(parse: () => PromptRequest | unknown, text: string): void {
  let result: unknown;
  try {
    result = parse();
  } catch (error) {
    assert.ok(error instanceof PromptParseError, `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    assert.ok(error.offset >= 0 && error.offset <= text.length, `error offset ${error.offset} outside 0..${text.length}`);
    assert.deepEqual({ line: error.line, column: error.column }, lineColumnAt(text, error.offset));
    assertPositionInside(text, error.line, error.column, error.message);
    return;
  }
  if (result && typeof result === 'object' && 'messages' in result) assertRangesInside(result as PromptRequest, text.length);
}

const property = (arbitrary: fc.Arbitrary<string>, check: (text: string) => void, runs = RUNS) =>
  fc.assert(fc.property(arbitrary, check), { seed: FUZZ_SEED, numRuns: runs });

describe('every format parser on mutated files of its format', () => {
  for (const [format, parse] of Object.entries(PARSERS) as [FormatId, (text: string) => PromptRequest][]) {
    it(format, () => {
      property(mutated(seedsOf(format)).map((m) => m.text), (text) => parsesOrFailsCleanly(() => parse(text), text));
    });
  }
});

describe('every format parser on random text', () => {
  for (const [format, parse] of Object.entries(PARSERS) as [FormatId, (text: string) => PromptRequest][]) {
    it(format, () => {
      property(randomText, (text) => parsesOrFailsCleanly(() => parse(text), text));
    });
  }
});

describe('request parsers on request-shaped JSON with random field types', () => {
  for (const format of ['openai-chat', 'openai-responses', 'anthropic-messages'] as const) {
    it(format, () => {
      property(requestLikeJson, (text) => parsesOrFailsCleanly(() => PARSERS[format](text), text));
    });
  }
});

describe('YAML formats on YAML with random field types', () => {
  it('.prompt.yml', () => {
    property(promptYamlLike, (text) => parsesOrFailsCleanly(() => parseGitHubModels(text), text));
  });

  it('Prompty and VS Code prompt front matter', () => {
    property(promptYamlLike, (yaml) => {
      const text = `---\n${yaml}---\nsystem:\nYou help.\nuser:\n{{question}}\n`;
      parsesOrFailsCleanly(() => parsePrompty(text), text);
      parsesOrFailsCleanly(() => parseVsCodePrompt(text), text);
    });
  });
});

describe('shared readers', () => {
  it('parsePrompt with detection, on mutated files of every format', () => {
    const all = (Object.keys(PARSERS) as FormatId[]).flatMap(seedsOf);
    property(mutated(all).map((m) => `${m.name}\u0000${m.text}`), (joined) => {
      const [name, text] = [joined.slice(0, joined.indexOf('\u0000')), joined.slice(joined.indexOf('\u0000') + 1)];
      parsesOrFailsCleanly(() => parsePrompt(name, text), text);
    });
  });

  it('detectFormat never throws', () => {
    property(fc.oneof(randomText, requestLikeJson), (text) => {
      for (const name of ['a.json', 'a.prompt.yml', 'a.yaml', 'a.prompty', 'noext']) detectFormat(name, text);
    });
  });

  it('JSON and YAML sources and front matter', () => {
    property(fc.oneof(randomText, requestLikeJson, promptYamlLike), (text) => {
      parsesOrFailsCleanly(() => parseJsonSource(text), text);
      parsesOrFailsCleanly(() => parseYamlSource(text), text);
      parsesOrFailsCleanly(() => {
        const split = splitFrontMatter(text);
        assert.ok(split.bodyStart >= 0 && split.bodyStart <= text.length);
        if (split.yaml) assert.ok(split.yaml.start <= split.yaml.end && split.yaml.end <= text.length);
        return split;
      }, text);
    });
  });
});
