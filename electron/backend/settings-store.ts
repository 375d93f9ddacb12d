/**
 * The editor's settings in the user data folder (settings.json): provider preference, steps, last
 * folders, theme, keep details (on/off and strength). Read once, written atomically (temp file + rename) on every change, writes
 * queued so two quick changes cannot interleave. A missing or unreadable file gives the defaults:
 * bad settings must never keep the editor from starting.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/batch/atomic-write';
import { SettingsSchema, type Settings, type SettingsPatch } from '../contract/workflow-schemas';

export class SettingsStore {
  private current: Settings | undefined;
  private writing: Promise<void> = Promise.resolve();

  /** file: settings.json's path; none keeps settings in memory (tests). */
  constructor(private readonly file?: string) {}

  async get(): Promise<Settings> {
    if (this.current === undefined) this.current = await this.load();
    return this.current;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const before = await this.get();
    const next = SettingsSchema.parse({
      ...before,
      ...stripUndefined(patch),
      keepDetails: { ...before.keepDetails, ...stripUndefined(patch.keepDetails ?? {}) },
      lastFolders: { ...before.lastFolders, ...stripUndefined(patch.lastFolders ?? {}) },
    });
    this.current = next;
    const file = this.file;
    if (file !== undefined) {
      const text = JSON.stringify(next, null, 2) + '\n';
      this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(file, text));
      await this.writing;
    }
    return next;
  }

  private async load(): Promise<Settings> {
    if (this.file === undefined) return SettingsSchema.parse({});
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
      console.warn(`reseed: ${this.file} is not valid settings; using the defaults`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`reseed: cannot read ${this.file}; using the defaults`);
    }
    return SettingsSchema.parse({});
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
