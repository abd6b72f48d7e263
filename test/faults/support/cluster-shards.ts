// Which history process owns which shard of a test cluster (devtools/temporal-cluster.ts), read from the
// cluster's persistence database as the server keeps it: the `shards` table, one row per shard, whose
// blob (the ShardInfo protobuf) names its owner, the history process that acquired it last, by its
// membership address. A history process that dies keeps its name there until another one acquires
// the shard (its range_id then goes up), so "moved" is read from the owner, not from a process list.
import { Client } from 'pg';

export interface ShardOwnership {
  /** shard id → the owner's name (`history-1`, `history-2`) or `unknown`. */
  owners: Map<number, string>;
  /** shard id → range_id (goes up each time the shard is acquired). */
  ranges: Map<number, number>;
}

/** `postgresUrl`: the server the cluster's databases are on; `database`: its persistence database. */
export async function readShardOwners(postgresUrl: string, database: string, histories: Record<string, string>): Promise<ShardOwnership> {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ shard_id: number; range_id: string; data: Buffer }>('SELECT shard_id, range_id, data FROM shards ORDER BY shard_id');
    const owners = new Map<number, string>();
    const ranges = new Map<number, number>();
    for (const row of rows) {
      // The owner is a protobuf string field, "<address>-<shard>-<uuid>": its text is in the blob as it is.
      const blob = row.data.toString('latin1');
      owners.set(row.shard_id, Object.entries(histories).find(([, address]) => blob.includes(`${address}-`))?.[0] ?? 'unknown');
      ranges.set(row.shard_id, Number(row.range_id));
    }
    return { owners, ranges };
  } finally {
    await client.end();
  }
}

/** "history-1 8, history-2 8" */
export function describeOwners(ownership: ShardOwnership): string {
  const counts = new Map<string, number>();
  for (const owner of ownership.owners.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([owner, n]) => `${owner} ${n}`)
    .join(', ');
}
