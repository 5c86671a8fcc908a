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
    // In a narrow panel the runs become cards: nothing scrolls sideways, each failure and each run
    // number stays inside what is visible.
    await wb.page.setViewportSize({ width: 1000, height: 900 });
    await wb.page.waitForTimeout(800);
    type Box = { getBoundingClientRect(): { left: number; right: number } };
    type Wrap = Box & { scrollWidth: number; clientWidth: number; querySelectorAll(selector: string): ArrayLike<Box> };
    const overflow = await frame.locator('.table-wrap:has(table.runs)').evaluate((element) => {
      const wrap = element as unknown as Wrap;
      const visible = wrap.getBoundingClientRect();
      const cut = Array.from(wrap.querySelectorAll(".failure-message, tbody th[scope='row']"))
        .map((p) => p.getBoundingClientRect())
        .filter((r) => r.left < visible.left - 1 || r.right > visible.right + 1)
        .map((r) => `${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(visible.left)}-${Math.round(visible.right)}`);
      return { scrolledBy: wrap.scrollWidth - wrap.clientWidth, cut };
    });
    await wb.page.setViewportSize({ width: 1440, height: 900 });
    assert.ok(overflow.scrolledBy <= 1, `the runs table scrolls sideways by ${overflow.scrolledBy} px at this width`);
    assert.deepEqual(overflow.cut, []);
    await frame.locator('table.runs').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await wb.page.waitForTimeout(500);
    await wb.screenshot('dashboard-failed-endpoint-dark');
    await wb.setTheme('Default Light Modern');
    await wb.screenshot('dashboard-failed-endpoint-light');
  });

  /**
   * What a user scrolling sideways would look for, measured in the dashboard's page: how far the
   * page and each table scroll sideways, and every control the panel's edges cut. And what a user
   * reading a card looks for: in each column of a card, every value starts at the same place (the
   * first line of its text, or its control), a line across the card included.
   */
  const FIT = `(() => {
    const doc = document.documentElement;
    const panel = doc.clientWidth;
    const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const name = (el) => (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 60);
    const cut = (el) => { const r = el.getBoundingClientRect(); return r.left < -1 || r.right > panel + 1; };
    const place = (el) => { const r = el.getBoundingClientRect(); return name(el) + ' at ' + Math.round(r.left) + '-' + Math.round(r.right); };
    const tables = Array.from(document.querySelectorAll('.table-wrap')).filter(shown).map((wrap) => ({
      table: wrap.closest('section, fieldset, details')?.className || 'table',
      scrolls: wrap.scrollWidth - wrap.clientWidth,
    }));
    const historyButtons = Array.from(document.querySelectorAll('.sessions tbody button')).filter(shown);
    return {
      panel,
      pageScrolls: doc.scrollWidth - doc.clientWidth,
      tables,
      sessions: document.querySelectorAll('.sessions tbody input[type=checkbox]').length,
      historyButtons: historyButtons.length,
      historyButtonsCut: historyButtons.filter(cut).map(place),
      controlsCut: Array.from(document.querySelectorAll('button, input, select, summary')).filter(shown).filter(cut).map(place),
      cards: document.querySelectorAll('.table-wrap.stacked tbody tr').length,
      endpointPorts: Array.from(document.querySelectorAll('.comparison td.endpoint-cell')).flatMap((cell) => cell.textContent.match(/:\\d+/g) || []),
      usageLines: Array.from(document.querySelectorAll('.usage-row pre .json-line')).filter(shown).length,
      usageWrappedAtEdge: Array.from(document.querySelectorAll('.usage-row pre .json-line')).filter(shown).flatMap((line) => {
        const edge = line.closest('pre').getBoundingClientRect().left;
        const range = document.createRange();
        range.selectNodeContents(line);
        const rows = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        const indented = /^ +/.test(line.textContent);
        return indented && rows.slice(1).some((r) => r.left <= edge + 1) ? [line.textContent.trim()] : [];
      }),
      misaligned: Array.from(document.querySelectorAll('.table-wrap.stacked tbody tr')).flatMap((card) => {
        const valueLeft = (cell) => {
          const control = cell.querySelector(':scope > input, :scope > select, :scope > button');
          if (control) return control.getBoundingClientRect().left;
          const range = document.createRange();
          range.selectNodeContents(cell);
          const first = Array.from(range.getClientRects()).find((r) => r.width > 0);
          return first ? first.left : undefined;
        };
        const columns = new Map();
        for (const cell of Array.from(card.cells).filter((c) => c.dataset.label)) {
          const left = valueLeft(cell);
          if (left === undefined) continue;
          const column = Math.round(cell.getBoundingClientRect().left);
          if (!columns.has(column)) columns.set(column, []);
          columns.get(column).push({ name: cell.dataset.label.replace(/\u200b/g, ''), left });
        }
        return Array.from(columns.values())
          .filter((cells) => Math.max(...cells.map((c) => c.left)) - Math.min(...cells.map((c) => c.left)) > 1)
          .map((cells) => cells.map((c) => c.name + ' at ' + c.left.toFixed(1)).join(', '));
      }),
    };
  })()`;

  interface Fit {
    panel: number;
    pageScrolls: number;
    tables: { table: string; scrolls: number }[];
    sessions: number;
    historyButtons: number;
    historyButtonsCut: string[];
    controlsCut: string[];
    cards: number;
    endpointPorts: string[];
    usageLines: number;
    usageWrappedAtEdge: string[];
    misaligned: string[];
  }

  /** The dashboard's page width: the panel's, less the page's vertical scroll bar. */
  const pageWidth = (frame: Frame) => frame.evaluate('document.documentElement.clientWidth') as Promise<number>;

  /**
   * Resizes the window until the dashboard's page is `width` px wide; beside the editor, the two
   * editor groups share the editor area evenly, as after dragging the panel open.
   */
  async function sizePanel(frame: Frame, width: number, beside: boolean): Promise<number> {
    let viewport = wb.page.viewportSize()?.width ?? 1440;
    for (let i = 0; i < 6; i++) {
      if (beside) await wb.runCommand('View: Reset Editor Group Sizes');
      await wb.page.waitForTimeout(500);
      const now = await pageWidth(frame);
      if (Math.abs(now - width) <= 2) return now;
      viewport += (width - now) * (beside ? 2 : 1);
      await wb.page.setViewportSize({ width: viewport, height: 900 });
    }
    return pageWidth(frame);
  }

  /**
   * The window at 1,440 px and the panel at ~627 px (maximised), ~560 px and ~306 px (beside the
   * editor): nothing scrolls sideways, neither the page nor any table, every control is inside the
   * panel, the values of each card line up, `prompt_cache_key` wraps, if at all, after an
   * underscore, an endpoint's port is never split and a usage line wraps under its indentation. Starts and ends with the panel beside the editor.
   */
  async function checkWidths(frame: Frame, what: string): Promise<void> {
    const cases = [
      { name: '1440-window-beside', beside: true, width: undefined },
      { name: '560-beside', beside: true, width: 560 },
      { name: '306-beside', beside: true, width: 306 },
      { name: '1440-window-maximised', beside: false, width: undefined },
      { name: '627-maximised', beside: false, width: 627 },
    ];
    let beside = true;
    for (const c of cases) {
      if (c.beside !== beside) {
        await wb.runCommand('View: Toggle Maximize Editor Group');
        beside = c.beside;
      }
      if (c.width === undefined) {
        await wb.page.setViewportSize({ width: 1440, height: 900 });
        if (beside) await wb.runCommand('View: Reset Editor Group Sizes');
        await wb.page.waitForTimeout(800);
      } else {
        const width = await sizePanel(frame, c.width, c.beside);
        assert.ok(Math.abs(width - c.width) <= 2, `${c.name}: the panel could be sized to ${width} px only`);
      }
      await wb.page.waitForTimeout(300);
      const fit = (await frame.evaluate(FIT)) as Fit;
      const keys = await wb.drawnWords('prompt_cache_key');
      // Taken first, so a failure below has its pictures.
      for (const [part, selector] of [['comparison', '.comparison'], ['runs', '.runs-section'], ['history', '.sessions']] as const) {
        await frame.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await wb.page.waitForTimeout(300);
        await wb.screenshot(`dashboard-fit-${what}-${c.name}-${part}`);
      }
      const where = `${what}, ${c.name} (page ${fit.panel} px wide)`;
      if (c.width === undefined) assert.ok(fit.panel > (beside ? 500 : 1000), `${where}: the layout is not the one intended`);
      assert.ok(fit.pageScrolls <= 1, `${where}: the page scrolls sideways by ${fit.pageScrolls} px`);
      for (const t of ['sessions', 'runs-section', 'comparison']) assert.ok(fit.tables.some((x) => x.table === t), `${where}: no ${t} table measured`);
      assert.deepEqual(fit.tables.filter((t) => t.scrolls > 1), [], `${where}: tables that scroll sideways`);
      assert.ok(fit.sessions >= 3 && fit.historyButtons === 5 * fit.sessions, `${where}: ${fit.historyButtons} History buttons for ${fit.sessions} sessions`);
      assert.deepEqual(fit.historyButtonsCut, [], `${where}: History buttons past the panel's edge`);
      assert.deepEqual(fit.controlsCut, [], `${where}: controls past the panel's edge`);
      // The form's field, the comparison's column (a card's label beside the editor) and every session's settings.
      assert.ok(keys.length >= 2 + fit.sessions, `${where}: prompt_cache_key drawn ${keys.length} times: ${keys.join(', ')}`);
      assert.deepEqual(keys.filter((k) => /[^_]\|/.test(k)), [], `${where}: prompt_cache_key broken inside a word`);
      if (c.width !== undefined && c.width < 600) assert.ok(fit.cards > 0, `${where}: no table shown as cards`);
      // The simulator's URL in the side-by-side table: its port is never split across lines.
      assert.ok(fit.endpointPorts.length >= 2, `${where}: endpoints ${fit.endpointPorts.join(', ')}`);
      for (const port of new Set(fit.endpointPorts)) assert.deepEqual((await wb.drawnWords(port)).filter((w) => w.includes('|')), [], `${where}: port ${port} broken`);
      // A usage line too long for the panel goes on under its own indentation, not at the left edge.
      if (what === 'answered-runs') {
        assert.ok(fit.usageLines > 5, `${where}: ${fit.usageLines} usage lines shown`);
        const usageKeys = await wb.drawnWords('accepted_prediction_tokens');
        assert.ok(usageKeys.length > 0, `${where}: accepted_prediction_tokens not drawn`);
        assert.deepEqual(usageKeys.filter((k) => /[^_]\|/.test(k)), [], `${where}: a usage key broken inside a word`);
      }
      assert.deepEqual(fit.usageWrappedAtEdge, [], `${where}: usage lines that wrap to the left edge`);
      assert.deepEqual(fit.misaligned, [], `${where}: card values that do not line up`);
    }
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await wb.page.setViewportSize({ width: 1440, height: 900 });
  }

  it('fits its panel at every width: the page and its tables never scroll sideways, every History button is inside the panel', async function () {
    await wb.setTheme('Default Dark Modern');
    const frame = await openDashboard();
    await waitFor(() => sessionRows(frame), (n) => n >= 3);
    // The failed session of the test before: runs with their failure and attempts under them.
    await waitFor(() => frame.locator('table.runs').innerText(), (t) => /unreachable/.test(t));
    await frame.locator('header').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await checkWidths(frame, 'failed-runs');
    // A session that got answers, its usage open, and the chart's data as a table.
    await frame.locator('.sessions tbody tr', { hasText: 'simulator' }).first().getByRole('button', { name: /^Show the session/ }).click();
    await waitFor(() => frame.locator('table.runs tbody button', { hasText: 'Show' }).count(), (n) => n > 0);
    await frame.locator('table.runs tbody button', { hasText: 'Show' }).first().click();
    await frame.locator('.chart summary').click();
    assert.match(await frame.locator('.usage-row:not([hidden]) pre').innerText(), /prompt_tokens/);
    await checkWidths(frame, 'answered-runs');
  });
});
