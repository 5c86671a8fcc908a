import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import {
  carriedOver,
  clockTime,
  countNoteLine,
  differenceLogLine,
  figureTooltip,
  framingTokens,
  providerFigure,
  signedDifference,
  sourceSuffix,
  tokensLine,
  type ProviderFigure,
} from '../../src/core/providerFigure';
import { analysisToText } from '../../src/core/report';

const at = new Date(2025, 5, 1, 12, 3, 40).getTime();
const answer = { inputTokens: 1234, via: 'OpenAI input_tokens', provider: 'OpenAI' as const, simulated: false, at };
/** A Responses prompt: counted in its own form, so nothing is carried over. */
const openai = providerFigure(answer, { promptTokens: 1236, promptApi: 'responses', bodyTokens: 1234, countedApi: 'responses' });
const simulated: ProviderFigure = { ...openai, simulated: true };
/** A Chat Completions prompt: counted in Responses form (1,232 offline), 1,234 offline in Chat. */
const chat = providerFigure({ ...answer, inputTokens: 1232 }, { promptTokens: 1234, promptApi: 'chat', bodyTokens: 1232, countedApi: 'responses' });

describe('provider figure labels', () => {
  it('says where the figure came from, and never calls a simulated one exact', () => {
    assert.equal(sourceSuffix(openai, true), 'exact (OpenAI)');
    assert.equal(sourceSuffix({ ...openai, provider: 'Anthropic', via: 'Anthropic count_tokens' }, false), 'exact (Anthropic)');
    assert.equal(sourceSuffix(simulated, true), 'simulated');
    assert.equal(sourceSuffix(undefined, true), '≈ offline');
    assert.equal(sourceSuffix(undefined, false), undefined, 'with counting off the status bar reads as before');
  });

  it('a failed count reads apart from a pending one, with the reason in the tooltip', () => {
    const reason = 'Could not reach api.openai.com (ENOTFOUND): check the connection or a proxy.';
    assert.equal(sourceSuffix(undefined, true, true), 'count failed');
    assert.notEqual(sourceSuffix(undefined, true, true), sourceSuffix(undefined, true), 'never the "still waiting" text');
    assert.equal(sourceSuffix(undefined, false, true), 'count failed', 'also after a one-off count with background counting off');
    assert.equal(sourceSuffix(openai, true, true), 'exact (OpenAI)', 'a figure already counted for this text wins');
    assert.equal(countNoteLine(reason, true), `The provider count failed: ${reason} The figure shown is the offline count.`);
    assert.equal(countNoteLine('cannot count: the simulator stopped', true), 'The provider count failed: cannot count: the simulator stopped. The figure shown is the offline count.');
    assert.equal(countNoteLine('asking OpenAI…'), 'Offline count; provider count: asking OpenAI…');
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

  it('logs only answers that differ from the offline count of the same body', () => {
    assert.equal(differenceLogLine('a.prompty', 'gpt-4o', openai), undefined);
    assert.equal(
      differenceLogLine('a.prompty', 'gpt-4o', { ...openai, bodyOfflineTokens: 1236 }),
      'provider count differs: a.prompty, gpt-4o, offline 1236, provider 1234 (-2)',
    );
    assert.equal(
      differenceLogLine('a.prompty', 'gpt-4o', { ...simulated, bodyOfflineTokens: 1230 }),
      'provider count differs: a.prompty, gpt-4o, offline 1230, provider 1234 (+4) (simulated OpenAI input_tokens)',
    );
    // A Chat prompt is compared in the form it was counted in, not with its Chat count.
    assert.equal(differenceLogLine('a.prompty', 'gpt-4o', chat), undefined, 'the body sent counts the same offline: no difference');
    const off = providerFigure({ ...answer, inputTokens: 1229 }, { promptTokens: 1234, promptApi: 'chat', bodyTokens: 1232, countedApi: 'responses' });
    assert.equal(
      differenceLogLine('a.prompty', 'gpt-4o', off),
      'provider count differs: a.prompty, gpt-4o, offline 1232 for the request in Responses form, provider 1229 (-3)',
    );
  });

  it('carries a Chat prompt\'s answer over to Chat: the answer plus the offline framing difference', () => {
    assert.equal(carriedOver(chat), true);
    assert.equal(chat.providerInputTokens, 1232, 'the answer is kept as it came');
    assert.equal(framingTokens(chat), 2);
    assert.equal(chat.inputTokens, 1234);
    // The provider counts 3 more than we do for the body sent: the Chat figure is 3 more than ours too.
    const more = providerFigure({ ...answer, inputTokens: 1235 }, { promptTokens: 1234, promptApi: 'chat', bodyTokens: 1232, countedApi: 'responses' });
    assert.equal(more.inputTokens, 1237);
    // Framing may also take tokens away.
    const fewer = providerFigure({ ...answer, inputTokens: 500 }, { promptTokens: 495, promptApi: 'chat', bodyTokens: 498, countedApi: 'responses' });
    assert.deepEqual([fewer.inputTokens, framingTokens(fewer)], [497, -3]);
    // Same API: the answer is the figure, whatever the prompt's own offline count.
    assert.equal(carriedOver(openai), false);
    assert.deepEqual([openai.inputTokens, framingTokens(openai)], [1234, 0]);
    const claude = providerFigure(
      { ...answer, via: 'Anthropic count_tokens', provider: 'Anthropic' },
      { promptTokens: 1240, promptApi: 'anthropic', bodyTokens: 1238, countedApi: 'anthropic' },
    );
    assert.deepEqual([claude.inputTokens, carriedOver(claude)], [1234, false]);
  });

  it('shows a carried-over figure with both counts and never calls it exact', () => {
    assert.equal(sourceSuffix(chat, true), 'OpenAI + Chat framing');
    assert.equal(sourceSuffix({ ...chat, simulated: true }, false), 'simulated + Chat framing');
    assert.equal(
      figureTooltip(1234, chat),
      '1,234 tokens: OpenAI input_tokens counted 1,232 at 12:03 for the request in Responses form, +2 for Chat Completions framing; offline count 1,234 (±0)',
    );
    assert.equal(
      figureTooltip(1234, { ...chat, simulated: true }),
      '1,234 tokens: the built-in simulator (simulated OpenAI input_tokens, not the provider) counted 1,232 at 12:03 ' +
        'for the request in Responses form, +2 for Chat Completions framing; offline count 1,234 (±0)',
    );
    assert.equal(tokensLine(1234, chat), '1,234 (OpenAI input_tokens: 1,232 in Responses form, +2 Chat Completions framing) · offline 1,234');
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
