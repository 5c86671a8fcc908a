import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VSIX_BUDGET_BYTES } from '../../scripts/package-vsix.mjs';
import { publishReadmeImage, type Workbench, workbenchForSuite } from './workbench';
import { waitFor, waitForText } from './waiting';

describe('Prompt Cache Lens in code-server, as a user sees it', function () {
  let wb: Workbench;

  workbenchForSuite((opened) => {
    wb = opened;
  });

  it('the packaged VSIX stays within its size budget', function () {
    console.log(`      VSIX size: ${(wb.vsixBytes / 1024 / 1024).toFixed(2)} MB`);
    assert.ok(wb.vsixBytes <= VSIX_BUDGET_BYTES);
  });

  it('opening a request JSON activates the installed extension and shows tokens in the status bar', async function () {
    await wb.openFile('chat-request.json');
    const text = await waitForText(() => wb.statusBarText('promptCacheLens.status'), /tok · [\d,]+ cacheable · gpt-4\.1/);
    // The example's tool has a nested object, which recorded usage does not pin: the model reads "(est.)".
    assert.match(text, /[\d,]+ tok · [\d,]+ cacheable · gpt-4\.1 \(est\.\)$/);
    // The boundary label is drawn after the line where the cache stops: go there as a user would.
    await wb.runCommand('Go to Next Problem in Files (Error, Warning, Info)');
    const labels = await waitFor(() => wb.decorationLabels(), (l) => l.some((t) => /static prefix [\d,]+ tokens/.test(t)));
    // The system message's line is long: the label is on the short line above it, pointing down
    // (cut to what fits there; the whole of it is in the hover and the Problems panel).
    assert.ok(labels.some((t) => /^▼ static prefix [\d,]+ tokens/.test(t)), labels.join(' | '));
    const file = await wb.screenshot('chat-request-dark');
    assert.ok(existsSync(file) && statSync(file).size > 10_000);
  });

  it('a cache breaker in a Prompty file is listed in the Problems panel', async function () {
    await wb.openFile('support-agent.prompty');
    await waitForText(() => wb.statusBarText('promptCacheLens.status'), /cacheable · gpt-4o-mini/);
    await wb.runCommand('View: Focus Problems');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'labelled-dynamic-line' }).first();
    await problem.waitFor({ timeout: 20_000 });
    assert.match(await problem.innerText(), /labelled-dynamic-line/);
    await wb.screenshot('support-agent-problems-dark');
    // The rule code is a link to the explanation shipped in the VSIX, opened in the Markdown preview.
    await problem.locator('a.monaco-link', { hasText: 'labelled-dynamic-line' }).click();
    await wb.page.locator('.tab[aria-label*="rules.md"]').first().waitFor({ timeout: 20_000 });
    await wb.screenshot('rule-help-dark');
  });

  it('the palette command shows the analysis report', async function () {
    await wb.openFile('anthropic-request.json');
    await waitForText(() => wb.statusBarText('promptCacheLens.status'), /claude/);
    await wb.runCommand('Prompt Cache Lens: Show Analysis Report');
    const report = wb.page.locator('.editor-instance .view-lines').getByText(/cacheable/i).first();
    await report.waitFor({ timeout: 20_000 });
    await wb.screenshot('anthropic-report-dark');
  });

  it('the dashboard runs the prompt against the simulator and charts cached tokens', async function () {
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('View: Hide Panel');
    await wb.openFile('handbook-agent.prompty');
    await waitForText(() => wb.statusBarText('promptCacheLens.status'), /1,792 cacheable · gpt-4o|cacheable · gpt-4o/);
    await wb.page.locator('.codelens-decoration a', { hasText: 'Test caching' }).first().click();
    const frame = await wb.webviewFrame('Testing handbook-agent.prompty');
    await frame.getByRole('button', { name: 'Run', exact: true }).click();
    const rows = frame.locator('table.runs tbody tr');
    await waitFor(() => rows.count(), (n) => n >= 3, 60_000);
    const table = await frame.locator('table.runs').innerText();
    assert.match(table, /simulated/);
    await wb.runCommand('View: Toggle Maximize Editor Group');
    const canvas = frame.locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    assert.ok(await canvas.isVisible());
    await wb.setTheme('Default Dark Modern');
    await wb.page.waitForTimeout(1000);
    publishReadmeImage(await wb.screenshot('dashboard-dark'), 'dashboard.png');
    await wb.runCommand('View: Toggle Maximize Editor Group');
  });

  it('a prompt that caches shows its tinted prefix and boundary, in a dark and a light theme', async function () {
    await wb.runCommand('View: Close All Editors');
    await wb.openFile('handbook-agent.prompty');
    const labels = await waitFor(() => wb.decorationLabels(), (l) => l.some((t) => t.includes('cacheable tokens (1,024 + ')));
    assert.ok(labels.some((t) => /^◀ cache boundary · [\d,]+ cacheable tokens \(1,024 \+ \d+×128\)/.test(t)), labels.join(' | '));
    await wb.page.keyboard.press('Control+G');
    await wb.page.locator('.quick-input-widget input').fill(':70');
    await wb.page.keyboard.press('Enter');
    await wb.setTheme('Default Dark Modern');
    const dark = await wb.screenshot('handbook-agent-dark');
    await wb.setTheme('Default Light Modern');
    const light = await wb.screenshot('handbook-agent-light');
    await wb.setTheme('Default Dark Modern');
    assert.ok(statSync(dark).size > 10_000 && statSync(light).size > 10_000);
    publishReadmeImage(dark, 'editor.png');
  });

  it('Explain the Cache Break on two requests with a response schema: the system message reads whole, nothing stray under a section header', async function () {
    const folder = mkdtempSync(join(tmpdir(), 'pcl-schema-'));
    const request = (question: string) =>
      JSON.stringify(
        {
          model: 'gpt-4o',
          messages: [
            { role: 'system', content: 'You are a helpful assistant that provides information about people.' },
            { role: 'user', content: question },
          ],
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'Person', schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] } },
          },
        },
        null,
        2,
      );
    const [first, second] = ['person-request-a.json', 'person-request-b.json'];
    writeFileSync(join(folder, first), request('Tell me about John, who is 30.'));
    writeFileSync(join(folder, second), request('Tell me about Priya, who is 41.'));
    await wb.runCommand('View: Close All Editors');
    await wb.openPath(join(folder, first));
    await wb.openPath(join(folder, second));
    await wb.runCommand('Prompt Cache Lens: Explain the Cache Break Between Two Prompts', { asks: true });
    // The first prompt (the one cached), then the second (the next request), from the open files.
    for (const [title, name] of [['First prompt', first], ['Second prompt', second]]) {
      await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click();
    }
    await wb.page.locator('.tab.active', { hasText: '↔' }).waitFor({ timeout: 30_000 });
    await wb.page.waitForTimeout(1500);
    await wb.screenshot('explain-break-response-schema-dark');
    const sides = (await wb.page.evaluate(`['original', 'modified'].map((side) =>
      Array.from(document.querySelectorAll('.monaco-diff-editor .editor.' + side + ' .view-line'))
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((line) => (line.textContent || '').replace(/\\u00a0/g, ' ')))`)) as string[][];
    for (const lines of sides) {
      const headers = lines.flatMap((line, i) => (line.startsWith('────') ? [i] : []));
      assert.deepEqual(headers.map((i) => lines[i]), ['──── system ────', '──── user ────', '──── reply priming ────'], lines.join('\n'));
      // Under every header, the section's own start, never a stray piece of the one before.
      assert.deepEqual(headers.map((i) => lines[i + 1].slice(0, 9)), ['<|start|>', '<|start|>', '<|start|>'], lines.join('\n'));
      assert.ok(lines.some((line) => line.endsWith('information about people.')), lines.join('\n'));
      assert.deepEqual(lines.filter((line) => /^\s*[.,;:]\s*$/.test(line)), []);
    }
    // The prompt as the model reads it is no JSON: nothing in it is underlined as an error.
    assert.equal(await wb.page.locator('.monaco-diff-editor .squiggly-error').count(), 0);
  });
});

