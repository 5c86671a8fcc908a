/**
 * Byte order marks, CRLF and lone CR line endings, deep nesting and wrongly typed fields, for every
 * format: the same request comes out (positions still pointing at the file), or a parse error or
 * issue says what is wrong.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats';
import { lineColumnAt } from '../../../src/core/formats/sourcePosition';
import { MAX_NESTING_DEPTH } from '../../../src/core/formats/nestingDepth';
import { LineIndex } from '../../../src/core/lineIndex';
import { PromptParseError, type PromptRequest } from '../../../src/core/model';
import { messageTexts } from './fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLE_FILES = [
  // The prompt files of examples/ (its folders hold source-code apps).
  ...readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map(({ name }) => ({ name, path: join(ROOT, 'examples', name) })),
  ...readdirSync(join(ROOT, 'test', 'fixtures', 'formats'))
    .filter((name) => name !== 'SOURCES.md')
    .map((name) => ({ name, path: join(ROOT, 'test', 'fixtures', 'formats', name) })),
];

const unixLines = (text: string) => text.replace(/\r\n?/g, '\n');

function summary(request: PromptRequest) {
  return {
    format: request.format,
    model: request.model?.name,
    tools: request.tools.map((t) => t.name),
    messages: messageTexts(request).map(unixLines),
    roles: request.messages.map((m) => m.role),
    issues: request.issues.map((i) => i.message),
  };
}

function parseError(run: () => unknown): PromptParseError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof PromptParseError, `expected a PromptParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a parse error');
}

describe('line endings', () => {
  for (const { name, path } of SAMPLE_FILES) {
    const lf = unixLines(readFileSync(path, 'utf8'));
    it(`${name}: CRLF and lone CR give the same request as LF`, () => {
      const expected = summary(parsePrompt(name, lf));
      assert.deepEqual(summary(parsePrompt(name, lf.replace(/\n/g, '\r\n'))), expected);
      assert.deepEqual(summary(parsePrompt(name, lf.replace(/\n/g, '\r'))), expected);
    });
  }

  it('the text sent: CRLF is LF in Prompty and YAML, as written in JSON strings, .prompt.md and plain text', () => {
    const texts = (name: string, source: string) => messageTexts(parsePrompt(name, source.replace(/\n/g, '\r\n')));
    // Prompty's runtime reads the file in text mode; YAML folds line breaks to \n.
    assert.deepEqual(texts('a.prompty', '---\nmodel: gpt-4o\n---\nsystem:\nBe brief.\nBe kind.\n\nuser:\n{{q}}\n'), ['Be brief.\nBe kind.', '{{q}}']);
    assert.deepEqual(texts('a.prompt.yml', 'messages:\n  - role: system\n    content: |\n      Be brief.\n      Be kind.\n'), ['Be brief.\nBe kind.\n']);
    // A JSON string is sent as its escapes say, whatever the file's own line ends.
    assert.deepEqual(texts('a.json', '{"model": "gpt-4o",\n "messages": [{"role": "user", "content": "Be brief.\\r\\nBe kind."}]}'), ['Be brief.\r\nBe kind.']);
    // VS Code hands a prompt file's body over with the file's line ends, as does a plain read.
    assert.deepEqual(texts('a.prompt.md', '---\nmode: ask\n---\nBe brief.\nBe kind.\n'), ['Be brief.\r\nBe kind.']);
    assert.deepEqual(texts('a.prompt', 'Be brief.\nBe kind.\n'), ['Be brief.\r\nBe kind.']);
  });

  it('a CRLF Prompty file counts the tokens of its LF twin, with findings on the same lines', async () => {
    const lf = unixLines(readFileSync(join(ROOT, 'examples', 'support-agent.prompty'), 'utf8'));
    const [unix, windows] = await Promise.all([lf, lf.replace(/\n/g, '\r\n')].map((text) => analyzePrompt({ fileName: 'support-agent.prompty', text })));
    assert.equal(windows.promptTokens, unix.promptTokens);
    assert.deepEqual(windows.segments.map((s) => s.tokens), unix.segments.map((s) => s.tokens));
    assert.deepEqual(windows.findings.map((f) => `${f.rule} ${f.line}:${f.column}`), unix.findings.map((f) => `${f.rule} ${f.line}:${f.column}`));
  });

  it('findings of a lone-CR file sit on the same lines and columns as in the LF file', async () => {
    for (const name of ['chat-request.json', 'support-agent.prompty', 'summarize.prompt.yml', 'newsletter.prompt']) {
      const lf = unixLines(readFileSync(join(ROOT, 'examples', name), 'utf8'));
      const where = async (text: string) =>
        (await analyzePrompt({ fileName: name, text })).findings.map((f) => `${f.rule} ${f.line}:${f.column}`);
      assert.deepEqual(await where(lf.replace(/\n/g, '\r')), await where(lf), name);
    }
  });

  it('line and column count \\n, \\r\\n and a lone \\r each as one line break', () => {
    const text = 'a\nb\r\nc\rd';
    const index = new LineIndex(text);
    const d = text.indexOf('d');
    assert.deepEqual(index.position(d), { line: 4, column: 1 });
    assert.deepEqual(lineColumnAt(text, d), { line: 4, column: 1 });
    // Inside a CRLF pair the position is the end of the line it ends (where a parser may place an
    // error): the column after its text, as at the CR, not one past it.
    assert.deepEqual(index.position(text.indexOf('\r\n') + 1), { line: 2, column: 2 });
    assert.deepEqual(index.position(text.indexOf('\r\n')), { line: 2, column: 2 });
    for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(lineColumnAt(text, offset), index.position(offset), `offset ${offset}`);
    assert.equal(index.offset(4, 1), d);
  });
});

describe('byte order mark', () => {
  for (const { name, path } of SAMPLE_FILES) {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    it(`${name}: a BOM changes nothing but moves every range by one`, () => {
      const plain = parsePrompt(name, text);
      const withBom = parsePrompt(name, `\uFEFF${text}`);
      assert.deepEqual(summary(withBom), summary(plain));
      const firstRange = (r: PromptRequest) => r.messages.find((m) => m.range)?.range;
      const before = firstRange(plain);
      const after = firstRange(withBom);
      if (before && after) assert.deepEqual(after, { start: before.start + 1, end: before.end + 1 });
    });
  }
});

describe('nesting limit', () => {
  const nestedJson = (depth: number) =>
    `{\n  "model": "gpt-4o",\n  "metadata": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)},\n  "messages": [{"role": "user", "content": "hi"}]\n}`;

  it(`JSON nested ${MAX_NESTING_DEPTH} levels parses; one more is a parse error at the bracket`, () => {
    assert.equal(parsePrompt('r.json', nestedJson(MAX_NESTING_DEPTH)).messages.length, 1);
    const error = parseError(() => parsePrompt('r.json', nestedJson(MAX_NESTING_DEPTH + 1)));
    assert.match(error.message, /^JSON too deeply nested to analyse \(limit 256 levels\)/);
    // Line 3 is `  "metadata": [[[…`: the bracket that opens level 257 is the 256th.
    assert.equal(error.line, 3);
    assert.equal(error.column, '  "metadata": '.length + MAX_NESTING_DEPTH);
  });

  it('brackets inside strings and comments do not count', () => {
    const text = `{"model": "gpt-4o", // ${'['.repeat(400)}\n "messages": [{"role": "user", "content": "${'{'.repeat(400)}"}]}`;
    assert.equal(parsePrompt('r.json', text).messages.length, 1);
  });

  it('an escaped quote does not end a string; an unterminated string ends at its line', () => {
    const escaped = `{"model": "gpt-4o", "messages": [{"role": "user", "content": "say \\"${'['.repeat(400)}\\" \\\\"}]}`;
    assert.equal(parsePrompt('r.json', escaped).messages.length, 1);
    // The brackets after an unterminated string are read as JSON by the parser, so they count.
    const unterminated = `{"model": "gpt-4o", "note": "open\n${'['.repeat(300)}${']'.repeat(300)}}`;
    const error = parseError(() => parsePrompt('r.json', unterminated));
    assert.match(error.message, /^JSON too deeply nested to analyse \(limit 256 levels\)/);
    assert.equal(error.line, 2);
  });

  it('YAML flow and block nesting past the limit are parse errors, also inside Prompty front matter', () => {
    const flow = `model: openai/gpt-4o\nmodelParameters:\n  x: ${'['.repeat(300)}${']'.repeat(300)}\nmessages:\n  - role: user\n    content: hi\n`;
    const flowError = parseError(() => parsePrompt('a.prompt.yml', flow));
    assert.match(flowError.message, /^YAML too deeply nested to analyse \(limit 256 levels\)/);
    assert.equal(flowError.line, 3);

    const block = `model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\ntestData:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}-\n`).join('')}`;
    assert.match(parseError(() => parsePrompt('a.prompt.yml', block)).message, /too deeply nested to analyse \(limit 256 levels\)/);

    const prompty = `---\nname: deep\nsample:\n  x: ${'['.repeat(300)}${']'.repeat(300)}\n---\nsystem:\nHello\n`;
    const promptyError = parseError(() => parsePrompt('a.prompty', prompty));
    assert.equal(promptyError.line, 4);
  });

  it('a dedent out of thousands of nested block maps or `- - -` sequences is the same error, at the line where it stopped', () => {
    // yaml's parser closes each level it leaves with one recursive step: this overflowed the stack.
    const maps = `model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\ntestData:\n${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('')}after: 1\n`;
    const mapsError = parseError(() => parsePrompt('a.prompt.yml', maps));
    assert.match(mapsError.message, /^YAML too deeply nested to analyse \(limit 256 levels\)/);
    assert.equal(mapsError.line, 5006);
    const dashes = `---\nname: deep\nsample: \n  ${'- '.repeat(20_000)}x\nauthors: []\n---\nsystem:\nHello\n`;
    const dashesError = parseError(() => parsePrompt('a.prompty', dashes));
    assert.match(dashesError.message, /^YAML too deeply nested to analyse \(limit 256 levels\)/);
    assert.ok(dashesError.line >= 4 && dashesError.line <= 5, `line ${dashesError.line}`);
  });

  it('a jsonSchema string nested too deeply is an error issue, not a crash when rendered', async () => {
    const schema = `${'{"type":"array","items":'.repeat(300)}{"type":"string"}${'}'.repeat(300)}`;
    const text = `model: openai/gpt-4o\nresponseFormat: json_schema\njsonSchema: '${schema}'\nmessages:\n  - role: user\n    content: hi\n`;
    const analysis = await analyzePrompt({ fileName: 'a.prompt.yml', text });
    const issue = analysis.findings.find((f) => f.rule === 'parse');
    assert.equal(issue?.severity, 'error');
    assert.match(issue?.message ?? '', /^jsonSchema is too deeply nested to analyse \(limit 256 levels\)/);
  });
});

describe('.prompt.yml field types', () => {
  const issuesOf = (text: string) => parsePrompt('a.prompt.yml', text).issues.map((i) => [i.severity, i.message]);

  it('each wrongly typed field is an error naming the field', () => {
    const cases: [string, RegExp][] = [
      ['model: [gpt-4o]\nmessages:\n  - role: user\n    content: hi\n', /`model` must be a string/],
      ['modelParameters: [1, 2]\nmessages:\n  - role: user\n    content: hi\n', /`modelParameters` must be a mapping/],
      ['messages: 42\n', /`messages` must be a list/],
      ['messages:\n  - hello\n', /A message must be a mapping/],
      ['messages:\n  - role: user\n    content: {text: hi}\n', /`content` must be text/],
      ['messages:\n  - content: hi\n', /A message has no `role`/],
      ['messages:\n  - role: [user]\n    content: hi\n', /Unknown message role \["user"\]/],
      ['messages:\n  - role: user\n    content: hi\ntestData: many\n', /`testData` must be a list/],
      ['messages:\n  - role: user\n    content: hi\ntestData:\n  - 3\n', /A `testData` row must be a mapping/],
      ['messages:\n  - role: user\n    content: hi\nresponseFormat: 7\n', /`responseFormat` must be text, json_object or json_schema/],
    ];
    for (const [text, message] of cases) {
      const issues = issuesOf(text);
      assert.equal(issues.length, 1, `${text}: ${JSON.stringify(issues)}`);
      assert.equal(issues[0][0], 'error', text);
      assert.match(issues[0][1], message, text);
    }
  });

  it('content that is a number or boolean is still text', () => {
    const request = parsePrompt('a.prompt.yml', 'messages:\n  - role: user\n    content: 42\n');
    assert.deepEqual(request.issues, []);
    assert.deepEqual(messageTexts(request), ['42']);
  });
});

describe('roles the APIs reject', () => {
  it('are errors in Chat Completions, Responses and Anthropic requests', () => {
    const chat = parsePrompt('r.json', '{"model": "gpt-4o", "messages": [{"role": "boss", "content": "x"}]}');
    const responses = parsePrompt('r.json', '{"model": "gpt-4o", "input": [{"role": "boss", "content": "x"}]}');
    const anthropic = parsePrompt('r.json', '{"model": "claude-sonnet-4-5", "max_tokens": 5, "messages": [{"role": "system", "content": "x"}]}');
    for (const request of [chat, responses, anthropic]) {
      assert.deepEqual(request.issues.map((i) => i.severity), ['error'], request.format);
    }
  });

  it('a role that is not a string is named as written and gets no role range', () => {
    const text = '{"messages": [{"role": 0, "content": "x"}]}';
    for (const request of [parsePrompt('r.json', text), parsePrompt('r.json', text, { format: 'anthropic-messages' })]) {
      assert.equal(request.messages[0].roleRange, null, request.format);
      assert.match(request.issues[0].message, /\b0\b/, request.format);
    }
    const responses = parsePrompt('r.json', '{"input": [{"role": 0, "content": "x"}]}');
    assert.equal(responses.messages[0].roleRange, null);
  });
});
