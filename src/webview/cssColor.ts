/**
 * CSS colours as the theme gives them. Some of VS Code's chart colours are defined by reference to
 * highlight colours that carry an alpha channel (`charts.orange` is `minimap.findMatchHighlight`,
 * e.g. `#d186164d`), so a session's bars must be drawn from the colour made opaque, and the lighter
 * "not cached" part from that opaque colour at a chosen alpha; otherwise the two parts of a bar
 * come out the same.
 */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i;

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(...)` or `rgba(...)`; undefined for anything else. */
export function parseCssColor(text: string): Rgba | undefined {
  const value = text.trim();
  const hex = HEX.exec(value);
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const byte = (i: number) => parseInt(digits.slice(i, i + 2), 16);
    return { r: byte(0), g: byte(2), b: byte(4), a: digits.length === 8 ? byte(6) / 255 : 1 };
  }
  const fn = FUNCTIONAL.exec(value);
  if (fn) {
    const channel = (s: string) => Math.min(255, Math.round(Number(s)));
    const alphaText = fn[4];
    let a = 1;
    if (alphaText !== undefined) a = alphaText.endsWith('%') ? Number(alphaText.slice(0, -1)) / 100 : Number(alphaText);
    return { r: channel(fn[1]), g: channel(fn[2]), b: channel(fn[3]), a: Math.max(0, Math.min(1, a)) };
  }
  return undefined;
}

/** The colour at the given alpha (its own alpha dropped); a colour that cannot be read is returned as is. */
export function withAlpha(color: string, alpha: number): string {
  const rgba = parseCssColor(color);
  if (!rgba) return color;
  return alpha >= 1 ? `rgb(${rgba.r}, ${rgba.g}, ${rgba.b})` : `rgba(${rgba.r}, ${rgba.g}, ${rgba.b}, ${alpha})`;
}

/** The colour without transparency. */
export const opaque = (color: string): string => withAlpha(color, 1);
