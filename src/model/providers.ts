// Identity providers trusted by an account for federation.

export interface OidcProvider {
  accountId: string;
  /** `arn:aws:iam::A:oidc-provider/{host[/path]}` */
  arn: string;
  /** The issuer URL as given, with `https://`. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
}

export interface SamlProvider {
  accountId: string;
  /** `arn:aws:iam::A:saml-provider/{name}` */
  arn: string;
  name: string;
  samlMetadataDocument: string;
  createDate: Date;
  validUntil?: Date;
}
