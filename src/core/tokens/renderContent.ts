/** Rendering of message content parts, shared by the OpenAI and Anthropic layouts. */
import type { ContentPart } from '../model';
import { countImageTokens } from './imageTokens';
import type { ResolvedModel } from './models';
import { type PromptBuilder, runOfPiece, type TextRun } from './promptBuilder';
import { countAudioTokens } from './audioTokens';
import { audioTokenIds, imageTokenIds, Marker } from './syntheticIds';

export interface ImageCounter {
  (part: Extract<ContentPart, { type: 'image' }>): { tokens: number; estimateReason?: string };
}

/**
 * Blocks counted by a size the provider derives, not from their JSON (a PDF, a file): their tokens,
 * or undefined to count the block's JSON as text.
 */
export interface BlockCounter {
  (part: Extract<ContentPart, { type: 'other' }>): { tokens: number; estimateReason?: string } | undefined;
}

export const IMAGE_FRAMING_ESTIMATE =
  'an image on this API costs a different number of tokens than on Chat Completions, measured on one image size of one model';

/**
 * `framing`: tokens the API adds to (or takes from) each counted image; `statedDetailFraming` takes
 * its place for an image whose request states its `detail`. `inToolMessage`: the images are in a Chat
 * Completions `tool` (or legacy `function`) message, billed by the model's `toolMessage` image rule.
 */
export function openAIImageCounter(
  resolved: ResolvedModel,
  framing = 0,
  statedDetailFraming: number | null = null,
  inToolMessage = false,
): ImageCounter {
  return (part) => {
    const counted = countImageTokens(part, resolved.images, inToolMessage);
    const applied = part.detailStated && statedDetailFraming !== null ? statedDetailFraming : framing;
    // The estimate covers every image of an API whose images are framed differently from Chat
    // Completions, whichever of its two framings applies.
    if ((framing === 0 && (statedDetailFraming ?? 0) === 0) || counted.tokens === 0) return counted;
    return { tokens: Math.max(0, counted.tokens + applied), estimateReason: counted.estimateReason ?? IMAGE_FRAMING_ESTIMATE };
  };
}

/**
 * Renders parts in order. Consecutive text parts are encoded together (the provider joins them),
 * images and audio clips become their token count of synthetic ids. `extraTail` is text appended to the last text
 * run (the newline OpenAI adds to a system message when tools are present, a structured-output
 * section); `tailPlaced` learns the tokens the tail's runs from `tailMarkFrom` on occupy. `extraHead`
 * is text put before the first text run and encoded with it (a header the provider writes above a
 * system message).
 */
export function renderParts(
  builder: PromptBuilder,
  parts: readonly ContentPart[],
  countImage: ImageCounter,
  options: {
    extraTail?: TextRun | readonly TextRun[];
    extraHead?: readonly TextRun[];
    tailMarkFrom?: number;
    tailPlaced?: (tokenStart: number, tokenEnd: number) => void;
    blocksPerPart: boolean;
    countBlock?: BlockCounter;
    /** Framing tokens around each audio clip (OpenAIFraming.audioFraming). */
    audioFraming?: number;
    /** Whether text after a part that carries a cache breakpoint is encoded apart from the text before. */
    splitAtBreakpoints?: boolean;
  } = { blocksPerPart: true },
): void {
  const tail: readonly TextRun[] = options.extraTail === undefined ? [] : Array.isArray(options.extraTail) ? options.extraTail : [options.extraTail as TextRun];
  const markFrom = options.tailMarkFrom ?? 0;
  /** Text waiting to be encoded; `part` is absent for the appended tail and the head. */
  let pending: { run: TextRun; part?: ContentPart; head?: true }[] = (options.extraHead ?? []).map((run) => ({ run, head: true as const }));
  const flush = () => {
    if (pending.length === 0) return;
    const runs = pending.map((p) => p.run);
    const placement = builder.textOf(runs);
    let unit = 0;
    let tailIndex = 0;
    for (const { run, part, head } of pending) {
      if (!part && !head && tailIndex++ === markFrom) options.tailPlaced?.(placement.tokenAt(unit), placement.end);
      unit += run.text.length;
      if (!part) continue;
      // The part ends with the token holding its last character.
      const tokenEnd = run.text.length > 0 ? placement.tokenAt(unit - 1) + 1 : placement.tokenAt(unit);
      const blockIndex = options.blocksPerPart ? builder.block(tokenEnd) : -1;
      if (part.breakpoint) builder.breakpointAt(part.breakpoint, blockIndex, tokenEnd);
    }
    pending = [];
  };
  parts.forEach((part, k) => {
    const isLast = k === parts.length - 1;
    if (part.type === 'image') {
      flush();
      const counted = countImage(part);
      if (counted.estimateReason) builder.estimate(counted.estimateReason);
      const identity = `${part.detail}|${part.width ?? '?'}x${part.height ?? '?'}|${part.source}`;
      builder.pushMedia(counted.tokens, (n) => imageTokenIds(identity, n), part.range?.start ?? -1);
      builder.addImageTokens(counted.tokens);
      const blockIndex = options.blocksPerPart ? builder.block() : -1;
      if (part.breakpoint) builder.breakpoint(part.breakpoint, blockIndex);
      if (isLast) for (const run of tail) pending.push({ run });
      return;
    }
    if (part.type === 'audio') {
      // Audio is billed by its length, never as the text of its base64.
      flush();
      const counted = countAudioTokens(part);
      for (const reason of counted.estimateReasons) builder.estimate(reason);
      builder.markers(Marker.audioFraming, options.audioFraming ?? 0);
      builder.pushMedia(counted.tokens, (n) => audioTokenIds(part.source, n), part.range?.start ?? -1);
      const blockIndex = options.blocksPerPart ? builder.block() : -1;
      if (part.breakpoint) builder.breakpoint(part.breakpoint, blockIndex);
      if (isLast) for (const run of tail) pending.push({ run });
      return;
    }
    const block = part.type === 'other' ? options.countBlock?.(part) : undefined;
    if (block) {
      flush();
      if (block.estimateReason) builder.estimate(block.estimateReason);
      builder.pushMedia(block.tokens, (n) => imageTokenIds(`block|${part.piece.text.length}|${part.piece.text.slice(0, 64)}|${part.piece.text.slice(-64)}`, n), part.range?.start ?? -1);
      const blockIndex = options.blocksPerPart ? builder.block() : -1;
      if (part.breakpoint) builder.breakpoint(part.breakpoint, blockIndex);
      if (isLast) for (const run of tail) pending.push({ run });
      return;
    }
    pending.push({ run: runOfPiece(part.piece), part });
    if (isLast) for (const run of tail) pending.push({ run });
    else if (options.splitAtBreakpoints && part.breakpoint) flush();
  });
  if (parts.length === 0) for (const run of tail) pending.push({ run });
  flush();
}
