// Tags of every taggable resource, in one table keyed by (kind, rowid). Keys are unique
// case-insensitively; a re-set key keeps its position and takes the new spelling and value.
import type { Tag, TaggableKind } from '../../../model/index.js';
import type { ChangedEntityKind } from '../../changes.js';
import type { TagRepository, TagTarget } from '../../repositories.js';
import type { TxContext } from '../context.js';
import { requireRowid } from './lookup.js';

const CHANGE_KIND: Record<TaggableKind, ChangedEntityKind> = {
  user: 'user',
  role: 'role',
  policy: 'policy',
  instanceProfile: 'instanceProfile',
  oidcProvider: 'oidcProvider',
  samlProvider: 'samlProvider',
  serverCertificate: 'serverCertificate',
  mfaDevice: 'mfaDevice',
};

export class SqliteTags implements TagRepository {
  constructor(private readonly ctx: TxContext) {}

  async list(target: TagTarget): Promise<Tag[]> {
    const rowid = requireRowid(this.ctx, target.kind, target.accountId, target.name);
    return this.ctx
      .all<{ tag_key: string; tag_value: string }>(
        'SELECT tag_key, tag_value FROM tags WHERE entity_kind = ? AND entity_rowid = ? ORDER BY seq',
        target.kind,
        rowid,
      )
      .map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
  }

  async set(target: TagTarget, tags: readonly Tag[]): Promise<void> {
    const rowid = requireRowid(this.ctx, target.kind, target.accountId, target.name);
    // Principal tags feed aws:PrincipalTag, so a tag change is a change of the tagged entity.
    this.ctx.write(target.accountId, CHANGE_KIND[target.kind], target.name);
    for (const tag of tags) {
      this.ctx.run(
        `INSERT INTO tags (account_id, entity_kind, entity_rowid, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (entity_kind, entity_rowid, tag_key) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value`,
        target.accountId,
        target.kind,
        rowid,
        tag.Key,
        tag.Value,
      );
    }
  }

  async remove(target: TagTarget, keys: readonly string[]): Promise<number> {
    const rowid = requireRowid(this.ctx, target.kind, target.accountId, target.name);
    this.ctx.write(target.accountId, CHANGE_KIND[target.kind], target.name);
    let removed = 0;
    for (const key of keys) {
      removed += this.ctx.run('DELETE FROM tags WHERE entity_kind = ? AND entity_rowid = ? AND tag_key = ?', target.kind, rowid, key);
    }
    return removed;
  }
}
