/**
 * Pixel size of an inline image (a base64 data URL) read from its header, so image tokens can be
 * counted the way the provider counts them. PNG, JPEG, GIF and WebP; anything else is unknown.
 * Only the first few kilobytes are decoded, however large the image.
 */

export interface PixelSize {
  width: number;
  height: number;
}

/** JPEG puts its size in a frame header that may follow several kilobytes of metadata. */
const HEADER_BYTES = 64 * 1024;

export function dataUrlImageSize(url: string): PixelSize | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0 || !url.slice(0, comma).includes(';base64')) return undefined;
  return base64ImageSize(url.slice(comma + 1));
}

/** The pixel size of an image given as base64 text (no `data:` header), from its first bytes. */
export function base64ImageSize(base64: string): PixelSize | undefined {
  // A multiple of 4 base64 characters decodes to whole bytes.
  const chars = Math.ceil((HEADER_BYTES * 4) / 3 / 4) * 4;
  const head = Buffer.from(base64.slice(0, chars), 'base64');
  const size = imageSize(head);
  if (size || base64.length <= chars || head[0] !== 0xff || head[1] !== 0xd8) return size;
  // A JPEG whose metadata (a camera's EXIF, XMP and colour profile) runs past the first bytes:
  // its frame header is further on.
  return jpegSize(Buffer.from(base64, 'base64'));
}

export function imageSize(bytes: Uint8Array): PixelSize | undefined {
  return pngSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? jpegSize(bytes);
}

/** The media type of an image's bytes (PNG, JPEG, GIF, WebP), as their signature tells; undefined for others. */
export function imageMediaType(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return undefined;
}

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
const ascii = (b: Uint8Array, at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length));

const valid = (width: number, height: number): PixelSize | undefined =>
  width > 0 && height > 0 ? { width, height } : undefined;

function pngSize(b: Uint8Array): PixelSize | undefined {
  if (b.length < 24 || b[0] !== 0x89 || ascii(b, 1, 3) !== 'PNG' || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return valid(u32be(b, 16), u32be(b, 20));
}

function gifSize(b: Uint8Array): PixelSize | undefined {
  if (b.length < 10 || ascii(b, 0, 4) !== 'GIF8') return undefined;
  return valid(u16le(b, 6), u16le(b, 8));
}

function webpSize(b: Uint8Array): PixelSize | undefined {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return valid(u24le(b, 24) + 1, u24le(b, 27) + 1);
  if (chunk === 'VP8L') {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return valid((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8 ') return valid(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  return undefined;
}

/** Start-of-frame markers that carry the size (every SOFn except DHT, JPG and DAC). */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array): PixelSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (JPEG_FRAME_MARKERS.has(marker)) return valid(u16be(b, at + 7), u16be(b, at + 5));
    at += 2 + u16be(b, at + 2);
  }
  return undefined;
}
