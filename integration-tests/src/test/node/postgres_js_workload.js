// postgres.js (npm "postgres") in pgrelay's driver matrix: one sql instance with one connection per workload
// client, with postgres.js's defaults (prepare: true, so tagged-template queries are named server statements),
// run by PostgresJsDriverTest. The server is found through libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
// PGDATABASE), which postgres.js reads itself:  PGHOST=127.0.0.1 PGPORT=6432 ... node postgres_js_workload.js
import postgres from 'postgres'
import { installedVersion, runDriverWorkload } from './driver_workload.js'

/** Thrown inside sql.begin to end the transaction with ROLLBACK. */
class Rollback extends Error {}

await runDriverWorkload({
  driver: `postgres.js ${installedVersion('postgres')}`,
  recreateNotesTable,
  openClient
})

async function recreateNotesTable() {
  const sql = postgres({ max: 1, connect_timeout: 10, onnotice: () => {} })
  try {
    await sql`DROP TABLE IF EXISTS driver_notes`
    await sql`CREATE TABLE driver_notes (client int, note text)`
  } finally {
    await sql.end()
  }
}

async function openClient() {
  // postgres.js re-prepares once, silently, a statement the server says does not exist, which would hide a
  // named statement pgrelay lost; counting the queries it builds (debug is called once per build) shows it.
  let builds = 0
  const sql = postgres({ max: 1, connect_timeout: 10, debug: () => { builds++ } })
  // postgres.js connects lazily; reserving the connection opens it now, so all clients are connected at once.
  const reserved = await sql.reserve()
  reserved.release()
  const value = rows => rows[0].value
  return {
    // unsafe() without parameters is sent as a simple Query message.
    simple: async n => value(await sql.unsafe(`SELECT ${n} + 1000 AS value`)),
    // unsafe() with parameters is not prepared by default: an unnamed statement.
    extended: async n => value(await sql.unsafe('SELECT $1::int + $2::int AS value', [n, 1000])),
    prepared: async v => {
      const buildsBefore = builds
      const doubled = value(await sql`SELECT ${v}::int * 2 AS value`)
      if (builds - buildsBefore !== 1) {
        throw new Error('postgres.js had to prepare its named statement again: the server lost it')
      }
      return doubled
    },
    insertNote: async (n, note, commit) => inTransaction(sql, commit, async tx => {
      await tx`INSERT INTO driver_notes VALUES (${n}, ${note})`
    }),
    notes: async n => (await sql`SELECT note FROM driver_notes WHERE client = ${n} ORDER BY note`)
      .map(row => row.note),
    sleepCancelledInTransaction: async cancelAfterMs => inTransaction(sql, false, async tx => {
      await tx`SELECT pg_backend_pid()` // pins a server connection, see the summary's spec
      const sleep = tx`SELECT pg_sleep(30)`
      const started = Date.now()
      let cancelSent = false
      const timer = setTimeout(() => {
        cancelSent = true
        sleep.cancel()
      }, cancelAfterMs)
      try {
        await sleep
        return { error: null, tookMs: Date.now() - started, cancelSent }
      } catch (error) {
        if (!(error instanceof sql.PostgresError)) {
          // query.cancel() rejects a query that was never sent by itself: not the cancel under test.
          throw new Error(`pg_sleep(30) failed without the server: ${error.message}`)
        }
        return { error, tookMs: Date.now() - started, cancelSent }
      } finally {
        clearTimeout(timer)
      }
    }),
    selectOne: async () => value(await sql`SELECT 1 AS value`),
    close: () => sql.end({ timeout: 5 })
  }
}

/** sql.begin, the work, then COMMIT or ROLLBACK as asked; ROLLBACK when the work throws. Returns what it returns. */
async function inTransaction(sql, commit, work) {
  let outcome
  try {
    await sql.begin(async tx => {
      outcome = await work(tx)
      if (!commit) {
        throw new Rollback()
      }
    })
  } catch (error) {
    if (!(error instanceof Rollback)) {
      throw error
    }
  }
  return outcome
}
