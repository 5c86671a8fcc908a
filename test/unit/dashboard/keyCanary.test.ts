/**
 * A fake key in every place a key can come from (the secret storage, the environment, a URL's user
 * name, password and query) travels through the dashboard's own code paths against a server that
 * echoes the request's headers and URL back in its answers and errors. None of it may reach what
 * the webview is sent, the log, the history files or the exports.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SessionStore, sessionToCsv, sessionToJson } from '../../../src/history/index';
import { endpointSecrets, SecretRedactor, type EndpointConfig } from '../../../src/runner/index';
import type { DashboardConfig } from '../../../src/extension/dashboard/dashboardConfig';
import { endpointFor } from '../../../src/extension/dashboard/endpointConfig';
import { KeyStore, secretName, type SecretStore } from '../../../src/extension/dashboard/keyStore';
import { redactingLog } from '../../../src/extension/dashboard/redactingLog';
import { startTestSession } from '../../../src/extension/dashboard/testSession';
import type { ToWebview } from '../../../src/shared/protocol';
import { longChatPrompt } from '../runner/helpers';
import { chatCompletion, startEchoServer, type EchoServer, type SeenRequest } from '../runner/echoServer';

/** Every fake secret carries this marker, so one search finds any of them. */
const MARK = 'CANARY';
const STORED = 'CANARY-stored-5f1e90';
const ENV_OPENAI = 'CANARY-env-openai-83ad';
const ENV_ANTHROPIC = 'CANARY-env-anthropic-29c4';
const URL_USER = 'CANARY-user';
const URL_PASS = 'CANARY-urlpass-b71d';
const URL_QUERY = 'CANARY-query-6e02';

class MapSecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(name: string) {
    return this.values.get(name);
  }
  async store(name: string, value: string) {
    this.values.set(name, value);
  }
  async delete(name: string) {
    this.values.delete(name);
  }
}

/** What a log output channel receives, line by line. */
class FakeChannel {
  readonly lines: string[] = [];
  private write(level: string, args: unknown[]) {
    this.lines.push(`${level} ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  }
  info(...args: unknown[]) {
    this.write('info', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  appendLine(line: string) {
    this.lines.push(line);
  }
}

/** Odd requests succeed, even ones are refused; both quote the request's key headers and URL. */
function echo(request: SeenRequest, count: number) {
  const { authorization, 'x-api-key': anthropicKey, 'api-key': azureKey } = request.headers;
  const quoted = `auth=${authorization} x-api-key=${anthropicKey} api-key=${azureKey} url=${request.url}`;
  if (count % 2 === 0) return { status: 401, json: { error: { message: `Incorrect API key provided: ${quoted}`, type: 'invalid_request_error' } } };
  if (request.url.includes('/messages')) {
    return {
      status: 200,
      json: {
        id: `msg_${anthropicKey}`,
        type: 'message',
        role: 'assistant',
        content: [{ type: 'text', text: 'ok' }],
        usage: { input_tokens: 1300, output_tokens: 1, cache_read_input_tokens: 0, echoed: quoted, [String(anthropicKey)]: 1 },
      },
    };
  }
  return { status: 200, json: chatCompletion(`chatcmpl-${authorization}`, { prompt_tokens: 1300, completion_tokens: 1, echoed: quoted, headers: request.headers }) };
}

describe('a fake key never leaves the key store except in requests', () => {
  let server: EchoServer;
  let historyDir: string;
  const posted: ToWebview[] = [];
  const channel = new FakeChannel();
  const redactor = new SecretRedactor();
  const secrets = new MapSecrets();
  const keys = new KeyStore(secrets, { OPENAI_API_KEY: ENV_OPENAI, ANTHROPIC_API_KEY: ENV_ANTHROPIC }, (key) => redactor.add(key));
  const log = redactingLog(channel, redactor);
  let store: SessionStore;
  const sessionIds: string[] = [];

  const config = (compatibleBaseUrl: string): DashboardConfig => ({
    endpoint: 'auto',
    compatibleBaseUrl,
    azureEndpoint: '',
    azureDeployment: '',
    azureApiVersion: '2025-04-01-preview',
    defaultRuns: 2,
    maxOutputTokens: 4,
    urlSources: { compatibleBaseUrl: 'user', azureEndpoint: 'default' },
  });

  /** Runs two requests the way the dashboard panel does: secrets noted, session started, awaited. */
  async function runTwice(endpoint: EndpointConfig): Promise<void> {
    redactor.add(...endpointSecrets(endpoint));
    log.info(`dashboard: session on ${JSON.stringify(endpoint)}`);
    const test = await startTestSession({
      prompt: longChatPrompt(),
      sourceText: '',
      promptFile: 'canary.prompt',
      endpoint,
      settings: { model: 'gpt-4o-mini', api: 'chat', runs: 2, maxRetries: 0, maxOutputTokens: 4 },
      store,
      post: (message) => posted.push(message),
      estimatedUsd: null,
      knownSecrets: redactor.secrets(),
    });
    sessionIds.push(test.sessionId);
    await test.done;
  }

  before(async () => {
    historyDir = await mkdtemp(join(tmpdir(), 'pcl-canary-'));
    store = new SessionStore(historyDir, Date.now, () => redactor.secrets());
    server = await startEchoServer(echo);
    await secrets.store(secretName('compatible'), STORED);
    const simulator = { url: async () => `${server.origin}/v1` };

    // The stored key, to a compatible server whose URL carries a key in its query.
    await runTwice(await endpointFor('compatible', config(`${server.origin}/v1?api-key=${URL_QUERY}&api-version=1`), keys, simulator));
    // The stored key, to a URL with a user name and password (the request cannot even be built).
    const withUser = `http://${URL_USER}:${URL_PASS}@${server.origin.slice('http://'.length)}/v1`;
    await runTwice(await endpointFor('compatible', config(withUser), keys, simulator));
    // The environment's keys; the dashboard sends these to the providers, here to the echo server.
    await runTwice({ ...(await endpointFor('openai', config(''), keys, simulator)), baseURL: `${server.origin}/v1` } as EndpointConfig);
    await runTwice({ ...(await endpointFor('anthropic', config(''), keys, simulator)), baseURL: server.origin } as EndpointConfig);

    // Whatever the panel might log about a failure: the raw error, the endpoint, the requests seen.
    log.error('dashboard: run failed', new Error(`could not reach ${withUser} with ${STORED}`));
    log.warn('requests seen', server.requests.map((r) => ({ url: r.url, headers: r.headers })));
    log.appendLine(`keys in use: ${ENV_OPENAI} ${ENV_ANTHROPIC}`);
  });

