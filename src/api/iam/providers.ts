// IAM actions of this group; each handler follows api/types.ts (decode → authorize → identity service → encode).
import type { ActionHandler } from '../types.js';

export const handlers: readonly ActionHandler[] = [];
