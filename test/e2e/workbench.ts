// Drives code-server in Debian's Chromium the way a user does: the packaged VSIX is installed, a
// folder is opened, files are opened with Quick Open and commands run from the palette.
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROMIUM,
  checkChromium,
  chromiumArgs,
  ensureCodeServer,
  TEST_WORKBENCH,
  freePort,
  installVsix,
  projectRoot,
  startCodeServer,
} from '../../scripts/code-server.mjs';
import { packageVsix } from '../../scripts/package-vsix.mjs';

export const screenshotDir = join(projectRoot, 'test-results', 'screenshots');

/**
 * The README's images are screenshots of passing end-to-end tests, copied here each run so that
 * they always show the current build.
 */
export const readmeImageDir = join(projectRoot, 'docs', 'images');

export function publishReadmeImage(screenshot: string, name: 'editor.png' | 'dashboard.png'): void {
  copyFileSync(screenshot, join(readmeImageDir, name));
}

export interface Workbench {
  page: Page;
  vsixBytes: number;
  /** Opens a file of the workspace through Quick Open. */
  openFile(name: string): Promise<void>;
  /** Opens any file by its absolute path, typed into Quick Open. */
  openPath(path: string): Promise<void>;
  /**
   * Runs a command by its palette title, e.g. `Prompt Cache Lens: Show Log`. `asks`: the command
   * asks with a quick pick of its own, which stays open for the caller to answer.
   */
  runCommand(title: string, options?: { asks?: boolean }): Promise<void>;
  /** Text of the status bar item with the given id fragment. */
  statusBarText(idFragment: string): Promise<string>;
  screenshot(name: string): Promise<string>;
  /** Frames of webviews whose body contains the text. */
  webviewFrame(containing: string, timeoutMs?: number): Promise<Frame>;
  /** Texts of the editor decorations' `before`/`after` labels (drawn through CSS, not DOM text). */
  decorationLabels(): Promise<string[]>;
  /**
   * The labels drawn in the active editor's viewport, with where they are: `fullyVisible` when the
   * whole label is inside the text area (not under the minimap, not past either edge).
   */
  labelsInView(): Promise<DrawnLabel[]>;
  /**
   * Every place the page draws `word` (webviews included; text clipped out of sight left out), as
   * the word with `|` where it goes on to the next line: `prompt_cache_|key`. Read from Chromium's
   * own layout (DOMSnapshot text boxes), so text drawn by CSS (`::before`) counts too.
   */
  drawnWords(word: string): Promise<string[]>;
  /** Switches the colour theme by its id, e.g. `Default Light Modern`. */
  setTheme(themeId: string): Promise<void>;
  close(): Promise<void>;
}

export interface DrawnLabel {
  text: string;
  /** 0-based line of the editor's text the label is drawn on. */
  line: number;
  fullyVisible: boolean;
}

/**
 * One workbench for the calling suite: opened before its first test (then `opened` is called with
 * it, for the suite's own set-up), a screenshot of the screen after each failed test, closed after
 * the last.
 */
