// The three user exports a company can hand over before it grants API access: the Google Workspace user
// download, Okta's MFA Usage report, Entra's user registration details. Columns are recognised by header;
// every row is validated (zod); the first bad row stops the run with its file and line (exit 2).
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { UserInputError } from '../../../core/errors.js';
import type { IdpAdmin, IdpFactor, IdpUser } from '../../../evidence/idp.js';
import { entraMethodFactor, oktaFactorKind, oktaReportFactorType } from '../factors.js';

export type CsvFormat = 'google' | 'okta' | 'entra';

export interface ParsedExport {
  format: CsvFormat;
  header: string[];
  rows: number;
  /** Users, without evidence refs (the collector adds the file's). */
  users: Array<Omit<IdpUser, 'refs' | 'factors'> & { factors: IdpFactor[] | null }>;
  /** Null when the export does not say who is an admin. */
  admins: IdpAdmin[] | null;
  /** Which columns the export lacked, said in messages ("no sign-in times"). */
  missing: string[];
}

/** `2sv Enrolled [READ ONLY]` → `2sv enrolled`; `User principal name` → `userprincipalname` for Entra. */
const norm = (h: string) =>
  h
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
const squash = (h: string) => norm(h).replace(/[\s_]/g, '');

interface ColumnSpec {
  key: string;
  /** Accepted headers, squashed (lower case, no spaces, no "[READ ONLY]"). */
  names: string[];
  required: boolean;
  /** How the vendor's export spells it, for messages. */
  label?: string;
}

const FORMATS: Record<CsvFormat, { title: string; columns: ColumnSpec[] }> = {
  google: {
    title: 'Google Workspace user download',
    columns: [
      { key: 'email', names: ['emailaddress', 'primaryemail', 'email'], required: true, label: 'Email Address [Required]' },
      { key: 'status', names: ['status'], required: true, label: 'Status [READ ONLY]' },
      { key: 'lastSignIn', names: ['lastsignin', 'lastlogintime'], required: true, label: 'Last Sign In [READ ONLY]' },
      { key: 'enrolled', names: ['2svenrolled', 'isenrolledin2sv'], required: true, label: '2sv Enrolled [READ ONLY]' },
      { key: 'enforced', names: ['2svenforced', 'isenforcedin2sv'], required: false },
      { key: 'firstName', names: ['firstname'], required: false },
      { key: 'lastName', names: ['lastname'], required: false },
      { key: 'admin', names: ['admin', 'isadmin', 'superadmin'], required: false },
      { key: 'created', names: ['created', 'creationtime', 'datecreated'], required: false },
    ],
  },
  okta: {
    title: 'Okta MFA Usage report',
    columns: [
      { key: 'login', names: ['login', 'username', 'useremail'], required: true, label: 'Login' },
      { key: 'factor', names: ['mfafactor', 'authenticator', 'factor'], required: true, label: 'MFA Factor' },
      { key: 'name', names: ['user'], required: false },
      { key: 'enrolled', names: ['lastenrollediso8601', 'lastenrolled'], required: false },
      { key: 'lastUsed', names: ['lastusediso8601', 'lastused'], required: false },
      { key: 'status', names: ['status', 'userstatus'], required: false },
      { key: 'admin', names: ['admin', 'isadmin', 'userisadmin'], required: false },
      { key: 'roles', names: ['adminroles', 'roles'], required: false },
      { key: 'created', names: ['created', 'usercreated'], required: false },
    ],
  },
  entra: {
    title: 'Entra user registration details',
    columns: [
      { key: 'upn', names: ['userprincipalname'], required: true, label: 'User principal name' },
      { key: 'mfaRegistered', names: ['ismfaregistered', 'mfaregistered'], required: true, label: 'MFA registered' },
      { key: 'methods', names: ['methodsregistered'], required: true, label: 'Methods registered' },
      { key: 'admin', names: ['isadmin', 'admin'], required: false },
      { key: 'name', names: ['userdisplayname', 'displayname', 'name'], required: false },
      { key: 'userType', names: ['usertype'], required: false },
      { key: 'enabled', names: ['accountenabled'], required: false },
      { key: 'roles', names: ['roles', 'adminroles', 'directoryroles'], required: false },
    ],
  },
};

