/**
 * Names a template binds itself (`{% set company = "Contoso" %}`, `{% for tier in ["gold"] %}`)
 * are the same on every request when what they are bound to reads no input: the tag sends
 * nothing, and `{{ company }}` sends the same text each time. Only the inputs a binding reads can
 * make it vary. A branch whose conditions read only such names (`{% if verbose %}` after
 * `{% set verbose = true %}`) chooses the same text on every request too.
 */
import type { DynamicSpan, PromptRequest, TextPiece } from '../model';
import { controlTagInputs, expressionInputs, jinjaTagBody, loopTargets } from './control-tags';
import { piecesInCacheOrder } from './prompt-pieces';

interface LoopFrame {
  /** Names static before the loop opened: a loop's targets and its own `set`s end with it. */
  outer: Set<string>;
  static: boolean;
}

interface BranchFrame {
  /** The chain's tags (`if`, `elif`, `else`, `endif`): dropped together once it closes static. */
  tags: DynamicSpan[];
  /** Every condition so far reads only names bound to constants. */
  static: boolean;
}

/** Inputs an expression reads that are not names the template bound to constants. */
function varyingInputs(inputs: readonly string[], staticNames: ReadonlySet<string>): string[] {
  return inputs.filter((name) => !staticNames.has(name));
}

/**
 * Removes from the request's dynamic spans the `set` tags, the loops over constants and the
 * references to names bound to constants, in place. Pieces are taken in file order: a template is
 * rendered as one text, so a `set` in the system text holds in the user text after it.
 */
export function dropStaticTemplateNames(request: PromptRequest): void {
  const pieces = [...new Set(piecesInCacheOrder(request).map((located) => located.piece))]
    .filter((p) => p.range && p.dynamic.some((s) => s.kind === 'template-block' || s.kind === 'template-variable'))
    .sort((a, b) => a.range!.start - b.range!.start);
  let staticNames = new Set<string>();
  const loops: LoopFrame[] = [];
  const branches: BranchFrame[] = [];
  /** Which kind of block opened last: an `else` belongs to it (Jinja loops have one too). */
  const open: Array<'for' | 'if'> = [];
  /** Tags of branches that closed static; a chain may run over several pieces, so they go at the end. */
  const staticBranchTags = new Set<DynamicSpan>();
  const keptByPiece = new Map<TextPiece, DynamicSpan[]>();
  const reads = (expression: string) => varyingInputs(expressionInputs(expression), staticNames).length > 0;
  for (const piece of pieces) {
    const kept: DynamicSpan[] = [];
    keptByPiece.set(piece, kept);
    for (const span of piece.dynamic) {
      if (span.kind === 'template-variable') {
        const name = span.name.trim();
        const inputs = /^loop\b/.test(name) ? ['loop'] : expressionInputs(name);
        if (inputs.length > 0 && varyingInputs(inputs, staticNames).length === 0) continue;
        kept.push(span);
        continue;
      }
      const body = span.kind === 'template-block' ? jinjaTagBody(piece.text.slice(span.start, span.end)) : undefined;
      if (body === undefined) {
        kept.push(span);
        continue;
      }
      const set = /^set\s+([A-Za-z_]\w*)\s*=([\s\S]+)$/.exec(body);
      if (set) {
        // The tag itself sends nothing; a name bound to an input, or bound only on a branch an input chooses, varies where it is used.
        if (!reads(set[2]) && branches.every((b) => b.static)) staticNames.add(set[1]);
        else staticNames.delete(set[1]);
        continue;
      }
      const branch = /^(if|elif)\b([\s\S]*)$/.exec(body);
      if (branch) {
        const frame = branch[1] === 'if' ? undefined : branches[branches.length - 1];
        if (frame) {
          frame.tags.push(span);
          if (reads(branch[2])) frame.static = false;
        } else {
          branches.push({ tags: [span], static: !reads(branch[2]) });
          open.push('if');
        }
        kept.push(span);
        continue;
      }
      if (/^else\b/.test(body) && open[open.length - 1] === 'if') {
        branches[branches.length - 1].tags.push(span);
        kept.push(span);
        continue;
      }
      if (/^endif\b/.test(body)) {
        const frame = branches.pop();
        if (open[open.length - 1] === 'if') open.pop();
        if (frame?.static) for (const tag of [...frame.tags, span]) staticBranchTags.add(tag);
        kept.push(span);
        continue;
      }
      const loop = /^for\s+(.+?)\s+in\s+([\s\S]*)$/.exec(body);
      if (loop) {
        const frame: LoopFrame = { outer: new Set(staticNames), static: false };
        loops.push(frame);
        open.push('for');
        if (varyingInputs(controlTagInputs(`{% ${body} %}`), staticNames).length === 0) {
          frame.static = true;
          staticNames = new Set(staticNames);
          for (const target of loopTargets(loop[1])) staticNames.add(target);
          staticNames.add('loop');
          continue;
        }
        for (const target of loopTargets(loop[1])) staticNames.delete(target);
        staticNames.delete('loop');
        kept.push(span);
        continue;
      }
      if (/^endfor\b/.test(body)) {
        const frame = loops.pop();
        if (open[open.length - 1] === 'for') open.pop();
        if (frame) staticNames = frame.outer;
        if (frame?.static) continue;
        kept.push(span);
        continue;
      }
      kept.push(span);
    }
  }
  for (const [piece, kept] of keptByPiece) piece.dynamic = kept.filter((span) => !staticBranchTags.has(span));
}
