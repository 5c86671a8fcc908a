// `npm run demo`: packages the extension, installs it into a code-server kept in .cache/, opens
// examples/ and prints the URL. Ctrl+C stops it.
import { join } from 'node:path';
import {
  SetupError,
  ensureCodeServer,
  QUIET_WORKBENCH,
  installVsix,
  projectRoot,
  startCodeServer,
} from './code-server.mjs';
import { packageVsix } from './package-vsix.mjs';

const port = Number(process.env.PORT || 8080);

try {
  ensureCodeServer();
  const { path } = packageVsix({ quiet: true });
  const demoDir = join(projectRoot, '.cache', 'demo');
  const extensionsDir = join(demoDir, 'extensions');
  installVsix(path, extensionsDir);
  const server = await startCodeServer({
    port,
    workspace: join(projectRoot, 'examples'),
    profileDir: join(demoDir, 'profile'),
    extensionsDir,
    settings: QUIET_WORKBENCH,
  });
  console.log(`\nPrompt Cache Lens demo: ${server.url}/?folder=${encodeURIComponent(join(projectRoot, 'examples'))}`);
  console.log('Open it in a browser; press Ctrl+C to stop.');
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', () => process.exit(0));
} catch (err) {
  console.error(err instanceof SetupError ? err.message : err);
  process.exit(1);
}
