import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { type Workbench, workbenchForSuite } from './workbench';
import { waitFor, waitForText } from './waiting';

describe('LLM calls in Python and TypeScript source, as a user sees them in code-server', function () {
  let wb: Workbench;

  workbenchForSuite((opened) => {
    wb = opened;
  });

  /** Opens a file in a folder of the Explorer: each folder clicked open, the file double-clicked. */
  async function openNested(folders: string[], file: string): Promise<void> {
    for (const folder of folders) {
      const row = wb.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${folder}"]`);
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    await wb.openFile(file);
  }

  async function goToLine(line: number): Promise<void> {
    await wb.page.keyboard.press('Control+G');
    await wb.page.locator('.quick-input-widget input').fill(`:${line}`);
    await wb.page.keyboard.press('Enter');
  }

  it('a Python f-string: today\'s date is cached past all day, the boundary at the question, its label, the policy constant in the count', async function () {
    await wb.runCommand('View: Close All Editors');
    await openNested(['python-app'], 'support_bot.py');
    const text = await waitForText(() => wb.statusBarText('promptCacheLens.status'), /1 LLM call · [\d,]+ tok · 1,280 cacheable · gpt-4o-mini/);
    const tokens = Number(/([\d,]+) tok/.exec(text)![1].replace(/,/g, ''));
    assert.ok(tokens > 1300, `the count includes POLICY: ${tokens}`);
    const labels = await waitFor(() => wb.decorationLabels(), (l) => l.some((t) => t.includes('cacheable tokens (1,024 + ')));
    // {datetime.now():%Y-%m-%d} changes once a day: the cache stops at the question, on a line too
    // long for the label after it or after the line above, so the label goes after the short line
    // below, pointing up, and the question's line keeps its code in view.
    assert.ok(labels.some((t) => /^▲ cache boundary · 1,280 cacheable tokens \(1,024 \+ 2×128\)/.test(t)), labels.join(' | '));
    await goToLine(43);
    await waitForText(() => wb.statusBarText('promptCacheLens.status'), /call 1\/1 · /);
    await wb.page.locator('.codelens-decoration a', { hasText: 'Test caching' }).first().waitFor();
    await wb.page.waitForTimeout(500);
    const inView = await wb.labelsInView();
    assert.ok(inView.some((l) => /^▲ cache boundary/.test(l.text) && l.fullyVisible && l.line === 43), JSON.stringify(inView));
    assert.ok(!inView.some((l) => /cache boundary/.test(l.text) && l.line === 42), 'nothing drawn before the question\'s line');
    const file = await wb.screenshot('source-python-fstring-dark');
    assert.ok(statSync(file).size > 10_000);
  });

  it('a TypeScript template literal: the boundary on ${user.name} before the imported guide', async function () {
    await wb.runCommand('View: Close All Editors');
    await openNested(['ts-app', 'src'], 'assistant.ts');
    await waitForText(() => wb.statusBarText('promptCacheLens.status'), /1 LLM call · [\d,]+ tok · 0 cacheable · gpt-4o/);
    const labels = await waitFor(() => wb.decorationLabels(), (l) => l.some((t) => /static prefix \d+ tokens/.test(t)));
    // The boundary's line is long: the whole label is after the line above it, pointing down, with both figures.
    assert.ok(labels.some((t) => /^▼ static prefix \d+ tokens · [\d,]+ short of the 1,024 minimum/.test(t)), labels.join(' | '));
    await goToLine(16);
    await wb.page.locator('.codelens-decoration a', { hasText: 'Test caching' }).first().waitFor();
    await wb.page.waitForTimeout(500);
    const inView = await wb.labelsInView();
    assert.ok(inView.some((l) => /^▼ static prefix/.test(l.text) && l.fullyVisible), JSON.stringify(inView));
    const file = await wb.screenshot('source-typescript-template-dark');
    assert.ok(statSync(file).size > 10_000);
  });
});
