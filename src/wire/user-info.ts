// A user as the CLI prints it: never the password hash.
import type { UserRow } from '../storage/types.js';

export function toUserInfo(u: UserRow) {
  return {
    user_id: u.userId,
    name: u.name,
    project_id: u.projectId,
    domain: { id: u.domainId, name: u.domainName },
    role: u.role,
    status: u.status,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}
