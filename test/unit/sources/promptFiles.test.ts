import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { readSourceFile, unreadableReason } from '../../../src/core/sourceFileReads';
import { DIR, longText, messageTexts, onlyPrompt } from './helpers';

const SYSTEM = longText(70);
const FILES = { 'prompts/system.md': SYSTEM };

const py = (prelude: string, content = 'SYSTEM') => `import os
from pathlib import Path
from openai import OpenAI
client = OpenAI()
${prelude}
def run(question):
    return client.chat.completions.create(model="gpt-4o", messages=[
        {"role": "system", "content": ${content}},
        {"role": "user", "content": question},
    ])
`;

const ts = (prelude: string) => `import OpenAI from "openai";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
const client = new OpenAI();
${prelude}
export async function run(question: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: SYSTEM, input: question });
}
`;

describe('a prompt the program reads from a file of its own', () => {
  it('Python: (Path(__file__).parent / ...).read_text() is counted as the file reads, a cacheable prefix where it is long enough', async () => {
    const { analysis, ...prompt } = await onlyPrompt('bot.py', py('SYSTEM = (Path(__file__).parent / "prompts" / "system.md").read_text()'), FILES);
    assert.deepEqual(messageTexts({ analysis, ...prompt }), [SYSTEM, 'question']);
    assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
    assert.doesNotMatch(analysis.estimateReason ?? '', /computed when the module loads|working directory/);
  });

  it('Python: os.path.join(os.path.dirname(os.path.abspath(__file__)), ...) with open(..., encoding=...).read()', async () => {
    const prelude = 'HERE = os.path.dirname(os.path.abspath(__file__))\nSYSTEM = open(os.path.join(HERE, "prompts", "system.md"), encoding="utf-8").read()';
    const prompt = await onlyPrompt('bot.py', py(prelude), FILES);
    assert.deepEqual(messageTexts(prompt), [SYSTEM, 'question']);
  });

  it('Python: a path relative to the working directory is looked for from the file\'s folder, and the estimate says which file was read', async () => {
    const { analysis, ...prompt } = await onlyPrompt('bot.py', py('SYSTEM = Path("prompts/system.md").read_text(encoding="utf-8")'), FILES);
    assert.deepEqual(messageTexts({ analysis, ...prompt }), [SYSTEM, 'question']);
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /the file `prompts\/system\.md` is read relative to the working directory, known only at run time: counted from prompts\/system\.md \(looked for from the source file's folder up\)/);
  });

  it('Python: a file that is not there leaves the value unknown, counted as written, with the template\'s own text around it', async () => {
    const prompt = await onlyPrompt('bot.py', py('', 'open("prompts/missing.md").read() + " Be brief."'), FILES);
    assert.deepEqual(messageTexts(prompt), ['open("prompts/missing.md").read() Be brief.', 'question']);
    assert.match(
      prompt.analysis.estimateReason ?? '',
      /the file `prompts\/missing\.md` the program reads is not found \(looked for from the source file's folder up\): its text is not counted/,
    );
  });

  it('on disk: a path that is a directory, a named pipe or a link to itself is named for what it is, not as missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-reads-'));
    try {
      mkdirSync(join(dir, 'prompts', 'system.md'), { recursive: true });
      execFileSync('mkfifo', [join(dir, 'prompts', 'pipe.md')]);
      symlinkSync('loop.md', join(dir, 'prompts', 'loop.md'));
      const reasonOf = async (file: string) => {
        const fileName = join(dir, 'bot.py');
        const text = py(`SYSTEM = (Path(__file__).parent / "prompts" / "${file}").read_text()`);
        writeFileSync(fileName, text);
        const { prompts } = await analyzeSource({ fileName, text, readFile: readSourceFile, whyUnreadable: unreadableReason });
        return prompts[0].analysis.estimateReason ?? '';
      };
      assert.match(await reasonOf('system.md'), /`prompts\/system\.md`, which the program reads, is a directory, not a file: its text is not counted/);
      assert.match(await reasonOf('pipe.md'), /`prompts\/pipe\.md`, which the program reads, is a named pipe, not a file/);
      assert.match(await reasonOf('loop.md'), /`prompts\/loop\.md`, which the program reads, is a symbolic link that leads back to itself/);
      assert.match(await reasonOf('absent.md'), /the file `prompts\/absent\.md` the program reads is not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('TypeScript: a file next to the source that is not there is named in the estimate', async () => {
    const prompt = await onlyPrompt('bot.ts', ts('const SYSTEM = readFileSync(path.join(__dirname, "prompts", "gone.md"), "utf8");'), FILES);
    assert.equal(prompt.analysis.estimate, true);
    assert.match(prompt.analysis.estimateReason ?? '', /the file `prompts\/gone\.md` the program reads is not found: its text is not counted/);
  });

  it('Python: the file\'s text can be formatted like any literal', async () => {
    const files = { 'prompts/greet.txt': 'Greet {name} politely.' };
    const prompt = await onlyPrompt('bot.py', py('GREET = (Path(__file__).parent / "prompts/greet.txt").read_text()', 'GREET.format(name="Ada")'), files);
    assert.deepEqual(messageTexts(prompt), ['Greet Ada politely.', 'question']);
  });

  it('TypeScript: readFileSync(path.join(__dirname, ...), "utf8"), await readFile(path.resolve(...)), new URL(..., import.meta.url)', async () => {
    for (const prelude of [
      'const SYSTEM = readFileSync(path.join(__dirname, "prompts", "system.md"), "utf8");',
      'const SYSTEM = await readFile(path.resolve(__dirname, "prompts/system.md"), { encoding: "utf-8" });',
      'const SYSTEM = readFileSync(new URL("./prompts/system.md", import.meta.url), "utf8");',
      'const SYSTEM = readFileSync(path.join(import.meta.dirname, "prompts/system.md")).toString();',
    ]) {
      const { analysis } = await onlyPrompt('bot.ts', ts(prelude), FILES);
      assert.equal(analysis.request.instructions?.text, SYSTEM, prelude);
      assert.ok(analysis.cacheableTokens >= 1024, `${prelude}: ${analysis.cacheableTokens}`);
    }
  });

  it('the analysis lists the files it read, so the editor counts the call again when one is saved', async () => {
    const result = await analyzeSource({
      fileName: join(DIR, 'bot.py'),
      text: py('SYSTEM = (Path(__file__).parent / "prompts" / "system.md").read_text()'),
      readFile: (path) => (FILES as Record<string, string>)[path.slice(DIR.length + 1)],
    });
    assert.deepEqual(result.readFiles, [join(DIR, 'prompts', 'system.md')]);
    assert.deepEqual(result.missingFiles, []);
  });

  it('a relative path is looked for from the source file\'s folder up: the folders it was not found in are listed as missing', async () => {
    const result = await analyzeSource({
      fileName: join(DIR, 'app', 'bot.py'),
      text: py('SYSTEM = open("prompts/system.md").read()'),
      readFile: (path) => (FILES as Record<string, string>)[path.slice(DIR.length + 1)],
    });
    assert.deepEqual(result.readFiles, [join(DIR, 'prompts', 'system.md')]);
    assert.deepEqual(result.missingFiles, [join(DIR, 'app', 'prompts', 'system.md')]);
  });

  it('Python reads a file saved with Windows line endings with \\n (newline="" keeps them); a binary read is no text', async () => {
    const files = { 'prompts/system.md': 'Be brief.\r\nCite sources.\rEnd.\r\n' };
    const read = async (expression: string) => messageTexts(await onlyPrompt('bot.py', py('', expression), files))[0];
    assert.equal(await read('open("prompts/system.md").read()'), 'Be brief.\nCite sources.\nEnd.\n');
    assert.equal(await read('Path("prompts/system.md").read_text(encoding="utf-8")'), 'Be brief.\nCite sources.\nEnd.\n');
    assert.equal(await read('open("prompts/system.md", newline="").read()'), 'Be brief.\r\nCite sources.\rEnd.\r\n');
    assert.equal(await read('open("prompts/system.md", "rb").read()'), 'open("prompts/system.md", "rb").read()');
  });

  it('TypeScript: a read that gives a Buffer (no encoding) is not taken for text', async () => {
    const { analysis } = await onlyPrompt('bot.ts', ts('const SYSTEM = readFileSync(path.join(__dirname, "prompts/system.md"));'), FILES);
    assert.notEqual(analysis.request.instructions?.text, SYSTEM);
  });
});
