import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { buildCli, EXAMPLES, runCliProcess, scratchDir } from './helpers';
import { CHECK_RULES } from '../../../src/cli/checkRules';

let cli: string;
let dir: string;
before(() => {
  cli = buildCli();
  dir = scratchDir({
    // Clean: no breakers, below the minimum (an info finding only).
    'prompts/clean.prompt': 'You are a careful copy editor. Fix grammar and keep the author’s voice.\n',
    'prompts/nested/dated.prompty': '---\nname: dated\nmodel: gpt-4o\n---\nsystem:\nToday: 2026-03-14 09:12 UTC\nYou help.\n\nuser:\n{{question}}\n',
    'prompts/tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    'prompts/logo.prompt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]),
    'empty/notes.txt': 'Not a prompt.\n',
    // 1,100 request ids in the system: the later ones are warnings past the cached prefix.
    'many/ids.prompt': `system:\n${Array.from({ length: 1100 }, (_, i) => `Session ${i} id: 123e4567-e89b-12d3-a456-${String(i).padStart(12, '0')}\n`).join('')}user:\nhi\n`,
    'broken/request.json': '{ "messages": [ { "role": "user", "content": "hi" } ',
    'app/two_calls.py': [
      'from openai import OpenAI',
      'client = OpenAI()',
      'RULES = "Answer in plain words and cite the policy section. " * 40',
      'def answer(q):',
      '    a = client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": RULES}, {"role": "user", "content": q}])',
      '    b = client.responses.create(model="gpt-5.1", instructions=RULES, input=q)',
      '    return a, b',
      '',
    ].join('\n'),
  });
});
after(() => {
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('prompt-cache-lens check', () => {
  it('exits 0 when no file has an error finding', () => {
    const run = runCliProcess(cli, ['check', 'prompts/clean.prompt'], dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /1 file checked: 0 errors, 0 warnings/);
  });

  it('gives each LLM call of a source file its own tokens, never their sum', () => {
    const run = runCliProcess(cli, ['check', 'app/two_calls.py', '--format', 'json'], dir);
    const [file] = JSON.parse(run.stdout).files as Array<{ promptTokens: number; prompts: Array<{ promptTokens: number }> }>;
    const sizes = file.prompts.map((p) => p.promptTokens);
    assert.equal(sizes.length, 2);
    assert.equal(file.promptTokens, Math.max(...sizes));
    const text = runCliProcess(cli, ['check', 'app/two_calls.py'], dir).stdout;
    assert.match(text, new RegExp(`^app/two_calls\\.py:5:9: client\\.chat\\.completions\\.create: ${sizes[0].toLocaleString('en-US')} tokens, [\\d,]+ cacheable \\(gpt-4o\\)$`, 'm'));
    assert.match(text, new RegExp(`^app/two_calls\\.py:6:9: client\\.responses\\.create: ${sizes[1].toLocaleString('en-US')} tokens, [\\d,]+ cacheable \\(gpt-5\\.1\\)$`, 'm'));
    assert.doesNotMatch(text, new RegExp(`${(sizes[0] + sizes[1]).toLocaleString('en-US')} tokens`));
  });

  it('exits 1 on an error finding and names it file:line:column', () => {
    const run = runCliProcess(cli, ['check', 'prompts/nested/dated.prompty'], dir);
    assert.equal(run.status, 1);
    // "Today: 2026-03-14 ..." is line 6 of the file.
    assert.match(run.stdout, /^prompts\/nested\/dated\.prompty:6:1: error labelled-dynamic-line: /m);
  });

  it('expands quoted globs, skips files that are not prompts and reports the rest', () => {
    const run = runCliProcess(cli, ['check', 'prompts/**/*', '--format', 'json'], dir);
    assert.equal(run.status, 1);
    const { files } = JSON.parse(run.stdout);
    const byName = Object.fromEntries(files.map((f: { file: string; status: string }) => [f.file, f.status]));
    assert.deepEqual(byName, {
      'prompts/clean.prompt': 'analysed',
      'prompts/logo.prompt': 'skipped',
      'prompts/nested/dated.prompty': 'analysed',
      'prompts/tsconfig.json': 'skipped',
    });
  });

  it('a malformed file makes the run exit 2, with its position', () => {
    const run = runCliProcess(cli, ['check', 'prompts/clean.prompt', 'broken/request.json'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stdout, /^broken\/request\.json:1:\d+: error parse: Invalid JSON/m);
  });

  it('a folder is searched for the files check handles, as a glob would find them', () => {
    const run = runCliProcess(cli, ['check', 'prompts', '--format', 'json'], dir);
    assert.equal(run.status, 1, run.stderr);
    const byName = Object.fromEntries(JSON.parse(run.stdout).files.map((f: { file: string; status: string }) => [f.file, f.status]));
    assert.deepEqual(byName, {
      'prompts/clean.prompt': 'analysed',
      'prompts/logo.prompt': 'skipped',
      'prompts/nested/dated.prompty': 'analysed',
      'prompts/tsconfig.json': 'skipped',
    });
    const text = runCliProcess(cli, ['check', 'prompts'], dir).stdout;
    assert.match(text, /^prompts\/nested\/dated\.prompty:6:1: error labelled-dynamic-line: /m);
    assert.match(text, /^2 files checked, 2 skipped \(not prompt files\): 1 error, 0 warnings$/m);
    assert.doesNotMatch(text, /is a directory/);
    const empty = runCliProcess(cli, ['check', 'empty'], dir);
    assert.match(empty.stderr, /^prompt-cache-lens: empty: no prompt or source files in this folder$/m);
  });

  it('counts in the summary have thousands separators', () => {
    const run = runCliProcess(cli, ['check', 'many/ids.prompt'], dir);
    const warnings = run.stdout.split('\n').filter((line) => /: warning /.test(line)).length;
    assert.ok(warnings >= 1000, String(warnings));
    assert.match(run.stdout, new RegExp(`^1 file checked: [\\d,]+ errors?, ${warnings.toLocaleString('en-US')} warnings$`, 'm'));
  });

  it('--json is taken as --format json; with another --format it says why not', () => {
    const short = runCliProcess(cli, ['check', '--json', 'prompts/clean.prompt'], dir);
    assert.equal(short.status, 0, short.stderr);
    assert.equal(short.stdout, runCliProcess(cli, ['check', '--format', 'json', 'prompts/clean.prompt'], dir).stdout);
    assert.equal(JSON.parse(short.stdout).files[0].file, 'prompts/clean.prompt');
    const clash = runCliProcess(cli, ['check', '--json', '--format', 'sarif', 'prompts/clean.prompt'], dir);
    assert.equal(clash.status, 2);
    assert.match(clash.stderr, /^prompt-cache-lens: --json is short for --format json; it cannot go with --format sarif$/m);
  });

  it('a glob that matches nothing is reported; with no files at all the run exits 2', () => {
    const run = runCliProcess(cli, ['check', 'nothing/**/*.prompty'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /nothing\/\*\*\/\*\.prompty: no files match/);
  });

  it('--min-cacheable fails a file that caches fewer tokens', async () => {
    const path = join(EXAMPLES, 'anthropic-request.json');
    const cacheable = (await analyzePrompt({ fileName: path, text: readFileSync(path, 'utf8') })).cacheableTokens;
    assert.ok(cacheable > 1000);
    const pass = runCliProcess(cli, ['check', 'examples/anthropic-request.json', '--min-cacheable', String(cacheable)]);
    assert.equal(pass.status, 0, pass.stdout);
    const fail = runCliProcess(cli, ['check', 'examples/anthropic-request.json', '--min-cacheable', String(cacheable + 1)]);
    assert.equal(fail.status, 1);
    assert.match(fail.stdout, /error min-cacheable: [\d,]+ tokens would be cached, below --min-cacheable/);
    const bad = runCliProcess(cli, ['check', 'examples/anthropic-request.json', '--min-cacheable', '1.5']);
    assert.equal(bad.status, 2);
  });
});

describe('prompt-cache-lens check --format sarif', () => {
  interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }>;
  }

  it('is a SARIF 2.1.0 log with rules and located results', () => {
    const run = runCliProcess(cli, ['check', 'prompts/nested/dated.prompty', 'prompts/clean.prompt', '--format', 'sarif'], dir);
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'prompt-cache-lens');
    const ruleIds = driver.rules.map((r: { id: string }) => r.id);
    for (const rule of driver.rules) assert.ok(rule.shortDescription.text.length > 20, rule.id);

    const results: SarifResult[] = log.runs[0].results;
    const dated = results.find((r) => r.ruleId === 'labelled-dynamic-line')!;
    assert.equal(dated.level, 'error');
    assert.equal(ruleIds[dated.ruleIndex], 'labelled-dynamic-line');
    const { artifactLocation, region } = dated.locations[0].physicalLocation;
    assert.equal(artifactLocation.uri, 'prompts/nested/dated.prompty');
    const line = readFileSync(join(dir, 'prompts/nested/dated.prompty'), 'utf8').split('\n')[region.startLine - 1];
    assert.equal(line.slice(region.startColumn - 1, region.endColumn - 1), 'Today: 2026-03-14 09:12 UTC');
    assert.equal(region.endLine, region.startLine);

    const info = results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'prompts/clean.prompt')!;
    assert.equal(info.ruleId, 'prefix-below-minimum');
    assert.equal(info.level, 'note');
    for (const r of results) {
      assert.ok(ruleIds.includes(r.ruleId));
      assert.ok(r.message.text.length > 0);
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(r.locations[0].physicalLocation.region[key] >= 1);
    }
  });
});