  after(async () => {
    await server.close();
    await rm(historyDir, { recursive: true, force: true });
  });

  it('the keys did reach the endpoint, in the headers and the URL', () => {
    const seen = JSON.stringify(server.requests.map((r) => ({ url: r.url, headers: r.headers })));
    for (const key of [STORED, ENV_OPENAI, ENV_ANTHROPIC, URL_QUERY]) assert.ok(seen.includes(key), `${key} was sent`);
    assert.equal(server.requests.length, 6, 'two requests each for three sessions; none for the URL with a password');
  });

  it('the runs recorded what happened: one answer and one refusal per session, a network error for the URL with a password', async () => {
    const outcomes = await Promise.all(sessionIds.map(async (id) => (await store.read(id)).runs.map((r) => (r.outcome.status === 'ok' ? 'ok' : r.outcome.kind))));
    assert.deepEqual(outcomes, [['ok', 'auth'], ['network', 'network'], ['ok', 'auth'], ['ok', 'auth']]);
  });

  it('nothing posted to the webview holds a key', () => {
    assert.ok(posted.some((m) => m.type === 'record'));
    assert.ok(posted.some((m) => m.type === 'record' && m.record.outcome.status === 'error' && m.record.outcome.message.includes('[redacted]')));
    assert.ok(!JSON.stringify(posted).includes(MARK), JSON.stringify(posted).match(/.{60}CANARY.{20}/)?.[0]);
  });

  it('no log line holds a key', () => {
    assert.ok(channel.lines.length >= 7);
    for (const line of channel.lines) assert.ok(!line.includes(MARK), line);
  });

  it('no history file holds a key, and the session list shown from it holds none either', async () => {
    const files = await readdir(historyDir);
    assert.equal(files.length, 4);
    for (const file of files) {
      const text = await readFile(join(historyDir, file), 'utf8');
      assert.ok(!text.includes(MARK), `${file}: ${text.match(/.{60}CANARY.{20}/)?.[0]}`);
    }
    assert.ok(!JSON.stringify(await store.list()).includes(MARK));
  });

  it('neither export holds a key', async () => {
    for (const id of sessionIds) {
      const session = await store.read(id);
      for (const text of [sessionToCsv(session, redactor.secrets()), sessionToJson(session, redactor.secrets())]) {
        assert.ok(!text.includes(MARK), text.match(/.{60}CANARY.{20}/)?.[0]);
      }
    }
  });

  it('numbers survive redaction: token counts are the ones the endpoint sent', async () => {
    const first = await store.read(sessionIds[0]);
    assert.equal(first.runs[0].promptTokens, 1300);
    assert.equal(first.header.endpoint.baseURL, `${server.origin}/v1?api-version=1`);
  });
});
