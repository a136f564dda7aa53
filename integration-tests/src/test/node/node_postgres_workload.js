// node-postgres (npm "pg") in pgrelay's driver matrix: one Client per workload client, run by
// NodePostgresDriverTest. The server is found through libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
// PGDATABASE), which pg reads itself:  PGHOST=127.0.0.1 PGPORT=6432 ... node node_postgres_workload.js
import pg from 'pg'
import { installedVersion, runDriverWorkload } from './driver_workload.js'

const { Client, Query } = pg
await runDriverWorkload({
  driver: `node-postgres ${installedVersion('pg')}`,
  recreateNotesTable,
  openClient
})

async function recreateNotesTable() {
  const client = await connected()
  try {
    await client.query('DROP TABLE IF EXISTS driver_notes')
    await client.query('CREATE TABLE driver_notes (client int, note text)')
  } finally {
    await client.end()
  }
}

async function openClient() {
  const client = await connected()
  const value = result => result.rows[0].value
  return {
    // A text without values goes out as a simple Query message.
    simple: async n => value(await client.query(`SELECT ${n} + 1000 AS value`)),
    extended: async n => value(await client.query('SELECT $1::int + $2::int AS value', [n, 1000])),
    // A name makes a named server statement: parsed on first use, then only bound and executed.
    prepared: async v => value(await client.query({ name: 'doubled', text: 'SELECT $1::int * 2 AS value', values: [v] })),
    insertNote: async (n, note, commit) => inTransaction(client, commit, async () => {
      await client.query('INSERT INTO driver_notes VALUES ($1, $2)', [n, note])
    }),
    notes: async n => (await client.query('SELECT note FROM driver_notes WHERE client = $1 ORDER BY note', [n]))
      .rows.map(row => row.note),
    sleepCancelledInTransaction: async cancelAfterMs => inTransaction(client, false, async () => {
      await client.query('SELECT pg_backend_pid()') // pins a server connection, see the summary's spec
      const sleep = new Query('SELECT pg_sleep(30)')
      const started = Date.now()
      let cancelSent = false
      // pg's cancel: a second, unconnected Client sends the CancelRequest for the first one's running query.
      // (It reads client.activeQuery itself, hence pg's DeprecationWarning in the output.)
      const timer = setTimeout(() => {
        cancelSent = true
        new Client().cancel(client, sleep)
      }, cancelAfterMs)
      try {
        await completion(client.query(sleep))
        return { error: null, tookMs: Date.now() - started, cancelSent }
      } catch (error) {
        return { error, tookMs: Date.now() - started, cancelSent }
      } finally {
        clearTimeout(timer)
      }
    }),
    selectOne: async () => value(await client.query('SELECT 1 AS value')),
    close: () => client.end()
  }
}

async function connected() {
  const client = new Client({ connectionTimeoutMillis: 10000 })
  await client.connect()
  return client
}

/** BEGIN, the work, then COMMIT or ROLLBACK as asked; ROLLBACK when the work throws. Returns what the work returns. */
async function inTransaction(client, commit, work) {
  await client.query('BEGIN')
  try {
    const outcome = await work()
    await client.query(commit ? 'COMMIT' : 'ROLLBACK')
    return outcome
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}

function completion(query) {
  return new Promise((resolve, reject) => {
    query.on('end', resolve)
    query.on('error', reject)
  })
}