describe('prompt-cache-lens check --format github', () => {
  /** `::error file=…,line=…::message` as its command, properties and message (unescaped). */
  const parse = (line: string) => {
    const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
    assert.ok(match, line);
    const unescape = (text: string) => text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    const properties = Object.fromEntries(match[2].split(',').map((p) => p.split('=')).map(([k, v]) => [k, unescape(v)]));
    return { command: match[1], properties, message: unescape(match[3]) };
  };

  it('annotates each finding on its line and column, then prints the sizes and the totals as text', () => {
    const run = runCliProcess(cli, ['check', 'prompts/nested/dated.prompty', 'prompts/clean.prompt', '--format', 'github'], dir);
    assert.equal(run.status, 1);
    const lines = run.stdout.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::')).map(parse);
    const dated = annotations.find((a) => a.properties.title === 'Prompt Cache Lens: labelled-dynamic-line')!;
    assert.equal(dated.command, 'error');
    assert.equal(dated.properties.file, 'prompts/nested/dated.prompty');
    const text = readFileSync(join(dir, 'prompts/nested/dated.prompty'), 'utf8').split('\n')[Number(dated.properties.line) - 1];
    assert.equal(text.slice(Number(dated.properties.col) - 1, Number(dated.properties.endColumn) - 1), 'Today: 2026-03-14 09:12 UTC');
    assert.match(dated.message, /Today/);
    const info = annotations.find((a) => a.properties.file === 'prompts/clean.prompt')!;
    assert.equal(info.command, 'notice');
    // The sizes and the totals stay readable lines of the log.
    assert.ok(lines.some((l) => /^prompts\/clean\.prompt: [\d,]+ tokens, 0 cacheable \(gpt-4o\)$/.test(l)), run.stdout);
    assert.match(lines[lines.length - 1], /^2 files checked: \d+ errors?, \d+ warnings?$/);
  });

  it('escapes what would end a command: a comma or colon in a file name, a percent sign or a line break in a message', async () => {
    const { toGithubAnnotations } = await import('../../../src/cli/githubAnnotations');
    const [line] = toGithubAnnotations([
      {
        file: 'prompts/a,b:c.prompt',
        status: 'analysed',
        findings: [{ rule: 'uuid', severity: 'warning', message: '100% of requests differ,\nhere: after the id', line: 3, column: 5, endLine: 3, endColumn: 41 }],
      },
    ]);
    assert.equal(line, '::warning file=prompts/a%2Cb%3Ac.prompt,line=3,col=5,endLine=3,endColumn=41,title=Prompt Cache Lens%3A uuid::100%25 of requests differ,%0Ahere: after the id');
    const parsed = parse(line);
    assert.equal(parsed.properties.file, 'prompts/a,b:c.prompt');
    assert.equal(parsed.message, '100% of requests differ,\nhere: after the id');
  });
});

describe('the rules explained', () => {
  it('every rule a finding can carry has its section in docs/rules.md, which a diagnostic links to', () => {
    const rules = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
    // `unreadable` and `min-cacheable` are the command line's own, explained in its help.
    const findingRules = Object.keys(CHECK_RULES).filter((rule) => rule !== 'unreadable' && rule !== 'min-cacheable');
    assert.ok(findingRules.includes('request-refused'));
    assert.deepEqual(findingRules.filter((rule) => !rules.includes(`<a id="${rule}"></a>\n## ${rule}\n`)), []);
  });
});
