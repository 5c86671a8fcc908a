import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, waitForState } from './helpers';

/** The examples folder, next to the test workspace (test/workspace → examples). */
function example(name: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders![0].uri;
  return vscode.Uri.joinPath(root, '..', '..', 'examples', name);
}

/** Offsets of each object of the request's top-level `"tools"` array, from `{` to `}`. */
function toolObjects(text: string): Array<[number, number]> {
  const open = text.indexOf('[', text.indexOf('"tools"'));
  const objects: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
      if (depth === 0) objects.push([start, i + 1]);
    }
  }
  return objects;
}

const TINTS = ['cacheable', 'staticUncached', 'dynamic'] as const;

suite('tool definitions in request JSON are tinted whole', () => {
  teardown(closeAll);

  // The Anthropic example caches its tools (they come first, before the system breakpoint); the
  // OpenAI one's static prefix is under the 1,024 minimum, so its tools are static but not cached.
  for (const [file, expectedTint] of [
    ['anthropic-request.json', 'cacheable'],
    ['chat-request.json', 'staticUncached'],
  ] as const) {
    test(`${file}: each tool is one tinted range from its { to its }`, async () => {
      const doc = await vscode.workspace.openTextDocument(example(file));
      await vscode.window.showTextDocument(doc, { preview: false });
      const s = await waitForState((x) => Boolean(x.analysis && x.decorations && x.decorations.ranges[expectedTint].length > 0), doc.uri);
      const text = doc.getText();
      const tools = toolObjects(text);
      assert.equal(tools.length, (JSON.parse(text) as { tools: unknown[] }).tools.length);
      const tints = TINTS.flatMap((kind) => s.decorations!.ranges[kind].map((r) => ({ kind, range: new vscode.Range(r[0], r[1], r[2], r[3]) })));
      for (const [start, end] of tools) {
        const tool = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
        const name = /"name":\s*"([^"]+)"/.exec(text.slice(start, end))![1];
        const over = tints.filter((t) => t.range.intersection(tool) && !t.range.intersection(tool)!.isEmpty);
        assert.deepEqual(
          over.map((t) => ({ kind: t.kind, text: doc.getText(t.range).slice(0, 40) })),
          [{ kind: expectedTint, text: doc.getText(tool).slice(0, 40) }],
          `${name}: tinted in ${over.length} range(s)`,
        );
        assert.ok(over[0].range.isEqual(tool), `${name}: the tint covers the tool from { to }`);
      }
    });
  }
});
