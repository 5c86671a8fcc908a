/**
 * Ids for tokens the provider adds around the text it receives (message framing, reply priming,
 * the tools preamble, image tiles). Their real ids are not public for every model, so the renderer
 * uses ids of its own, far above every vocabulary (o200k_base stops near 200k): what matters for
 * the cache model is that the same framing yields the same ids in every request.
 *
 * Layout: 0xFFFF0000 + n for fixed markers, 0xFFFE0000 .. 0xFFFEFFFF for audio tokens,
 * 0xFFF00000 .. 0xFFFDFFFF for image tokens; image and audio ids are derived from the image or clip
 * (so a different picture or recording breaks the prefix exactly where it starts).
 */

export const SYNTHETIC_BASE = 0xfff00000;

const MARKER_BASE = 0xffff0000;

/** Fixed markers, named for what they stand for in the provider's chat format. */
export const Marker = {
  /** `<|start|>`: opens a message. */
  start: MARKER_BASE + 1,
  /** `<|message|>`: separates the header (role, name) from the content. */
  message: MARKER_BASE + 2,
  /** `<|end|>`: closes a message. */
  end: MARKER_BASE + 3,
  /** The token that joins a `name` to the role (`name=` in the header). */
  name: MARKER_BASE + 4,
  /** One token of the fixed tools preamble (headers and separators around `namespace functions`). */
  toolsPreamble: MARKER_BASE + 5,
  /** One token of framing around an assistant tool call or a tool result. */
  toolCallFraming: MARKER_BASE + 6,
  /** One token of `tool_choice` / `function_call` forcing text. */
  toolChoice: MARKER_BASE + 7,
  /** One token of framing for a structured-output schema. */
  schemaFraming: MARKER_BASE + 8,
  /** One token the provider's tokenizer is estimated to need beyond the local encoding's. */
  estimate: MARKER_BASE + 9,
  /** One token of framing around an input audio clip. */
  audioFraming: MARKER_BASE + 10,
} as const;

const MARKER_LABELS: Record<number, string> = {
  [Marker.start]: '<|start|>',
  [Marker.message]: '<|message|>',
  [Marker.end]: '<|end|>',
  [Marker.name]: '<|name|>',
  [Marker.toolsPreamble]: '<|tools|>',
  [Marker.toolCallFraming]: '<|call|>',
  [Marker.toolChoice]: '<|tool_choice|>',
  [Marker.schemaFraming]: '<|schema|>',
  [Marker.estimate]: '<|≈|>',
  [Marker.audioFraming]: '<|audio_frame|>',
};

const AUDIO_BASE = MARKER_BASE - 0x10000;
const AUDIO_ID_SPAN = MARKER_BASE - AUDIO_BASE;
const IMAGE_ID_SPAN = AUDIO_BASE - SYNTHETIC_BASE;

export function isSyntheticId(id: number): boolean {
  return id >= SYNTHETIC_BASE;
}

/** A readable stand-in for a synthetic id (`<|start|>`, `<|image|>`, `<|audio|>`). */
export function syntheticLabel(id: number): string {
  if (MARKER_LABELS[id]) return MARKER_LABELS[id];
  if (id >= AUDIO_BASE && id < MARKER_BASE) return '<|audio|>';
  return id >= SYNTHETIC_BASE && id < AUDIO_BASE ? '<|image|>' : '<|?|>';
}

/** FNV-1a over UTF-16 units: a stable fingerprint, not a security hash. */
export function fingerprint(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Ids for the `count` tokens of one image: they depend on the image's identity and detail. */
export function imageTokenIds(identity: string, count: number): Uint32Array {
  const ids = new Uint32Array(count);
  const seed = fingerprint(identity);
  for (let i = 0; i < count; i++) ids[i] = SYNTHETIC_BASE + ((seed + i) % IMAGE_ID_SPAN);
  return ids;
}

/** Ids for the `count` tokens of one audio clip, derived from the clip's identity. */
export function audioTokenIds(identity: string, count: number): Uint32Array {
  const ids = new Uint32Array(count);
  const seed = fingerprint(identity);
  for (let i = 0; i < count; i++) ids[i] = AUDIO_BASE + ((seed + i) % AUDIO_ID_SPAN);
  return ids;
}
