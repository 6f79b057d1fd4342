// IAM identity providers, OpenID Connect and SAML: decode → authorize → identity service → encode.
// Resources are the provider ARNs (arn:aws:iam::A:oidc-provider/<host/path>, …:saml-provider/<name>);
// the list actions have no resource type in AWS's authorization reference, so they authorize on none.
import {
  addOidcClientId,
  createOidcProvider,
  deleteOidcProvider,
  findOidcProvider,
  getOidcProvider,
  listOidcProviderTags,
  listOidcProviders,
  oidcProviderArn,
  oidcProviderUrl,
  removeOidcClientId,
  tagOidcProvider,
  untagOidcProvider,
  updateOidcThumbprints,
} from '../../identity/iam/oidc-providers.js';
import {
  createSamlProvider,
  deleteSamlProvider,
  findSamlProvider,
  getSamlProvider,
  listSamlProviderTags,
  listSamlProviders,
  samlProviderArn,
  tagSamlProvider,
  untagSamlProvider,
  updateSamlProvider,
} from '../../identity/iam/saml-providers.js';
import { requestTagContext } from '../../identity/tags.js';
import type { Tag } from '../../model/index.js';
import type { QueryParams, XmlObject } from '../../protocol/index.js';
import { pageFields, readPageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { readArn, readTagKeys, readTags } from './params.js';
import { pageAfter } from './users.js';

const URL_LIMITS = { min: 1, max: 255 };
const CLIENT_ID = { min: 1, max: 255 };
const THUMBPRINT = { min: 40, max: 40 };
const SAML_NAME = { min: 1, max: 128, pattern: '[\\w._-]+' };
const SAML_METADATA = { min: 1000, max: 10_000_000 };

const tagsXml = (tags: readonly Tag[]): XmlObject[] => tags.map((t) => ({ Key: t.Key, Value: t.Value }));
/** Create/Get responses carry `Tags` only when there are some. */
const optionalTags = (tags: readonly Tag[]): XmlObject[] | undefined => (tags.length > 0 ? tagsXml(tags) : undefined);

function requireTags(q: QueryParams): Tag[] {
  const tags = readTags(q);
  if (tags === undefined) q.list('Tags', { required: true });
  return tags ?? [];
}

// ---- OpenID Connect ----------------------------------------------------------------------

const readOidcArn = (q: QueryParams): string => readArn(q, 'OpenIDConnectProviderArn') as string;

/** Authorizes on the provider ARN with the provider's tags when it exists. */
async function authorizeOnOidc(ctx: ActionContext, action: string, arn: string, context?: Record<string, string | string[]>): Promise<void> {
  const found = await findOidcProvider(ctx.tx, ctx.accountId, arn);
  await ctx.authorize({
    action: `iam:${action}`,
    resource: arn,
    ...(context !== undefined && { context }),
    resourceTags: found?.tags ?? [],
  });
}

const CreateOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'CreateOpenIDConnectProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      url: q.string('Url', { required: true, ...URL_LIMITS }),
      clientIds: q.list('ClientIDList', { member: CLIENT_ID }) ?? [],
      thumbprints: q.list('ThumbprintList', { member: THUMBPRINT }) ?? [],
      tags: readTags(q),
    }));
    // The ARN is computed (and the URL checked) before authorizing: a malformed URL names no resource.
    const arn = oidcProviderArn(ctx.partition, ctx.accountId, input.url);
    await ctx.authorize({ action: 'iam:CreateOpenIDConnectProvider', resource: arn, context: requestTagContext(input.tags) });
    const { provider, tags } = await createOidcProvider(ctx.tx, {
      accountId: ctx.accountId,
      partition: ctx.partition,
      url: input.url,
      clientIds: input.clientIds,
      thumbprints: input.thumbprints,
      ...(input.tags !== undefined && { tags: input.tags }),
      now: ctx.request.now,
    });
    return { OpenIDConnectProviderArn: provider.arn, Tags: optionalTags(tags) };
  },
};

const GetOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'GetOpenIDConnectProvider',
  readOnly: true,
  async handle(ctx) {
    const arn = ctx.params.collect(readOidcArn);
    await authorizeOnOidc(ctx, 'GetOpenIDConnectProvider', arn);
    const { provider, tags } = await getOidcProvider(ctx.tx, ctx.accountId, arn);
    return {
      Url: oidcProviderUrl(provider),
      ClientIDList: provider.clientIds,
      ThumbprintList: provider.thumbprints,
      CreateDate: provider.createDate,
      Tags: optionalTags(tags),
    };
  },
};

