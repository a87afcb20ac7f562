// What the figures were measured on: they mean little without it.
import os from 'node:os';
import type { Knex } from 'knex';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  postgis: string;
}

export async function machine(knex: Knex): Promise<Machine> {
  const pg = await knex.raw<{ rows: Array<{ v: string; g: string }> }>(
    `select current_setting('server_version') v, postgis_lib_version() g`,
  );
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pg.rows[0]!.v,
    postgis: pg.rows[0]!.g,
  };
}
