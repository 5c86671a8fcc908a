import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Frame } from 'playwright-core';
import { waitFor } from './waiting';
import { type Workbench, workbenchForSuite } from './workbench';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the dashboard as a measuring instrument, as a user sees it', function () {
  let wb: Workbench;

  workbenchForSuite(async (opened) => {
    wb = opened;
    await wb.setTheme('Default Dark Modern');
  });

  /** Stored sessions in the history table (its empty state is a row too, without a checkbox). */
  const sessionRows = (frame: Frame) => frame.locator('.sessions tbody tr input[type=checkbox]').count();

  /** Opens the dashboard from the CodeLens of the handbook prompt, maximized. */
  async function openDashboard(): Promise<Frame> {
    await wb.runCommand('View: Close All Editors');
    await wb.openFile('handbook-agent.prompty');
    await wb.page.locator('.codelens-decoration a', { hasText: 'Test caching' }).first().click();
    const frame = await wb.webviewFrame('Testing handbook-agent.prompty');
    return frame;
  }

  async function runAndWait(frame: Frame, sessionsBefore: number): Promise<void> {
    await frame.getByRole('button', { name: 'Run', exact: true }).click();
    await waitFor(() => sessionRows(frame), (n) => n > sessionsBefore, 60_000);
    await waitFor(() => frame.locator('.status').innerText(), (t) => /^(Finished|Cancelled)/.test(t), 60_000);
  }

  /** Scrolls the chart, its legend and the comparison into view and takes the screenshot. */
  async function shootChart(name: string, frame: Frame): Promise<string> {
    await frame.locator('.chart').scrollIntoViewIfNeeded();
    await frame.locator('#chart-title').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await wb.page.waitForTimeout(800);
    const file = await wb.screenshot(name);
    assert.ok(statSync(file).size > 10_000);
    return file;
  }

  it('two sessions overlaid: one bar per session, each prediction on its own bar, a small legend and the side-by-side table', async function () {
    const frame = await openDashboard();
    await wb.runCommand('View: Toggle Maximize Editor Group');
    const before = await sessionRows(frame);
    await runAndWait(frame, before);
    // The second session streams: the same prefix, so a warm first run; the comparison tells them apart.
    await frame.getByLabel('Stream (measures time to first token)').check();
    await runAndWait(frame, before + 1);
    const legend = await frame.locator('.chart-legend li').allInnerTexts();
    assert.ok(legend.length >= 2, legend.join(' | '));
    // Every session's colour is solid, so its "read from cache" part stands out from its paler
    // "not cached" part (the theme's orange is a translucent highlight colour).
    const swatches = await frame.locator('.chart-legend .swatch').evaluateAll((els) =>
      (els as unknown as { style: { backgroundColor: string } }[]).map((el) => el.style.backgroundColor),
    );
    assert.deepEqual(swatches.filter((c) => !/^rgb\(/.test(c)), [], swatches.join(' | '));
    const comparison = await frame.locator('.comparison').innerText();
    assert.match(comparison, /\byes\b/);
    assert.match(comparison, /\bno\b/);
    const runs = await frame.locator('table.runs').innerText();
    assert.match(runs, /warm/, 'the second session\'s first run is predicted warm');
    await shootChart('dashboard-two-sessions-dark', frame);
  });

  it('reopened: the form, the overlaid sessions and the shown session come back', async function () {
    await wb.runCommand('View: Toggle Maximize Editor Group');
    const frame = await openDashboard();
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await waitFor(() => frame.locator('.chart-legend li').count(), (n) => n >= 2);
    assert.equal(await frame.getByLabel('Stream (measures time to first token)').isChecked(), true);
    assert.ok((await frame.locator('table.runs tbody tr').count()) >= 3);
    await shootChart('dashboard-reopened-dark', frame);
    await wb.setTheme('Default Light Modern');
    await shootChart('dashboard-two-sessions-light', frame);
    await wb.setTheme('Default Dark Modern');
  });

  it('an unreachable server: Test connection and the run name the host, fail at once, and list the attempt', async function () {
    const frame = await wb.webviewFrame('Testing handbook-agent.prompty');
    const port = await closedPort();
    await frame.getByLabel('Endpoint', { exact: true }).selectOption('compatible');
    await frame.getByLabel('Base URL of the OpenAI-compatible server').fill(`http://127.0.0.1:${port}/v1`);
    await frame.getByRole('button', { name: 'Save to user settings' }).click();
    await waitFor(() => frame.locator('.connection-result').innerText(), (t) => /Saved/.test(t));
    await frame.getByRole('button', { name: 'Test connection' }).click();
    const verdict = await waitFor(() => frame.locator('.connection-result').innerText(), (t) => /refused/.test(t));
    assert.match(verdict, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
    // Edited, the address has not been tested: the verdict on the old one goes.
    const baseUrl = frame.getByLabel('Base URL of the OpenAI-compatible server');
    await baseUrl.fill(`http://127.0.0.1:${port}/v2`);
    assert.equal((await frame.locator('.connection-result').innerText()).trim(), '');
    await baseUrl.fill(`http://127.0.0.1:${port}/v1`);
    await frame.getByRole('spinbutton', { name: 'Runs', exact: true }).fill('2');
    const started = Date.now();
    await frame.getByRole('button', { name: 'Run', exact: true }).click();
    await waitFor(() => frame.locator('.status').innerText(), (t) => /^Finished/.test(t), 30_000);
    assert.ok(Date.now() - started < 10_000, 'no retries on a refused connection');
    const runs = await frame.locator('table.runs').innerText();
    assert.match(runs, /unreachable/);
    assert.match(runs, /Attempt 1: unreachable/);
    assert.match(runs, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
    assert.doesNotMatch(runs, /≠/, 'a failed run gives no prediction verdict');
    assert.equal(await frame.locator('table.runs tbody button', { hasText: 'Show' }).count(), 0, 'a run with no answer has no usage to show');
    // In a narrow panel the table scrolls sideways; each failure stays inside what is visible.
    await wb.page.setViewportSize({ width: 1000, height: 900 });
    await wb.page.waitForTimeout(800);
    type Box = { getBoundingClientRect(): { left: number; right: number } };
    type Wrap = Box & { scrollWidth: number; clientWidth: number; querySelectorAll(selector: string): ArrayLike<Box> };
    const overflow = await frame.locator('.table-wrap:has(table.runs)').evaluate((element) => {
      const wrap = element as unknown as Wrap;
      const visible = wrap.getBoundingClientRect();
      const cut = Array.from(wrap.querySelectorAll('.failure-message'))
        .map((p) => p.getBoundingClientRect())
        .filter((r) => r.left < visible.left - 1 || r.right > visible.right + 1)
        .map((r) => `${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(visible.left)}-${Math.round(visible.right)}`);
      return { scrolls: wrap.scrollWidth > wrap.clientWidth, cut };
    });
    // Scrolled to its right end, each run still shows its number.
    type Scrolled = Wrap & { scrollLeft: number; querySelector(selector: string): Box | null };
    const runNumber = await frame.locator('.table-wrap:has(table.runs)').evaluate(async (element) => {
      const wrap = element as unknown as Scrolled;
      wrap.scrollLeft = wrap.scrollWidth;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const visible = wrap.getBoundingClientRect();
      const cell = wrap.querySelector("table.runs tbody th[scope='row']")!.getBoundingClientRect();
      const inView = cell.left >= visible.left - 1 && cell.right <= visible.right + 1;
      wrap.scrollLeft = 0;
      return { inView, scrolledBy: wrap.scrollWidth - wrap.clientWidth };
    });
    await wb.page.setViewportSize({ width: 1440, height: 900 });
    assert.ok(overflow.scrolls, 'the runs table scrolls sideways at this width');
    assert.deepEqual(overflow.cut, []);
    assert.ok(runNumber.inView, `the run number stays in view with the table scrolled ${runNumber.scrolledBy} px to its right end`);
    await frame.locator('table.runs').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await wb.page.waitForTimeout(500);
    await wb.screenshot('dashboard-failed-endpoint-dark');
    await wb.setTheme('Default Light Modern');
    await wb.screenshot('dashboard-failed-endpoint-light');
  });
});
