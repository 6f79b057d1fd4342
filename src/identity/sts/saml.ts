// AssumeRoleWithSAML (spec/identities-and-sts.md §3.3): a base64 SAML 2.0 Response whose assertion is
// signed by a certificate of the IAM SAML provider's metadata. Signatures are verified by xml-crypto
// (never our own canonicalisation), with the certificate taken ONLY from the provider's metadata (KeyInfo in
// the message is ignored). Against signature wrapping: the Response holds exactly one Assertion (no
// EncryptedAssertion), the signature sits on the Assertion (or the Response) and references exactly that
// element's ID, and every value is read from the XML xml-crypto reports as signed, not from the message.
import { createHash } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { parsePrincipalArn } from '../../arn/index.js';
import type { ContextValue } from '../../engine/index.js';
import type { SamlProvider, Tag } from '../../model/index.js';
import { ServiceError, validationFailure } from '../errors.js';
import { EXCEEDS_MAX_SESSION_DURATION } from './assume-role.js';
import { assumeFederatedRole, checkAssertedSourceIdentity, checkAssertedTags, findRoleByArn, notAuthorizedFederated } from './federation.js';
import type { FederatedSessionOutput, FederationContext } from './federation.js';

const ACTION = 'sts:AssumeRoleWithSAML';
const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const NAMEID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
const ATTRIBUTE_PREFIX = 'https://aws.amazon.com/SAML/Attributes/';
/** Allowed clock skew for NotBefore/NotOnOrAfter (AWS's own tolerance is unconfirmed). */
export const SAML_CLOCK_SKEW_SECONDS = 300;

/** AWS's service-provider identities: the audiences STS accepts. */
const AWS_AUDIENCES = [
  /^urn:amazon:webservices(:govcloud)?$/,
  /^https:\/\/([a-z]{2}(-[a-z]+)+-\d\.)?signin\.aws\.amazon\.com\/saml$/,
  /^https:\/\/signin\.amazonaws-us-gov\.com\/saml$/,
  /^https:\/\/signin\.amazonaws\.cn\/saml$/,
];
/** The sign-in endpoints a bearer confirmation may name as Recipient. */
const AWS_RECIPIENTS = AWS_AUDIENCES.slice(1);

const invalidToken = (message: string): ServiceError => new ServiceError('InvalidIdentityToken', message);
const rejected = (message: string): ServiceError => new ServiceError('IDPRejectedClaim', message);
// AWS's wording for a missing RoleSessionName attribute; the other wordings are unconfirmed.
export const ROLE_SESSION_NAME_REQUIRED = 'Error: RoleSessionName is required in AuthnResponse';
export const INVALID_RESPONSE = 'Invalid SAML response: it could not be read as a SAML 2.0 Response.';
export const SIGNATURE_INVALID = 'Invalid SAML response: the assertion signature could not be verified with the certificates of the SAML provider.';
export const ASSERTION_EXPIRED = 'Invalid SAML response: the assertion is expired or not yet valid.';
export const AUDIENCE_INVALID = 'Invalid SAML response: the assertion is not addressed to AWS (audience or recipient).';

export interface SamlInput {
  readonly roleArn: string;
  readonly principalArn: string;
  readonly samlAssertion: string;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly durationSeconds?: number;
}

export interface SamlOutput extends FederatedSessionOutput {
  readonly subject: string;
  readonly subjectType: string;
  readonly issuer: string;
  /** The Recipient of the bearer confirmation (what `saml:aud` holds). */
  readonly audience?: string;
  readonly nameQualifier: string;
}

