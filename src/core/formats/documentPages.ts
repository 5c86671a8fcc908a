/**
 * The page count of a PDF sent inline (base64), read from its page objects: the providers bill a
 * PDF per page (its text and an image of each page). Only counted when the document is small
 * enough to decode cheaply.
 */

/** Base64 characters decoded at most (about 24 MB of PDF). */
const MAX_BASE64_CHARS = 32 * 1024 * 1024;

/** The base64 payload of a data URL, or the text itself when it is bare base64. */
export function base64Payload(data: string): string {
  if (!data.startsWith('data:')) return data;
  const comma = data.indexOf(',');
  return comma < 0 ? '' : data.slice(comma + 1);
}

/** Pages of a base64 PDF (`/Type /Page` objects, not `/Pages`), or undefined when unknown. */
export function pdfPageCount(base64: string): number | undefined {
  if (base64.length === 0 || base64.length > MAX_BASE64_CHARS) return undefined;
  const text = Buffer.from(base64, 'base64').toString('latin1');
  if (!text.startsWith('%PDF')) return undefined;
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return pages > 0 ? pages : undefined;
}
