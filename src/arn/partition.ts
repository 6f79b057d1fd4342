// Which partition a region belongs to. Longer prefixes first: `us-isob-` must win over `us-iso-`.

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

const REGION_PREFIXES: readonly (readonly [string, Partition])[] = [
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
  ['us-gov-', 'aws-us-gov'],
  ['cn-', 'aws-cn'],
];

/** The partition of a region; `aws` for every region not in another partition (including unknown ones). */
export function partitionForRegion(region: string): Partition {
  for (const [prefix, partition] of REGION_PREFIXES) {
    if (region.startsWith(prefix)) return partition;
  }
  return 'aws';
}