export function parseExport(text: string, file: string, format: CsvFormat): ParsedExport {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      bom: true,
      relax_quotes: false,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new UserInputError(`not a readable CSV file: ${e.message}`, file, e.lines);
  }
  if (records.length === 0) throw new UserInputError('the file is empty: expected a header row and one row per user', file, 1);
  const header = records[0]!.record;
  const spec = FORMATS[format];
  const index = new Map<string, number>();
  for (const col of spec.columns) {
    const i = header.findIndex((h) => col.names.includes(squash(h)));
    if (i >= 0) index.set(col.key, i);
  }
  const absent = spec.columns.filter((c) => c.required && !index.has(c.key));
  if (absent.length) {
    const other = (Object.keys(FORMATS) as CsvFormat[]).find(
      (f) => f !== format && FORMATS[f].columns.filter((c) => c.required).every((c) => header.some((h) => c.names.includes(squash(h)))),
    );
    const hint = other ? ` This looks like the ${FORMATS[other].title}: set idp.format: ${other}.` : '';
    throw new UserInputError(
      `the header is not the ${spec.title}: missing column${absent.length > 1 ? 's' : ''} ` +
        `${absent.map((c) => `"${c.label ?? c.names[0]}"`).join(', ')}.${hint}`,
      file,
      1,
    );
  }
  const rows = records.slice(1).map(({ record, info }) => {
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.length) throw new UserInputError(`expected ${header.length} columns as in the header, found ${record.length}`, file, line);
    const cells: Record<string, string> = {};
    for (const [key, i] of index) cells[key] = record[i] ?? '';
    return { cells, line };
  });
  const has = (key: string) => index.has(key);
  const headerName = (key: string) => header[index.get(key)!]!;
  const validate = <T>(schema: z.ZodType<T>, row: { cells: Record<string, string>; line: number }): T => {
    const result = schema.safeParse(row.cells);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const who = row.cells.email ?? row.cells.login ?? row.cells.upn ?? '';
    throw new UserInputError(
      `column "${has(key) ? headerName(key) : key}"${who ? ` (user ${who})` : ''}: ${issue.message}, got "${row.cells[key] ?? ''}"`,
      file,
      row.line,
    );
  };
  const parsed = format === 'google' ? google(rows, validate, has) : format === 'okta' ? okta(rows, validate, has) : entra(rows, validate, has);
  return { format, header, rows: rows.length, ...parsed };
}

// ---- cell vocabularies ----

const bool = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['true', 'false', 'yes', 'no'], { message: 'expected True or False' }))
  .transform((s) => s === 'true' || s === 'yes');
const optionalBool = z.union([z.literal('').transform(() => undefined), bool]).optional();
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date and time');
const optionalTime = z.union([z.literal('').transform(() => undefined), isoTime.transform((s) => new Date(s).toISOString())]).optional();
/** Google writes `2024/03/01 14:05:09` (UTC) or `Never logged in`. */
const googleTime = z
  .string()
  .refine((s) => /^never/i.test(s) || !Number.isNaN(Date.parse(toIsoGoogle(s))), 'expected a date like 2026/03/01 14:05:09 or "Never logged in"')
  .transform((s): string | 'never' => (/^never/i.test(s) || s.startsWith('1970') ? 'never' : new Date(toIsoGoogle(s)).toISOString()));