const ListOpenIDConnectProviders: ActionHandler = {
  service: 'iam',
  action: 'ListOpenIDConnectProviders',
  readOnly: true,
  async handle(ctx) {
    await ctx.authorize({ action: 'iam:ListOpenIDConnectProviders' });
    const providers = await listOidcProviders(ctx.tx, ctx.accountId);
    return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) };
  },
};

const DeleteOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'DeleteOpenIDConnectProvider',
  async handle(ctx) {
    const arn = ctx.params.collect(readOidcArn);
    await authorizeOnOidc(ctx, 'DeleteOpenIDConnectProvider', arn);
    await deleteOidcProvider(ctx.tx, ctx.accountId, arn);
    return undefined;
  },
};

const UpdateOpenIDConnectProviderThumbprint: ActionHandler = {
  service: 'iam',
  action: 'UpdateOpenIDConnectProviderThumbprint',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      arn: readOidcArn(q),
      thumbprints: q.list('ThumbprintList', { required: true, member: THUMBPRINT }) ?? [],
    }));
    await authorizeOnOidc(ctx, 'UpdateOpenIDConnectProviderThumbprint', input.arn);
    await updateOidcThumbprints(ctx.tx, ctx.accountId, input.arn, input.thumbprints);
    return undefined;
  },
};

const AddClientIDToOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'AddClientIDToOpenIDConnectProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readOidcArn(q), clientId: q.string('ClientID', { required: true, ...CLIENT_ID }) }));
    await authorizeOnOidc(ctx, 'AddClientIDToOpenIDConnectProvider', input.arn);
    await addOidcClientId(ctx.tx, ctx.accountId, input.arn, input.clientId);
    return undefined;
  },
};

const RemoveClientIDFromOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'RemoveClientIDFromOpenIDConnectProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readOidcArn(q), clientId: q.string('ClientID', { required: true, ...CLIENT_ID }) }));
    await authorizeOnOidc(ctx, 'RemoveClientIDFromOpenIDConnectProvider', input.arn);
    await removeOidcClientId(ctx.tx, ctx.accountId, input.arn, input.clientId);
    return undefined;
  },
};

const TagOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'TagOpenIDConnectProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readOidcArn(q), tags: requireTags(q) }));
    await authorizeOnOidc(ctx, 'TagOpenIDConnectProvider', input.arn, requestTagContext(input.tags));
    await tagOidcProvider(ctx.tx, ctx.accountId, input.arn, input.tags);
    return undefined;
  },
};

const UntagOpenIDConnectProvider: ActionHandler = {
  service: 'iam',
  action: 'UntagOpenIDConnectProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readOidcArn(q), keys: readTagKeys(q) }));
    await authorizeOnOidc(ctx, 'UntagOpenIDConnectProvider', input.arn, { 'aws:TagKeys': input.keys });
    await untagOidcProvider(ctx.tx, ctx.accountId, input.arn, input.keys);
    return undefined;
  },
};

const ListOpenIDConnectProviderTags: ActionHandler = {
  service: 'iam',
  action: 'ListOpenIDConnectProviderTags',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readOidcArn(q), request: readPageRequest(q) }));
    await authorizeOnOidc(ctx, 'ListOpenIDConnectProviderTags', input.arn);
    const tags = await listOidcProviderTags(ctx.tx, ctx.accountId, input.arn);
    const p = pageAfter(tags, input.request, (t) => t.Key);
    return { Tags: tagsXml(p.items), ...pageFields(p) };
  },
};

// ---- SAML ---------------------------------------------------------------------------------

const readSamlArn = (q: QueryParams): string => readArn(q, 'SAMLProviderArn') as string;

async function authorizeOnSaml(ctx: ActionContext, action: string, arn: string, context?: Record<string, string | string[]>): Promise<void> {
  const found = await findSamlProvider(ctx.tx, ctx.accountId, arn);
  await ctx.authorize({
    action: `iam:${action}`,
    resource: arn,
    ...(context !== undefined && { context }),
    resourceTags: found?.tags ?? [],
  });
}

const CreateSAMLProvider: ActionHandler = {
  service: 'iam',
  action: 'CreateSAMLProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      document: q.string('SAMLMetadataDocument', { required: true, ...SAML_METADATA }),
      name: q.string('Name', { required: true, ...SAML_NAME }),
      tags: readTags(q),
    }));
    await ctx.authorize({
      action: 'iam:CreateSAMLProvider',
      resource: samlProviderArn(ctx.partition, ctx.accountId, input.name),
      context: requestTagContext(input.tags),
    });
    const { provider, tags } = await createSamlProvider(ctx.tx, {
      accountId: ctx.accountId,
      partition: ctx.partition,
      name: input.name,
      samlMetadataDocument: input.document,
      ...(input.tags !== undefined && { tags: input.tags }),
      now: ctx.request.now,
    });
    return { SAMLProviderArn: provider.arn, Tags: optionalTags(tags) };
  },
};

