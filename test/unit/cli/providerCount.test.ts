import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzePrompt, type Analysis } from '../../../src/core/analyze';
import { formatCount } from '../../../src/core/labels';
import { signedDifference } from '../../../src/core/providerFigure';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { countingBody, ProviderCounter, type CountingEndpoint } from '../../../src/runner/providerCount';
import { startSimulator } from '../../../src/simulator/index';
import type { RunningSimulator } from '../../../src/simulator/options';
import { buildCli, EXAMPLES, runCliAsync, scratchDir } from './helpers';

let cli: string;
before(() => {
  cli = buildCli();
});
after(() => rmSync(dirname(cli), { recursive: true, force: true }));

const WRONG_KEY = 'sk-test-wrong-0123456789abcdef';
const RIGHT_KEY = 'sk-test-right-0123456789abcdef';

async function withSimulator<T>(options: { requireKey?: string }, body: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await body(sim);
  } finally {
    await sim.close();
  }
}

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A pass-through proxy in front of the simulator that records each request's route and headers. */
async function withRecordingProxy<T>(target: RunningSimulator, body: (url: string, seen: Seen[]) => Promise<T>): Promise<T> {
  const seen: Seen[] = [];
  const proxy = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const forward = request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  try {
    return await body(`http://127.0.0.1:${port}/v1`, seen);
  } finally {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
}

async function analyzeExample(file: string): Promise<{ text: string; analysis: Analysis }> {
  const path = `examples/${file}`;
  const text = readFileSync(join(EXAMPLES, file), 'utf8');
  return { text, analysis: await analyzePrompt({ fileName: path, text }) };
}

/** What the simulator answers for an analysis's counting body, asked directly. */
async function simulatorAnswer(sim: RunningSimulator, analysis: Analysis, sourceText: string): Promise<number> {
  const claude = /^claude/.test(analysis.model);
  const endpoint: CountingEndpoint = claude ? { kind: 'anthropic', apiKey: 'any', baseURL: sim.url } : { kind: 'simulator', baseURL: sim.url };
  return (await new ProviderCounter().count(endpoint, countingBody(analysis.request, endpoint, analysis.model, sourceText))).inputTokens;
}

/**
 * The Tokens line of a Chat Completions prompt counted by the simulator: its answer is for the
 * request in Responses form, and (the simulator counting as we do) carried over to Chat it is the
 * offline Chat count.
 */
function simulatedChatLine(analysis: Analysis, answer: number): string {
  const chat = formatCount(analysis.promptTokens);
  const framing = signedDifference(analysis.promptTokens - answer);
  return `Tokens          ${chat} (simulated OpenAI input_tokens: ${formatCount(answer)} in Responses form, ${framing} Chat Completions framing) · offline ${chat}`;
}

describe('prompt-cache-lens analyze --count-with-provider', () => {
  it('shows the simulator\'s figure on the Tokens line, labelled simulated and never exact', async () => {
    await withSimulator({}, async (sim) => {
      const { text, analysis } = await analyzeExample('responses-request.json');
      const expected = await simulatorAnswer(sim, analysis, text);
      const run = await runCliAsync(cli, ['analyze', 'examples/responses-request.json', '--count-with-provider', '--count-base-url', sim.url], {
        OPENAI_API_KEY: RIGHT_KEY,
      });
      assert.equal(run.status, 0, run.stderr);
      const line = run.stdout.split('\n').find((l) => l.trimStart().startsWith('Tokens'));
      assert.equal(line?.trim(), `Tokens          ${formatCount(expected)} (simulated OpenAI input_tokens) · offline ${formatCount(analysis.promptTokens)}`);
      // The simulator's figure is never called exact (estimate reasons elsewhere may use the word).
      assert.doesNotMatch(line ?? '', /exact/i);
      assert.doesNotMatch(run.stdout, /exact \(/i);
      assert.equal(run.stderr, '');
    });
  });

  it('a Chat Completions prompt (Prompty): the Responses-form answer carried over to Chat, both figures shown', async () => {
    await withSimulator({}, async (sim) => {
      const { text, analysis } = await analyzeExample('support-agent.prompty');
      assert.equal(analysis.api, 'chat');
      const answer = await simulatorAnswer(sim, analysis, text);
      assert.notEqual(answer, analysis.promptTokens, 'the Responses form of this request frames it differently from Chat');
      const run = await runCliAsync(cli, ['analyze', 'examples/support-agent.prompty', '--count-with-provider', '--count-base-url', sim.url], {
        OPENAI_API_KEY: RIGHT_KEY,
      });
      assert.equal(run.status, 0, run.stderr);
      const line = run.stdout.split('\n').find((l) => l.trimStart().startsWith('Tokens'));
      assert.equal(line?.trim(), simulatedChatLine(analysis, answer));

      const json = await runCliAsync(cli, ['analyze', 'examples/support-agent.prompty', '--json', '--count-with-provider', '--count-base-url', sim.url], {
        OPENAI_API_KEY: RIGHT_KEY,
      });
      assert.equal(json.status, 0, json.stderr);
      assert.deepEqual(JSON.parse(json.stdout).providerCount, {
        inputTokens: analysis.promptTokens,
        via: 'OpenAI input_tokens',
        simulated: true,
        offlineTokens: analysis.promptTokens,
        difference: 0,
        providerInputTokens: answer,
        countedApi: 'responses',
        bodyOfflineTokens: answer,
        framing: { api: 'chat', tokens: analysis.promptTokens - answer },
      });
    });
  });

  it('--json: providerCount carries the simulator\'s figure, the offline count and their difference', async () => {
    await withSimulator({}, async (sim) => {
      const { text, analysis } = await analyzeExample('responses-request.json');
      const expected = await simulatorAnswer(sim, analysis, text);
      const run = await runCliAsync(cli, ['analyze', 'examples/responses-request.json', '--json', '--count-with-provider', '--count-base-url', sim.url], {
        OPENAI_API_KEY: RIGHT_KEY,
      });
      assert.equal(run.status, 0, run.stderr);
      const json = JSON.parse(run.stdout);
      assert.equal(json.promptTokens, analysis.promptTokens);
      assert.deepEqual(json.providerCount, {
        inputTokens: expected,
        via: 'OpenAI input_tokens',
        simulated: true,
        offlineTokens: analysis.promptTokens,
        difference: expected - analysis.promptTokens,
        providerInputTokens: expected,
        countedApi: 'responses',
        bodyOfflineTokens: expected,
      });
    });
  });

  it('counts a Claude file on Anthropic\'s count_tokens route with the key in x-api-key', async () => {
    await withSimulator({ requireKey: RIGHT_KEY }, async (sim) => {
      const { text, analysis } = await analyzeExample('anthropic-request.json');
      const expected = await withSimulator({}, (plain) => simulatorAnswer(plain, analysis, text));
      await withRecordingProxy(sim, async (url, seen) => {
        const run = await runCliAsync(cli, ['analyze', 'examples/anthropic-request.json', '--json', '--count-with-provider', '--count-base-url', url], {
          ANTHROPIC_API_KEY: RIGHT_KEY,
        });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(
          seen.map((s) => `${s.method} ${s.path}`),
          ['POST /v1/messages/count_tokens'],
        );
        assert.equal(seen[0].headers['x-api-key'], RIGHT_KEY);
        const json = JSON.parse(run.stdout);
        assert.equal(json.providerCount.via, 'Anthropic count_tokens');
        assert.equal(json.providerCount.inputTokens, expected);
        assert.equal(json.providerCount.simulated, true, 'the x-simulated label is read on the Anthropic route too');
      });
    });
  });

  it('without a key: the offline report, then one line naming the variable and the host, exit 2', async () => {
    const run = await runCliAsync(cli, ['analyze', 'examples/chat-request.json', '--count-with-provider']);
    assert.equal(run.status, 2);
    assert.match(run.stdout, /Prompt\s+[\d,]+ tokens/, 'the offline analysis is still printed');
    assert.doesNotMatch(run.stdout, /Tokens\s/);
    assert.equal(
      run.stderr,
      'prompt-cache-lens: examples/chat-request.json: no OPENAI_API_KEY in the environment: set it to count with OpenAI (api.openai.com), or leave out --count-with-provider\n',
    );
    const claude = await runCliAsync(cli, ['analyze', 'examples/anthropic-request.json', '--json', '--count-with-provider'], { OPENAI_API_KEY: RIGHT_KEY });
    assert.equal(claude.status, 2);
    assert.equal(JSON.parse(claude.stdout).providerCount, null);
    assert.match(claude.stderr, /no ANTHROPIC_API_KEY in the environment: set it to count with Anthropic \(api\.anthropic\.com\)/);
  });

  it('a refused key: one line naming the host and the variable to fix, never the key, exit 2', async () => {
    await withSimulator({ requireKey: RIGHT_KEY }, async (sim) => {
      const run = await runCliAsync(cli, ['analyze', 'examples/chat-request.json', '--json', '--count-with-provider', '--count-base-url', sim.url], {
        OPENAI_API_KEY: WRONG_KEY,
      });
      assert.equal(run.status, 2);
      assert.equal(JSON.parse(run.stdout).providerCount, null);
      assert.equal(
        run.stderr,
        `prompt-cache-lens: examples/chat-request.json: 127.0.0.1:${sim.port} refused the OpenAI API key (401). Set a valid key in OPENAI_API_KEY.\n`,
      );
      assert.ok(!run.stderr.includes(WRONG_KEY) && !run.stdout.includes(WRONG_KEY));
    });
  });

  it('an unreachable host: one line naming it, exit 2', async () => {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await runCliAsync(cli, ['analyze', 'examples/chat-request.json', '--count-with-provider'], {
      OPENAI_API_KEY: RIGHT_KEY,
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, new RegExp(`^prompt-cache-lens: examples/chat-request\\.json: Could not reach 127\\.0\\.0\\.1:${port}( \\(ECONNREFUSED\\))?: check the connection or a proxy\\.\\n$`));
  });

  it('refuses --count-base-url without --count-with-provider, and a URL that is not http', async () => {
    const alone = await runCliAsync(cli, ['analyze', 'examples/chat-request.json', '--count-base-url', 'http://127.0.0.1:8787/v1']);
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /--count-base-url needs --count-with-provider/);
    const bad = await runCliAsync(cli, ['analyze', 'examples/chat-request.json', '--count-with-provider', '--count-base-url', 'ftp://host']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--count-base-url must be an http or https URL, not "ftp:\/\/host"/);
  });

  it('analyze --help names the option, the key variables and the exit code', async () => {
    const run = await runCliAsync(cli, ['analyze', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /--count-with-provider/);
    assert.match(run.stdout, /--count-base-url <URL>/);
    assert.match(run.stdout, /OPENAI_API_KEY \/ ANTHROPIC_API_KEY/);
    assert.match(run.stdout, /exit code 2/);
  });

  it('a source file: each call counted on its own provider\'s route', async () => {
    const rules = Array.from({ length: 120 }, (_, i) => `Rule ${i + 1}: answer briefly and cite the handbook section.`).join('\\n');
    const source = [
      'from openai import OpenAI',
      'import anthropic',
      '',
      `RULES = "${rules}"`,
      'client = OpenAI()',
      'claude = anthropic.Anthropic()',
      '',
      'def ask(question):',
      '    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": RULES}, {"role": "user", "content": question}])',
      '',
      'def ask_claude(question):',
      '    return claude.messages.create(model="claude-sonnet-4-5", max_tokens=200, system=RULES, messages=[{"role": "user", "content": question}])',
      '',
    ].join('\n');
    const dir = scratchDir({ 'bot.py': source });
    try {
      const file = join(dir, 'bot.py');
      const offline = await analyzeSource({ fileName: file, text: source });
      assert.equal(offline.prompts.length, 2);
      await withSimulator({}, async (sim) => {
        const expected = await Promise.all(offline.prompts.map((p) => simulatorAnswer(sim, p.analysis, source)));
        await withRecordingProxy(sim, async (url, seen) => {
          const run = await runCliAsync(cli, ['analyze', file, '--json', '--count-with-provider', '--count-base-url', url], {
            OPENAI_API_KEY: RIGHT_KEY,
            ANTHROPIC_API_KEY: RIGHT_KEY,
          });
          assert.equal(run.status, 0, run.stderr);
          assert.deepEqual(seen.map((s) => s.path).sort(), ['/v1/messages/count_tokens', '/v1/responses/input_tokens']);
          const json = JSON.parse(run.stdout);
          // The OpenAI call is a Chat Completions one: counted in Responses form, carried over to Chat.
          assert.deepEqual(
            json.prompts.map((p: { providerCount: unknown }) => p.providerCount),
            offline.prompts.map((p, i) => {
              const claude = /^claude/.test(p.analysis.model);
              return {
                inputTokens: claude ? expected[i] : p.analysis.promptTokens,
                via: claude ? 'Anthropic count_tokens' : 'OpenAI input_tokens',
                simulated: true,
                offlineTokens: p.analysis.promptTokens,
                difference: claude ? expected[i] - p.analysis.promptTokens : 0,
                providerInputTokens: expected[i],
                countedApi: claude ? 'anthropic' : 'responses',
                bodyOfflineTokens: expected[i],
                ...(claude ? {} : { framing: { api: 'chat', tokens: p.analysis.promptTokens - expected[i] } }),
              };
            }),
          );

          const text = await runCliAsync(cli, ['analyze', file, '--count-with-provider', '--count-base-url', url], {
            OPENAI_API_KEY: RIGHT_KEY,
            ANTHROPIC_API_KEY: RIGHT_KEY,
          });
          assert.equal(text.status, 0, text.stderr);
          const tokenLines = text.stdout.split('\n').filter((l) => l.trimStart().startsWith('Tokens'));
          assert.deepEqual(
            tokenLines.map((l) => l.trim()),
            offline.prompts.map((p, i) =>
              /^claude/.test(p.analysis.model)
                ? `Tokens          ${formatCount(expected[i])} (simulated Anthropic count_tokens) · offline ${formatCount(p.analysis.promptTokens)}`
                : simulatedChatLine(p.analysis, expected[i]),
            ),
          );
        });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
