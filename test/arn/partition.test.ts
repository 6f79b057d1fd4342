import { describe, expect, it } from 'vitest';
import { partitionForRegion } from '../../src/arn/index.js';

describe('partitionForRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-3', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
  ])('maps %s to %s', (region, partition) => {
    expect(partitionForRegion(region)).toBe(partition);
  });

  it('defaults unknown regions to aws', () => {
    expect(partitionForRegion('mars-central-1')).toBe('aws');
    expect(partitionForRegion('')).toBe('aws');
  });
});
