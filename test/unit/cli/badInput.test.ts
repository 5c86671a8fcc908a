/**
 * Inputs that once crashed or fooled the command line: each is answered with exit 2 and
 * `file:line:column: message`, or with a finding, and `check` goes on with the other files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCli, runCliProcess, scratchDir } from './helpers';

const CHAT = (model: string, content = 'You are a helpful assistant.') =>
  JSON.stringify({ model, messages: [{ role: 'user', content }] });

/** 3,000 nested arrays inside an otherwise valid request. */
const DEEP_JSON = `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(3000)}${']'.repeat(3000)}}`;

function anthropic(system: { text: string; ttl?: '5m' | '1h' }[]): string {
  return JSON.stringify(
    {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: system.map(({ text, ttl }) => ({ type: 'text', text, cache_control: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } })),
      messages: [{ role: 'user', content: 'Hello' }],
    },
    null,
    2,
  );
}

let cli: string;
let dir: string;
before(() => {
  cli = buildCli();
  dir = scratchDir({
    'good.prompt': 'You are a careful copy editor. Fix grammar and keep the author’s voice.\n',
    'good.json': CHAT('gpt-4o'),
    'deep.json': DEEP_JSON,
    'deeper.json': DEEP_JSON.replace(`${'['.repeat(3000)}${']'.repeat(3000)}`, `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    'bom.json': `\uFEFF${CHAT('gpt-4o')}`,
    'long-model.json': CHAT('x'.repeat(100_000)),
    'bom-broken.json': '\uFEFF{"model": "gpt-4o", "messages": [,]}',
    'cr.prompt': 'system:\rYou are terse.\rToday: 2026-03-14 09:12 UTC\ruser:\rHello\r',
    'crlf.prompt': 'system:\r\nYou are terse.\r\nToday: 2026-03-14 09:12 UTC\r\nuser:\r\nHello\r\n',
    'cr.prompt.yml': 'model: openai/gpt-4o\rmessages:\r  - role: system\r    content: |\r      Today: 2026-03-14 09:12 UTC\r  - role: user\r    content: hi\r',
    'five.json': anthropic([1, 2, 3, 4, 5].map((n) => ({ text: `Block ${n}` }))),
    'ttl-order.json': anthropic([{ text: 'Short-lived' }, { text: 'Long-lived', ttl: '1h' }]),
    'ttl-ok.json': anthropic([{ text: 'Long-lived', ttl: '1h' }, { text: 'Short-lived', ttl: '5m' }]),
    'string-messages.prompt.yml': 'model: openai/gpt-4o\nmessages: "hello"\n',
    'map-model.prompt.yml': 'model: {}\nmessages:\n  - role: user\n    content: hi\n',
    'role.prompt.yml': 'model: openai/gpt-4o\nmessages:\n  - role: narrator\n    content: hi\n',
    'role.json': JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'narrator', content: 'hi' }] }),
    'control.json': CHAT('gpt\u001b[2k\u001b]0;pwned\u0007-4o'),
    'latin1.prompt': new Uint8Array([...Buffer.from('You help caf'), 0xe9, 0xff, ...Buffer.from(' owners.\n')]),
    'app/unclosed.py': 'from openai import OpenAI\nclient = OpenAI()\ndef f(:\n  client.chat.completions.create(model="gpt-4o", messages=[{"role":"user","content":"x"}]\n',
    'app/unclosed.ts': 'import OpenAI from "openai";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }]\n',
    // The call is made on an expression of 20,000 characters (a half-typed edit).
    'app/long-callee.ts': `import OpenAI from "openai";\nconst client = new OpenAI();\nawait (${'x.'.repeat(10_000)}client).chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }], @@ });\n`,
  });
});
after(() => {
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliProcess(cli, args, dir);

describe('files that are not regular files', () => {
  it('a FIFO is refused at once instead of waiting for a writer', () => {
    const fifo = join(dir, 'pipe.prompt');
    const made = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const result = run('analyze', 'pipe.prompt');
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /pipe\.prompt: is a named pipe \(FIFO\), not a prompt file; only regular files are read/);
    rmSync(fifo);
  });

  it('/dev/zero is refused without being read', () => {
    const result = run('analyze', '/dev/zero');
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /\/dev\/zero: is a device, not a prompt file/);
  });

  it('a directory is refused with a clear message', () => {
    const result = run('analyze', '.');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\.: is a directory, not a prompt file/);
  });
});

describe('text encodings and line endings', () => {
  it('a UTF-8 byte order mark does not make JSON invalid, and columns count from after it', () => {
    const plain = JSON.parse(run('analyze', 'good.json', '--json').stdout);
    const result = run('analyze', 'bom.json', '--json');
    assert.equal(result.status, 0, result.stderr);
    const withBom = JSON.parse(result.stdout);
    assert.equal(withBom.promptTokens, plain.promptTokens);
    assert.deepEqual(withBom.findings.map((f: { line: number; column: number }) => [f.line, f.column]), plain.findings.map((f: { line: number; column: number }) => [f.line, f.column]));
  });

  it('a syntax error after a BOM is placed where an editor shows it', () => {
    const result = run('analyze', 'bom-broken.json');
    assert.equal(result.status, 2);
    // `[,]`: the comma is the 34th character after the BOM.
    assert.match(result.stderr, /bom-broken\.json:1:34: Invalid JSON/);
  });

  it('bytes that are not UTF-8: a warning that the count uses replacement characters', () => {
    const result = run('check', 'latin1.prompt');
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /^latin1\.prompt:1:13: warning parse: The file is not valid UTF-8: 2 characters could not be decoded and are counted as the replacement character U\+FFFD$/m);
    assert.match(result.stdout, /^1 file checked: 0 errors, 1 warning$/m);
  });

  it('lone CR line endings are lines, as with CRLF', () => {
    const cr = run('check', 'cr.prompt');
    const crlf = run('check', 'crlf.prompt');
    // "Today: ..." is line 3 in both files.
    assert.match(cr.stdout, /^cr\.prompt:3:1: error labelled-dynamic-line/m);
    assert.match(crlf.stdout, /^crlf\.prompt:3:1: error labelled-dynamic-line/m);
    assert.equal(cr.status, 1);
  });

  it('a .prompt.yml with lone CR line endings parses as YAML', () => {
    const result = run('check', 'cr.prompt.yml');
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^cr\.prompt\.yml:5:7: error labelled-dynamic-line/m);
  });
});

describe('source files whose LLM call does not parse', () => {
  const message = 'could not parse the LLM call client.chat.completions.create (syntax error at 3:7)';

  it('check names the call and the syntax error, exit 2, the same when a glob finds the file', () => {
    for (const target of ['app/unclosed.py', 'app/*.py']) {
      const result = run('check', target);
      assert.equal(result.status, 2, `${target}: ${result.stdout}`);
      assert.match(result.stdout, new RegExp(`^app/unclosed\\.py:4:3: error parse: ${message.replace(/[().]/g, '\\$&')}$`, 'm'));
      assert.match(result.stdout, /^1 file checked: 1 error, 0 warnings$/m);
    }
  });

  it('analyze gives the same message with the position and exits 2', () => {
    const result = run('analyze', 'app/unclosed.py');
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `prompt-cache-lens: app/unclosed.py:4:3: ${message}\n`);
    const ts = run('analyze', 'app/unclosed.ts');
    assert.equal(ts.status, 2);
    assert.match(ts.stderr, /^prompt-cache-lens: app\/unclosed\.ts:3:7: could not parse the LLM call client\.chat\.completions\.create \(syntax error at 3:1\)$/m);
  });

  it('a call made on a long expression is named by the end of it, in one short line', () => {
    const result = run('analyze', 'app/long-callee.ts');
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `prompt-cache-lens: app/long-callee.ts:3:7: could not parse the LLM call …${'x.'.repeat(24)}client).chat.completions.create (syntax error at 3:20103)\n`);
  });
});

describe('deeply nested input', () => {
  it('valid JSON 10,000 levels deep is too deep to analyse, not invalid', () => {
    const result = run('analyze', 'deeper.json');
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'prompt-cache-lens: deeper.json:1:329: JSON too deeply nested to analyse (limit 256 levels)\n');
  });

  it('3,000 nested arrays: exit 2 with the position, not a stack overflow', () => {
    const result = run('analyze', 'deep.json');
    assert.equal(result.status, 2, result.stderr);
    // `{"model":…,"metadata":` is 73 characters and opens level 1; the 256th `[` opens level 257.
    assert.match(result.stderr, /^prompt-cache-lens: deep\.json:1:329: JSON too deeply nested to analyse \(limit 256 levels\)$/m);
  });
});

describe('breakpoints the provider rejects', () => {
  it('five cache_control breakpoints: an error finding, check exits 1', () => {
    const result = run('check', 'five.json');
    assert.equal(result.status, 1, result.stdout);
    assert.match(result.stdout, /five\.json:\d+:\d+: error too-many-breakpoints: The request has 5 cache_control breakpoints; .* accepts at most 4/);
  });

  it('a 1-hour breakpoint after a 5-minute one: an error at the 1-hour one', () => {
    const result = run('check', 'ttl-order.json', '--format', 'json');
    assert.equal(result.status, 1);
    const [file] = JSON.parse(result.stdout).files;
    const finding = file.findings.find((f: { rule: string }) => f.rule === 'breakpoint-ttl-order');
    assert.equal(finding.severity, 'error');
    // The second system block's cache_control is on line 15 of the pretty-printed request.
    assert.equal(finding.line, 15);
  });

  it('1-hour breakpoints before 5-minute ones are accepted', () => {
    const result = run('check', 'ttl-ok.json');
    assert.equal(result.status, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /breakpoint-ttl-order|too-many-breakpoints/);
  });
});

describe('wrong types and unknown roles', () => {
  it('.prompt.yml with `messages: "hello"` is an error, not an empty prompt', () => {
    const result = run('check', 'string-messages.prompt.yml');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^string-messages\.prompt\.yml:2:11: error parse: `messages` must be a list/m);
  });

  it('.prompt.yml with `model: {}` is an error', () => {
    const result = run('check', 'map-model.prompt.yml');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^map-model\.prompt\.yml:1:8: error parse: `model` must be a string/m);
  });

  it('unknown roles are errors in .prompt.yml and in request JSON', () => {
    const yml = run('check', 'role.prompt.yml');
    assert.equal(yml.status, 1);
    assert.match(yml.stdout, /^role\.prompt\.yml:3:11: error parse: Unknown message role "narrator"/m);
    const json = run('check', 'role.json');
    assert.equal(json.status, 1);
    assert.match(json.stdout, /^role\.json:1:\d+: error parse: Message has an unknown role "narrator"/m);
  });
});

describe('terminal output', () => {
  it('control characters from a file are shown escaped, never sent to the terminal', () => {
    const result = run('analyze', 'control.json');
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(result.stdout, /gpt\\u001b\[2k\\u001b\]0;pwned\\u0007-4o/);
  });

  it('JSON output with escaped characters still parses to the same model name', () => {
    const result = run('analyze', 'control.json', '--json');
    assert.equal(JSON.parse(result.stdout).model, 'gpt\u001b[2k\u001b]0;pwned\u0007-4o');
  });
});

describe('numeric options', () => {
  it('--interval -5 says what is wrong with the value', () => {
    const result = run('simulate', 'good.json', '--interval', '-5');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--interval must be a number of seconds \(0 or more\), not "-5"/);
    assert.doesNotMatch(result.stderr, /ambiguous/);
  });

  it('--min-cacheable and --max-size reject negative and non-numeric values', () => {
    const negative = run('check', 'good.json', '--min-cacheable', '-1');
    assert.equal(negative.status, 2);
    assert.match(negative.stderr, /--min-cacheable must be a whole number of tokens \(0 or more\), not "-1"/);
    const text = run('analyze', 'good.json', '--max-size', 'big');
    assert.equal(text.status, 2);
    assert.match(text.stderr, /--max-size must be a positive number of megabytes \(one byte or more\), not "big"/);
  });

  it('--max-size under one byte is refused, and a small limit is printed in bytes, not as 0.00 MB', () => {
    const tiny = run('analyze', 'good.json', '--max-size', '0.0000001');
    assert.equal(tiny.status, 2);
    assert.match(tiny.stderr, /--max-size must be a positive number of megabytes \(one byte or more\), not "0\.0000001"/);
    const small = run('analyze', 'good.json', '--max-size', '0.00001');
    assert.equal(small.status, 2);
    assert.match(small.stderr, /good\.json: File is \d+ bytes, over the 10 bytes limit for prompt files/);
  });

  it('a model name of 100,000 characters is cut in every line that names it', () => {
    const result = run('analyze', 'long-model.json');
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.length < 5_000, `${result.stdout.length} characters printed`);
    assert.match(result.stdout, /Model {11}x{97}\.\.\. \(named in the file\)/);
    assert.match(result.stdout, /no price known for x{97}\.\.\.$/m);
  });
});

describe('check with one bad file among good ones', () => {
  const files = ['good.prompt', 'deep.json', 'good.json'];

  it('text: every file is reported, the bad one as an error, exit 2', () => {
    const result = run('check', ...files);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stdout, /^deep\.json:1:329: error parse: JSON too deeply nested to analyse \(limit 256 levels\)$/m);
    assert.match(result.stdout, /^good\.prompt: [\d,]+ tokens/m);
    assert.match(result.stdout, /^good\.json: [\d,]+ tokens/m);
    assert.match(result.stdout, /3 files checked: 1 error/);
  });

  it('JSON: the bad file is a result with its error, the others are analysed', () => {
    const result = run('check', ...files, '--format', 'json');
    assert.equal(result.status, 2);
    const report = JSON.parse(result.stdout);
    assert.equal(report.exitCode, 2);
    const byFile = Object.fromEntries(report.files.map((f: { file: string }) => [f.file, f]));
    assert.deepEqual(Object.keys(byFile).sort(), [...files].sort());
    assert.equal(byFile['deep.json'].status, 'unreadable');
    assert.deepEqual(
      byFile['deep.json'].findings.map((f: { rule: string; severity: string; line: number; column: number }) => [f.rule, f.severity, f.line, f.column]),
      [['parse', 'error', 1, 329]],
    );
    assert.equal(byFile['good.prompt'].status, 'analysed');
    assert.equal(byFile['good.json'].status, 'analysed');
  });

  it('SARIF: the bad file appears as an error result beside the others', () => {
    const result = run('check', ...files, '--format', 'sarif');
    assert.equal(result.status, 2);
    const sarif = JSON.parse(result.stdout);
    const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    const deep = results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'deep.json');
    assert.deepEqual(
      deep.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn]),
      [['parse', 'error', 1, 329]],
    );
    const uris = new Set(results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(uris.has('good.prompt') && uris.has('good.json'), [...uris].join(', '));
  });
});
