/**
 * Remembers, per pack build, which provider "auto" chose and why, in a JSON file in the user data
 * folder, so the benchmark runs once per pack rather than at every start. A corrupt or foreign
 * file is ignored (and rewritten on the next choice), never fatal.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ProviderNameSchema } from './providers';

const ChoiceSchema = z.object({
  provider: ProviderNameSchema,
  /** Median 10-step decode time at batch 1 of each working provider, ms. */
  decodeMs: z.record(z.string(), z.number()),
  dropped: z.array(z.object({ provider: z.string(), reason: z.string() })),
  ortVersion: z.string(),
  /** Which providers were candidates: a new one (CUDA installed since) means choose again. */
  candidates: z.array(z.string()),
  at: z.string(),
});
export type ProviderChoice = z.infer<typeof ChoiceSchema>;

const FileSchema = z.object({ version: z.literal(1), packs: z.record(z.string(), ChoiceSchema) });

export class ProviderChoiceStore {
  constructor(readonly file: string) {}

  private readAll(): z.infer<typeof FileSchema> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or unreadable: start afresh
    }
    return { version: 1, packs: {} };
  }

  get(packKey: string): ProviderChoice | undefined {
    return this.readAll().packs[packKey];
  }

  set(packKey: string, choice: ProviderChoice): void {
    const all = this.readAll();
    all.packs[packKey] = choice;
    this.write(all);
  }

  forget(packKey: string): void {
    const all = this.readAll();
    if (!(packKey in all.packs)) return;
    delete all.packs[packKey];
    this.write(all);
  }

  private write(all: z.infer<typeof FileSchema>): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n');
      renameSync(tmp, this.file);
    } catch {
      // Remembering is an optimisation: a read-only user folder must not stop the engine.
    }
  }
}
