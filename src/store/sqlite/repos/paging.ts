// The shared tail of every "list by name" query: path prefix filter, keyset cursor, stable order.
import type { ListOptions } from '../../repositories.js';
import { limitOf } from '../context.js';
import type { SqlValue } from '../context.js';

/** `nameColumn` is declared COLLATE NOCASE, so `>` and ORDER BY are case-insensitive and total. */
export function pageClause(nameColumn: string, pathColumn = 'path'): string {
  // substr rather than LIKE: LIKE is case-insensitive and treats `_` and `%` as wildcards.
  return `AND (? IS NULL OR substr(${pathColumn}, 1, length(?)) = ?) AND (? IS NULL OR ${nameColumn} > ?)
    ORDER BY ${nameColumn} LIMIT ?`;
}

export function pageParams(options: ListOptions = {}): SqlValue[] {
  const prefix = options.pathPrefix ?? null;
  const after = options.after ?? null;
  return [prefix, prefix, prefix, after, after, limitOf(options.limit)];
}
