import Database from 'better-sqlite3';

/** One row of the device table: what DbImportDevice / DbGetDeviceInfo report. */
export interface DeviceRecord {
  name: string;
  alias: string | null;
  server: string;
  className: string;
  exported: boolean;
  ior: string;
  version: string;
  host: string;
  pid: number;
  started: string | null;
  stopped: string | null;
}

/** The property spaces of a Tango database. Attribute and pipe spaces are keyed by (owner, attribute). */
export type PropertySpace = 'free' | 'device' | 'class';
export type SubPropertySpace = 'device_attribute' | 'class_attribute' | 'device_pipe' | 'class_pipe';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS device (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  alias TEXT COLLATE NOCASE,
  server TEXT NOT NULL COLLATE NOCASE,
  class TEXT NOT NULL COLLATE NOCASE,
  exported INTEGER NOT NULL DEFAULT 0,
  ior TEXT NOT NULL DEFAULT 'nada',
  version TEXT NOT NULL DEFAULT '0',
  host TEXT NOT NULL DEFAULT 'nada',
  pid INTEGER NOT NULL DEFAULT 0,
  started TEXT,
  stopped TEXT
);
CREATE INDEX IF NOT EXISTS device_server ON device(server);
CREATE TABLE IF NOT EXISTS server (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  host TEXT NOT NULL DEFAULT '',
  mode INTEGER NOT NULL DEFAULT 0,
  level INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS property (
  space TEXT NOT NULL,
  owner TEXT NOT NULL COLLATE NOCASE,
  name TEXT NOT NULL COLLATE NOCASE,
  idx INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (space, owner, name, idx)
);
CREATE TABLE IF NOT EXISTS sub_property (
  space TEXT NOT NULL,
  owner TEXT NOT NULL COLLATE NOCASE,
  sub TEXT NOT NULL COLLATE NOCASE,
  name TEXT NOT NULL COLLATE NOCASE,
  idx INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (space, owner, sub, name, idx)
);
CREATE TABLE IF NOT EXISTS attribute_alias (
  alias TEXT PRIMARY KEY COLLATE NOCASE,
  name TEXT NOT NULL COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS event (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  exported INTEGER NOT NULL DEFAULT 0,
  ior TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT '',
  pid INTEGER NOT NULL DEFAULT 0,
  version TEXT NOT NULL DEFAULT ''
);
`;

/** Tango wildcards (`*`) as an SQL LIKE pattern; `%`, `_` and `\\` are literal. */
export function likePattern(wildcard: string): string {
  return wildcard.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

interface DeviceRow {
  name: string;
  alias: string | null;
  server: string;
  class: string;
  exported: number;
  ior: string;
  version: string;
  host: string;
  pid: number;
  started: string | null;
  stopped: string | null;
}

function toRecord(row: DeviceRow): DeviceRecord {
  return {
    name: row.name,
    alias: row.alias,
    server: row.server,
    className: row.class,
    exported: row.exported !== 0,
    ior: row.ior,
    version: row.version,
    host: row.host,
    pid: row.pid,
    started: row.started,
    stopped: row.stopped,
  };
}

/**
 * Storage of the embedded Tango database: devices, servers and every property space, in SQLite (a file,
 * or `:memory:`). Names compare case-insensitively as in Tango's MySQL schema. Synchronous on purpose:
 * better-sqlite3 calls are microseconds, and one command is one transaction.
 */
export class DbStore {
  private readonly db: Database.Database;
  private closed = false;

  constructor(readonly file = ':memory:') {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  // ---- devices and servers ----

  addDevice(server: string, name: string, className: string): void {
    this.db
      .prepare(
        `INSERT INTO device (name, server, class) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET server = excluded.server, class = excluded.class`,
      )
      .run(name, server, className);
    this.db.prepare('INSERT OR IGNORE INTO server (name) VALUES (?)').run(server);
  }

  device(nameOrAlias: string): DeviceRecord | undefined {
    const row = this.db.prepare('SELECT * FROM device WHERE name = ? OR alias = ? LIMIT 1').get(nameOrAlias, nameOrAlias) as DeviceRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  devices(where: { namePattern?: string; server?: string; className?: string; exported?: boolean; host?: string } = {}): DeviceRecord[] {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (where.namePattern !== undefined) {
      clauses.push("name LIKE ? ESCAPE '\\'");
      params.push(likePattern(where.namePattern));
    }
    if (where.server !== undefined) {
      clauses.push("server LIKE ? ESCAPE '\\'");
      params.push(likePattern(where.server));
    }
    if (where.className !== undefined) {
      clauses.push("class LIKE ? ESCAPE '\\'");
      params.push(likePattern(where.className));
    }
    if (where.host !== undefined) {
      clauses.push("host LIKE ? ESCAPE '\\'");
      params.push(likePattern(where.host));
    }
    if (where.exported !== undefined) {
      clauses.push('exported = ?');
      params.push(where.exported ? 1 : 0);
    }
    const sql = `SELECT * FROM device${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY name`;
    return (this.db.prepare(sql).all(...params) as DeviceRow[]).map(toRecord);
  }

  exportDevice(name: string, ior: string, host: string, pid: number, version: string, now: string): boolean {
    const info = this.db
      .prepare('UPDATE device SET exported = 1, ior = ?, host = ?, pid = ?, version = ?, started = ? WHERE name = ?')
      .run(ior, host, pid, version, now, name);
    if (info.changes > 0) {
      const server = this.device(name)?.server;
      if (server) this.db.prepare('UPDATE server SET host = ? WHERE name = ?').run(host, server);
    }
    return info.changes > 0;
  }

  unexportDevice(name: string, now: string): boolean {
    return this.db.prepare('UPDATE device SET exported = 0, stopped = ? WHERE name = ?').run(now, name).changes > 0;
  }

  unexportServer(server: string, now: string): number {
    return this.db.prepare('UPDATE device SET exported = 0, stopped = ? WHERE server = ?').run(now, server).changes;
  }

  deleteDevice(name: string): boolean {
    const removed = this.db.prepare('DELETE FROM device WHERE name = ?').run(name).changes > 0;
    this.db.prepare("DELETE FROM property WHERE space = 'device' AND owner = ?").run(name);
    this.db.prepare("DELETE FROM sub_property WHERE space IN ('device_attribute', 'device_pipe') AND owner = ?").run(name);
    return removed;
  }

  deleteServer(server: string): number {
    const names = this.devices({ server }).map((d) => d.name);
    for (const name of names) this.db.prepare('DELETE FROM device WHERE name = ?').run(name);
    this.db.prepare('DELETE FROM server WHERE name = ?').run(server);
    return names.length;
  }

  renameServer(from: string, to: string): void {
    this.db.prepare('UPDATE device SET server = ? WHERE server = ?').run(to, from);
    this.db.prepare('UPDATE device SET name = ? WHERE name = ?').run(`dserver/${to}`, `dserver/${from}`);
    this.db.prepare("UPDATE property SET owner = ? WHERE space = 'device' AND owner = ?").run(`dserver/${to}`, `dserver/${from}`);
    this.db.prepare('UPDATE server SET name = ? WHERE name = ?').run(to, from);
  }

  servers(pattern = '*'): string[] {
    const rows = this.db
      .prepare("SELECT DISTINCT server AS s FROM device WHERE server LIKE ? ESCAPE '\\' ORDER BY server")
      .all(likePattern(pattern)) as Array<{ s: string }>;
    return rows.map((r) => r.s);
  }

  setAlias(device: string, alias: string | null): boolean {
    return this.db.prepare('UPDATE device SET alias = ? WHERE name = ?').run(alias, device).changes > 0;
  }

  serverInfo(server: string): { name: string; host: string; mode: number; level: number } | undefined {
    return this.db.prepare('SELECT name, host, mode, level FROM server WHERE name = ?').get(server) as
      | { name: string; host: string; mode: number; level: number }
      | undefined;
  }

  putServerInfo(server: string, host: string, mode: number, level: number): void {
    this.db
      .prepare('INSERT INTO server (name, host, mode, level) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET host = excluded.host, mode = excluded.mode, level = excluded.level')
      .run(server, host, mode, level);
  }

  deleteServerInfo(server: string): void {
    this.db.prepare("UPDATE server SET host = '', mode = 0, level = 0 WHERE name = ?").run(server);
  }

  serversOnHost(hostPattern: string): Array<{ name: string; mode: number; level: number }> {
    return this.db
      .prepare("SELECT name, mode, level FROM server WHERE host LIKE ? ESCAPE '\\' ORDER BY name")
      .all(likePattern(hostPattern)) as Array<{ name: string; mode: number; level: number }>;
  }

  // ---- properties: free (object), device, class ----

  /** Names matching `pattern` (wildcards) in one owner's space, in name order. */
  propertyNames(space: PropertySpace, owner: string, pattern = '*'): string[] {
    const rows = this.db
      .prepare("SELECT DISTINCT name FROM property WHERE space = ? AND owner = ? AND name LIKE ? ESCAPE '\\' ORDER BY name")
      .all(space, owner, likePattern(pattern)) as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }

  owners(space: PropertySpace, pattern = '*'): string[] {
    const rows = this.db
      .prepare("SELECT DISTINCT owner FROM property WHERE space = ? AND owner LIKE ? ESCAPE '\\' ORDER BY owner")
      .all(space, likePattern(pattern)) as Array<{ owner: string }>;
    return rows.map((r) => r.owner);
  }

  property(space: PropertySpace, owner: string, name: string): string[] | undefined {
    const rows = this.db
      .prepare('SELECT value FROM property WHERE space = ? AND owner = ? AND name = ? ORDER BY idx')
      .all(space, owner, name) as Array<{ value: string }>;
    return rows.length ? rows.map((r) => r.value) : undefined;
  }

  putProperty(space: PropertySpace, owner: string, name: string, values: readonly string[]): void {
    this.deleteProperty(space, owner, name);
    const insert = this.db.prepare('INSERT INTO property (space, owner, name, idx, value) VALUES (?, ?, ?, ?, ?)');
    values.forEach((v, i) => insert.run(space, owner, name, i + 1, v));
  }

  deleteProperty(space: PropertySpace, owner: string, name: string): void {
    this.db.prepare("DELETE FROM property WHERE space = ? AND owner = ? AND name LIKE ? ESCAPE '\\'").run(space, owner, likePattern(name));
  }

  // ---- attribute and pipe properties ----

  subNames(space: SubPropertySpace, owner: string, pattern = '*'): string[] {
    const rows = this.db
      .prepare("SELECT DISTINCT sub FROM sub_property WHERE space = ? AND owner = ? AND sub LIKE ? ESCAPE '\\' ORDER BY sub")
      .all(space, owner, likePattern(pattern)) as Array<{ sub: string }>;
    return rows.map((r) => r.sub);
  }

  /** Every property of one attribute/pipe, in name order, with its values. */
  subProperties(space: SubPropertySpace, owner: string, sub: string): Array<{ name: string; values: string[] }> {
    const rows = this.db
      .prepare('SELECT name, value FROM sub_property WHERE space = ? AND owner = ? AND sub = ? ORDER BY name, idx')
      .all(space, owner, sub) as Array<{ name: string; value: string }>;
    const out: Array<{ name: string; values: string[] }> = [];
    for (const row of rows) {
      const last = out[out.length - 1];
      if (last && last.name.toLowerCase() === row.name.toLowerCase()) last.values.push(row.value);
      else out.push({ name: row.name, values: [row.value] });
    }
    return out;
  }

  putSubProperty(space: SubPropertySpace, owner: string, sub: string, name: string, values: readonly string[]): void {
    this.deleteSubProperty(space, owner, sub, name);
    const insert = this.db.prepare('INSERT INTO sub_property (space, owner, sub, name, idx, value) VALUES (?, ?, ?, ?, ?, ?)');
    values.forEach((v, i) => insert.run(space, owner, sub, name, i + 1, v));
  }

  deleteSubProperty(space: SubPropertySpace, owner: string, sub: string, name?: string): void {
    if (name === undefined) this.db.prepare('DELETE FROM sub_property WHERE space = ? AND owner = ? AND sub = ?').run(space, owner, sub);
    else this.db.prepare('DELETE FROM sub_property WHERE space = ? AND owner = ? AND sub = ? AND name = ?').run(space, owner, sub, name);
  }

  // ---- attribute aliases ----

  attributeAlias(alias: string): string | undefined {
    return (this.db.prepare('SELECT name FROM attribute_alias WHERE alias = ?').get(alias) as { name: string } | undefined)?.name;
  }

  aliasOfAttribute(name: string): string | undefined {
    return (this.db.prepare('SELECT alias FROM attribute_alias WHERE name = ?').get(name) as { alias: string } | undefined)?.alias;
  }

  attributeAliases(pattern: string): string[] {
    return (this.db.prepare("SELECT alias FROM attribute_alias WHERE alias LIKE ? ESCAPE '\\' ORDER BY alias").all(likePattern(pattern)) as Array<{ alias: string }>).map(
      (r) => r.alias,
    );
  }

  putAttributeAlias(name: string, alias: string): void {
    this.db.prepare('INSERT INTO attribute_alias (alias, name) VALUES (?, ?) ON CONFLICT(alias) DO UPDATE SET name = excluded.name').run(alias, name);
  }

  deleteAttributeAlias(alias: string): void {
    this.db.prepare('DELETE FROM attribute_alias WHERE alias = ?').run(alias);
  }

  // ---- old notifd event channels (kept so DbExportEvent/DbImportEvent behave) ----

  exportEvent(name: string, ior: string, host: string, pid: number, version: string): void {
    this.db
      .prepare(
        'INSERT INTO event (name, exported, ior, host, pid, version) VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET exported = 1, ior = excluded.ior, host = excluded.host, pid = excluded.pid, version = excluded.version',
      )
      .run(name, ior, host, pid, version);
  }

  unexportEvent(name: string): void {
    this.db.prepare('UPDATE event SET exported = 0 WHERE name = ?').run(name);
  }

  event(name: string): { name: string; exported: boolean; ior: string; host: string; pid: number; version: string } | undefined {
    const row = this.db.prepare('SELECT * FROM event WHERE name = ?').get(name) as
      | { name: string; exported: number; ior: string; host: string; pid: number; version: string }
      | undefined;
    return row ? { ...row, exported: row.exported !== 0 } : undefined;
  }

  /** Counts for DbInfo. */
  counts(): Record<string, number> {
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      devices: one('SELECT COUNT(*) AS n FROM device'),
      exportedDevices: one('SELECT COUNT(*) AS n FROM device WHERE exported = 1'),
      servers: one('SELECT COUNT(DISTINCT server) AS n FROM device'),
      exportedServers: one('SELECT COUNT(DISTINCT server) AS n FROM device WHERE exported = 1'),
      deviceProperties: one("SELECT COUNT(DISTINCT owner || '/' || name) AS n FROM property WHERE space = 'device'"),
      classProperties: one("SELECT COUNT(DISTINCT owner || '/' || name) AS n FROM property WHERE space = 'class'"),
      freeProperties: one("SELECT COUNT(DISTINCT owner || '/' || name) AS n FROM property WHERE space = 'free'"),
      deviceAttributeProperties: one("SELECT COUNT(DISTINCT owner || '/' || sub || '/' || name) AS n FROM sub_property WHERE space = 'device_attribute'"),
      classAttributeProperties: one("SELECT COUNT(DISTINCT owner || '/' || sub || '/' || name) AS n FROM sub_property WHERE space = 'class_attribute'"),
    };
  }
}
