/** Image token arithmetic from the OpenAI vision guide ("Calculating costs"). */
import type { ImageRule } from './models';

export interface ImageInput {
  detail: 'low' | 'high' | 'auto';
  width?: number;
  height?: number;
}

export interface ImageCount {
  tokens: number;
  /** Why the figure may differ from the provider's, when it may. */
  estimateReason?: string;
}

const TILE = 512;
const FIT_BOX = 2048;
const SHORT_SIDE = 768;
const PATCH = 32;

/** 512-px tiles after fitting in 2048x2048 and scaling the shortest side down to 768. */
/** Estimate reasons of an image given without its size (by URL): its pixels are not in the request. */
export const IMAGE_SIZE_UNKNOWN_TILE = 'image size unknown; counted as one 512-px tile';
export const IMAGE_SIZE_UNKNOWN_PATCHES = 'image size unknown; counted at the patch cap';

export function tileCount(width: number, height: number): number {
  let w = width;
  let h = height;
  if (w > FIT_BOX || h > FIT_BOX) {
    const scale = FIT_BOX / Math.max(w, h);
    w *= scale;
    h *= scale;
  }
  if (Math.min(w, h) > SHORT_SIDE) {
    const scale = SHORT_SIDE / Math.min(w, h);
    w *= scale;
    h *= scale;
  }
  return Math.ceil(Math.floor(w) / TILE) * Math.ceil(Math.floor(h) / TILE);
}

/**
 * 32-px patches covering the image, at most `maxPatches`: an image over the cap is shrunk by
 * sqrt(cap * 32^2 / (w * h)), then again so its width is a whole number of patches.
 */
export function patchCount(width: number, height: number, maxPatches: number): number {
  const raw = Math.ceil(width / PATCH) * Math.ceil(height / PATCH);
  if (raw <= maxPatches) return raw;
  const shrink = Math.sqrt((maxPatches * PATCH * PATCH) / (width * height));
  let w = width * shrink;
  let h = height * shrink;
  const fit = Math.floor(w / PATCH) / (w / PATCH);
  w *= fit;
  h *= fit;
  return Math.min(maxPatches, Math.ceil(Math.round(w) / PATCH) * Math.ceil(Math.round(h) / PATCH));
}

/**
 * `inToolMessage`: the image is in a Chat Completions `tool` message, billed by the rule's
 * `toolMessage` (nothing on tile models, a lower patch multiplier on patch models).
 */
export function countImageTokens(image: ImageInput, rule: ImageRule | undefined, inToolMessage = false): ImageCount {
  if (!rule) {
    return { tokens: 0, estimateReason: IMAGE_MODEL_UNKNOWN_ESTIMATE };
  }
  const known = image.width !== undefined && image.height !== undefined && image.width > 0 && image.height > 0;
  if (inToolMessage) {
    if (!rule.toolMessage.billed) return { tokens: 0 };
    const asInUserMessage = countImageTokens(image, rule);
    if (rule.kind !== 'patches' || !known) return asInUserMessage;
    const less = patchCount(image.width!, image.height!, rule.maxPatches) * rule.toolMessage.multiplierLess;
    return { ...asInUserMessage, tokens: Math.max(0, asInUserMessage.tokens - Math.floor(less)) };
  }
  const unconfirmed = rule.confirmed ? undefined : IMAGE_UNCONFIRMED_ESTIMATE;
  if (rule.kind === 'tiles') {
    if (image.detail === 'low') return withReason(rule.baseTokens, unconfirmed);
    if (!known) {
      // One tile is the smallest a high-detail image can cost.
      return {
        tokens: rule.baseTokens + rule.tileTokens,
        estimateReason: IMAGE_SIZE_UNKNOWN_TILE,
      };
    }
    return withReason(rule.baseTokens + rule.tileTokens * tileCount(image.width!, image.height!), unconfirmed);
  }
  if (!known) {
    return {
      tokens: Math.ceil(rule.maxPatches * rule.multiplier) + rule.imageTokens,
      estimateReason: IMAGE_SIZE_UNKNOWN_PATCHES,
    };
  }
  const product = patchCount(image.width!, image.height!, rule.maxPatches) * rule.multiplier;
  // The product is rounded up as computed in floating point: 300 x 1.62 is 486.00000000000006 and
  // counts 487 (a recorded gpt-4.1-mini request). A whole product needs no rounding.
  const tokens = Math.ceil(product) + rule.imageTokens;
  const rounding = Number.isInteger(product) || rule.roundingMeasured ? undefined : PATCH_ROUNDING_ESTIMATE;
  return withReason(tokens, unconfirmed ?? rounding);
}

export const PATCH_ROUNDING_ESTIMATE = 'the rounding of patch tokens times the model multiplier is not documented';
export const IMAGE_MODEL_UNKNOWN_ESTIMATE = 'image tokens are not known for this model; counted as 0';
export const IMAGE_UNCONFIRMED_ESTIMATE = 'image token figures for this model are not confirmed';

function withReason(tokens: number, reason: string | undefined): ImageCount {
  return reason ? { tokens, estimateReason: reason } : { tokens };
}
