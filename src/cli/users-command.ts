import { InvalidArgumentError, type Command } from 'commander';
import { ROLES, setUserDisabled, updateUser, addUser, UserError } from '../review/user-service.js';
import type { Role } from '../types.js';
import { CliError, printJson, withDbOption, withStore, type DbOptions } from './common.js';

const CLI = { id: null, username: 'cli' } as const;

function parseRole(v: string): Role {
  if (!(ROLES as string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return v as Role;
}

/** The password is read from stdin (first line) so it never appears in the shell history or `ps`. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter, Ctrl+D): ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const pw = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!pw) throw new CliError('no password on stdin (pipe it in: printf %s "$PW" | ... --password-stdin)');
  return pw;
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserError) throw new CliError(err.message);
    if (err instanceof Error && err.name === 'ZodError') throw new CliError(`invalid username: ${JSON.parse(err.message)[0]?.message ?? err.message}`);
    throw err;
  }
}

export function register(program: Command): void {
  const users = program.command('users').description('accounts of the review UI (there is no default account)');

  withDbOption(
    users
      .command('add')
      .description('add an account; the password is read from stdin')
      .requiredOption('--username <name>', 'login name (letters, digits, . _ -)')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
      .option('--unit <unit>', 'member union (required for reviewers)')
      .requiredOption('--password-stdin', 'read the password from stdin (required)'),
  ).action(async (opts: DbOptions & { username: string; role: Role; unit?: string }) => {
    const password = await readPassword();
    const id = await withStore(opts, (store) => run(() => addUser(store, CLI, { username: opts.username, role: opts.role, unit: opts.unit?.trim() || null, password }, { now: new Date() })));
    process.stdout.write(`added user ${opts.username} (id ${id}, ${opts.role}${opts.unit ? `, unit ${opts.unit}` : ''})\n`);
  });

  withDbOption(users.command('list').description('list accounts').option('--json', 'print JSON lines')).action(async (opts: DbOptions & { json?: boolean }) => {
    const rows = await withStore(opts, (store) => store.users.list(), true);
    // The JSON lines keep the shape scripts already read (snake_case, disabled as 0/1); never the password hash.
    if (opts.json) return rows.forEach((r) => printJson({ id: r.id, username: r.username, role: r.role, unit: r.unit, disabled: r.disabled ? 1 : 0, created_at: r.createdAt, updated_at: r.updatedAt }));
    if (rows.length === 0) return void process.stdout.write('no users yet: add one with `users add --username U --role admin --unit UNIT --password-stdin`\n');
    for (const r of rows) process.stdout.write(`${r.username.padEnd(20)} ${r.role.padEnd(9)} ${(r.unit ?? '-').padEnd(16)} ${r.disabled ? 'disabled' : 'active'}\n`);
  });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    withDbOption(users.command(name).description(`${name} an account${disabled ? ' and end its sessions' : ''}`).requiredOption('--username <name>', 'login name')).action(
      async (opts: DbOptions & { username: string }) => {
        const ended = await withStore(opts, (store) => run(() => setUserDisabled(store, CLI, opts.username, disabled, { now: new Date() })), true);
        process.stdout.write(`${opts.username} ${disabled ? `disabled (${ended} session(s) ended)` : 'enabled'}\n`);
      },
    );
  }

  withDbOption(
    users
      .command('set')
      .description('change role, unit or password (a change ends the user\'s sessions)')
      .requiredOption('--username <name>', 'login name')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
      .option('--unit <unit>', 'member union')
      .option('--password-stdin', 'read a new password from stdin'),
  ).action(async (opts: DbOptions & { username: string; role?: Role; unit?: string; passwordStdin?: boolean }) => {
    if (!opts.role && opts.unit === undefined && !opts.passwordStdin) throw new CliError('nothing to change: give --role, --unit or --password-stdin');
    const password = opts.passwordStdin ? await readPassword() : undefined;
    await withStore(opts, (store) => run(() => updateUser(store, CLI, opts.username, { role: opts.role, unit: opts.unit, password }, { now: new Date() })), true);
    process.stdout.write(`${opts.username} updated\n`);
  });
}
