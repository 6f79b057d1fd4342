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
import type { QueryParams } from '../../protocol/index.js';
import type { StoreTx } from '../../store/index.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { readArn, readTags } from './params.js';
import { optionalTags, tagHandlers } from './tagging.js';

const URL_LIMITS = { min: 1, max: 255 };
const CLIENT_ID = { min: 1, max: 255 };
const THUMBPRINT = { min: 40, max: 40 };
const SAML_NAME = { min: 1, max: 128, pattern: '[\\w._-]+' };
const SAML_METADATA = { min: 1000, max: 10_000_000 };

/** Authorizes `iam:<action>` on a provider's ARN, with the provider's tags when it exists. */
function authorizeOnProvider(find: (tx: StoreTx, accountId: string, arn: string) => Promise<{ readonly tags: Tag[] } | undefined>) {
  return async (ctx: ActionContext, action: string, arn: string, context?: Record<string, string | string[]>): Promise<void> => {
    const found = await find(ctx.tx, ctx.accountId, arn);
    await ctx.authorize({
      action: `iam:${action}`,
      resource: arn,
      ...(context !== undefined && { context }),
      resourceTags: found?.tags ?? [],
    });
  };
}

// ---- OpenID Connect ----------------------------------------------------------------------

const readOidcArn = (q: QueryParams): string => readArn(q, 'OpenIDConnectProviderArn') as string;
const authorizeOnOidc = authorizeOnProvider(findOidcProvider);

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

const oidcTagging = tagHandlers({
  entity: 'OpenIDConnectProvider',
  readId: readOidcArn,
  authorize: authorizeOnOidc,
  tag: tagOidcProvider,
  untag: untagOidcProvider,
  list: listOidcProviderTags,
});

// ---- SAML ---------------------------------------------------------------------------------

const readSamlArn = (q: QueryParams): string => readArn(q, 'SAMLProviderArn') as string;
const authorizeOnSaml = authorizeOnProvider(findSamlProvider);

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

const samlTagging = tagHandlers({
  entity: 'SAMLProvider',
  readId: readSamlArn,
  authorize: authorizeOnSaml,
  tag: tagSamlProvider,
  untag: untagSamlProvider,
  list: listSamlProviderTags,
});

export const handlers: readonly ActionHandler[] = [
  CreateOpenIDConnectProvider,
  GetOpenIDConnectProvider,
  ListOpenIDConnectProviders,
  DeleteOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint,
  AddClientIDToOpenIDConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider,
  ...oidcTagging,
  CreateSAMLProvider,
  GetSAMLProvider,
  UpdateSAMLProvider,
  DeleteSAMLProvider,
  ListSAMLProviders,
  ...samlTagging,
];
