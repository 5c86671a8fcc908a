// Runs the Mocha suite in test/integration inside a real VS Code extension host: code-server
// serves the workbench, Debian's Chromium opens it with the test payload, and the smoke-test
// driver reports the suite's exit code back here.
//   node scripts/test-integration.mjs   (after `node esbuild.mjs --tests`)
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROMIUM,
  SetupError,
  checkChromium,
  chromiumArgs,
  ensureCodeServer,
  freePort,
  projectRoot,
  startCodeServer,
  TEST_WORKBENCH,
} from './code-server.mjs';

const SUITE_TIMEOUT_MS = 10 * 60_000;

async function main() {
  checkChromium();
  ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'pcl-int-'));
  const workspace = join(projectRoot, 'test', 'workspace');
  const port = await freePort();
  const server = await startCodeServer({
    port,
    workspace,
    profileDir: join(scratch, 'profile'),
    extensionsDir: join(scratch, 'extensions'),
    settings: TEST_WORKBENCH,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const exitCode = new Promise((resolveExit) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = format(...(args ?? []));
        (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    });
    const remote = `vscode-remote://127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', remote + projectRoot],
      ['extensionTestsPath', remote + join(projectRoot, 'out', 'test', 'integration', 'index.js')],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise((resolveExit) =>
      setTimeout(() => {
        console.error(`integration tests did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
        resolveExit(1);
      }, SUITE_TIMEOUT_MS).unref(),
    );
    return await Promise.race([exitCode, timeout]);
  } finally {
    await browser.close();
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof SetupError ? err.message : err);
    process.exit(1);
  },
);