/** The facts read from the verified assertion. */
export interface VerifiedAssertion {
  readonly issuer: string;
  readonly subject: string;
  readonly subjectFormat?: string;
  readonly recipient?: string;
  readonly audiences: readonly string[];
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly confirmationNotOnOrAfter?: Date;
  readonly sessionNotOnOrAfter?: Date;
  /** Attribute name → values, in document order. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

function parseXml(text: string): Document {
  // No DTDs at all: entity expansion and external entities are attack surface, and SAML never needs them.
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw invalidToken(INVALID_RESPONSE);
  try {
    const doc = new DOMParser({
      onError: (level) => {
        if (level !== 'warning') throw new Error('malformed XML');
      },
    }).parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new Error('empty');
    return doc;
  } catch {
    throw invalidToken(INVALID_RESPONSE);
  }
}

const elementChildren = (el: Element, ns: string, localName: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) {
      const child = n as Element;
      if (child.namespaceURI === ns && child.localName === localName) out.push(child);
    }
  }
  return out;
};
const firstChild = (el: Element | undefined, ns: string, localName: string): Element | undefined =>
  el === undefined ? undefined : elementChildren(el, ns, localName)[0];
const text = (el: Element | undefined): string | undefined => (el === undefined ? undefined : (el.textContent ?? '').trim());
const attr = (el: Element | undefined, name: string): string | undefined => (el?.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined);

function time(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidToken(INVALID_RESPONSE);
  return new Date(ms);
}

/** The signing certificates (PEM) and entity ID of a provider's metadata. */
export function metadataSigningCertificates(metadata: string): { entityId?: string; certificates: string[] } {
  const doc = parseXml(metadata);
  const certificates: string[] = [];
  let entityId: string | undefined;
  for (const entity of Array.from(doc.getElementsByTagNameNS(METADATA_NS, 'EntityDescriptor'))) {
    for (const idp of elementChildren(entity, METADATA_NS, 'IDPSSODescriptor')) {
      for (const kd of elementChildren(idp, METADATA_NS, 'KeyDescriptor')) {
        const use = attr(kd, 'use');
        if (use !== undefined && use !== 'signing') continue;
        for (const cert of Array.from(kd.getElementsByTagNameNS(DSIG_NS, 'X509Certificate'))) {
          const b64 = (cert.textContent ?? '').replace(/\s+/g, '');
          if (b64 === '') continue;
          const lines = b64.match(/.{1,64}/g) ?? [];
          certificates.push(`-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`);
          entityId ??= attr(entity, 'entityID');
        }
      }
    }
  }
  return { ...(entityId !== undefined && { entityId }), certificates };
}

/** Verifies one enveloped signature of `target` with the provider's certificates: the canonical XML signed, or undefined. */
function verifySignature(xml: string, target: Element, certificates: readonly string[]): string | undefined {
  const signatures = elementChildren(target, DSIG_NS, 'Signature');
  if (signatures.length !== 1) return undefined;
  const signature = signatures[0];
  const id = attr(target, 'ID');
  if (id === undefined || id === '') return undefined;
  // Exactly one reference, and it is to this element.
  const signedInfo = firstChild(signature, DSIG_NS, 'SignedInfo');
  const references = signedInfo ? elementChildren(signedInfo, DSIG_NS, 'Reference') : [];
  if (references.length !== 1 || attr(references[0], 'URI') !== `#${id}`) return undefined;
  for (const publicCert of certificates) {
    // getCertFromKeyInfo → null: a certificate carried in the message is never trusted.
    const sig = new SignedXml({ publicCert, getCertFromKeyInfo: () => null });
    try {
      sig.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
      if (!sig.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const signed = sig.getSignedReferences();
    if (signed.length === 1) return signed[0];
  }
  return undefined;
}

/**
 * Reads and verifies a SAML Response: exactly one Assertion, a valid signature over it (or over the
 * Response) by a metadata certificate. Everything returned comes from the signed XML.
 */
export function verifySamlResponse(xml: string, certificates: readonly string[]): VerifiedAssertion {
  const doc = parseXml(xml);
  const response = doc.documentElement as Element;
  if (response.namespaceURI !== PROTOCOL_NS || response.localName !== 'Response') throw invalidToken(INVALID_RESPONSE);
  if (doc.getElementsByTagNameNS(ASSERTION_NS, 'EncryptedAssertion').length > 0) {
    throw invalidToken('Invalid SAML response: encrypted assertions are not supported by this server.');
  }
  const all = doc.getElementsByTagNameNS(ASSERTION_NS, 'Assertion');
  const direct = elementChildren(response, ASSERTION_NS, 'Assertion');
  if (all.length !== 1 || direct.length !== 1) throw invalidToken(INVALID_RESPONSE);
  const assertion = direct[0];

  // The assertion's own signature first, else the Response's.
  let signedAssertion: Element | undefined;
  const signedByAssertion = verifySignature(xml, assertion, certificates);
  if (signedByAssertion !== undefined) {
    const root = parseXml(signedByAssertion).documentElement as Element;
    if (root.namespaceURI === ASSERTION_NS && root.localName === 'Assertion' && attr(root, 'ID') === attr(assertion, 'ID')) signedAssertion = root;
  } else {
    const signedByResponse = verifySignature(xml, response, certificates);
    if (signedByResponse !== undefined) {
      const root = parseXml(signedByResponse).documentElement as Element;
      const inner = root.namespaceURI === PROTOCOL_NS && root.localName === 'Response' ? elementChildren(root, ASSERTION_NS, 'Assertion') : [];
      if (inner.length === 1 && attr(inner[0], 'ID') === attr(assertion, 'ID')) {
        signedAssertion = inner[0];
        const status = firstChild(firstChild(root, PROTOCOL_NS, 'Status'), PROTOCOL_NS, 'StatusCode');
        if (status !== undefined && attr(status, 'Value') !== SUCCESS) throw invalidToken('Invalid SAML response: the IdP reported a failure status.');
      }
    }
  }
  if (!signedAssertion) throw invalidToken(SIGNATURE_INVALID);
  return readAssertion(signedAssertion);
}

function readAssertion(assertion: Element): VerifiedAssertion {
  const issuer = text(firstChild(assertion, ASSERTION_NS, 'Issuer'));
  const subjectEl = firstChild(assertion, ASSERTION_NS, 'Subject');
  const nameId = firstChild(subjectEl, ASSERTION_NS, 'NameID');
  const subject = text(nameId);
  if (issuer === undefined || issuer === '' || subject === undefined || subject === '') throw invalidToken(INVALID_RESPONSE);
  // The bearer confirmation (SAML 2.0 Web SSO profile).
  const confirmation = subjectEl
    ? elementChildren(subjectEl, ASSERTION_NS, 'SubjectConfirmation').find((c) => attr(c, 'Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer')
    : undefined;
  const confirmationData = firstChild(confirmation, ASSERTION_NS, 'SubjectConfirmationData');
  const conditions = firstChild(assertion, ASSERTION_NS, 'Conditions');
  const audiences: string[] = [];
  for (const restriction of conditions ? elementChildren(conditions, ASSERTION_NS, 'AudienceRestriction') : []) {
    for (const audience of elementChildren(restriction, ASSERTION_NS, 'Audience')) audiences.push(text(audience) ?? '');
  }
  const authn = firstChild(assertion, ASSERTION_NS, 'AuthnStatement');
  const attributes = new Map<string, string[]>();
  for (const statement of elementChildren(assertion, ASSERTION_NS, 'AttributeStatement')) {
    for (const attribute of elementChildren(statement, ASSERTION_NS, 'Attribute')) {
      const name = attr(attribute, 'Name');
      if (name === undefined) continue;
      const values = attributes.get(name) ?? [];
      for (const value of elementChildren(attribute, ASSERTION_NS, 'AttributeValue')) values.push(text(value) ?? '');
      attributes.set(name, values);
    }
  }
  const recipient = attr(confirmationData, 'Recipient');
  const subjectFormat = attr(nameId, 'Format');
  const notBefore = time(attr(conditions, 'NotBefore'));
  const notOnOrAfter = time(attr(conditions, 'NotOnOrAfter'));
  const confirmationNotOnOrAfter = time(attr(confirmationData, 'NotOnOrAfter'));
  const sessionNotOnOrAfter = time(attr(authn, 'SessionNotOnOrAfter'));
  return {
    issuer,
    subject,
    ...(subjectFormat !== undefined && { subjectFormat }),
    ...(recipient !== undefined && { recipient }),
    audiences,
    ...(notBefore && { notBefore }),
    ...(notOnOrAfter && { notOnOrAfter }),
    ...(confirmationNotOnOrAfter && { confirmationNotOnOrAfter }),
    ...(sessionNotOnOrAfter && { sessionNotOnOrAfter }),
    attributes,
  };
}

/** `persistent`/`transient`/… for SAML 2.0 formats, the Format URI otherwise, `unspecified` without one (AWS documents this). */
export function subjectType(format: string | undefined): string {
  if (format === undefined) return 'unspecified';
  return format.startsWith(NAMEID_FORMAT_PREFIX) ? format.slice(NAMEID_FORMAT_PREFIX.length) : format;
}

/** AWS's documented formula: BASE64(SHA1(Issuer + AccountId + "/" + ProviderName)). */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`, 'utf8').digest('base64');
}

/**
 * Documented `saml:` keys that come from standard attributes (eduPerson, X.500), by attribute OID.
 * The OID table is the standard one; AWS's list of keys is from its documentation.
 */
const OID_KEYS: Readonly<Record<string, string>> = {
  '1.3.6.1.4.1.5923.1.1.1.1': 'edupersonaffiliation',
  '1.3.6.1.4.1.5923.1.1.1.2': 'edupersonnickname',
  '1.3.6.1.4.1.5923.1.1.1.3': 'edupersonorgdn',
  '1.3.6.1.4.1.5923.1.1.1.4': 'edupersonorgunitdn',
  '1.3.6.1.4.1.5923.1.1.1.5': 'edupersonprimaryaffiliation',
  '1.3.6.1.4.1.5923.1.1.1.6': 'edupersonprincipalname',
  '1.3.6.1.4.1.5923.1.1.1.7': 'edupersonentitlement',
  '1.3.6.1.4.1.5923.1.1.1.8': 'edupersonprimaryorgunitdn',
  '1.3.6.1.4.1.5923.1.1.1.9': 'edupersonscopedaffiliation',
  '1.3.6.1.4.1.5923.1.1.1.10': 'edupersontargetedid',
  '1.3.6.1.4.1.5923.1.1.1.11': 'edupersonassurance',
  '1.3.6.1.4.1.5923.1.2.1.2': 'eduorghomepageuri',
  '2.5.4.3': 'cn',
  '2.5.4.4': 'surname',
  '2.5.4.41': 'name',
  '2.5.4.42': 'givenName',
  '2.5.4.45': 'x500UniqueIdentifier',
  '0.9.2342.19200300.100.1.1': 'uid',
  '0.9.2342.19200300.100.1.3': 'mail',
  '0.9.2342.19200300.100.1.45': 'organizationStatus',
};

/** The `saml:` condition keys of a verified assertion. */
export function samlContext(a: VerifiedAssertion, accountId: string, providerName: string): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {
    'saml:iss': a.issuer,
    'saml:sub': a.subject,
    'saml:sub_type': subjectType(a.subjectFormat),
    'saml:namequalifier': nameQualifier(a.issuer, accountId, providerName),
    'saml:doc': `${accountId}/${providerName}`,
  };
  // saml:aud is the Recipient of the bearer confirmation, not the Audience (AWS documents this).
  if (a.recipient !== undefined) ctx['saml:aud'] = a.recipient;
  for (const [name, values] of a.attributes) {
    const oid = name.startsWith('urn:oid:') ? name.slice('urn:oid:'.length) : name;
    const key = OID_KEYS[oid];
    if (key !== undefined && values.length > 0) ctx[`saml:${key}`] = values.length === 1 ? values[0] : [...values];
  }
  return ctx;
}

/** The `Role` attribute's pairs ("roleArn,providerArn", either order). */
function rolePairs(values: readonly string[]): { role: string; provider: string }[] {
  const out: { role: string; provider: string }[] = [];
  for (const value of values) {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length !== 2) continue;
    const [a, b] = parts;
    if (a.includes(':role/') && b.includes(':saml-provider/')) out.push({ role: a, provider: b });
    else if (b.includes(':role/') && a.includes(':saml-provider/')) out.push({ role: b, provider: a });
  }
  return out;
}

const single = (a: VerifiedAssertion, name: string): string | undefined => {
  const values = a.attributes.get(ATTRIBUTE_PREFIX + name);
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw rejected(`The SAML attribute ${ATTRIBUTE_PREFIX}${name} must have exactly one value.`);
  return values[0];
};

/** Session tags (`PrincipalTag:<k>`), transitive keys and source identity asserted by the IdP. */
function assertedSession(a: VerifiedAssertion): { tags: Tag[]; transitiveTagKeys: string[]; sourceIdentity?: string } {
  const tags: Tag[] = [];
  const prefix = `${ATTRIBUTE_PREFIX}PrincipalTag:`;
  for (const [name, values] of a.attributes) {
    if (!name.startsWith(prefix)) continue;
    if (values.length !== 1) throw rejected(`The SAML attribute ${name} must have exactly one value.`);
    tags.push({ Key: name.slice(prefix.length), Value: values[0] });
  }
  const transitiveTagKeys = [...(a.attributes.get(`${ATTRIBUTE_PREFIX}TransitiveTagKeys`) ?? [])];
  checkAssertedTags(tags, transitiveTagKeys, (what) => rejected(`The SAML assertion carries invalid ${what}.`));
  const sourceIdentity = single(a, 'SourceIdentity');
  if (sourceIdentity !== undefined) checkAssertedSourceIdentity(sourceIdentity, () => rejected('The SAML assertion carries an invalid SourceIdentity.'));
  return { tags, transitiveTagKeys, ...(sourceIdentity !== undefined && { sourceIdentity }) };
}

function checkWindow(a: VerifiedAssertion, now: Date): void {
  const skew = SAML_CLOCK_SKEW_SECONDS * 1000;
  const t = now.getTime();
  if (a.notBefore && t + skew < a.notBefore.getTime()) throw invalidToken(ASSERTION_EXPIRED);
  for (const end of [a.notOnOrAfter, a.confirmationNotOnOrAfter, a.sessionNotOnOrAfter]) {
    if (end && t - skew >= end.getTime()) throw invalidToken(ASSERTION_EXPIRED);
  }
}

function checkAudience(a: VerifiedAssertion): void {
  if (!a.audiences.some((aud) => AWS_AUDIENCES.some((re) => re.test(aud)))) throw invalidToken(AUDIENCE_INVALID);
  if (a.recipient !== undefined && !AWS_RECIPIENTS.some((re) => re.test(a.recipient as string))) throw invalidToken(AUDIENCE_INVALID);
}

function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) throw invalidToken(INVALID_RESPONSE);
  return Buffer.from(compact, 'base64').toString('utf8');
}

async function findProvider(ctx: FederationContext, principalArn: string, accountId: string): Promise<SamlProvider> {
  const parsed = parsePrincipalArn(principalArn);
  const provider = parsed && parsed.kind === 'samlProvider' && parsed.account === accountId ? await ctx.tx.samlProviders.get(accountId, principalArn) : undefined;
  if (!provider || provider.arn !== principalArn) throw invalidToken(`No SAML provider found for ${principalArn} in the role's account.`);
  if (provider.validUntil && provider.validUntil.getTime() <= ctx.now.getTime()) {
    throw invalidToken(`The metadata of SAML provider ${principalArn} has expired.`);
  }
  return provider;
}

export async function assumeRoleWithSaml(ctx: FederationContext, input: SamlInput): Promise<SamlOutput> {
  const xml = decodeBase64(input.samlAssertion);
  const roleArn = parsePrincipalArn(input.roleArn);
  if (!roleArn || roleArn.kind !== 'role') throw notAuthorizedFederated(ACTION);
  const provider = await findProvider(ctx, input.principalArn, roleArn.account);
  const { entityId, certificates } = metadataSigningCertificates(provider.samlMetadataDocument);
  const assertion = verifySamlResponse(xml, certificates);
  if (entityId !== undefined && assertion.issuer !== entityId) {
    throw invalidToken('Invalid SAML response: the Issuer does not match the SAML provider metadata.');
  }
  checkWindow(assertion, ctx.now);
  checkAudience(assertion);

  const pairs = rolePairs(assertion.attributes.get(`${ATTRIBUTE_PREFIX}Role`) ?? []);
  if (!pairs.some((p) => p.role === input.roleArn && p.provider === input.principalArn)) throw notAuthorizedFederated(ACTION);
  const roleSessionName = single(assertion, 'RoleSessionName');
  if (roleSessionName === undefined) throw invalidToken(ROLE_SESSION_NAME_REQUIRED);
  if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName)) throw rejected('The RoleSessionName attribute of the SAML assertion is not valid.');
  const session = assertedSession(assertion);

  const role = await findRoleByArn(ctx.tx, input.roleArn);
  if (!role) throw notAuthorizedFederated(ACTION);
  // The session ends at DurationSeconds (default 1 hour) or the assertion's SessionNotOnOrAfter, whichever
  // is earlier (AWS documents this). The SessionDuration attribute governs console sessions, not these.
  let durationSeconds = input.durationSeconds;
  if (durationSeconds !== undefined && durationSeconds > role.maxSessionDuration) throw validationFailure(EXCEEDS_MAX_SESSION_DURATION);
  if (assertion.sessionNotOnOrAfter) {
    const left = Math.floor((assertion.sessionNotOnOrAfter.getTime() - ctx.now.getTime()) / 1000);
    durationSeconds = Math.max(1, Math.min(durationSeconds ?? 3600, left));
  }
  const providerName = provider.name;
  const out = await assumeFederatedRole(ctx, {
    action: ACTION,
    role,
    partition: roleArn.partition,
    roleSessionName,
    providerArn: provider.arn,
    providerContext: samlContext(assertion, role.accountId, providerName),
    ...(durationSeconds !== undefined && { durationSeconds }),
    ...(input.policy !== undefined && { policy: input.policy }),
    ...(input.policyArns !== undefined && { policyArns: input.policyArns }),
    tags: session.tags,
    transitiveTagKeys: session.transitiveTagKeys,
    ...(session.sourceIdentity !== undefined && { sourceIdentity: session.sourceIdentity }),
  });
  return {
    ...out,
    subject: assertion.subject,
    subjectType: subjectType(assertion.subjectFormat),
    issuer: assertion.issuer,
    ...(assertion.recipient !== undefined && { audience: assertion.recipient }),
    nameQualifier: nameQualifier(assertion.issuer, role.accountId, providerName),
  };
}
