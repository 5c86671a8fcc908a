import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentPart, PromptRequest, TextPiece } from '../../../src/core/model';

const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'formats');

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** The text parts of a request's messages, in order. */
export function messageTexts(request: PromptRequest): string[] {
  return request.messages.flatMap((m) => m.parts.flatMap(textOf));
}

function textOf(part: ContentPart): string[] {
  return part.type === 'text' ? [part.piece.text] : [];
}

export function textPiece(part: ContentPart | undefined): TextPiece {
  assert.ok(part && part.type === 'text', 'expected a text part');
  return part.piece;
}

/**
 * Checks a piece leads back to the file: a verbatim slice when it has no offsets, otherwise every
 * unit points at itself, at the escape it came from, or at the line break it was folded from.
 */
export function assertMapsToSource(piece: TextPiece, source: string): void {
  assert.ok(piece.range, 'piece has a source range');
  if (!piece.offsets) {
    assert.equal(source.slice(piece.range.start, piece.range.end), piece.text);
    return;
  }
  assert.equal(piece.offsets.length, piece.text.length + 1);
  assert.equal(piece.offsets[piece.text.length], piece.range.end);
  for (let i = 0; i < piece.text.length; i++) {
    const at = piece.offsets[i];
    assert.ok(at >= piece.range.start && at < piece.range.end, `offset ${at} of unit ${i} lies inside the range`);
    if (i > 0) assert.ok(at >= piece.offsets[i - 1], 'offsets never go backwards');
    const written = source[at];
    const decoded = piece.text[i];
    const folded = (decoded === ' ' || decoded === '\n') && (written === '\n' || written === '\r');
    assert.ok(written === decoded || written === '\\' || folded, `unit ${i} (${JSON.stringify(decoded)}) maps to ${JSON.stringify(written)}`);
  }
}

/** The source text a dynamic span covers. */
export function dynamicSource(piece: TextPiece, source: string, index: number): string {
  const span = piece.dynamic[index];
  const start = piece.offsets ? piece.offsets[span.start] : piece.range!.start + span.start;
  const end = piece.offsets ? piece.offsets[span.end] : piece.range!.start + span.end;
  return source.slice(start, end);
}
