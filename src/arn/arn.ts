// ARN syntax: `arn:partition:service:region:account:resource`. Parsing is purely syntactic and total over the
// text after the 5th colon, so `formatArn(parseArn(x)) === x` for every ARN.

export interface Arn {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, STS, S3 buckets). */
  readonly region: string;
  /** Empty where the service omits it (S3 buckets); `aws` for AWS-managed IAM policies. */
  readonly account: string;
  /** Everything after the 5th colon, verbatim (may contain `:`, `/`, wildcards). */
  readonly resource: string;
  /** The leading `type` of a `type/id` or `type:id` resource; absent when the resource has no type. */
  readonly resourceType?: string;
  /** The resource without its type; the whole resource when there is no type. */
  readonly resourceId?: string;
}

/** The fields `formatArn` needs; `resourceType`/`resourceId` are derived, so they are not read. */
export type ArnParts = Pick<Arn, 'partition' | 'service' | 'region' | 'account' | 'resource'>;

/**
 * Parses an ARN. Undefined unless the text starts with `arn:`, has at least five colons, and partition,
 * service and resource are non-empty.
 *
 * The resource is split at its first `/` or `:` (whichever comes first) into type and id:
 * `user/path/name` → `user` + `path/name`, `function:name:alias` → `function` + `name:alias`.
 * No separator → no type (`arn:aws:sqs:…:queue-name`). S3 ARNs without region and account are buckets
 * and objects, which have no type: the id is the whole `bucket[/key]`.
 */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const colons: number[] = [];
  for (let i = 3; i < text.length && colons.length < 5; i++) {
    if (text.charCodeAt(i) === 58 /* : */) colons.push(i);
  }
  if (colons.length < 5) return undefined;
  const [c1, c2, c3, c4, c5] = colons as [number, number, number, number, number];
  const partition = text.slice(c1 + 1, c2);
  const service = text.slice(c2 + 1, c3);
  const region = text.slice(c3 + 1, c4);
  const account = text.slice(c4 + 1, c5);
  const resource = text.slice(c5 + 1);
  if (partition === '' || service === '' || resource === '') return undefined;
  return { partition, service, region, account, resource, ...splitResource(service, region, account, resource) };
}

function splitResource(
  service: string,
  region: string,
  account: string,
  resource: string,
): { resourceType?: string; resourceId: string } {
  if (service === 's3' && region === '' && account === '') return { resourceId: resource };
  const slash = resource.indexOf('/');
  const colon = resource.indexOf(':');
  const cut = slash === -1 ? colon : colon === -1 ? slash : Math.min(slash, colon);
  if (cut <= 0) return { resourceId: resource };
  return { resourceType: resource.slice(0, cut), resourceId: resource.slice(cut + 1) };
}

export function formatArn(arn: ArnParts): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

export function isArn(text: string): boolean {
  return parseArn(text) !== undefined;
}
