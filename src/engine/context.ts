import type { ConditionContext } from './conditions/types.js';
import type { ContextValue, ContextValues } from './types.js';

// Process-wide memos of key spellings; bounded so that arbitrary keys cannot grow them without limit.
const SPELLING_LIMIT = 4096;
const lastSpelling = new Map<string, string>();
const lowerCased = new Map<string, string>();

/**
 * Case-insensitive view of a request context. The lower-cased map is built on the first lookup only:
 * many decisions are made without reading any condition key.
 */
export class RequestContext implements ConditionContext {
  private map: Map<string, ContextValue> | undefined;

  constructor(private readonly values: ContextValues | undefined) {}

  get(lowerKey: string): ContextValue | undefined {
    // Callers mostly spell a key the same way every time: try the spelling seen last for this key before
    // building the case-insensitive map.
    const values = this.values;
    if (values === undefined) return undefined;
    const spelling = lastSpelling.get(lowerKey);
    if (spelling !== undefined) {
      const v = values[spelling];
      if (typeof v === 'string' || Array.isArray(v)) return v;
    }
    let map = this.map;
    if (map === undefined) {
      map = new Map();
      const values = this.values;
      for (const key in values) {
        let lower = lowerCased.get(key);
        if (lower === undefined) {
          lower = key.toLowerCase();
          if (lowerCased.size >= SPELLING_LIMIT) lowerCased.clear();
          lowerCased.set(key, lower);
        }
        map.set(lower, values[key]);
        if (lower === lowerKey) {
          if (lastSpelling.size >= SPELLING_LIMIT) lastSpelling.clear();
          lastSpelling.set(lowerKey, key);
        }
      }
      this.map = map;
    }
    return map.get(lowerKey);
  }
}
