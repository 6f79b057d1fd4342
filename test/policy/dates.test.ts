import { describe, expect, it } from 'vitest';
import { isLegacyDateValue } from '../../src/policy/dates.js';

describe('legacy date values', () => {
  const accepted = [
    '2017-07-01T00:00:00Z', '2017-07-01', '2017', '2017-07-01T00:00:00.123Z', '2017-07-01T00:00:00+05:30', '2017-07-01T00:00:00+05',
    '2016-12-13t2:00:00.593194+23', '01T', '-1' /* the year -1 */, '0', '1500000000', '9223372036854775807', '-2017-01-01',
  ];
  const rejected = [
    'sdfdsf', '234-13', '2016-12-13t2:00:00.593194+1', '2016-12-13t2:00:00.1999999999+10:59', '9223372036854775808',
    '1.5', 'true', '2017-07-01T24:00:00Z', '2017-07-01T00:60:00Z', '2017-07-01T00:00:60Z', '2017-00-01', '2017-01-32',
    '2017-01-01-01', '2017-07-01T00:00:00Zx', '2017-07-01T00:00:00-05:00', '', '292278994-01-01',
  ];
  for (const v of accepted) it(`accepts ${JSON.stringify(v)}`, () => expect(isLegacyDateValue(v)).toBe(true));
  for (const v of rejected) it(`rejects ${JSON.stringify(v)}`, () => expect(isLegacyDateValue(v)).toBe(false));
});
