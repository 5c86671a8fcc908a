/**
 * The duration of an inline (base64) audio clip, read from its headers only: OpenAI bills input
 * audio by its length, and a clip can be megabytes of base64 that is never decoded whole. Bytes are
 * decoded on demand from the base64 text (four characters for every three bytes), so reading a WAV
 * header costs a few dozen bytes and an MP3 at most its frame headers.
 */

export interface AudioDuration {
  seconds: number;
  /**
   * Whether the length is the decoded sample count (a WAV's data size; an MP3 with the encoder's
   * delay and padding in its LAME/Info tag). An MP3 without them is its frames' length, which
   * includes the encoder's added silence (about a frame or two).
   */
  exact: boolean;
  /** What the length was read from, for people. */
  detail: string;
}

/** Random access to the bytes of a base64 text without decoding all of it. */
export class Base64Bytes {
  readonly length: number;
  private readonly text: string;

  constructor(base64: string) {
    // Trailing padding and whitespace do not carry bytes.
    // Wrapped base64 (a line break every 76 characters) is unwrapped first.
    const text = /\s/.test(base64) ? base64.replace(/\s+/g, '') : base64;
    let end = text.length;
    while (end > 0 && text[end - 1] === '=') end--;
    this.text = text.slice(0, end);
    this.length = Math.floor((this.text.length * 3) / 4);
  }

  /** `count` bytes from `offset` (fewer at the end); undefined when the text is not base64 there. */
  read(offset: number, count: number): Uint8Array | undefined {
    const start = Math.max(0, offset);
    const end = Math.min(this.length, start + count);
    if (end <= start) return new Uint8Array(0);
    const firstGroup = Math.floor(start / 3);
    const lastGroup = Math.floor((end - 1) / 3);
    const chars = this.text.slice(firstGroup * 4, lastGroup * 4 + 4);
    if (!/^[A-Za-z0-9+/_-]*$/.test(chars)) return undefined;
    const decoded = Buffer.from(chars, 'base64');
    const skip = start - firstGroup * 3;
    return decoded.subarray(skip, skip + (end - start));
  }
}

/** Reads the duration of base64 audio in the named format (`wav`, `mp3`), or undefined. */
export function audioDuration(base64: string, format: string | undefined): AudioDuration | undefined {
  const bytes = new Base64Bytes(base64);
  if (bytes.length < 12) return undefined;
  const head = bytes.read(0, 4);
  if (!head) return undefined;
  const magic = String.fromCharCode(...head);
  // The payload's own header decides; the declared format only breaks ties.
  if (magic === 'RIFF') return wavDuration(bytes);
  if (magic.startsWith('ID3') || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return mp3Duration(bytes);
  if (format === 'mp3') return mp3Duration(bytes);
  return undefined;
}

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)) + b[i + 3]! * 0x1000000;
const u32be = (b: Uint8Array, i: number) => b[i]! * 0x1000000 + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** Chunks walked at most looking for `fmt ` and `data` (LIST, fact and the like come between). */
const MAX_WAV_CHUNKS = 64;

/**
 * A RIFF/WAVE file: duration = data bytes / (sample rate x channels x bytes per sample), from the
 * `fmt ` and `data` chunks. A streamed WAV whose data size is unset (0 or 0xFFFFFFFF) lasts to the
 * end of the payload.
 */
