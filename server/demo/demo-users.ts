// One demo account per role, created on the first start of the demo city. Passwords are random and printed
// once; they are demo-only (documented in the README) and never stored anywhere but as argon2id hashes.
import type { Knex } from 'knex';
import { generatePassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import { UserAdminService } from '../services/user-admin-service.ts';

export const DEMO_ACCOUNTS: ReadonlyArray<{
  username: string;
  displayName: string;
  role: Role;
  kelurahan?: string[];
  programs?: string[];
}> = [
  { username: 'admin', displayName: 'Admin Dinsos (demo)', role: 'admin' },
  { username: 'perencana', displayName: 'Perencana Bappeda (demo)', role: 'planner' },
  {
    username: 'opd.dinsos',
    displayName: 'Staf Dinsos PKH/BPNT (demo)',
    role: 'opd',
    programs: ['pkh', 'bpnt'],
  },
  // Tanjung Mas and Bandarharjo (Semarang Utara): the demo's poverty hotspots.
  {
    username: 'operator.tanjungmas',
    displayName: 'Operator Kel. Tanjung Mas (demo)',
    role: 'operator',
    kelurahan: ['33.74.02.1008', '33.74.02.1009'],
  },
];

export async function createDemoUsersIfNone(
  knex: Knex,
  regionCode: string,
): Promise<Array<{ username: string; role: Role; password: string }>> {
  const existing = await knex('users').where({ region_code: regionCode }).count<Array<{ count: number }>>();
  if (Number(existing[0]!.count) > 0) return [];
  const service = new UserAdminService(knex, regionCode);
  const created: Array<{ username: string; role: Role; password: string }> = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = generatePassword();
    await service.create({ ...account, password });
    created.push({ username: account.username, role: account.role, password });
  }
  return created;
}
