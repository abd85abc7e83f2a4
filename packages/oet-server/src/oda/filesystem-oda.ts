import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hasErrorCode } from '@observatory/core';
import { InvalidSbdError, OdaUnavailableError, SbdNotFoundError, SbiNotFoundError } from './oda-errors.js';
import type { NewSbInstance, Oda, SbDefinition, SbdListEntry, SbInstance } from './oda-types.js';
import { checkOdaId, parseSbd, parseSbdText } from './sbd-document.js';
import { sbiId } from './sbi-id.js';

/** Largest SBD file read; a bigger one is refused rather than read into memory. */
const MAX_SBD_BYTES = 4 * 1024 * 1024;

/** Writes `text` to `file` atomically: a temporary file in the same directory, then a rename (or a link that never replaces). */
export async function writeAtomic(file: string, text: string, exclusive = false): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    if (exclusive) await link(tmp, file);
    else await rename(tmp, file);
  } finally {
    if (exclusive) await unlink(tmp).catch(() => undefined);
  }
}

/**
 * The embedded ODA (`ODA_BACKEND_TYPE=filesystem`): SBDefinitions are `<dir>/sbd/<sbd_id>.json`, SBInstances
 * `<dir>/sbi/<sbi_id>.json`, each written atomically. Ids are checked before they name a file.
 */
export class FilesystemOda implements Oda {
  readonly backend = 'filesystem' as const;
  private readonly sbdDir: string;
  private readonly sbiDir: string;

  constructor(readonly dir: string) {
    this.sbdDir = path.join(dir, 'sbd');
    this.sbiDir = path.join(dir, 'sbi');
  }

  private sbdFile(sbdId: string): string {
    return path.join(this.sbdDir, `${checkOdaId(sbdId)}.json`);
  }

  async getSbd(sbdId: string): Promise<SbDefinition> {
    const file = this.sbdFile(sbdId);
    const text = await readBounded(file);
    if (text === undefined) throw new SbdNotFoundError(sbdId);
    const sbd = parseSbdText(text, file);
    if (sbd.sbd_id !== sbdId) {
      // the id inside decides what the script is told it runs; a mismatch is a broken archive
      throw new InvalidSbdError(file, 'sbd_id', `is ${JSON.stringify(sbd.sbd_id)}, which does not match the file name`);
    }
    return sbd;
  }

  async listSbds(): Promise<SbdListEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.sbdDir);
    } catch (err) {
      if (hasErrorCode(err, 'ENOENT')) return [];
      throw new OdaUnavailableError(`cannot read ${this.sbdDir}`, { cause: err });
    }
    const out: SbdListEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      try {
        const sbd = await this.getSbd(name.slice(0, -5));
        out.push({ sbd_id: sbd.sbd_id, version: sbd.metadata.version, telescope: sbd.telescope, activities: Object.keys(sbd.activities) });
      } catch {
        // an unreadable file is reported when it is asked for, not while listing the others
      }
    }
    return out;
  }

  async putSbd(document: unknown): Promise<SbDefinition> {
    const sbd = parseSbd(document, 'in request');
    await mkdir(this.sbdDir, { recursive: true });
    await writeAtomic(this.sbdFile(sbd.sbd_id), `${JSON.stringify(sbd.raw, null, 2)}\n`);
    return sbd;
  }

  async createSbi(sbi: NewSbInstance): Promise<SbInstance> {
    await mkdir(this.sbiDir, { recursive: true });
    for (let attempt = 0; ; attempt++) {
      const created: SbInstance = { ...sbi, sbi_id: sbiId(new Date(), randomBytes(4).toString('hex')) };
      try {
        await writeAtomic(path.join(this.sbiDir, `${created.sbi_id}.json`), `${JSON.stringify(created, null, 2)}\n`, true);
        return created;
      } catch (err) {
        if (!hasErrorCode(err, 'EEXIST') || attempt > 5) throw new OdaUnavailableError(`cannot write an SBInstance in ${this.sbiDir}`, { cause: err });
      }
    }
  }

  async getSbi(id: string): Promise<SbInstance> {
    const text = await readBounded(path.join(this.sbiDir, `${checkOdaId(id)}.json`));
    if (text === undefined) throw new SbiNotFoundError(id);
    return JSON.parse(text) as SbInstance;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

async function readBounded(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (hasErrorCode(err, 'ENOENT')) return undefined;
    throw new OdaUnavailableError(`cannot read ${file}`, { cause: err });
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_SBD_BYTES) throw new InvalidSbdError(file, '', `is larger than ${MAX_SBD_BYTES} bytes`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
