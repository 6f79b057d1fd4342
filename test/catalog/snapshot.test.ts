// The build-time snapshot (dist/catalog/snapshot.json) must answer exactly as the package-backed catalog.
// Tests run from src/, where no snapshot exists, so loadCatalog() here is the package-backed one.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, loadCatalog, type Catalog, type CatalogSource } from '../../src/catalog/index.js';
import { catalogFromSnapshot, installedDataVersion, readCatalogSource } from '../../src/catalog/load.js';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../../src/catalog/snapshot.js';

let source: CatalogSource;
let text: string;
let fromPackage: Catalog;
let fromSnapshot: Catalog;

beforeAll(async () => {
  [source, fromPackage] = await Promise.all([readCatalogSource(), loadCatalog()]);
  text = JSON.stringify(encodeSnapshot(source));
  const catalog = catalogFromSnapshot(text, source.dataVersion);
  if (catalog === undefined) throw new Error('snapshot not accepted');
  fromSnapshot = catalog;
});

const SAMPLE_SERVICES = ['s3', 'iam', 'ec2', 'kms', 'sts'];

describe('snapshot round trip', () => {
  it('decodes to the source it was made from, service by service', () => {
    const decoded = decodeSnapshot(JSON.parse(text));
    expect(decoded.dataDate).toBe(source.dataDate);
    expect(decoded.dataVersion).toBe(source.dataVersion);
    expect(decoded.globalConditionKeys).toEqual(source.globalConditionKeys);
    expect(decoded.services).toHaveLength(source.services.length);
    decoded.services.forEach((service, i) => {
      const expected = source.services[i];
      expect(service.prefix).toBe(expected.prefix);
      expect(service.name).toBe(expected.name);
      expect(service.conditionKeys).toEqual(expected.conditionKeys);
      const contents = service.contents();
      // toStrictEqual: a list the data leaves out must stay undefined, not become [].
      expect(contents.actions).toStrictEqual(expected.actions);
      expect(contents.resourceTypes).toStrictEqual(expected.resourceTypes);
    });
  });

  it('records the data version and date', () => {
    expect(fromSnapshot.dataVersion).toBe(fromPackage.dataVersion);
    expect(fromSnapshot.dataDate).toBe(fromPackage.dataDate);
    expect(installedDataVersion()).toBe(fromPackage.dataVersion);
  });
});

describe('snapshot-backed catalog answers as the package-backed one', () => {
  it('lists the same services and names', () => {
    expect(fromSnapshot.services()).toEqual(fromPackage.services());
    for (const prefix of fromPackage.services()) {
      expect(fromSnapshot.serviceName(prefix)).toBe(fromPackage.serviceName(prefix));
      expect(fromSnapshot.hasService(prefix.toUpperCase())).toBe(true);
    }
  });

  it.each(SAMPLE_SERVICES)('agrees on every action and resource type of %s', (service) => {
    expect(fromSnapshot.actions(service)).toEqual(fromPackage.actions(service));
    for (const name of fromPackage.actions(service)) {
      expect(fromSnapshot.action(service, name)).toStrictEqual(fromPackage.action(service, name));
      expect(fromSnapshot.isWildcardOnlyAction(service, name)).toBe(fromPackage.isWildcardOnlyAction(service, name));
      const keys = fromPackage.conditionKeysForAction(service, name);
      expect(fromSnapshot.conditionKeysForAction(service, name)).toEqual(keys);
      for (const key of [...(keys ?? []), 'aws:SourceIp', `${service}:NoSuchKey`]) {
        expect(fromSnapshot.actionSupportsConditionKey(service, name, key)).toBe(
          fromPackage.actionSupportsConditionKey(service, name, key),
        );
      }
    }
    for (const type of source.services.find((entry) => entry.prefix === service)?.resourceTypes ?? []) {
      expect(fromSnapshot.resourceType(service, type.name)).toStrictEqual(fromPackage.resourceType(service, type.name));
      for (const format of type.arnFormats) {
        const arn = format.replace(/\$\{[^}]*\}/g, 'x');
        expect(fromSnapshot.resourceTypesMatchingArn(service, arn)).toStrictEqual(fromPackage.resourceTypesMatchingArn(service, arn));
      }
    }
    for (const pattern of [`${service}:*`, `${service}:Get*`, `${service}:list?*`, `${service}:NoSuch`]) {
      expect(fromSnapshot.expandActionPattern(pattern)).toEqual(fromPackage.expandActionPattern(pattern));
    }
    expect(fromSnapshot.conditionKeysWithPrefix(service)).toEqual(fromPackage.conditionKeysWithPrefix(service));
  });

  it('agrees on every global condition key and every key a sample service lists', () => {
    const names = [
      ...source.globalConditionKeys.map((key) => key.name),
      ...source.services.filter((service) => SAMPLE_SERVICES.includes(service.prefix)).flatMap((service) => service.conditionKeys.map((key) => key.name)),
      'aws:RequestTag/team',
      'aws:PrincipalTag/dept',
      's3:ExistingObjectTag/owner',
      'AWS:SOURCEIP',
      'nope:Nothing',
    ];
    for (const name of names) expect(fromSnapshot.conditionKey(name)).toEqual(fromPackage.conditionKey(name));
    expect(fromSnapshot.conditionKeysWithPrefix('aws')).toEqual(fromPackage.conditionKeysWithPrefix('aws'));
  });

  it('expands patterns across services alike', () => {
    for (const pattern of ['*', '*:Get*', 's3*:List*', 'iam:PassRole']) {
      expect(fromSnapshot.expandActionPattern(pattern)).toEqual(fromPackage.expandActionPattern(pattern));
    }
  });
});

describe('catalogFromSnapshot', () => {
  it('rejects a snapshot made from another data version', () => {
    expect(catalogFromSnapshot(text, '0.0.1')).toBeUndefined();
    expect(catalogFromSnapshot(text, undefined)).toBeUndefined();
  });

  it('rejects another format and text that is not a snapshot', () => {
    const other = { ...JSON.parse(text), format: SNAPSHOT_FORMAT + 1 };
    expect(catalogFromSnapshot(JSON.stringify(other), source.dataVersion)).toBeUndefined();
    expect(catalogFromSnapshot('{"format":', source.dataVersion)).toBeUndefined();
    expect(catalogFromSnapshot('[]', source.dataVersion)).toBeUndefined();
  });

  it('builds a catalog like createCatalog does from the same source', () => {
    const direct = createCatalog(source);
    expect(fromSnapshot.action('s3', 'GetObject')).toStrictEqual(direct.action('s3', 'GetObject'));
    expect(fromSnapshot.conditionKey('aws:RequestTag/team')).toEqual(direct.conditionKey('aws:RequestTag/team'));
  });
});