export function wavDuration(bytes: Base64Bytes): AudioDuration | undefined {
  const riff = bytes.read(0, 12);
  if (!riff || ascii(riff, 0, 4) !== 'RIFF' || ascii(riff, 8, 4) !== 'WAVE') return undefined;
  let offset = 12;
  let byteRate = 0;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  for (let k = 0; k < MAX_WAV_CHUNKS && offset + 8 <= bytes.length; k++) {
    const header = bytes.read(offset, 8);
    if (!header || header.length < 8) return undefined;
    const id = ascii(header, 0, 4);
    const size = u32(header, 4);
    if (id === 'fmt ') {
      const fmt = bytes.read(offset + 8, 16);
      if (!fmt || fmt.length < 16) return undefined;
      channels = u16(fmt, 2);
      sampleRate = u32(fmt, 4);
      bits = u16(fmt, 14);
      // Block align x sample rate; the declared byte rate covers compressed WAV payloads too.
      byteRate = channels > 0 && bits > 0 ? sampleRate * channels * (bits / 8) : u32(fmt, 8);
      if (byteRate === 0) byteRate = u32(fmt, 8);
    } else if (id === 'data') {
      if (byteRate <= 0) return undefined;
      const available = bytes.length - (offset + 8);
      const dataBytes = size === 0 || size === 0xffffffff || size > available ? available : size;
      return {
        seconds: dataBytes / byteRate,
        exact: size === dataBytes,
        detail: `WAV, ${sampleRate} Hz, ${channels} channel${channels === 1 ? '' : 's'}, ${bits}-bit, ${dataBytes} bytes of samples`,
      };
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

// MPEG audio frame header tables (ISO 11172-3 / 13818-3): kbit/s by version and layer.
const BITRATES: Record<string, readonly number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, readonly number[]> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};

export interface Mp3Frame {
  /** 1, 2 or 2.5 (MPEG-1, MPEG-2, MPEG-2.5). */
  version: number;
  layer: number;
  sampleRate: number;
  channels: number;
  samples: number;
  /** Frame length in bytes; 0 for the free-format bitrate. */
  size: number;
}

/** The frame header in four bytes, or undefined when they are not one. */
export function mp3FrameHeader(h: Uint8Array): Mp3Frame | undefined {
  if (h.length < 4 || h[0] !== 0xff || (h[1]! & 0xe0) !== 0xe0) return undefined;
  const versionBits = (h[1]! >> 3) & 3;
  const layerBits = (h[1]! >> 1) & 3;
  const bitrateIndex = h[2]! >> 4;
  const rateIndex = (h[2]! >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = 4 - layerBits;
  const padding = (h[2]! >> 1) & 1;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  const kbps = BITRATES[`${version === 1 ? 1 : 2}-${layer}`]![bitrateIndex]!;
  const samples = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const channels = h[3]! >> 6 === 3 ? 1 : 2;
  let size = 0;
  if (kbps > 0) {
    size = layer === 1 ? (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4 : Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  }
  return { version, layer, sampleRate, channels, samples, size };
}

/** Bytes searched for the first frame after the tags. */
const MP3_SYNC_SEARCH = 64 * 1024;
/** Frames walked at most when the file has no frame count (about 3 hours at 44.1 kHz). */
const MAX_MP3_FRAMES = 400_000;

/**
 * An MP3's length: the frame count and the encoder's delay and padding from a Xing/Info (LAME)
 * tag in the first frame, a VBRI tag's frame count, or else the frames walked header by header.
 * Gapless length = frames x samples per frame - delay - padding (the LAME tag's 12-bit fields).
 */
export function mp3Duration(bytes: Base64Bytes): AudioDuration | undefined {
  let offset = 0;
  const id3 = bytes.read(0, 10);
  if (id3 && ascii(id3, 0, 3) === 'ID3' && id3.length === 10) {
    const tagSize = ((id3[6]! & 0x7f) << 21) | ((id3[7]! & 0x7f) << 14) | ((id3[8]! & 0x7f) << 7) | (id3[9]! & 0x7f);
    offset = 10 + tagSize + (id3[5]! & 0x10 ? 10 : 0);
  }
  const first = findFrame(bytes, offset);
  if (!first) return undefined;
  const { frame } = first;
  offset = first.offset;
  const describe = (how: string) => `MP3 (MPEG-${frame.version} layer ${frame.layer}, ${frame.sampleRate} Hz), ${how}`;

  // The Xing/Info tag sits after the side information of the first frame.
  const sideInfo = frame.version === 1 ? (frame.channels === 1 ? 17 : 32) : frame.channels === 1 ? 9 : 17;
  const tagAt = offset + 4 + sideInfo;
  const tag = bytes.read(tagAt, 120 + 36);
  if (tag && tag.length >= 16 && (ascii(tag, 0, 4) === 'Xing' || ascii(tag, 0, 4) === 'Info')) {
    const flags = u32be(tag, 4);
    let at = 8;
    let frames: number | undefined;
    if (flags & 1) {
      frames = u32be(tag, at);
      at += 4;
    }
    if (flags & 2) at += 4;
    if (flags & 4) at += 100;
    if (flags & 8) at += 4;
    if (frames !== undefined) {
      // The LAME extension: 9-byte encoder name, then delay and padding at bytes 21-23 (12 bits each).
      const lame = tag.subarray(at);
      const inFrame = frame.size === 0 || 4 + sideInfo + at + 24 <= frame.size;
      if (inFrame && lame.length >= 24 && /^(LAME|Lavc|Lavf|GOGO|L3.99)/.test(ascii(lame, 0, 4))) {
        const delay = (lame[21]! << 4) | (lame[22]! >> 4);
        const padding = ((lame[22]! & 0x0f) << 8) | lame[23]!;
        const samples = frames * frame.samples - delay - padding;
        if (samples > 0) {
          return {
            seconds: samples / frame.sampleRate,
            exact: true,
            detail: describe(`${frames} frames less ${delay} samples of encoder delay and ${padding} of padding`),
          };
        }
      }
      return { seconds: (frames * frame.samples) / frame.sampleRate, exact: false, detail: describe(`${frames} frames (Xing tag)`) };
    }
  }
  // Fraunhofer's VBRI tag: 32 bytes after the frame header.
  const vbri = bytes.read(offset + 36, 18);
  if (vbri && vbri.length >= 18 && ascii(vbri, 0, 4) === 'VBRI') {
    const frames = u32be(vbri, 14);
    return { seconds: (frames * frame.samples) / frame.sampleRate, exact: false, detail: describe(`${frames} frames (VBRI tag)`) };
  }
  // No frame count: walk the frames, reading four bytes each.
  let frames = 0;
  let samples = 0;
  let at = offset;
  while (frames < MAX_MP3_FRAMES && at + 4 <= bytes.length) {
    const header = bytes.read(at, 4);
    const next = header ? mp3FrameHeader(header) : undefined;
    if (!next || next.size === 0 || next.sampleRate !== frame.sampleRate) break;
    frames++;
    samples += next.samples;
    at += next.size;
  }
  if (frames === 0) return undefined;
  if (frames === MAX_MP3_FRAMES) {
    // Too long to walk: the rest is assumed to be at the walked frames' average size.
    const rest = bytes.length - at;
    samples += Math.round((rest / (at - offset)) * samples);
  }
  return { seconds: samples / frame.sampleRate, exact: false, detail: describe(`${frames} frames`) };
}

function findFrame(bytes: Base64Bytes, from: number): { frame: Mp3Frame; offset: number } | undefined {
  const window = bytes.read(from, MP3_SYNC_SEARCH + 4);
  if (!window) return undefined;
  for (let i = 0; i + 4 <= window.length; i++) {
    if (window[i] !== 0xff) continue;
    const frame = mp3FrameHeader(window.subarray(i, i + 4));
    if (!frame) continue;
    // A real frame is followed by another (or ends the file): rules out a stray 0xFF in a tag.
    if (frame.size > 0 && from + i + frame.size + 4 <= bytes.length) {
      const after = bytes.read(from + i + frame.size, 4);
      if (!after || !mp3FrameHeader(after)) continue;
    }
    return { frame, offset: from + i };
  }
  return undefined;
}
