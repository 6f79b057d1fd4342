// Encoded authorization failure messages: what an AccessDenied can carry and DecodeAuthorizationMessage turns
// back into the decision. Sealed with the session keyring (AES-256-GCM, its own associated data so neither
// kind of ciphertext opens as the other), so only this server's nodes can read them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ContextValue, EvaluationResult } from '../../engine/index.js';
import { ServiceError } from '../errors.js';
import type { StsContext } from './context.js';
import type { SessionKeyring } from './session-token.js';

/** The decoded message, in the shape AWS's DecodedMessage JSON uses. */
export interface AuthorizationMessage {
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly matchedStatements: { readonly items: readonly Record<string, unknown>[] };
  readonly failures: { readonly items: readonly Record<string, unknown>[] };
  readonly context: {
    readonly principal: { readonly id: string; readonly arn: string };
    readonly action: string;
    readonly resource: string;
    readonly conditions: { readonly items: readonly { key: string; values: { items: { value: string }[] } }[] };
  };
}

const AAD = Buffer.from('castellan/authorization-message/v1');
export const INVALID_AUTHORIZATION_MESSAGE = 'The encoded authorization message is invalid.'; // AWS's wording unconfirmed

/** Builds the message of one decision (from an `explain` evaluation when statements should be listed). */
export function authorizationMessage(input: {
  principalId: string;
  principalArn: string;
  action: string;
  resource?: string;
  context?: Readonly<Record<string, ContextValue>>;
  result: EvaluationResult;
}): AuthorizationMessage {
  const statements = input.result.explanation?.decidingStatements ?? [];
  return {
    allowed: input.result.decision === 'allowed',
    explicitDeny: input.result.decision === 'explicitDeny',
    matchedStatements: {
      items: statements.map((s) => ({
        statementId: s.sid ?? '',
        effect: s.effect.toUpperCase(),
        policyType: s.layer,
        policyName: s.policyName,
        statementIndex: s.statementIndex,
      })),
    },
    failures: { items: [] },
    context: {
      principal: { id: input.principalId, arn: input.principalArn },
      action: input.action,
      resource: input.resource ?? '*',
      conditions: {
        items: Object.entries(input.context ?? {}).map(([key, v]) => ({
          key,
          values: { items: (typeof v === 'string' ? [v] : [...v]).map((value) => ({ value })) },
        })),
      },
    },
  };
}

/** Seals a message: base64url of `kid length | kid | iv | ciphertext | tag`. */
export function encodeAuthorizationMessage(message: AuthorizationMessage, keyring: SessionKeyring): string {
  const { id, key } = keyring.current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([AAD, Buffer.from(id)]));
  const body = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([id.length]), Buffer.from(id), iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens a message; undefined for anything not sealed by this keyring. Never throws. */
export function openAuthorizationMessage(encoded: string, keyring: SessionKeyring): AuthorizationMessage | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  const raw = Buffer.from(encoded, 'base64url');
  const idLength = raw[0] ?? 0;
  if (idLength === 0 || raw.length < 1 + idLength + 12 + 16 + 2) return undefined;
  const id = raw.subarray(1, 1 + idLength).toString('latin1');
  const key = keyring.get(id);
  if (!key) return undefined;
  const at = 1 + idLength;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(at, at + 12));
    decipher.setAAD(Buffer.concat([AAD, Buffer.from(id)]));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(at + 12, raw.length - 16)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as AuthorizationMessage;
  } catch {
    return undefined;
  }
}

/** DecodeAuthorizationMessage: needs `sts:DecodeAuthorizationMessage`; returns the DecodedMessage JSON text. */
export async function decodeAuthorizationMessage(ctx: StsContext, encoded: string): Promise<string> {
  await ctx.authorize({ action: 'sts:DecodeAuthorizationMessage' });
  const message = openAuthorizationMessage(encoded.trim(), ctx.keyring);
  if (!message) throw new ServiceError('InvalidAuthorizationMessageException', INVALID_AUTHORIZATION_MESSAGE);
  return JSON.stringify(message);
}
