// IAM's legacy parser check of Date* condition values (spec/policy-grammar.md §3, after moto's capture
// of AWS behaviour). Lenient in odd ways on purpose: it must accept exactly what AWS accepts.
const INT = /^[+-]?\d+$/;
const MAX_EPOCH = 9223372036854775807n;

function intIn(text: string, min: number, max: number): boolean {
  if (!INT.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

/** True when IAM's legacy parser accepts `value` as a date condition value. */
export function isLegacyDateValue(value: string): boolean {
  if (/[tT-]/.test(value)) return isIsoLike(value.toLowerCase());
  if (!INT.test(value)) return false;
  const n = BigInt(value);
  return n >= 0n && n <= MAX_EPOCH;
}

// Note: only `Z` and `+HH[:MM]` zones pass; a negative offset (`-05:00`) fails like AWS's legacy parser
// (spec §3). The ISO-8601 standard allows it; AWS wins.
function isIsoLike(value: string): boolean {
  const t = value.indexOf('t');
  const datePart = t < 0 ? value : value.slice(0, t);
  const timePart = t < 0 ? '' : value.slice(t + 1);

  const negativeYear = datePart.startsWith('-');
  const dateParts = (negativeYear ? datePart.slice(1) : datePart).split('-');
  if (dateParts.length > 3) return false;
  const year = negativeYear ? `-${dateParts[0]}` : dateParts[0];
  if (!intIn(year, -292275054, 292278993)) return false;
  if (dateParts.length > 1 && !intIn(dateParts[1], 1, 12)) return false;
  if (dateParts.length > 2 && !intIn(dateParts[2], 1, 31)) return false;

  const timeParts = timePart.split(':');
  if (timeParts[0] !== '' && !intIn(timeParts[0], 0, 23)) return false;
  if (timeParts.length > 1 && !intIn(timeParts[1], 0, 59)) return false;
  if (timeParts.length > 2) {
    const third = timeParts[2];
    let seconds: string;
    const z = third.indexOf('z');
    const plus = third.indexOf('+');
    if (z >= 0) {
      if (z !== third.length - 1) return false;
      seconds = third.slice(0, z);
    } else if (plus >= 0) {
      seconds = third.slice(0, plus);
      const zone = third.slice(plus + 1);
      const colon = zone.indexOf(':');
      const hours = colon < 0 ? zone : zone.slice(0, colon);
      if (hours.length !== 2 || !intIn(hours, 0, 23)) return false;
      if (colon >= 0) {
        const minutes = zone.slice(colon + 1);
        if (minutes.length !== 2 || !intIn(minutes, 0, 59)) return false;
      }
    } else {
      seconds = third;
    }
    const dot = seconds.indexOf('.');
    const whole = dot < 0 ? seconds : seconds.slice(0, dot);
    if (!intIn(whole, 0, 59)) return false;
    if (dot >= 0 && !intIn(seconds.slice(dot + 1), 0, 999999999)) return false;
  }
  return true;
}
