import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/code-server.mjs';
import { type DrawnLabel, type Workbench, workbenchForSuite } from './workbench';
import { waitFor, waitForText } from './waiting';

const examplesDir = join(projectRoot, 'examples');

/** The prompt files at the top of examples/ (Prompty, .prompt.yml, .prompt.md, .prompt, request JSON). */
const PROMPT_FILE = /\.(prompty|prompt\.ya?ml|prompt\.md|prompt|json)$/;

interface Example {
  /** Folders to open in the Explorer, from the workspace root. */
  folders: string[];
  name: string;
}

const examples: Example[] = [
  ...readdirSync(examplesDir)
    .filter((f) => PROMPT_FILE.test(f) && statSync(join(examplesDir, f)).isFile())
    .sort()
    .map((name) => ({ folders: [], name })),
  // The source apps' files with an LLM call: the openai SDK (with an image read from disk) and the OpenAI Agents SDK in Python;
  // the openai SDK, the AI SDK and the OpenAI Agents SDK in TypeScript.
  { folders: ['python-app'], name: 'support_bot.py' },
  { folders: ['python-app'], name: 'order_desk_agent.py' },
  // A chart read from disk and sent inline: counted at its pixel size.
  { folders: ['python-app'], name: 'chart_questions.py' },
  { folders: ['ts-app', 'src'], name: 'assistant.ts' },
  { folders: ['ts-app', 'src'], name: 'extract.ts' },
  { folders: ['ts-app', 'src'], name: 'agent.ts' },
];

interface Expected {
  promptTokens: number;
  model: string;
  /** 1-based line where the cache stops (the first dynamic point, else the last line). */
  boundaryLine: number;
}

/** What the command-line tool says of the file: the figures the editor must show too. */
function expectedFor(example: Example): Expected {
  const file = join(examplesDir, ...example.folders, example.name);
  const out = execFileSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'analyze', '--json', file], { cwd: projectRoot, encoding: 'utf8' });
  const json = JSON.parse(out) as AnalysisJson | { prompts: AnalysisJson[] };
  const a = 'prompts' in json ? json.prompts[0] : json;
  const lastLine = readFileSync(file, 'utf8').trimEnd().split('\n').length;
  return { promptTokens: a.promptTokens, model: a.model, boundaryLine: a.firstDynamic?.line ?? lastLine };
}

interface AnalysisJson {
  promptTokens: number;
  model: string;
  firstDynamic: { line: number } | null;
}

// Drawn after its line (◀), or after the line above (▼) or below (▲) it, pointing at it, when its own line is long.
const BOUNDARY_LABEL = /^[◀▼▲] (cache boundary|static prefix) /;
/** A price printed with binary floating-point noise, e.g. `$0.30000000000000004`. */
const FLOAT_NOISE = /\d\.\d{6,}/;

