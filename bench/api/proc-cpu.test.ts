import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { postgresCpuSince, postgresCpuSnapshot, statTicks } from './proc-cpu.js'

describe('proc-cpu', () => {
  test('statTicks reads utime + stime after the parenthesised name, even one holding spaces and parentheses', () => {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    assert.deepEqual(statTicks('4242 (postgres) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0'), { name: 'postgres', ticks: 300 })
    assert.deepEqual(statTicks('77 (we(i) rd) R 1 77 77 0 -1 0 0 0 0 0 7 3 0 0'), { name: 'we(i) rd', ticks: 10 })
    assert.equal(statTicks('garbage'), undefined)
  })

  test('a process that exited between two readings is left out, not subtracted', () => {
    // PostgreSQL runs on this machine in CI; a pid that is not running had "used" 10,000 s before
    const gone = postgresCpuSince(new Map([[2 ** 31 - 1, 1_000_000]]))
    if (postgresCpuSnapshot().size > 0) assert.ok(gone >= 0, `got ${gone}`)
    else assert.ok(Number.isNaN(gone))
  })
})
