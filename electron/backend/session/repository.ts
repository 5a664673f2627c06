import type { UserSummary } from '../../../shared/api/schemas';
import type { Role } from '../../../shared/domain/model';
import type { Db } from '../db/replica';

interface UserRow {
  id: string;
  hsa_id: string;
  name: string;
  roles: string;
  store_ids: string | null;
}

const SELECT = `SELECT u.id, u.hsa_id, u.name, u.roles,
    (SELECT group_concat(DISTINCT sp.store_id) FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id
      WHERE usp.user_id = u.id) AS store_ids
  FROM app_user u WHERE u.active = 1`;

const toUser = (r: UserRow): UserSummary => ({
  id: r.id,
  hsaId: r.hsa_id,
  name: r.name,
  roles: JSON.parse(r.roles) as Role[],
  storeIds: r.store_ids ? r.store_ids.split(',') : [],
});

export class UserRepository {
  constructor(private readonly db: Db) {}

  /** Active users allowed at the given store (through their service points). */
  listForStore(storeId: string): UserSummary[] {
    return this.db
      .prepare<[], UserRow>(`${SELECT} ORDER BY u.name`)
      .all()
      .map(toUser)
      .filter((u) => u.storeIds.includes(storeId));
  }

  get(id: string): UserSummary | null {
    const row = this.db.prepare<[string], UserRow>(`${SELECT} AND u.id = ?`).get(id);
    return row ? toUser(row) : null;
  }
}
