import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { killAllChildren } from '../api/children.js'

/**
 * What a benchmark creates and must remove however it ends: scratch PostgreSQL databases,
 * temporary directories and server children. Steps run newest first; SIGINT/SIGTERM clean up too.
 */
export class Scratch {
  readonly #steps: (() => Promise<void> | void)[] = []

  constructor(private readonly adminUrl: string, private readonly log: (line: string) => void) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        log(`${signal}: stopping servers and cleaning up`)
        void this.cleanUp().finally(() => process.exit(130))
      })
    }
  }

  onCleanUp(step: () => Promise<void> | void): void {
    this.#steps.push(step)
  }

  async cleanUp(): Promise<void> {
    killAllChildren()
    for (const step of this.#steps.splice(0).reverse()) {
      try { await step() } catch (err) { this.log(`cleanup: ${(err as Error).message}`) }
    }
  }

  async adminQuery<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.adminUrl })
    await client.connect()
    try {
      return (await client.query<R>(text, values)).rows
    } finally {
      await client.end()
    }
  }

  /** A new database on the admin server, dropped at clean-up; returns its URL. */
  async database(prefix: string): Promise<{ name: string; url: string }> {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`
    await this.adminQuery(`create database ${name}`)
    this.onCleanUp(() => this.adminQuery(`drop database if exists ${name} with (force)`).then(() => undefined))
    const url = new URL(this.adminUrl)
    url.pathname = `/${name}`
    return { name, url: url.toString() }
  }

  /** A new temporary directory, removed at clean-up. */
  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    this.onCleanUp(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }
}
