// The same integration suite in desktop VS Code, downloaded by @vscode/test-electron (needs
// internet). Offline, `npm test` runs it in code-server instead.
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { projectRoot } from './code-server.mjs';

const version = process.env.VSCODE_VERSION || 'stable';
try {
  const code = await runTests({
    version,
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: join(projectRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [join(projectRoot, 'test', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
  process.exit(code);
} catch (err) {
  console.error(`Integration tests in desktop VS Code ${version} failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
