/**
 * A run's own values for the prompt's per-request spans: by default every run sends fresh ones
 * (`core/cache/freshRequest.ts`), as production does. `as-written` sends the file's text
 * unchanged, the best case.
 */
import type { PerRequestValuesMode } from './types';

export { varyPerRequestValues, type PerRunValues } from '../core/cache/freshRequest';

export const DEFAULT_PER_REQUEST_VALUES: PerRequestValuesMode = 'vary';
