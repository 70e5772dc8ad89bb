import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type DialectAdapter,
  type Kysely,
  PostgresAdapter,
  PostgresDialect,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from "kysely";

/**
 * Kysely's PostgreSQL dialect with an introspector that sees only the connection's current
 * schema (the store's own). Kysely's migrator asks the introspector whether its migration tables
 * exist, and the stock introspector reads every schema of the database, calling
 * `has_schema_privilege(name, ...)` on each: when another client drops a schema while that query
 * runs (tests and other tenants of a shared database do), it fails with "schema ... does not
 * exist" and the store cannot start. Looking at one schema by its oid never names another.
 */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }

  override createAdapter(): DialectAdapter {
    return new CurrentSchemaAdapter();
  }
}

/** The first key of the migration lock: "prom" in ASCII. */
const MIGRATION_LOCK_CLASS = 0x70726f6d;

/**
 * Kysely's PostgreSQL adapter with a migration lock per schema. The stock adapter takes one
 * advisory lock for the whole database, so stores in different schemas of one database (tenants,
 * test runs) wait for each other's migrations: a long one (a backfill over a million promises)
 * made every other schema's start wait past the store's time limit and fail. The lock is now
 * keyed by the current schema: replicas of one store still migrate one at a time.
 */
class CurrentSchemaAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_CLASS)}, hashtext(current_schema()))`.execute(
      db,
    );
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_CLASS)}, hashtext(current_schema()))`.execute(
      db,
    );
  }
}

interface ColumnRow {
  readonly table: string;
  readonly kind: string;
  readonly schema: string;
  readonly column: string | null;
  readonly type: string | null;
  readonly type_schema: string | null;
  readonly not_null: boolean | null;
  readonly has_default: boolean | null;
  readonly auto_incrementing: boolean | null;
  readonly column_description: string | null;
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace
      where nspname = current_schema()`.execute(this.#db);
    return rows.rows.map((r) => ({ name: r.name }));
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const rows = await sql<ColumnRow>`
      select c.relname as table, c.relkind as kind, ns.nspname as schema,
             a.attname as column, typ.typname as type, tns.nspname as type_schema,
             a.attnotnull as not_null, a.atthasdef as has_default,
             pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname),
                                    a.attname) is not null as auto_incrementing,
             col_description(a.attrelid, a.attnum) as column_description
      from pg_catalog.pg_namespace ns
      join pg_catalog.pg_class c on c.relnamespace = ns.oid and c.relkind in ('r', 'v', 'p')
      left join pg_catalog.pg_attribute a
        on a.attrelid = c.oid and a.attnum >= 0 and not a.attisdropped
      left join pg_catalog.pg_type typ on typ.oid = a.atttypid
      left join pg_catalog.pg_namespace tns on tns.oid = typ.typnamespace
      where ns.nspname = current_schema()
      order by c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows.rows) {
      if (
        !options.withInternalKyselyTables &&
        (row.table === "kysely_migration" || row.table === "kysely_migration_lock")
      ) {
        continue;
      }
      let table = tables.get(row.table);
      if (table === undefined) {
        table = { name: row.table, schema: row.schema, isView: row.kind === "v", columns: [] };
        tables.set(row.table, table);
      }
      if (row.column === null) continue;
      (table.columns as TableMetadata["columns"][number][]).push({
        name: row.column,
        dataType: row.type ?? "",
        ...(row.type_schema === null ? {} : { dataTypeSchema: row.type_schema }),
        isNullable: row.not_null !== true,
        isAutoIncrementing: row.auto_incrementing === true,
        hasDefaultValue: row.has_default === true,
        ...(row.column_description === null ? {} : { comment: row.column_description }),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