describe('every example, as a user sees it in a light and a dark theme', function () {
  let wb: Workbench;

  workbenchForSuite((opened) => {
    wb = opened;
  });

  async function open(example: Example): Promise<void> {
    for (const folder of example.folders) {
      const row = wb.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${folder}"]`);
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    await wb.openFile(example.name);
  }

  async function goToLine(line: number): Promise<void> {
    await wb.page.keyboard.press('Control+G');
    await wb.page.locator('.quick-input-widget input').fill(`:${line}`);
    await wb.page.keyboard.press('Enter');
  }

  it('each example shows its token count in the status bar and its cache boundary label on screen, in both themes', async function () {
    this.timeout(20 * 60_000);
    assert.ok(examples.length >= 8, `examples found: ${examples.map((e) => e.name).join(', ')}`);
    const problems: string[] = [];
    for (const example of examples) {
      const expected = expectedFor(example);
      await wb.setTheme('Default Dark Modern');
      await wb.runCommand('View: Close All Editors');
      await open(example);
      const tokens = `${expected.promptTokens.toLocaleString('en-US')} tok`;
      let status = '';
      try {
        status = await waitForText(() => wb.statusBarText('promptCacheLens.status'), new RegExp(`${tokens} · .*${expected.model.replace(/\./g, '\\.')}`), 30_000);
      } catch (err) {
        problems.push(`${example.name}: status bar ${(err as Error).message}`);
      }
      // Where the cache stops, as the command-line tool reports it: the editor shows the label there.
      await goToLine(expected.boundaryLine);
      let labels: DrawnLabel[] = [];
      try {
        labels = await waitFor(() => wb.labelsInView(), (l) => l.some((x) => BOUNDARY_LABEL.test(x.text)));
      } catch {
        labels = await wb.labelsInView();
      }
      const boundary = labels.filter((x) => BOUNDARY_LABEL.test(x.text));
      if (!boundary.some((x) => x.fullyVisible)) {
        problems.push(`${example.name}: no boundary label wholly on screen near line ${expected.boundaryLine}; labels in view: ${JSON.stringify(labels)}`);
      }
      await wb.page.waitForTimeout(500);
      const base = `example-${example.name}`;
      const dark = await wb.screenshot(`${base}-dark`);
      await wb.setTheme('Default Light Modern');
      const light = await wb.screenshot(`${base}-light`);
      for (const file of [dark, light]) if (statSync(file).size <= 10_000) problems.push(`${file} looks empty`);
      console.log(`      ${example.name}: "${status}" · ${boundary.map((b) => `line ${b.line + 1}: ${b.text}${b.fullyVisible ? '' : ' (cut off)'}`).join(' | ')}`);
    }
    assert.deepEqual(problems, []);
  });

  it('the model picker prints every price cleanly and lists claude-sonnet-4-5', async function () {
    await wb.setTheme('Default Dark Modern');
    await wb.runCommand('View: Close All Editors');
    await wb.openFile('chat-request.json');
    await waitForText(() => wb.statusBarText('promptCacheLens.status'), /tok · /);
    // From the palette, as runCommand does, but the picker opens in the same widget: no wait for it to close.
    const widget = wb.page.locator('.quick-input-widget');
    await wb.page.keyboard.press('F1');
    await widget.locator('input').fill('>Prompt Cache Lens: Select Model for This File');
    await widget.locator('.monaco-list-row', { hasText: 'Select Model for This File' }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    const rowsLocator = widget.locator('.monaco-list-row');
    await rowsLocator.filter({ hasText: '/M in' }).first().waitFor();
    await wb.page.waitForTimeout(300);
    await wb.screenshot('model-picker-dark');
    // The list draws only the rows in view: page down through it, reading each row as shown.
    const rows = new Set<string>();
    let unchanged = 0;
    while (unchanged < 2 && rows.size < 500) {
      const before = rows.size;
      for (const text of await rowsLocator.allInnerTexts()) rows.add(text.replace(/\s+/g, ' ').trim());
      unchanged = rows.size === before ? unchanged + 1 : 0;
      await wb.page.keyboard.press('PageDown');
      await wb.page.waitForTimeout(150);
    }
    const priced = [...rows].filter((r) => r.includes('/M in'));
    console.log(`      ${priced.length} models with prices in the picker`);
    assert.ok(priced.length >= 10, [...rows].join('\n'));
    assert.deepEqual(priced.filter((r) => FLOAT_NOISE.test(r)), []);
    // A row reads as its label and description run together ("claude-sonnet-4-5estimate ±3.3% · …").
    assert.ok(priced.some((r) => /^claude-sonnet-4-5(?![-.\d])/.test(r)), priced.join('\n'));
    // A user looking for it types its name.
    await widget.locator('input').fill('claude-sonnet-4-5');
    const match = rowsLocator.filter({ hasText: 'claude-sonnet-4-5' }).first();
    await match.waitFor();
    assert.match(await match.innerText(), /\$\d+\.\d{2}\/M in, \$\d+\.\d{2}\/M cached/);
    // Claude's tokenizer is not published: the row says its count is an estimate, not "o200k_base".
    assert.match(await match.innerText(), /estimate ±\d+\.\d%/);
    await wb.screenshot('model-picker-claude-dark');
    await wb.page.keyboard.press('Escape');
  });
});
