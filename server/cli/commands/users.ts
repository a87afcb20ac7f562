// `users add|list|disable|reset-password`: accounts, through the same service (and audit rows) as the admin
// screens, as the CLI actor.
import type { Command } from 'commander';
import { generatePassword } from '../../auth/passwords.ts';
import { ROLES, type Role } from '../../auth/roles.ts';
import { oneOf, say, withServices } from '../context.ts';

interface AddOptions {
  role: Role;
  name?: string;
  kelurahan?: string[];
  programs?: string[];
}

/** A password from SIDAKSOS_NEW_PASSWORD (then not printed), else a generated one (printed once). */
function newPassword(): { password: string; shown: boolean } {
  const given = process.env.SIDAKSOS_NEW_PASSWORD;
  return given ? { password: given, shown: false } : { password: generatePassword(), shown: true };
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('user accounts');
  users
    .command('add <username>')
    .description('create a user; prints a generated password once (or reads one from SIDAKSOS_NEW_PASSWORD)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, (v) => oneOf(v, ROLES, '--role'))
    .option('--name <display name>', 'the name shown in the app')
    .option('--kelurahan <codes>', 'operators: comma-separated kelurahan codes', (v) => v.split(','))
    .option('--programs <codes>', 'OPD staff: comma-separated program codes', (v) => v.split(','))
    .action((username: string, opts: AddOptions) =>
      withServices(async (services, actor) => {
        const { password, shown } = newPassword();
        await services.users.create(
          {
            username,
            displayName: opts.name ?? username,
            role: opts.role,
            password,
            kelurahan: opts.kelurahan,
            programs: opts.programs,
          },
          actor,
        );
        say(`created ${username} (${opts.role})${shown ? `; password (shown once): ${password}` : ''}`);
      }),
    );
  users
    .command('list')
    .description('list users with role, scopes and status')
    .action(() =>
      withServices(async (services) => {
        for (const u of await services.users.list()) {
          const scope = [...u.kelurahan, ...u.programs].join(',');
          const status = u.disabled ? 'disabled' : u.lockedUntil ? 'locked' : 'active';
          say(`${u.username.padEnd(24)} ${u.role.padEnd(9)} ${status.padEnd(9)} ${scope}`);
        }
      }),
    );
  users
    .command('disable <username>')
    .description('disable a user and end their sessions')
    .action((username: string) =>
      withServices(async (services, actor) => {
        await services.users.disableByUsername(username, actor);
        say(`disabled ${username}`);
      }),
    );
  users
    .command('reset-password <username>')
    .description('set a new generated password (printed once) and clear any lockout')
    .action((username: string) =>
      withServices(async (services, actor) => {
        const { password, shown } = newPassword();
        await services.users.resetPassword(username, password, actor);
        say(`new password for ${username}${shown ? ` (shown once): ${password}` : ' set'}`);
      }),
    );
}
