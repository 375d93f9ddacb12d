/**
 * Deterministic sharding for `--shard k/n`: a file belongs to shard k when a hash of its path
 * relative to the input folder, modulo n, is k − 1. Every machine computes the same split without
 * talking to the others (a Kubernetes indexed Job, a Slurm array), and a file never moves between
 * shards when others are added to the folder.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { encodeName } from './byte-names';

export interface Shard {
  /** 1-based index of this shard. */
  readonly k: number;
  readonly n: number;
}

export const ShardSchema = z
  .string()
  .regex(/^\d+\/\d+$/, 'use k/n, e.g. 1/4 (k counts from 1)')
  .transform((s) => {
    const [k, n] = s.split('/').map(Number) as [number, number];
    return { k, n };
  })
  .refine((s) => s.n >= 1 && s.k >= 1 && s.k <= s.n, 'k must be between 1 and n (k counts from 1)');

/**
 * 0-based shard of a relative path among n (sha256 of the '/'-separated path's bytes: UTF-8, and
 * a name that is not UTF-8 by its own bytes, byte-names.ts).
 */
export function shardIndex(rel: string, n: number): number {
  const digest = createHash('sha256').update(encodeName(rel)).digest();
  // 48 bits of the digest: uniform enough for any n a cluster uses, exact in a double.
  return digest.readUIntBE(0, 6) % n;
}

export function inShard(rel: string, shard: Shard | undefined): boolean {
  return !shard || shard.n === 1 || shardIndex(rel, shard.n) === shard.k - 1;
}

/** index.jsonl, or index.k-of-n.jsonl for a shard: each shard appends to its own file. */
export function indexFileName(shard: Shard | undefined): string {
  return shard ? `index.${shard.k}-of-${shard.n}.jsonl` : 'index.jsonl';
}
