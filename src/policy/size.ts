// IAM's policy size count. IAM ignores whitespace; the exact algorithm is unconfirmed (spec §6), so this
// counts the text with whitespace outside strings removed, keeping string contents as written.
import { compactLength } from './text.js';

export function policySize(text: string): number {
  return typeof text === 'string' ? compactLength(text) : 0;
}