function toIsoGoogle(s: string): string {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}:\d{2}(:\d{2})?)$/.exec(s.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}${m[5] ? '' : ':00'}Z` : s;
}

type Row = { cells: Record<string, string>; line: number };
type Validate = <T>(schema: z.ZodType<T>, row: Row) => T;
type Result = Pick<ParsedExport, 'users' | 'admins' | 'missing'>;

function google(rows: Row[], validate: Validate, has: (k: string) => boolean): Result {
  const schema = z.object({
    email: z.string().email('expected an email address'),
    status: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['active', 'suspended', 'archived'], { message: 'expected Active, Suspended or Archived' })),
    lastSignIn: googleTime,
    enrolled: bool,
    enforced: optionalBool,
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    admin: optionalBool,
    created: optionalTime,
  });
  const users: ParsedExport['users'] = [];
  const admins: IdpAdmin[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const r = validate(schema, row);
    if (seen.has(r.email.toLowerCase())) throw new UserInputError(`user ${r.email} appears twice`, undefined, row.line);
    seen.add(r.email.toLowerCase());
    const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
    users.push({
      id: r.email,
      login: r.email,
      ...(name ? { name } : {}),
      status: r.status === 'active' ? 'active' : r.status === 'suspended' ? 'suspended' : 'archived',
      vendorStatus: r.status[0]!.toUpperCase() + r.status.slice(1),
      created: r.created ?? null,
      lastSignIn: r.lastSignIn,
      factors: r.enrolled ? [{ type: '2sv', kind: 'unknown', state: 'active', status: 'isEnrolledIn2Sv' }] : [],
      ...(r.enforced !== undefined ? { mfaEnforced: r.enforced } : {}),
    });
    if (r.admin) admins.push({ userId: r.email, roles: ['super admin'], superAdmin: true });
  }
  return { users, admins: has('admin') ? admins : null, missing: has('enforced') ? [] : ['2sv Enforced'] };
}

function okta(rows: Row[], validate: Validate, has: (k: string) => boolean): Result {
  const schema = z.object({
    login: z.string().min(1, 'expected the user login'),
    factor: z.string(),
    name: z.string().optional(),
    enrolled: optionalTime,
    lastUsed: optionalTime,
    status: z.union([z.literal('').transform(() => undefined), z.string().transform((s) => s.toUpperCase().replace(/\s+/g, '_'))]).optional(),
    admin: optionalBool,
    roles: z.string().optional(),
    created: optionalTime,
  });
  // One row per enrolled authenticator: gather them per login.
  const byLogin = new Map<
    string,
    { name?: string; factors: IdpFactor[]; lastUsed?: string; status?: string; admin?: boolean; roles: string[]; created?: string }
  >();
  for (const row of rows) {
    const r = validate(schema, row);
    const entry = byLogin.get(r.login) ?? { factors: [], roles: [] };
    if (r.name) entry.name = r.name;
    if (r.factor) {
      const type = oktaReportFactorType(r.factor);
      entry.factors.push({ type, kind: type === 'password' ? 'weak' : oktaFactorKind(type), state: 'active', status: r.factor });
    }
    if (r.lastUsed && (!entry.lastUsed || r.lastUsed > entry.lastUsed)) entry.lastUsed = r.lastUsed;
    if (r.status) entry.status = r.status;
    if (r.admin !== undefined) entry.admin = r.admin;
    if (r.roles)
      entry.roles.push(
        ...r.roles
          .split(/[;,|]/)
          .map((s) => s.trim())
          .filter(Boolean),
      );
    if (r.created) entry.created = r.created;
    byLogin.set(r.login, entry);
  }
  const ACTIVE = new Set(['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT']);
  const users: ParsedExport['users'] = [];
  const admins: IdpAdmin[] = [];
  for (const [login, e] of byLogin) {
    const vendorStatus = e.status ?? 'ACTIVE';
    users.push({
      id: login,
      login,
      ...(e.name ? { name: e.name } : {}),
      status: ACTIVE.has(vendorStatus) ? 'active' : vendorStatus === 'SUSPENDED' ? 'suspended' : vendorStatus === 'DEPROVISIONED' ? 'deprovisioned' : 'staged',
      vendorStatus,
      created: e.created ?? null,
      // "Last Used" of the password is the last sign-in; blank everywhere: never used.
      lastSignIn: has('lastUsed') ? (e.lastUsed ?? 'never') : null,
      factors: e.factors,
    });
    const roles = [...new Set(e.roles)];
    if (roles.length || e.admin)
      admins.push({
        userId: login,
        roles: roles.length ? roles : ['admin'],
        superAdmin: roles.length ? roles.includes('SUPER_ADMIN') : has('roles') ? false : null,
      });
  }
  return { users, admins: has('admin') || has('roles') ? admins : null, missing: has('lastUsed') ? [] : ['Last Used'] };
}

function entra(rows: Row[], validate: Validate, has: (k: string) => boolean): Result {
  const schema = z.object({
    upn: z
      .string()
      .min(3, 'expected a user principal name')
      .refine((s) => s.includes('@'), 'expected a user principal name like ada@contoso.com'),
    mfaRegistered: bool,
    methods: z.string(),
    admin: optionalBool,
    name: z.string().optional(),
    userType: z.string().optional(),
    enabled: optionalBool,
    roles: z.string().optional(),
  });
  const users: ParsedExport['users'] = [];
  const admins: IdpAdmin[] = [];
  for (const row of rows) {
    const r = validate(schema, row);
    const methods = r.methods
      .replace(/^\[|\]$/g, '')
      .split(/[;,|]/)
      .map((m) => m.replace(/["']/g, '').trim())
      .filter(Boolean);
    users.push({
      id: r.upn,
      login: r.upn,
      ...(r.name ? { name: r.name } : {}),
      status: r.enabled === false ? 'suspended' : r.userType?.toLowerCase() === 'guest' ? 'guest' : 'active',
      vendorStatus: r.enabled === false ? 'accountEnabled=false' : r.userType?.toLowerCase() === 'guest' ? 'userType=Guest' : 'enabled',
      created: null,
      lastSignIn: null,
      factors: methods.map(entraMethodFactor),
    });
    const roles = (r.roles ?? '')
      .split(/[;,|]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (r.admin || roles.length)
      admins.push({ userId: r.upn, roles: roles.length ? roles : ['admin'], superAdmin: roles.length ? roles.includes('Global Administrator') : null });
  }
  return { users, admins: has('admin') || has('roles') ? admins : null, missing: ['sign-in times'] };
}

export const FORMAT_TITLES = Object.fromEntries(Object.entries(FORMATS).map(([k, v]) => [k, v.title])) as Record<CsvFormat, string>;