export function workbenchForSuite(opened: (wb: Workbench) => void | Promise<void>): void {
  let wb: Workbench | undefined;
  before(async function () {
    wb = await openWorkbench();
    await opened(wb);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async function () {
    await wb?.close();
  });
}

/**
 * A decoration label is an empty span in the line whose `::before`/`::after` rule holds the text;
 * the span's box holds the pseudo-element, so its rectangle is where the label is drawn.
 */
const LABELS_IN_VIEW = `(() => {
  const editor = document.querySelector('.editor-group-container.active .monaco-editor') || document.querySelector('.part.editor .monaco-editor');
  if (!editor) return [];
  const text = editor.querySelector('.monaco-scrollable-element.editor-scrollable').getBoundingClientRect();
  const minimap = editor.querySelector('.minimap');
  const minimapLeft = minimap && minimap.getBoundingClientRect().width > 0 ? minimap.getBoundingClientRect().left : Infinity;
  const right = Math.min(text.right, minimapLeft);
  const rules = Array.from(document.styleSheets).flatMap((sheet) => { try { return Array.from(sheet.cssRules); } catch { return []; } });
  const out = [];
  for (const rule of rules) {
    const css = rule.cssText;
    const content = /content: "((?:[^"\\\\]|\\\\.)*)"/.exec(css);
    if (!content || !/::(before|after)/.test(css)) continue;
    for (const m of (rule.selectorText || '').matchAll(/\\.([\\w-]+)::(?:before|after)/g)) {
      for (const el of editor.querySelectorAll('.view-lines .' + m[1])) {
        const r = el.getBoundingClientRect();
        const lineEl = el.closest('.view-line');
        const top = lineEl ? lineEl.getBoundingClientRect().top : r.top;
        if (r.width === 0 || r.bottom <= text.top || r.top >= text.bottom) continue;
        const line = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'))
          .find((n) => Math.abs(n.getBoundingClientRect().top - top) < 2);
        out.push({
          text: content[1],
          line: line ? Number(line.textContent) - 1 : -1,
          fullyVisible: r.left >= text.left - 1 && r.right <= right + 1 && r.top >= text.top - 1 && r.bottom <= text.bottom + 1,
        });
      }
    }
  }
  return out;
})()`;

/** What DOMSnapshot.captureSnapshot answers, as far as drawnWords reads it. */
interface LayoutSnapshot {
  strings: string[];
  documents: Array<{
    nodes: { parentIndex?: number[] };
    layout: { nodeIndex: number[]; styles: number[][]; text: number[] };
    textBoxes: { layoutIndex: number[]; bounds: number[][]; start: number[]; length: number[] };
  }>;
}

/** The occurrences of `word` in the snapshot's visible text boxes, `|` where a line ends inside one. */
function wordsInSnapshot(snapshot: LayoutSnapshot, word: string): string[] {
  const str = (i: number | undefined) => (i !== undefined && i >= 0 ? snapshot.strings[i] : '');
  const found: string[] = [];
  for (const doc of snapshot.documents) {
    const parent = doc.nodes.parentIndex ?? [];
    const layoutOf = new Map(doc.layout.nodeIndex.map((node, layout) => [node, layout]));
    // Hidden by `clip: rect(0 0 0 0)` (a visually hidden caption or table head): read by screen readers, not seen.
    const clipped = (node: number): boolean => {
      for (let n = node; n >= 0; n = parent[n] ?? -1) {
        const layout = layoutOf.get(n);
        if (layout !== undefined && str(doc.layout.styles[layout]?.[0]).startsWith('rect(0px')) return true;
      }
      return false;
    };
    const chars: Array<{ ch: string; top: number; height: number }> = [];
    const boxes = doc.textBoxes;
    boxes.layoutIndex.forEach((layout, k) => {
      if (clipped(doc.layout.nodeIndex[layout])) return;
      const text = str(doc.layout.text[layout]).slice(boxes.start[k], boxes.start[k] + boxes.length[k]);
      const [, top, , height] = boxes.bounds[k];
      // A zero-width space is a place to break, not a character anybody reads.
      for (const ch of text) if (ch !== '\u200b') chars.push({ ch, top, height });
    });
    const joined = chars.map((c) => c.ch).join('');
    for (let at = joined.indexOf(word); at >= 0; at = joined.indexOf(word, at + word.length)) {
      let drawn = '';
      for (let i = at; i < at + word.length; i++) {
        const next = chars[i + 1];
        drawn += chars[i].ch;
        if (i + 1 < at + word.length && next.top - chars[i].top > chars[i].height / 2) drawn += '|';
      }
      found.push(drawn);
    }
  }
  return found;
}

export async function openWorkbench(workspace = join(projectRoot, 'examples')): Promise<Workbench> {
  checkChromium();
  ensureCodeServer();
  const { path: vsix, bytes } = packageVsix({ quiet: true });
  const scratch = mkdtempSync(join(tmpdir(), 'pcl-e2e-'));
  const extensionsDir = join(scratch, 'extensions');
  installVsix(vsix, extensionsDir);
  const port = await freePort();
  const server = await startCodeServer({ port, workspace, profileDir: join(scratch, 'profile'), extensionsDir, settings: TEST_WORKBENCH });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await page.locator('.statusbar').waitFor();
    mkdirSync(screenshotDir, { recursive: true });
    const openedBrowser = browser;
    const wb: Workbench = {
      page,
      vsixBytes: bytes,
      async openFile(name) {
        // As a user does: a double click on the file in the Explorer opens it in a kept tab.
        await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).dblclick();
        await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
      },
      async openPath(path) {
        const name = path.split('/').pop() ?? path;
        const widget = page.locator('.quick-input-widget');
        await page.keyboard.press('Control+P');
        await widget.waitFor({ state: 'visible' });
        await widget.locator('input').fill(path);
        await widget.locator('.monaco-list-row', { hasText: name }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
      },
      async runCommand(title, options = {}) {
        const widget = page.locator('.quick-input-widget');
        await page.keyboard.press('F1');
        if (!(await widget.isVisible())) {
          // Nothing had the keyboard focus (e.g. after closing every editor): give it to the Explorer.
          await widget.waitFor({ state: 'visible', timeout: 2_000 }).catch(async () => {
            await page.locator('.explorer-folders-view').click();
            await page.keyboard.press('F1');
          });
        }
        await widget.waitFor({ state: 'visible' });
        await widget.locator('input').fill(`>${title}`);
        await widget.locator('.monaco-list-row', { hasText: title }).first().waitFor();
        await page.keyboard.press('Enter');
        if (!options.asks) await widget.waitFor({ state: 'hidden' });
      },
      async decorationLabels() {
        const script = `Array.from(document.styleSheets).flatMap((sheet) => { try { return Array.from(sheet.cssRules); } catch { return []; } })
          .map((rule) => rule.cssText).filter((text) => /::(before|after)/.test(text) && /content:/.test(text))
          .map((text) => (/content: "((?:[^"\\\\]|\\\\.)*)"/.exec(text) || [])[1]).filter(Boolean)`;
        return (await page.evaluate(script)) as string[];
      },
      async labelsInView() {
        return (await page.evaluate(LABELS_IN_VIEW)) as DrawnLabel[];
      },
      async drawnWords(word) {
        const cdp = await page.context().newCDPSession(page);
        try {
          const snapshot = (await cdp.send('DOMSnapshot.captureSnapshot', { computedStyles: ['clip'] })) as unknown as LayoutSnapshot;
          return wordsInSnapshot(snapshot, word);
        } finally {
          await cdp.detach();
        }
      },
      async statusBarText(idFragment) {
        const item = page.locator(`.statusbar-item[id*="${idFragment}"]`).first();
        await item.waitFor();
        return (await item.innerText()).trim();
      },
      async screenshot(name) {
        const file = join(screenshotDir, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async webviewFrame(containing, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          for (const frame of page.frames()) {
            try {
              const text = await frame.locator('body').innerText({ timeout: 1_000 });
              if (text.includes(containing)) return frame;
            } catch {
              // frame navigated away
            }
          }
          await page.waitForTimeout(250);
        }
        throw new Error(`no webview shows "${containing}"`);
      },
      async setTheme(themeId) {
        // The workbench follows the page's colour scheme (TEST_WORKBENCH), as it follows the system's.
        const light = /light/i.test(themeId);
        await page.emulateMedia({ colorScheme: light ? 'light' : 'dark' });
        await page.locator(light ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark').waitFor({ timeout: 20_000 });
        await page.waitForTimeout(500);
      },
      async close() {
        await openedBrowser.close();
        server.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
    return wb;
  } catch (err) {
    await browser?.close();
    server.stop();
    throw err;
  }
}
