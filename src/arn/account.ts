/** AWS account IDs are exactly 12 decimal digits (leading zeros allowed). */
export function isValidAccountId(text: string): boolean {
  return /^[0-9]{12}$/.test(text);
}
