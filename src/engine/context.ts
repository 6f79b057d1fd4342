import type { ConditionContext } from './conditions/types.js';
import type { ContextValue, ContextValues } from './types.js';

/**
 * Case-insensitive view of a request context. The lower-cased map is built on the first lookup only:
 * many decisions are made without reading any condition key.
 */
export class RequestContext implements ConditionContext {
  private map: Map<string, ContextValue> | undefined;

  constructor(private readonly values: ContextValues | undefined) {}

  get(lowerKey: string): ContextValue | undefined {
    let map = this.map;
    if (map === undefined) {
      map = new Map();
      const values = this.values;
      if (values !== undefined) {
        for (const key in values) map.set(key.toLowerCase(), values[key]);
      }
      this.map = map;
    }
    return map.get(lowerKey);
  }
}
