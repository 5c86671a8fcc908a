import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { analysisToText } from '../../src/core/report';
import { countRequestBody } from '../../src/core/bodyCount';
import { carriedOver } from '../../src/core/providerFigure';
import { countingApi, countingBody, figureOf } from '../../src/runner/providerCount';

const SYSTEM = 'You are the member assistant of a hiking club. Answer questions about hut bookings, briefly and warmly.\nQuiet hours are 22:00 to 06:00.';
const USER = 'Can I bring my dog to the Falkenstein hut?';

const prompty = (model: string) => `---\nname: club\nmodel:\n  id: ${model}\n---\nsystem:\n${SYSTEM}\n\nuser:\n${USER}\n`;
const anthropicJson = (model: string) =>
  JSON.stringify({ model, max_tokens: 500, system: SYSTEM, messages: [{ role: 'user', content: USER }] }, null, 2);

describe('a template prompt for a Claude model', () => {
  it('is counted as the Anthropic Messages request it is sent as, unlike the same template on gpt-4o', async () => {
    const gpt = await analyzePrompt({ fileName: 'club.prompty', text: prompty('gpt-4o') });
    const claude = await analyzePrompt({ fileName: 'club.prompty', text: prompty('claude-sonnet-4-5') });
    const request = await analyzePrompt({ fileName: 'club.json', text: anthropicJson('claude-sonnet-4-5') });
    assert.notEqual(claude.promptTokens, gpt.promptTokens);
    assert.equal(claude.promptTokens, request.promptTokens);
    assert.equal(claude.api, 'anthropic');
    assert.deepEqual(
      claude.segments.map((s) => s.label),
      request.segments.map((s) => s.label),
    );
    assert.ok(!claude.segments.some((s) => s.kind === 'priming'), 'no OpenAI reply priming');
    assert.equal(claude.estimate, true);
    assert.match(analysisToText(claude), /Claude 4\.5 count ≈ ±/);
  });

  it('follows a Claude model chosen outside the file (--model, the editor picker) on every template format', async () => {
    const files: Array<[string, string]> = [
      ['club.prompty', prompty('gpt-4o')],
      ['club.prompt.yml', `model: openai/gpt-4o\nmessages:\n  - role: system\n    content: ${JSON.stringify(SYSTEM)}\n  - role: user\n    content: ${JSON.stringify(USER)}\n`],
      ['club.prompt', `system:\n${SYSTEM}\n\nuser:\n${USER}\n`],
    ];
    const expected = (await analyzePrompt({ fileName: 'club.json', text: anthropicJson('claude-3-haiku-20240307') })).promptTokens;
    for (const [fileName, text] of files) {
      const a = await analyzePrompt({ fileName, text, modelOverride: 'claude-3-haiku-20240307' });
      assert.equal(a.api, 'anthropic', fileName);
      assert.equal(a.promptTokens, expected, fileName);
      const openai = await analyzePrompt({ fileName, text, modelOverride: 'gpt-4o' });
      assert.equal(openai.api, 'chat', fileName);
    }
  });

  it('a Prompty file for Anthropic run on an OpenAI model is counted as that model\'s Chat request', async () => {
    const text = prompty('claude-sonnet-4-5').replace('  id: claude-sonnet-4-5', '  id: claude-sonnet-4-5\n  provider: anthropic');
    const onGpt = await analyzePrompt({ fileName: 'club.prompty', text, modelOverride: 'gpt-4o' });
    const plain = await analyzePrompt({ fileName: 'club.prompty', text: prompty('gpt-4o') });
    assert.equal(onGpt.api, 'chat');
    assert.equal(onGpt.estimate, false);
    assert.equal(onGpt.promptTokens, plain.promptTokens);
  });

  it('is counted by Anthropic as sent, and Anthropic\'s answer is shown as it is, not carried over from another API', async () => {
    const claude = await analyzePrompt({ fileName: 'club.prompty', text: prompty('claude-sonnet-4-5') });
    assert.equal(countingApi(claude), 'anthropic');
    const body = countingBody(claude.request, { kind: 'anthropic', apiKey: '' }, claude.model);
    assert.deepEqual(body.system, [{ type: 'text', text: SYSTEM }]);
    assert.deepEqual(body.messages, [{ role: 'user', content: USER }]);
    const bodyTokens = await countRequestBody(JSON.stringify(body), 'anthropic', claude.model);
    assert.equal(bodyTokens, claude.promptTokens);
    const answer = { inputTokens: 120, via: 'Anthropic count_tokens', host: 'api.anthropic.com', simulated: false, at: 0 };
    const figure = figureOf(answer, { api: 'anthropic', simulator: false }, { promptTokens: claude.promptTokens, promptApi: claude.api, bodyTokens });
    assert.equal(carriedOver(figure), false);
    assert.equal(figure.inputTokens, 120);
  });
});
