import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree, type Node } from 'jsonc-parser';
import { treeAfterStringEdit } from '../../../src/core/formats/jsonEdit';
import { jsonProperty, jsonStringPiece, parseJsonSource } from '../../../src/core/formats/jsonSource';

/** A node as the parser would build it, without parent links (compared by value). */
function shape(node: Node): unknown {
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    value: node.value,
    colonOffset: node.colonOffset,
    children: node.children?.map(shape),
  };
}

const DOCUMENT = `{
  // a comment before the request
  "model": "gpt-4o",
  "messages": [
    { "role": "system", "content": "You are a support assistant.\\nBe brief.\\tCaf\\u00e9 \\"quoted\\" text." },
    { "role": "user", "content": "Order {{order_id}} arrived damaged." },
  ],
  "tools": [{ "type": "function", "function": { "name": "lookup", "parameters": { "type": "object" } } }]
}`;

/** A deterministic sequence of pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('treeAfterStringEdit', () => {
  it('gives the tree a fresh parse gives, for typing, deleting and pasting anywhere in the file', () => {
    const next = random(7);
    const alphabet = ['a', 'Z', ' ', 'é', '{', '}', ':', ',', '"', '\\', '\n', 'n', 'u', '0', '😀'];
    let text = DOCUMENT;
    let root = parseTree(text)!;
    let reused = 0;
    for (let step = 0; step < 3000; step++) {
      const at = Math.floor(next() * text.length);
      const cut = next() < 0.3 ? Math.floor(next() * 3) : 0;
      const typed = next() < 0.8 ? alphabet[Math.floor(next() * alphabet.length)] : '';
      const edited = text.slice(0, at) + typed + text.slice(at + cut);
      const errors: never[] = [];
      const fresh = parseTree(edited, errors, { allowTrailingComma: true });
      const patched = treeAfterStringEdit(text, root, edited);
      if (patched) {
        reused++;
        assert.deepEqual(shape(patched), shape(fresh!), `step ${step}: ${JSON.stringify(edited)}`);
      }
      // Continue from a valid document only, as the analysis does.
      if (errors.length === 0 && fresh) {
        text = edited;
        root = fresh;
      }
    }
    assert.ok(reused > 300, `most in-string edits reuse the tree (${reused})`);
  });

  it('declines edits that change the structure or an escape', () => {
    const source = '{"a": "x\\ny", "b": 1}';
    const root = parseTree(source)!;
    const insert = (at: number, typed: string) => treeAfterStringEdit(source, root, source.slice(0, at) + typed + source.slice(at));
    assert.equal(insert(source.indexOf('x'), '"'), undefined, 'a quote ends the string');
    assert.equal(insert(source.indexOf('n'), 't'), undefined, 'just after a backslash');
    assert.equal(insert(source.indexOf('1'), '2'), undefined, 'a number is not a string');
    assert.ok(insert(source.indexOf('x'), 'w'), 'plain text inside the string');
  });

  it('feeds the request parser: a keystroke in a long prompt gives the same decoded text and offsets', () => {
    const long = `{"messages": [{"role": "system", "content": "${'Policy line one.\\n'.repeat(2000)}"}]}`;
    parseJsonSource(long);
    const at = long.indexOf('one', 10_000);
    const edited = `${long.slice(0, at)}X${long.slice(at)}`;
    const piece = jsonStringPiece(jsonProperty(jsonProperty(parseJsonSource(edited), 'messages')!.children![0], 'content')!, edited);
    const fresh = JSON.parse(edited).messages[0].content as string;
    assert.equal(piece.text, fresh);
    const x = piece.text.indexOf('X');
    assert.equal(piece.offsets![x], at, 'the typed character maps to where it was typed');
    assert.equal(piece.offsets![piece.text.length], edited.lastIndexOf('"}]}'));
  });
});