const GetSAMLProvider: ActionHandler = {
  service: 'iam',
  action: 'GetSAMLProvider',
  readOnly: true,
  async handle(ctx) {
    const arn = ctx.params.collect(readSamlArn);
    await authorizeOnSaml(ctx, 'GetSAMLProvider', arn);
    const { provider, tags } = await getSamlProvider(ctx.tx, ctx.accountId, arn);
    return {
      SAMLMetadataDocument: provider.samlMetadataDocument,
      CreateDate: provider.createDate,
      ValidUntil: provider.validUntil,
      Tags: optionalTags(tags),
    };
  },
};

const UpdateSAMLProvider: ActionHandler = {
  service: 'iam',
  action: 'UpdateSAMLProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      // Optional in the current model (it also updates assertion encryption, which Castellan does not model).
      document: q.string('SAMLMetadataDocument', SAML_METADATA),
      arn: readSamlArn(q),
    }));
    await authorizeOnSaml(ctx, 'UpdateSAMLProvider', input.arn);
    if (input.document === undefined) {
      const { provider } = await getSamlProvider(ctx.tx, ctx.accountId, input.arn);
      return { SAMLProviderArn: provider.arn };
    }
    const provider = await updateSamlProvider(ctx.tx, ctx.accountId, input.arn, input.document, ctx.request.now);
    return { SAMLProviderArn: provider.arn };
  },
};

const DeleteSAMLProvider: ActionHandler = {
  service: 'iam',
  action: 'DeleteSAMLProvider',
  async handle(ctx) {
    const arn = ctx.params.collect(readSamlArn);
    await authorizeOnSaml(ctx, 'DeleteSAMLProvider', arn);
    await deleteSamlProvider(ctx.tx, ctx.accountId, arn);
    return undefined;
  },
};

const ListSAMLProviders: ActionHandler = {
  service: 'iam',
  action: 'ListSAMLProviders',
  readOnly: true,
  async handle(ctx) {
    await ctx.authorize({ action: 'iam:ListSAMLProviders' });
    const providers = await listSamlProviders(ctx.tx, ctx.accountId);
    return { SAMLProviderList: providers.map((p) => ({ Arn: p.arn, ValidUntil: p.validUntil, CreateDate: p.createDate })) };
  },
};

const TagSAMLProvider: ActionHandler = {
  service: 'iam',
  action: 'TagSAMLProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readSamlArn(q), tags: requireTags(q) }));
    await authorizeOnSaml(ctx, 'TagSAMLProvider', input.arn, requestTagContext(input.tags));
    await tagSamlProvider(ctx.tx, ctx.accountId, input.arn, input.tags);
    return undefined;
  },
};

const UntagSAMLProvider: ActionHandler = {
  service: 'iam',
  action: 'UntagSAMLProvider',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readSamlArn(q), keys: readTagKeys(q) }));
    await authorizeOnSaml(ctx, 'UntagSAMLProvider', input.arn, { 'aws:TagKeys': input.keys });
    await untagSamlProvider(ctx.tx, ctx.accountId, input.arn, input.keys);
    return undefined;
  },
};

const ListSAMLProviderTags: ActionHandler = {
  service: 'iam',
  action: 'ListSAMLProviderTags',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ arn: readSamlArn(q), request: readPageRequest(q) }));
    await authorizeOnSaml(ctx, 'ListSAMLProviderTags', input.arn);
    const tags = await listSamlProviderTags(ctx.tx, ctx.accountId, input.arn);
    const p = pageAfter(tags, input.request, (t) => t.Key);
    return { Tags: tagsXml(p.items), ...pageFields(p) };
  },
};

export const handlers: readonly ActionHandler[] = [
  CreateOpenIDConnectProvider,
  GetOpenIDConnectProvider,
  ListOpenIDConnectProviders,
  DeleteOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint,
  AddClientIDToOpenIDConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider,
  TagOpenIDConnectProvider,
  UntagOpenIDConnectProvider,
  ListOpenIDConnectProviderTags,
  CreateSAMLProvider,
  GetSAMLProvider,
  UpdateSAMLProvider,
  DeleteSAMLProvider,
  ListSAMLProviders,
  TagSAMLProvider,
  UntagSAMLProvider,
  ListSAMLProviderTags,
];
