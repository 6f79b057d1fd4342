// Null: `"true"` holds when the key is absent, `"false"` when it is present. Several values are ORed.
import { malformed, type PresenceOperator } from './definition.js';

const NULL: PresenceOperator = {
  kind: 'presence',
  name: 'Null',
  compile(values) {
    let whenAbsent = false;
    let whenPresent = false;
    for (const v of values) {
      const lower = v.value.toLowerCase();
      if (lower === 'true') whenAbsent = true;
      else if (lower === 'false') whenPresent = true;
      else throw malformed('Null', v, "'true' or 'false'");
    }
    return (present) => (present ? whenPresent : whenAbsent);
  },
};

export const NULL_OPERATORS: readonly PresenceOperator[] = [NULL];
