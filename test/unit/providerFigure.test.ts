import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import {
  clockTime,
  differenceLogLine,
  figureTooltip,
  signedDifference,
  sourceSuffix,
  tokensLine,
  type ProviderFigure,
} from '../../src/core/providerFigure';
import { analysisToText } from '../../src/core/report';

const at = new Date(2025, 5, 1, 12, 3, 40).getTime();
const openai: ProviderFigure = { inputTokens: 1234, via: 'OpenAI input_tokens', provider: 'OpenAI', simulated: false, at };
const simulated: ProviderFigure = { ...openai, simulated: true };

describe('provider figure labels', () => {
  it('says where the figure came from, and never calls a simulated one exact', () => {
    assert.equal(sourceSuffix(openai, true), 'exact (OpenAI)');
    assert.equal(sourceSuffix({ ...openai, provider: 'Anthropic', via: 'Anthropic count_tokens' }, false), 'exact (Anthropic)');
    assert.equal(sourceSuffix(simulated, true), 'simulated');
    assert.equal(sourceSuffix(undefined, true), '≈ offline');
    assert.equal(sourceSuffix(undefined, false), undefined, 'with counting off the status bar reads as before');
  });

  it('writes the tooltip, hover/report line and differences with signs', () => {
    assert.equal(clockTime(at), '12:03');
    assert.equal(figureTooltip(1236, openai), '1,234 tokens counted by OpenAI input_tokens at 12:03; offline count 1,236 (+2)');
    assert.equal(
      figureTooltip(1234, simulated),
      '1,234 tokens counted by the built-in simulator (simulated OpenAI input_tokens, not the provider) at 12:03; offline count 1,234 (±0)',
    );
    assert.equal(tokensLine(1236, openai), '1,234 (OpenAI input_tokens) · offline 1,236');
    assert.equal(tokensLine(1234, simulated), '1,234 (simulated OpenAI input_tokens) · offline 1,234');
    assert.deepEqual([signedDifference(3), signedDifference(-1500), signedDifference(0)], ['+3', '-1,500', '±0']);
  });

  it('logs only answers that differ from the offline count', () => {
    assert.equal(differenceLogLine('a.prompty', 'gpt-4o', 1234, openai), undefined);
    assert.equal(differenceLogLine('a.prompty', 'gpt-4o', 1236, openai), 'provider count differs: a.prompty, gpt-4o, offline 1236, provider 1234 (-2)');
    assert.equal(
      differenceLogLine('a.prompty', 'gpt-4o', 1230, simulated),
      'provider count differs: a.prompty, gpt-4o, offline 1230, provider 1234 (+4) (simulated OpenAI input_tokens)',
    );
  });

  it('adds the provider line to the text report only when a figure is given', async () => {
    const text = await readFile('examples/chat-request.json', 'utf8');
    const analysis = await analyzePrompt({ fileName: 'chat-request.json', text });
    const plain = analysisToText(analysis, { sourceText: text });
    assert.doesNotMatch(plain, /^ {2}Tokens /m);
    const figure = { ...openai, inputTokens: analysis.promptTokens + 5 };
    const withFigure = analysisToText(analysis, { sourceText: text, providerFigure: figure });
    const line = withFigure.split('\n').find((l) => l.startsWith('  Tokens '));
    assert.equal(line, `  Tokens          ${tokensLine(analysis.promptTokens, figure)}`);
    assert.equal(withFigure.replace(`${line}\n`, ''), plain, 'nothing else in the report changes');
  });
});
