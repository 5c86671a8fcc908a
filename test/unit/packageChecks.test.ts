import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMegabytes, VSIX_BUDGET_BYTES, vsceWarnings } from '../../scripts/package-vsix.mjs';

describe('npm run package checks', () => {
  it("finds vsce's warning lines, coloured or not, and nothing else", () => {
    const output = [
      'Executing prepublish script \'npm run vscode:prepublish\'...',
      '\u001b[43m\u001b[30m WARNING \u001b[39m\u001b[49m Using \'*\' activation is usually a bad idea as it impacts performance.',
      ' WARNING  A \'repository\' field is missing from the \'package.json\' manifest file.',
      ' DONE  Packaged: /work/prompt-cache-lens.vsix (25 files, 4.38 MB)',
    ].join('\n');
    assert.deepEqual(vsceWarnings(output), [
      "WARNING  Using '*' activation is usually a bad idea as it impacts performance.",
      "WARNING  A 'repository' field is missing from the 'package.json' manifest file.",
    ]);
    assert.deepEqual(vsceWarnings(' INFO  Files included in the VSIX:\n DONE  Packaged'), []);
  });

  it('budgets 5 MB and prints sizes in MB', () => {
    assert.equal(formatMegabytes(VSIX_BUDGET_BYTES), '5.00 MB');
    assert.equal(formatMegabytes(4_592_000), '4.38 MB');
  });
});
