// The driver workload of pgrelay's driver matrix for Node drivers: opens the clients, runs every step, checks the
// answers and prints the one-line JSON summary. The workload and the summary are specified in
// integration-tests/src/test/java/dev/pgrelay/it/drivers/DriverWorkloadSummary.java. A driver script supplies
// openClient(client), which connects and returns that client's steps done with its driver:
//   simple(client), extended(client), prepared(value), insertNote(client, note, commit), notes(client),
//   sleepCancelledInTransaction(cancelAfterMs) -> { error, tookMs, cancelSent }, selectOne(), close()

import { readFileSync } from 'node:fs'

const CLIENTS = Number(process.env.DRIVER_WORKLOAD_CLIENTS || 50)
const PREPARED_EXECUTIONS = 10
const CANCEL_AFTER_MS = 300
const CANCEL_DEADLINE_MS = 15000 // far below pg_sleep(30): a lost cancel still fails; room for a loaded 2-core CI
const RUN_DEADLINE_MS = 45000
const ERRORS_KEPT = 10
const STEPS = ['connected', 'simple', 'extended', 'prepared', 'transactions', 'cancelled']

export async function runDriverWorkload({ driver, recreateNotesTable, openClient }) {
  console.log(`driver: ${driver}, node ${process.version}`)
  await recreateNotesTable()
  const tally = new Tally()
  const sessions = await Promise.all(range(CLIENTS).map(client => openClient(client).then(
    session => (tally.succeeded('connected'), session),
    error => (tally.failed(client, 'connect', error), null))))
  // Only now, with every connection open at once, does any client start its steps.
  const unfinished = new Set(range(CLIENTS))
  const everyClient = Promise.all(sessions.map(async (session, client) => {
    if (session) {
      await runClient(session, client, tally)
    }
    unfinished.delete(client)
  }))
  let deadline
  await Promise.race([everyClient, new Promise(resolve => { deadline = setTimeout(resolve, RUN_DEADLINE_MS) })])
  clearTimeout(deadline)
  for (const client of unfinished) {
    tally.failed(client, 'run', new Error(`did not finish within ${RUN_DEADLINE_MS / 1000} s`))
  }
  const summary = tally.summary()
  console.log(JSON.stringify(summary))
  // Clients stuck in a query must not keep the process alive.
  process.exit(summary.errors.length === 0 && STEPS.every(step => summary[step] === CLIENTS) ? 0 : 1)
}

/** The version of an npm package installed next to this file (the packages do not all export package.json). */
export function installedVersion(npmPackage) {
  const manifest = new URL(`./node_modules/${npmPackage}/package.json`, import.meta.url)
  return JSON.parse(readFileSync(manifest, 'utf8')).version
}

async function runClient(session, client, tally) {
  try {
    await tally.attempt(client, 'simple', async () => expect(await session.simple(client), client + 1000))
    await tally.attempt(client, 'extended', async () => expect(await session.extended(client), client + 1000))
    await tally.attempt(client, 'prepared', async () => {
      for (let n = 0; n < PREPARED_EXECUTIONS; n++) {
        const value = client * 100 + n
        expect(await session.prepared(value), value * 2)
      }
    })
    await tally.attempt(client, 'transactions', async () => {
      await session.insertNote(client, 'committed', true)
      await session.insertNote(client, 'rolled back', false)
      expect(await session.notes(client), ['committed'])
    })
    await tally.attempt(client, 'cancelled', async () => {
      const { error, tookMs, cancelSent } = await session.sleepCancelledInTransaction(CANCEL_AFTER_MS)
      if (!error) {
        throw new Error('pg_sleep(30) finished although it was cancelled')
      }
      if (error.code !== '57014') {
        throw error
      }
      if (!cancelSent) {
        throw new Error(`pg_sleep(30) was cancelled after ${tookMs} ms, before this client sent its cancel:`
          + " another client's cancel reached it")
      }
      if (tookMs > CANCEL_DEADLINE_MS) {
        throw new Error(`the cancelled pg_sleep(30) took ${tookMs} ms to fail`)
      }
      expect(await session.selectOne(), 1)
    })
  } finally {
    await session.close().catch(() => {})
  }
}

/** Counts, for each step, the clients that got it right, and keeps the first errors. */
class Tally {
  #succeeded = Object.fromEntries(STEPS.map(step => [step, 0]))
  #errors = []

  async attempt(client, step, action) {
    try {
      await action()
      this.succeeded(step)
    } catch (error) { // every failure is a finding to report, not a reason to stop the client
      this.failed(client, step, error)
    }
  }

  succeeded(step) {
    this.#succeeded[step]++
  }

  failed(client, what, error) {
    if (this.#errors.length < ERRORS_KEPT) {
      const description = error.message || String(error)
      this.#errors.push(`client ${client} ${what}: ${description}` + (error.code ? ` (SQLSTATE ${error.code})` : ''))
    }
  }

  summary() {
    return { clients: CLIENTS, ...this.#succeeded, errors: [...this.#errors] }
  }
}

function expect(actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`expected ${JSON.stringify(expected)} but got ${JSON.stringify(actual)}`)
  }
}

function range(n) {
  return [...Array(n).keys()]
}
