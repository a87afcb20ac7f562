// One demo account per role, created on the first start of the demo city. Passwords are random and printed
// once; they are demo-only (documented in the README) and never stored anywhere but as argon2id hashes.
import { generatePassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import { systemActor } from '../services/actor.ts';
import type { UserAdminService } from '../services/user-admin-service.ts';

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
  // A pendamping for the same kelurahan, so the operator can assign field verification (verivali) to them.
  {
    username: 'verifikator.tanjungmas',
    displayName: 'Pendamping Kel. Tanjung Mas (demo)',
    role: 'verifier',
    kelurahan: ['33.74.02.1008', '33.74.02.1009'],
  },
];

export async function createDemoUsersIfNone(
  service: UserAdminService,
  regionCode: string,
): Promise<Array<{ username: string; role: Role; password: string }>> {
  if ((await service.list()).length > 0) return [];
  const created: Array<{ username: string; role: Role; password: string }> = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = generatePassword();
    // The system creates them (via 'system' in the audit log), not a person.
    await service.create({ ...account, password }, systemActor(regionCode));
    created.push({ username: account.username, role: account.role, password });
  }
  return created;
}
