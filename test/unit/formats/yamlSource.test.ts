import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlSource, yamlGet, yamlStringPiece } from '../../../src/core/formats/yamlSource';
import { PromptParseError } from '../../../src/core/model';
import { assertMapsToSource } from './fixtures';

function pieceOf(source: string, key: string) {
  const ys = parseYamlSource(source);
  return yamlStringPiece(ys, yamlGet(ys.root, key)!);
}

describe('yamlStringPiece', () => {
  it('maps each line of a literal block back to its line in the file', () => {
    const source = 'content: |\n  First line\n    indented\n\n  Last line\nnext: 1\n';
    const piece = pieceOf(source, 'content');
    assert.equal(piece.text, 'First line\n  indented\n\nLast line\n');
    assertMapsToSource(piece, source);
    assert.equal(piece.offsets![piece.text.indexOf('Last')], source.indexOf('Last line'));
    assert.equal(piece.offsets![piece.text.indexOf('  indented')], source.indexOf('  indented'));
  });

  it('maps folded blocks, where line breaks became spaces', () => {
    const source = 'content: >-\n  one\n  two\n\n  three\n';
    const piece = pieceOf(source, 'content');
    assert.equal(piece.text, 'one two\nthree');
    assertMapsToSource(piece, source);
    assert.equal(piece.offsets![3], source.indexOf('one') + 3, 'the folded space is the line break after "one"');
    assert.equal(piece.offsets![piece.text.indexOf('three')], source.indexOf('three'));
  });

  it('decodes double-quoted escapes and multi-line plain scalars', () => {
    const quoted = 'a: "Caf\\u00e9\\tbar"\n';
    const q = pieceOf(quoted, 'a');
    assert.equal(q.text, 'Café\tbar');
    assertMapsToSource(q, quoted);
    const plain = 'a: several\n  words here\n';
    const p = pieceOf(plain, 'a');
    assert.equal(p.text, 'several words here');
    assertMapsToSource(p, plain);
  });

  it('handles keep and strip chomping and CRLF line ends', () => {
    const source = 'a: |+\r\n  kept\r\n\r\nb: |-\r\n  stripped\r\n';
    const a = pieceOf(source, 'a');
    assert.equal(a.text, 'kept\n\n');
    assertMapsToSource(a, source);
    const b = pieceOf(source, 'b');
    assert.equal(b.text, 'stripped');
    assertMapsToSource(b, source);
  });

  it('reports YAML errors at their position in the whole file', () => {
    const source = 'x\n---\nname: a\nmodel: [unclosed\nmessages: 1\n';
    const yamlStart = source.indexOf('name');
    assert.throws(
      () => parseYamlSource(source, yamlStart, source.length),
      (error: unknown) => error instanceof PromptParseError && error.line === 5 && error.column === 1 && /^Invalid YAML/.test(error.message) && /line \d+, column \d+/.test(error.message),
    );
  });
});
