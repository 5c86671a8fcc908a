// `npm test`: type-check, build, then the three levels of tests. Each level's counts are read from
// its own summary and the run ends with one line `tests: N passed, N failed`.
//   node scripts/test.mjs [unit|integration|e2e ...]   (default: all levels)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './code-server.mjs';

const levels = {
  unit: {
    cmd: process.execPath,
    args: ['--import', 'tsx', '--test', '--test-reporter=spec', ...unitTestFiles()],
    // node:test's spec reporter ends with `ℹ pass N` and `ℹ fail N`.
    count: (out) => ({ passed: lastNumber(out, /ℹ pass (\d+)/g), failed: lastNumber(out, /ℹ fail (\d+)/g) }),
  },
  integration: {
    cmd: process.execPath,
    args: ['scripts/test-integration.mjs'],
    count: (out) => countLine(out, /^integration \(VS Code [^)]+\): (\d+) passed, (\d+) failed/m),
  },
  e2e: {
    cmd: process.execPath,
    args: ['--import', 'tsx', 'node_modules/mocha/bin/mocha.js', '--config', 'test/e2e/.mocharc.json'],
    count: (out) => ({ passed: lastNumber(out, /(\d+) passing/g), failed: lastNumber(out, /(\d+) failing/g) }),
  },
};

// Node 20's test runner takes no globs: every *.test.ts under test/unit.
function unitTestFiles() {
  return readdirSync(join(projectRoot, 'test', 'unit'), { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join('test', 'unit', f));
}

function lastNumber(text, re) {
  let value = 0;
  for (const m of text.matchAll(re)) value = Number(m[1]);
  return value;
}

function countLine(text, re) {
  const m = re.exec(text);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
}

function run(cmd, args) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function main() {
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(levels);
  for (const step of [
    ['npx', ['tsc', '--noEmit', '-p', '.']],
    ['npx', ['tsc', '--noEmit', '-p', 'src/webview']],
    [process.execPath, ['esbuild.mjs', '--tests']],
  ]) {
    console.log(`\n> ${[step[0] === process.execPath ? 'node' : step[0], ...step[1]].join(' ')}`);
    const { code } = await run(...step);
    if (code !== 0) {
      console.error(`\n${step[1].join(' ')} failed`);
      process.exit(1);
    }
  }
  let passed = 0;
  let failed = 0;
  const summary = [];
  let broken = false;
  for (const name of wanted) {
    const level = levels[name];
    if (!level) throw new Error(`unknown test level ${name}`);
    console.log(`\n=== ${name} tests ===`);
    const { code, out } = await run(level.cmd, level.args);
    const c = level.count(out);
    passed += c.passed;
    failed += c.failed;
    summary.push(`${name}: ${c.passed} passed, ${c.failed} failed${code !== 0 ? ` (exit ${code})` : ''}`);
    if (code !== 0 || c.passed === 0) broken = true;
  }
  console.log(`\n${summary.join('\n')}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(broken || failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
